"""``respondents``: the analyst table of who answered each round, and how."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis.respondents import respondents_table
from escp_pipeline.defs.metadata import markdown_table, table_schema
from escp_pipeline.defs.partitions import survey_rounds


@dg.asset(
    partitions_def=survey_rounds,
    group_name="analyse",
    io_manager_key="table_io_manager",
    kinds={"pandas", "parquet"},
)
def respondents(core_responses: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """One row per response of an export: survey, round, LimeSurvey id, partnership, strand, status.

    ``status`` is ``complete`` (counted), ``incomplete`` (left before submitting; kept, never
    analysed)
    or ``superseded`` (an earlier complete answer of a partnership that answered again). Written to
    ``warehouse/tables/respondents.parquet``, which holds every processed round.
    """
    table = respondents_table(core_responses)
    counts = (
        table.groupby(["strand", "status"], dropna=False).size().rename("responses").reset_index()
    )
    return dg.Output(
        table,
        metadata={
            "dagster/row_count": len(table),
            "dagster/column_schema": table_schema(table),
            "responses_by_strand_and_status": dg.MetadataValue.md(markdown_table(counts)),
        },
    )
