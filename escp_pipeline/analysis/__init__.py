"""Pure functions that turn core tables into the analyst tables of OUTPUTS.md (no Dagster here)."""
