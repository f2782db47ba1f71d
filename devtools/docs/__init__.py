"""Documentation tooling: the docstring rewrap, the generated docs pages."""
