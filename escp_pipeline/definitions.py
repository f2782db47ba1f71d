"""The code location: every definition found in ``escp_pipeline/defs``, and nothing else."""

from pathlib import Path

import dagster as dg


def build_definitions(data_dir: str | Path | None = None) -> dg.Definitions:
    """The assets, checks and sensors of ``defs/`` with the project's resources on ``data_dir``.

    Args:
        data_dir: the data directory the resources use; ``None`` (the code location) reads
            ``ESCP_DATA_DIR`` when a resource is used, else ``./data``.
    """
    from escp_pipeline.defs.resources import project_definitions

    # The ``defs`` folder itself, not the project root: ``load_from_defs_folder`` also builds, at
    # every load, JSON schemas of every component type installed plugins offer (for ``dg``'s
    # component catalogue; 0.2-0.3 CPU s, a sixth of the code location's load). This project
    # defines and uses no component type; the tree is kept for the UI.
    tree = dg.ComponentTree.for_project(Path(__file__).parent)
    found = tree.build_defs(tree.defs_module_path)
    return dg.Definitions.merge(
        found, dg.Definitions(component_tree=tree), project_definitions(data_dir)
    )


@dg.definitions
def defs() -> dg.Definitions:
    """Load assets, checks, sensors and resources from the ``defs`` folder."""
    return build_definitions()
