"""``@table_asset``: a catalogue table as a Dagster asset, its settings read from the catalogue.

The asset is named as the function and must have a catalogue entry (``catalogue/tables.py``); its
partitioning (one survey round at a time, or across rounds with the cross-round refresh), group, IO
manager and kinds follow from that entry, so no asset module restates them.
"""

from collections.abc import Callable
from typing import Any

import dagster as dg

from escp_pipeline.catalogue.tables import TABLES
from escp_pipeline.defs.automation import CROSS_ROUND_REFRESH
from escp_pipeline.defs.partitions import survey_rounds

#: Where each layer's tables show in the UI, and which IO manager stores them.
GROUPS: dict[str, str] = {"core": "validate", "analyst": "analyse"}
IO_MANAGERS: dict[str, str] = {"core": "core_io_manager", "analyst": "table_io_manager"}


def table_asset(**kwargs: Any) -> Callable[[Callable[..., Any]], dg.AssetsDefinition]:
    """Decorate the function that computes a catalogue table; ``kwargs`` go to ``dg.asset``."""

    def decorate(compute: Callable[..., Any]) -> dg.AssetsDefinition:
        table = TABLES[compute.__name__]
        return dg.asset(
            partitions_def=survey_rounds if table.partitioned else None,
            automation_condition=None if table.partitioned else CROSS_ROUND_REFRESH,
            group_name=GROUPS[table.layer],
            io_manager_key=IO_MANAGERS[table.layer],
            kinds={"pandas", "parquet"},
            **kwargs,
        )(compute)

    return decorate
