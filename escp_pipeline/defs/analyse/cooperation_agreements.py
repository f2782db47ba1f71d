"""``cooperation_agreements`` per round and ``agreements_by_round`` (the report's Table 1)."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis import agreements as counting
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.defs.analyse.common import (
    table_metadata,
)
from escp_pipeline.defs.metadata import markdown_table
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def cooperation_agreements(
    core_responses: pd.DataFrame, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """The number of cooperation agreements or MoUs each partnership states, one round at a time.

    One row per complete answer that gives a number in ``D3`` ("How many cooperation agreements or
    MoUs have been established/signed so far?"); 0 is a number, an empty answer is no row. A number
    that is not whole stops the asset with a message naming the partnership. The question is the
    agreements question of the round's own questionnaire (the ``questionnaire`` asset). Written to
    ``warehouse/tables/cooperation_agreements.parquet`` (every processed round in one file).
    """
    try:
        table = counting.cooperation_agreements(core_responses, questionnaire)
    except counting.AgreementsError as error:
        raise dg.Failure(description=str(error)) from error
    return dg.Output(
        table,
        metadata=table_metadata(
            "cooperation_agreements",
            table,
            table,
            total_agreements=int(table["agreements"].sum()),
            partnerships_stating=len(table),
        ),
    )


@table_asset()
def agreements_by_round(cooperation_agreements: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """Table 1 of the report: cooperation agreements per partnership in each round, with totals.

    One row per survey x partnership x round, for every partnership that stated a number in any
    round of its survey: ``agreements`` (empty where it stated none in that round) and
    ``round_total``, the sum over the survey's partnerships in that round. The preview shows it as
    the report prints it, rounds side by side with a Total row. Refreshes whenever a round's
    agreements change.
    """
    table = counting.agreements_by_round(cooperation_agreements)
    previews = []
    for survey in sorted(table["survey"].unique()):
        previews.append(f"**{survey}**\n\n{markdown_table(counting.table_one(table, survey), 60)}")
    return dg.Output(
        table,
        metadata=table_metadata("agreements_by_round", table, "\n\n".join(previews) or "none"),
    )
