"""``option_counts``: how many complete answers chose each option, per strand and round."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis import option_counts as counting
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.defs.analyse.common import counts_by, table_metadata
from escp_pipeline.defs.table_assets import table_asset

PREVIEW_COLUMNS = (
    "question",
    "option",
    "label",
    "selected",
    "respondents",
    "share",
    "share_low",
    "share_high",
)


@table_asset()
def option_counts(
    context: dg.AssetExecutionContext, core_responses: pd.DataFrame, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """How many complete answers chose each option of every multiple-choice question, per strand.

    The questions and options are those of the round's own questionnaire (the ``questionnaire``
    asset), so an option the round's questionnaire removed has no row in that round.

    One row per question x option x strand (``strand-1``, ``strand-2`` and ``all``; ESCP-S3 only
    ``all``): ``respondents`` is the number of complete answers in the strand, ``selected`` how many
    of them ticked the option (0 when nobody did), ``share`` = selected / respondents. Questions
    with an "Other" field have an ``other`` row counting answers that wrote something there. A
    strand without respondents in the round keeps its rows with respondents 0 and share empty (NaN).
    ``share_low`` and ``share_high`` bound each share with its 95% Wilson score interval (at 8 to 20
    respondents a share is uncertain by tens of points; see docs/statistics.md). Incomplete and
    superseded answers never count.

    Written to ``warehouse/tables/option_counts.parquet``, which holds every processed round;
    materializing one round replaces that round's rows only.
    """
    table = counting.option_counts(core_responses, questionnaire)
    overview = table[table["strand"] == counting.ALL_STRANDS]
    preview = (
        overview.sort_values(["question", "selected"], ascending=[True, False], kind="stable")
        .groupby("question", sort=False)
        .head(3)
        .loc[:, [*PREVIEW_COLUMNS]]
        .round({"share": 3, "share_low": 3, "share_high": 3})
    )
    respondents = table.drop_duplicates("strand").set_index("strand")["respondents"]
    extra = {f"respondents_{strand}": int(n) for strand, n in respondents.items()}
    extra["options_per_question"] = counts_by(overview, ["question"], "options")
    return dg.Output(table, metadata=table_metadata("option_counts", table, preview, **extra))
