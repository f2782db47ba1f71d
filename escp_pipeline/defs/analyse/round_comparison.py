"""``round_comparison``: every option's count against the survey's previous round."""

import dagster as dg
import pandas as pd

from escp_pipeline.analysis import comparisons
from escp_pipeline.catalogue.vocabularies import ALL_STRANDS
from escp_pipeline.defs.analyse.common import table_metadata
from escp_pipeline.defs.table_assets import table_asset


@table_asset()
def round_comparison(
    option_counts: pd.DataFrame,
    core_responses: pd.DataFrame,
    questionnaire_changes: pd.DataFrame,
) -> dg.Output[pd.DataFrame]:
    """Each option's selections and share in a round next to the survey's previous round, tested.

    One row per survey x question x option x strand x round that has an earlier round of its survey
    (rounds sort by their number, ``2018-r1`` before ``2019-r2``). Only like is compared with like:
    the same question code, option code and kind in both rounds' questionnaires (read from
    ``questionnaire_changes``), so an option added or removed, and a question asked for the first
    time, have no rows. Options are matched by code, so an option reworded between rounds still
    compares with itself; the label is the later round's. ``share_change`` is share minus previous
    share (empty where a strand had no respondents). ``p_value`` is the two-sided Fisher exact test
    of the change, ``q_value`` its Benjamini-Hochberg adjustment over all options of the survey,
    round and strand, and ``change_is_significant`` says q < 0.05. Where at least 5 partnerships
    answered both rounds, ``paired_respondents`` and ``paired_p_value`` give the exact McNemar test
    of their own answers (read from ``core_responses``; only counts leave the core layer). Refreshes
    whenever any round's ``option_counts`` change. The preview lists the largest changes over all
    respondents.
    """
    table = comparisons.round_comparison(option_counts, core_responses, questionnaire_changes)
    overall = table[table["strand"] == ALL_STRANDS]
    preview = (
        overall.assign(_size=overall["share_change"].abs())
        .sort_values("_size", ascending=False)
        .head(20)
        .loc[
            :,
            [
                "survey",
                "question",
                "option",
                "label",
                "previous_round",
                "round",
                "previous_share",
                "share",
                "share_change",
                "p_value",
                "q_value",
                "change_is_significant",
            ],
        ]
        .round({"previous_share": 3, "share": 3, "share_change": 3, "p_value": 3, "q_value": 3})
    )
    significant = int(table["change_is_significant"].fillna(False).sum())
    return dg.Output(
        table,
        metadata=table_metadata(
            "round_comparison", table, preview, significant_changes=significant
        ),
    )
