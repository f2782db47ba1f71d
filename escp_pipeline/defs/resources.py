"""Resources shared by every asset, check and sensor, and the executor runs use."""

import dagster as dg

from escp_pipeline.resources import (
    AnalystTableIOManager,
    CoreTableIOManager,
    DataDir,
    DropFolder,
)


@dg.definitions
def resources() -> dg.Definitions:
    """The data directory (``ESCP_DATA_DIR``), the drop folder the sensor lists, the IO managers.

    Runs execute in process: rounds are small (tens to thousands of responses), so one process per
    step
    would cost more in start-up than the steps themselves; separate rounds run as separate runs,
    which
    the run queue bounds (``dagster.yaml``).
    """
    data_dir = DataDir()
    return dg.Definitions(
        resources={
            "data_dir": data_dir,
            "drop_folder": DropFolder(data_dir=data_dir),
            "core_io_manager": CoreTableIOManager(data_dir=data_dir),
            "table_io_manager": AnalystTableIOManager(data_dir=data_dir),
        },
        executor=dg.in_process_executor,
    )
