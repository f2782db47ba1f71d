"""The code location: every definition found in ``escp_pipeline/defs``, and nothing else."""

from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    """Load assets, checks, sensors and resources from the ``defs`` folder."""
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
