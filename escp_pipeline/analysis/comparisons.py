"""The ``round_comparison`` analyst table: each option's count against the survey's previous round.

What belongs here: pairing every round of a survey with the round before it (rounds sort by their
number ``n``, ``round_sort_key``) and comparing ``option_counts`` by question and option *code*, so
an option reworded between rounds (``label_variants``) still compares with itself. What does not:
counting (``option_counts``).

The previous round is the latest earlier round of the same survey that has been processed. The label
shown is the later round's. A strand without respondents in either round has ``share`` NaN and so a
NaN ``share_change``: no change can be stated.
"""

from __future__ import annotations

import itertools

import pandas as pd

from escp_pipeline.analysis.option_counts import typed_empty
from escp_pipeline.contract.drops import round_sort_key

ROUND_COMPARISON_COLUMNS: tuple[str, ...] = (
    "survey",
    "question",
    "option",
    "label",
    "strand",
    "round",
    "previous_round",
    "selected",
    "previous_selected",
    "share",
    "previous_share",
    "share_change",
)
_KEY = ["survey", "question", "option", "strand"]


def previous_rounds(counts: pd.DataFrame) -> pd.DataFrame:
    """(survey, round, previous_round) for every round that has an earlier round of its survey."""
    pairs = []
    rounds = counts[["survey", "round"]].drop_duplicates()
    for survey, group in rounds.groupby("survey", sort=True):
        ordered = sorted(group["round"], key=round_sort_key)
        pairs += [(survey, later, earlier) for earlier, later in itertools.pairwise(ordered)]
    return pd.DataFrame(pairs, columns=["survey", "round", "previous_round"], dtype="str")


def round_comparison(counts: pd.DataFrame) -> pd.DataFrame:
    """Compare every round's ``option_counts`` with the survey's previous round.

    Args:
        counts: the ``option_counts`` table of any rounds and surveys.

    Returns:
        The ``round_comparison`` columns of OUTPUTS.md: one row per survey x question x option x
        strand x round that has an earlier round, where the option exists in both rounds.
    """
    pairs = previous_rounds(counts)
    if pairs.empty:
        return empty_round_comparison()
    later = counts.merge(pairs, on=["survey", "round"])
    earlier = counts.loc[:, [*_KEY, "round", "selected", "share"]].rename(
        columns={
            "round": "previous_round",
            "selected": "previous_selected",
            "share": "previous_share",
        }
    )
    table = later.merge(earlier, on=[*_KEY, "previous_round"], how="inner")
    table["share_change"] = table["share"] - table["previous_share"]
    table = table.loc[:, list(ROUND_COMPARISON_COLUMNS)]
    for column in ("survey", "question", "option", "label", "strand", "round", "previous_round"):
        table[column] = table[column].astype("str")
    for column in ("selected", "previous_selected"):
        table[column] = table[column].astype("int64")
    for column in ("share", "previous_share", "share_change"):
        table[column] = table[column].astype("float64")
    round_order = table["round"].map(round_sort_key)
    return (
        table.assign(_round=round_order)
        .sort_values(["survey", "_round"], kind="stable")
        .drop(columns="_round")
        .reset_index(drop=True)
    )


def empty_round_comparison() -> pd.DataFrame:
    """A ``round_comparison`` frame without rows, with the promised columns and types."""
    dtypes = dict.fromkeys(ROUND_COMPARISON_COLUMNS, "str")
    dtypes.update(
        selected="int64",
        previous_selected="int64",
        share="float64",
        previous_share="float64",
        share_change="float64",
    )
    return typed_empty(dtypes)
