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

    found = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    return dg.Definitions.merge(found, project_definitions(data_dir))


@dg.definitions
def defs() -> dg.Definitions:
    """Load assets, checks, sensors and resources from the ``defs`` folder."""
    return build_definitions()
