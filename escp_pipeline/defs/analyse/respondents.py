"""``respondents``: the analyst table of who answered each round, and how."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis.respondents import respondents_table
from escp_pipeline.defs.analyse.common import counts_by, table_metadata
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def respondents(core_responses: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """One row per response of an export: survey, round, LimeSurvey id, partnership, strand, status.

    ``status`` is ``complete`` (counted), ``incomplete`` (left before submitting; kept, never
    analysed) or ``superseded`` (an earlier complete answer of a partnership that answered again).
    Written to ``warehouse/tables/respondents.parquet``, which holds every processed round.
    """
    table = respondents_table(core_responses)
    return dg.Output(
        table,
        metadata=table_metadata(
            "respondents",
            table,
            table,
            responses_by_strand_and_status=counts_by(table, ["strand", "status"], "responses"),
        ),
    )
