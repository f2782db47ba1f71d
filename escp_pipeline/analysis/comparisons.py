"""The ``round_comparison`` analyst table: each option's count against the survey's previous round.

What belongs here: pairing every round of a survey with the round before it (rounds sort by their
number ``n``, ``round_sort_key``) and comparing ``option_counts`` by question and option *code*, so
an option reworded between rounds (``label_variants``, or a changed ``.lss``) still compares with
itself; options only one round's questionnaire has, and questions asked for the first time, are left
out (``like_with_like``, from ``questionnaire_changes``). What does not: counting
(``option_counts``).

The previous round is the latest earlier round of the same survey that has been processed. The label
shown is the later round's. A strand without respondents in either round has ``share`` NaN and so a
NaN ``share_change``: no change can be stated.

Every change is tested (``statistics``): ``p_value`` is the two-sided Fisher exact test of the two
rounds' counts, ``q_value`` its Benjamini-Hochberg adjustment over every option of one survey, round
and strand, ``change_is_significant`` says ``q_value < SIGNIFICANCE_LEVEL`` (empty where no test
could run). ``paired_respondents`` and ``paired_p_value`` come from the core table
(``paired_changes``): the exact McNemar test on the partnerships that answered both rounds.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from escp_pipeline.analysis import statistics
from escp_pipeline.analysis.like_with_like import like_with_like
from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.drops import round_sort_key

ROUND_COMPARISON_COLUMNS: tuple[str, ...] = columns("round_comparison")
#: One family of tests for the Benjamini-Hochberg adjustment: a survey's round, against one
#: previous round, in one strand.
TEST_FAMILY = ["survey", "round", "previous_round", "strand"]
_KEY = ["survey", "question", "option", "strand"]


def previous_rounds(counts: pd.DataFrame) -> pd.DataFrame:
    """(survey, round, previous_round) for every round that has an earlier round of its survey."""
    pairs = []
    rounds = counts[["survey", "round"]].drop_duplicates()
    for survey, group in rounds.groupby("survey", sort=True):
        ordered = sorted(group["round"], key=round_sort_key)
        pairs += [(survey, later, earlier) for earlier, later in itertools.pairwise(ordered)]
    return pd.DataFrame(pairs, columns=["survey", "round", "previous_round"], dtype="str")


def round_comparison(
    counts: pd.DataFrame,
    core: pd.DataFrame | None = None,
    changes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compare every round's ``option_counts`` with the survey's previous round, and test it.

    Args:
        counts: the ``option_counts`` table of any rounds and surveys.
        core: the core tables of those rounds (``core_responses``, any surveys), for the paired
            test; without it ``paired_respondents`` and ``paired_p_value`` stay empty.
        changes: the ``questionnaire_changes`` table of those rounds: options added or removed and
            questions asked for the first time (or whose kind changed) are not compared
            (``like_with_like``); without it every option both rounds counted is compared.

    Returns:
        The ``round_comparison`` columns of OUTPUTS.md: one row per survey x question x option x
        strand x round that has an earlier round, where the option exists in both rounds.
    """
    pairs = previous_rounds(counts)
    if pairs.empty:
        return empty_frame("round_comparison")
    later = counts.merge(pairs, on=["survey", "round"])
    earlier = counts.loc[:, [*_KEY, "round", "respondents", "selected", "share"]].rename(
        columns={
            "round": "previous_round",
            "respondents": "previous_respondents",
            "selected": "previous_selected",
            "share": "previous_share",
        }
    )
    table = later.merge(earlier, on=[*_KEY, "previous_round"], how="inner")
    table = like_with_like(table, changes)
    if table.empty:
        return empty_frame("round_comparison")
    table["share_change"] = table["share"] - table["previous_share"]
    table = with_tests(table)
    table = with_paired_tests(table, core, pairs)
    table = table.loc[:, list(ROUND_COMPARISON_COLUMNS)]
    for column in ("survey", "question", "option", "label", "strand", "round", "previous_round"):
        table[column] = table[column].astype("str")
    for column in ("selected", "previous_selected"):
        table[column] = table[column].astype("int64")
    for column in ("share", "previous_share", "share_change"):
        table[column] = table[column].astype("float64")
    table["change_is_significant"] = table["change_is_significant"].astype("boolean")
    table["paired_respondents"] = table["paired_respondents"].astype("Int64")
    for column in ("p_value", "q_value", "paired_p_value"):
        table[column] = table[column].astype("float64")
    round_order = table["round"].map(round_sort_key)
    return (
        table.assign(_round=round_order)
        .sort_values(["survey", "_round"], kind="stable")
        .drop(columns="_round")
        .reset_index(drop=True)
    )


def with_tests(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``p_value``, ``q_value`` and ``change_is_significant`` to merged rows.

    ``table`` needs ``respondents``, ``selected``, ``previous_respondents`` and
    ``previous_selected``; q-values are adjusted within each ``TEST_FAMILY``.
    """
    table = table.copy()
    table["p_value"] = statistics.fisher_changes(
        table["selected"].to_numpy(),
        table["respondents"].to_numpy(),
        table["previous_selected"].to_numpy(),
        table["previous_respondents"].to_numpy(),
    )
    q = pd.Series(np.nan, index=table.index, dtype="float64")
    for _, family in table.groupby(TEST_FAMILY, sort=False)["p_value"]:
        q.loc[family.index] = statistics.bh_qvalues(family.to_numpy())
    table["q_value"] = q
    significant = pd.array(q < statistics.SIGNIFICANCE_LEVEL, dtype="boolean")
    significant[q.isna().to_numpy()] = pd.NA
    table["change_is_significant"] = significant
    return table


def with_paired_tests(
    table: pd.DataFrame, core: pd.DataFrame | None, pairs: pd.DataFrame
) -> pd.DataFrame:
    """Add ``paired_respondents`` and ``paired_p_value`` (empty without ``core``)."""
    from escp_pipeline.analysis.paired_changes import paired_changes

    keys = [*_KEY, "round", "previous_round"]
    paired = paired_changes(core, pairs) if core is not None and len(core) else None
    if paired is None or paired.empty:
        return table.assign(
            paired_respondents=pd.array([pd.NA] * len(table), dtype="Int64"),
            paired_p_value=np.nan,
        )
    return table.merge(paired, on=keys, how="left")
