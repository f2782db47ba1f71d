"""The ``option_counts`` analyst table: how many complete answers chose each option, per strand.

What belongs here: counting the multiple-choice questions of a codebook (kinds ``multiple_choice``
and ``multiple_choice_comments``) per strand and for ``all``, and ranking options within a question.
What does not: reading exports, Dagster, or the claims of the report (``claims``).

Counting is vectorised per column (one numpy pass per checkbox column and strand), never per row, so
a round of a million responses counts in well under a second.

A strand with no complete answer in a round (a round where only strand-1 answered) still gets its
rows: ``respondents`` 0, ``selected`` 0 and ``share`` NaN (undefined, not 0 %). Every round of a
survey therefore has the same rows, so round comparisons line up, and such a strand is never ranked.

``share_low`` and ``share_high`` bound each share with its Wilson score interval at
``statistics.CONFIDENCE_LEVEL`` (NaN where ``share`` is).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from escp_pipeline.analysis.statistics import wilson_interval
from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.catalogue.vocabularies import ALL_STRANDS, COMPLETE, OTHER, OTHER_LABEL, STRANDS
from escp_pipeline.contract.codebook import Codebook

OPTION_COUNTS_COLUMNS: tuple[str, ...] = columns("option_counts")


@dataclass(frozen=True)
class CountedOption:
    """One row of a question's options as counted: a checkbox or the ``other`` text."""

    question: str
    option: str
    label: str
    column: str
    is_other: bool
    ranked: bool


def strands_of(codebook: Codebook) -> tuple[str, ...]:
    """The strands a survey is counted by: both strands and ``all``, or only ``all`` (ESCP-S3)."""
    return (*STRANDS, ALL_STRANDS) if codebook.strand_question is not None else (ALL_STRANDS,)


def counted_options(codebook: Codebook) -> list[CountedOption]:
    """Every option ``option_counts`` has a row for, in codebook order.

    The ``other`` row exists where the question has ``other: true``. Ranked are the listed options
    that are not exclusive: neither ``other`` nor a ``None`` option takes part in a ranking.
    """
    options = []
    for question in codebook.multiple_choice_questions:
        for option in question.subquestions:
            options.append(
                CountedOption(
                    question.code,
                    option.code,
                    option.label,
                    f"{question.code}[{option.code}]",
                    is_other=False,
                    ranked=not option.exclusive,
                )
            )
        if question.other:
            options.append(
                CountedOption(
                    question.code,
                    OTHER,
                    OTHER_LABEL,
                    f"{question.code}[other]",
                    is_other=True,
                    ranked=False,
                )
            )
    return options


def non_empty_text(values: pd.Series) -> np.ndarray:
    """True where a free-text cell holds something other than whitespace."""
    stripped = values.astype("str").str.strip()
    return (stripped.notna() & (stripped.str.len() > 0)).to_numpy(dtype=bool, na_value=False)


def selection(core: pd.DataFrame, option: CountedOption) -> np.ndarray:
    """Per response, whether it chose ``option`` (for ``other``: wrote a non-empty ``[other]``)."""
    if option.column not in core.columns:
        raise KeyError(
            f"the core table has no column {option.column!r}: it was not built from the "
            f"{option.question} question of this codebook"
        )
    values = core[option.column]
    if option.is_other:
        return non_empty_text(values)
    return values.to_numpy(dtype=bool, na_value=False)


def survey_rounds_in(core: pd.DataFrame) -> list[tuple[str, str, np.ndarray]]:
    """The (survey, round) pairs of a core table, each with the mask of its rows."""
    if core.empty:
        return []
    pairs = core[["survey", "round"]].astype("str").drop_duplicates()
    if len(pairs) == 1:
        survey, round_ = pairs.iloc[0]
        return [(str(survey), str(round_), np.ones(len(core), dtype=bool))]
    survey_values = core["survey"].to_numpy(dtype=object)
    round_values = core["round"].to_numpy(dtype=object)
    return [
        (str(survey), str(round_), (survey_values == survey) & (round_values == round_))
        for survey, round_ in pairs.itertuples(index=False)
    ]


def strand_masks(core: pd.DataFrame, codebook: Codebook, rows: np.ndarray) -> dict[str, np.ndarray]:
    """For each strand of the survey, the complete answers of ``rows`` in that strand."""
    complete = rows & core["status"].eq(COMPLETE).to_numpy(dtype=bool, na_value=False)
    masks = {}
    for strand in strands_of(codebook):
        if strand == ALL_STRANDS:
            masks[strand] = complete
        else:
            in_strand = core["strand"].eq(strand).to_numpy(dtype=bool, na_value=False)
            masks[strand] = complete & in_strand
    return masks


def option_counts(core: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Count every option of every multiple-choice question, per strand and for ``all``.

    Args:
        core: a core table (one or more rounds of ``codebook``'s survey), as ``core_responses``
            builds it. Only ``complete`` answers count.
        codebook: the survey's codebook, which lists the questions and options.

    Returns:
        The ``option_counts`` columns of OUTPUTS.md: one row per round x question x option x strand,
        ``selected`` 0 where nobody chose the option, ``share`` = ``selected / respondents`` (NaN
        when the strand has no respondents), ``share_low`` and ``share_high`` its Wilson interval.
    """
    options = counted_options(codebook)
    frames = []
    for survey, round_, rows in survey_rounds_in(core):
        if survey != codebook.survey:
            raise ValueError(
                f"rows of survey {survey!r} counted with the {codebook.survey} codebook"
            )
        masks = strand_masks(core, codebook, rows)
        strands = list(masks)
        respondents = np.array([int(np.count_nonzero(masks[s])) for s in strands], dtype=np.int64)
        selected = np.zeros((len(options), len(strands)), dtype=np.int64)
        for i, option in enumerate(options):
            chosen = selection(core, option)
            for j, strand in enumerate(strands):
                selected[i, j] = np.count_nonzero(chosen & masks[strand])
        frames.append(_counts_frame(survey, round_, options, strands, respondents, selected))
    if not frames:
        return empty_frame("option_counts")
    return pd.concat(frames, ignore_index=True)


def _counts_frame(
    survey: str,
    round_: str,
    options: list[CountedOption],
    strands: list[str],
    respondents: np.ndarray,
    selected: np.ndarray,
) -> pd.DataFrame:
    n_strands = len(strands)
    rows = len(options) * n_strands
    all_respondents = np.tile(respondents, len(options))
    all_selected = selected.reshape(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(all_respondents > 0, all_selected / np.maximum(all_respondents, 1), np.nan)
    low, high = wilson_interval(all_selected, all_respondents)
    return pd.DataFrame(
        {
            "survey": pd.Series([survey] * rows, dtype="str"),
            "round": pd.Series([round_] * rows, dtype="str"),
            "question": pd.Series(np.repeat([o.question for o in options], n_strands), dtype="str"),
            "option": pd.Series(np.repeat([o.option for o in options], n_strands), dtype="str"),
            "label": pd.Series(np.repeat([o.label for o in options], n_strands), dtype="str"),
            "strand": pd.Series(np.tile(strands, len(options)), dtype="str"),
            "respondents": all_respondents.astype(np.int64),
            "selected": all_selected.astype(np.int64),
            "share": share.astype(np.float64),
            "share_low": low.astype(np.float64),
            "share_high": high.astype(np.float64),
        }
    )


def rank_options(counts: pd.DataFrame, codebooks: dict[str, Codebook]) -> pd.Series:
    """The rank of each row of ``option_counts`` within its question, round and strand.

    Rank 1 is the most selected option; ties share the better rank (1, 1, 3). The ``other`` row and
    exclusive options (``None``) are not ranked, nor is a strand without respondents: their rank is
    NA. ``codebooks`` maps each survey in ``counts`` to its codebook (to know exclusive options).
    """
    exclusive = set()
    for survey, codebook in codebooks.items():
        for question in codebook.multiple_choice_questions:
            exclusive |= {
                (survey, question.code, o.code) for o in question.subquestions if o.exclusive
            }
    keys = list(zip(counts["survey"], counts["question"], counts["option"], strict=True))
    ranked = (
        counts["option"].ne(OTHER).to_numpy(dtype=bool, na_value=False)
        & ~np.array([key in exclusive for key in keys], dtype=bool)
        & (counts["respondents"].to_numpy() > 0)
    )
    ranks = pd.Series(pd.NA, index=counts.index, dtype="Int64")
    eligible = counts[ranked]
    if len(eligible):
        by = eligible.groupby(["survey", "round", "question", "strand"], sort=False)["selected"]
        ranks.loc[eligible.index] = by.rank(method="min", ascending=False).astype("Int64")
    return ranks
