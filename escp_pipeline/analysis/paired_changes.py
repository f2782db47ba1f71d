"""The paired test of ``round_comparison``: the same partnerships' answers in two rounds.

What belongs here: matching the counted answers of two rounds of a survey by partnership
(``partnership_code``) and testing, per option and strand, whether those partnerships changed their
answer more often one way than the other (exact McNemar, ``statistics.paired_mcnemar``). What does
not: the unpaired test or the table itself (``comparisons``).

A partnership is paired in a strand when its counted answers of both rounds are in that strand; in
``all`` every partnership that answered both rounds is. With fewer than ``statistics.MIN_PAIRS``
pairs the strand gets no row (the comparison leaves both columns empty).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from escp_pipeline.analysis import statistics
from escp_pipeline.analysis.option_counts import (
    ALL_STRANDS,
    COMPLETE,
    CountedOption,
    counted_options,
    selection,
    strands_of,
)
from escp_pipeline.contract.codebook import CodebookError, load_codebook

PAIRED_COLUMNS: tuple[str, ...] = (
    "survey",
    "question",
    "option",
    "strand",
    "round",
    "previous_round",
    "paired_respondents",
    "paired_p_value",
)


def _counted_by_round(core: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """The counted answers of each (survey, round), one per partnership, indexed by its code.

    The core table is split once, not filtered once per round of each pair (40 rounds: 80 passes
    over every round's rows).
    """
    rows = core[(core["status"].astype("str") == COMPLETE) & core["partnership_code"].notna()]
    groups = rows.groupby(
        [rows["survey"].astype("str"), rows["round"].astype("str")], sort=False, observed=True
    )
    return {
        (survey, round_): group.drop_duplicates("partnership_code", keep="last").set_index(
            "partnership_code"
        )
        for (survey, round_), group in groups
    }


def _strand_members(before: pd.DataFrame, now: pd.DataFrame, strand: str) -> pd.Index:
    common = before.index.intersection(now.index).sort_values()
    if strand == ALL_STRANDS:
        return common
    same = (before.loc[common, "strand"].astype("str") == strand) & (
        now.loc[common, "strand"].astype("str") == strand
    )
    return common[same.to_numpy(dtype=bool, na_value=False)]


def paired_changes(core: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Per option and strand of each compared round pair, the partnerships paired and the p-value.

    Args:
        core: core tables (``core_responses``) of any surveys and rounds.
        pairs: (``survey``, ``round``, ``previous_round``) to compare, as
            ``comparisons.previous_rounds`` gives them.

    Returns:
        ``PAIRED_COLUMNS``, one row per option x strand with at least ``MIN_PAIRS`` pairs; none for
        a survey the project does not ship.
    """
    records = []
    counted = _counted_by_round(core)
    matrices: dict[tuple[str, str], np.ndarray] = {}

    def selections(
        key: tuple[str, str], rows: pd.DataFrame, options: list[CountedOption]
    ) -> np.ndarray:
        """Per counted answer (row) and option (column), whether it chose it: once per round."""
        if key not in matrices:
            columns = [np.asarray(selection(rows, option), dtype=bool) for option in options]
            matrices[key] = (
                np.column_stack(columns) if columns else np.zeros((len(rows), 0), dtype=bool)
            )
        return matrices[key]

    for survey, round_, previous in pairs.loc[:, ["survey", "round", "previous_round"]].itertuples(
        index=False
    ):
        before = counted.get((survey, previous))
        now = counted.get((survey, round_))
        if before is None or now is None or before.empty or now.empty:
            continue
        try:
            codebook = load_codebook(survey)
        except CodebookError:  # a survey the project does not ship: no partnerships to pair
            continue
        options = [o for o in counted_options(codebook) if o.column in core.columns]
        then_all = selections((survey, previous), before, options)
        now_all = selections((survey, round_), now, options)
        for strand in strands_of(codebook):
            members = _strand_members(before, now, strand)
            if len(members) < statistics.MIN_PAIRS:
                continue
            p_values = statistics.paired_mcnemar_columns(
                then_all[before.index.get_indexer(members)],
                now_all[now.index.get_indexer(members)],
            )
            for option, p in zip(options, p_values, strict=True):
                key = (survey, option.question, option.option, strand, round_, previous)
                records.append((*key, len(members), float(p)))
    table = pd.DataFrame.from_records(records, columns=list(PAIRED_COLUMNS))
    for column in PAIRED_COLUMNS[:6]:
        table[column] = table[column].astype("str")
    table["paired_respondents"] = table["paired_respondents"].astype("Int64")
    table["paired_p_value"] = table["paired_p_value"].astype("float64")
    return table
