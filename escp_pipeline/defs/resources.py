"""The resources every asset, check and sensor uses, built in one place for one data directory.

``project_resources`` is the only place that wires them: the code location (``definitions.py``), the
build command and the tests all call it, so a test runs with exactly the resources the UI and the
daemon use, on its own temporary data directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from escp_pipeline.storage.resources import (
    AnalystTableIOManager,
    CoreTableIOManager,
    DataDir,
    DropFolder,
)


def project_resources(data_dir: str | Path | None = None) -> dict[str, Any]:
    """The data directory, the drop folder the sensor lists and the IO managers, on ``data_dir``.

    Args:
        data_dir: the data directory; ``None`` resolves it when a resource is used, from
            ``ESCP_DATA_DIR`` or else ``./data`` (what ``dagster dev`` and the daemon want, since
            they read the environment of the process that runs the code).
    """
    from escp_pipeline.defs.ingest.questionnaire_io import QuestionnaireIOManager

    where = DataDir(path=None if data_dir is None else str(data_dir))
    return {
        "data_dir": where,
        "drop_folder": DropFolder(data_dir=where),
        "core_io_manager": CoreTableIOManager(data_dir=where),
        "table_io_manager": AnalystTableIOManager(data_dir=where),
        "questionnaire_io_manager": QuestionnaireIOManager(data_dir=where),
    }


def project_definitions(data_dir: str | Path | None = None) -> dg.Definitions:
    """The resources on ``data_dir`` and the executor every run uses.

    Runs execute in process: rounds are small (tens to thousands of responses), so one process per
    step would cost more in start-up than the steps themselves; separate rounds run as separate
    runs, which the run queue bounds (``dagster.yaml``).
    """
    return dg.Definitions(resources=project_resources(data_dir), executor=dg.in_process_executor)
