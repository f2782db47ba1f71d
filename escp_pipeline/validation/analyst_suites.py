"""Great Expectations suites for the analyst tables, from ``option_counts`` to ``round_comparison``.

Which expectation blocks and which only warns, and why, is written in
``escp_pipeline.validation.expectations``, with what an expectation and a suite are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from escp_pipeline.catalogue.vocabularies import STRANDS
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound, round_sort_key
from escp_pipeline.contract.registry import PartnershipRegistry
from escp_pipeline.validation.expectations import (
    FIX_ANALYSIS,
    Suite,
    expect,
    in_set,
    plain,
)


def complete_answers(respondents: pd.DataFrame) -> pd.DataFrame:
    """Complete answers per survey, round and strand, with ``all`` for the whole round."""
    complete = respondents[respondents["status"] == "complete"]
    keys = ["survey", "round"]
    by_strand = complete.dropna(subset=["strand"]).groupby([*keys, "strand"]).size()
    overall = complete.groupby(keys).size().rename("answers").reset_index().assign(strand="all")
    table = pd.concat([by_strand.rename("answers").reset_index(), overall], ignore_index=True)
    return table.astype({"survey": "str", "round": "str", "strand": "str", "answers": "int64"})


def _complete_answers_of(rows: pd.DataFrame, respondents: pd.DataFrame) -> pd.Series:
    """For each row (survey, round, strand), the complete answers of ``respondents``."""
    keys = ["survey", "round", "strand"]
    merged = rows[keys].astype("str").merge(complete_answers(respondents), on=keys, how="left")
    return merged["answers"].fillna(0).astype("float64").set_axis(rows.index)


def _cells(codebook: Codebook, strands: Iterable[str]) -> list[str]:
    cells = []
    for question in codebook.multiple_choice_questions:
        options = [option.code for option in question.subquestions]
        if question.other:
            options.append("other")
        cells += [f"{question.code}/{option}/{strand}" for option in options for strand in strands]
    return sorted(cells)


def option_counts_suite(
    option_counts: pd.DataFrame,
    respondents: pd.DataFrame,
    codebook: Codebook,
    survey_round: SurveyRound,
) -> Suite:
    """Expectations on one round of ``option_counts``; all blocking (each is a number's truth).

    ``respondents`` equal the complete answers of the ``respondents`` table per strand; a row for
    every option of every multiple-choice question of the codebook and strand, none for an option
    the codebook lacks; the strands add up to ``all``. Share bounds and arithmetic, ``selected <=
    respondents`` and unique rows are pandera's (``catalogue/tables.py``).
    """
    frame = option_counts.reset_index(drop=True)
    view = plain(frame.loc[:, ["question", "option", "strand", "respondents", "selected"]])
    view["cell"] = view["question"] + "/" + view["option"] + "/" + view["strand"]
    view["complete_answers"] = _complete_answers_of(frame, respondents).to_numpy()
    strands = list(STRANDS) if codebook.strand_question is not None else []
    by_strand = view[view["strand"].isin(strands)].groupby(["question", "option"])["selected"]
    view["strands_selected"] = (
        view[["question", "option"]]
        .merge(by_strand.sum().rename("total").reset_index(), how="left")["total"]
        .to_numpy()
    )
    view.loc[view["strand"] != "all", "strands_selected"] = float("nan")
    if not strands:
        view["strands_selected"] = view["selected"].where(view["strand"] == "all")
    cells = _cells(codebook, ["all", *strands])
    cell = ("cell",)
    return Suite(
        f"option_counts {survey_round.partition_key}",
        view,
        (
            expect(
                "respondents per strand equal the complete answers in respondents",
                "ExpectColumnPairValuesToBeEqual",
                "block",
                FIX_ANALYSIS,
                identify_by=cell,
                column_A="respondents",
                column_B="complete_answers",
            ),
            expect(
                "every option of the codebook has a row per strand (question/option/strand)",
                "ExpectColumnDistinctValuesToContainSet",
                "block",
                FIX_ANALYSIS,
                column="cell",
                value_set=cells,
            ),
            in_set(
                "every row is an option of the codebook",
                "block",
                "update the codebook if the questionnaire gained an option; else " + FIX_ANALYSIS,
                "cell",
                cells,
            ),
            expect(
                "selected in strand-1 and strand-2 add up to selected in all",
                "ExpectColumnPairValuesToBeEqual",
                "block",
                FIX_ANALYSIS,
                identify_by=cell,
                column_A="selected",
                column_B="strands_selected",
                ignore_row_if="either_value_is_missing",
            ),
        ),
    )


def cooperation_agreements_suite(
    agreements: pd.DataFrame, respondents: pd.DataFrame, survey_round: SurveyRound
) -> Suite:
    """Expectations on one round of ``cooperation_agreements``; blocking.

    Every partnership with a number has a counted (complete) answer in ``respondents``. The
    plausible range of the numbers is checked where they enter, on ``core_responses``; types,
    minimum and one row per partnership are pandera's.
    """
    counted = respondents.loc[respondents["status"] == "complete", "partnership"].dropna()
    view = plain(agreements.loc[:, ["partnership", "agreements"]])
    return Suite(
        f"cooperation_agreements {survey_round.partition_key}",
        view,
        (
            in_set(
                "every partnership has a counted answer in respondents",
                "block",
                FIX_ANALYSIS,
                "partnership",
                sorted(set(counted)),
                identify_by=("partnership",),
                show=("agreements",),
            ),
        ),
    )


def escp_collaborations_suite(
    collaborations: pd.DataFrame,
    respondents: pd.DataFrame,
    registry: PartnershipRegistry,
    survey_round: SurveyRound,
) -> Suite:
    """Expectations on one round of ``escp_collaborations``.

    Blocking: every source has a counted answer in ``respondents``; a target flagged
    ``target_in_registry`` is a registry name. Warning: a partnership naming itself. Unique links
    and reciprocity are pandera's. Targets outside the registry are no warning: the report names
    such partners (SmartCity Tech), and ``target_in_registry`` already shows them.
    """
    names = sorted(p.name for p in registry.partnerships)
    counted = respondents.loc[respondents["status"] == "complete", "partnership"].dropna()
    view = plain(collaborations.loc[:, ["source", "target", "target_in_registry"]])
    view["target_in_registry"] = view["target_in_registry"].astype(bool)
    view["names_another"] = view["source"] != view["target"]
    link = ("source", "target")
    return Suite(
        f"escp_collaborations {survey_round.partition_key}",
        view,
        (
            in_set(
                "every source has a counted answer in respondents",
                "block",
                FIX_ANALYSIS,
                "source",
                sorted(set(counted)),
            ),
            in_set(
                "targets flagged target_in_registry are names of the registry",
                "block",
                FIX_ANALYSIS,
                "target",
                names,
                where=("target_in_registry", True),
            ),
            in_set(
                "no partnership names itself as a partner",
                "warn",
                "check the answer with the partnership",
                "names_another",
                [True],
                identify_by=link,
            ),
        ),
    )


def country_mentions_suite(
    mentions: pd.DataFrame,
    respondents: pd.DataFrame,
    codebook: Codebook,
    survey_round: SurveyRound,
) -> Suite:
    """Expectations on one round of ``country_mentions``; blocking.

    Mentions are at most the complete answers of the round (one answer counts once); every question
    is a codebook question with free text. ISO codes, ``mentions > 0`` and unique rows are
    pandera's.
    """
    free_text = sorted(q.code for q in codebook.questions if q.free_text_columns())
    view = plain(mentions.loc[:, ["survey", "round", "question", "country", "mentions"]])
    view["complete_answers"] = _complete_answers_of(view.assign(strand="all"), respondents)
    view = view.drop(columns=["survey", "round"])
    by_country = ("question", "country")
    return Suite(
        f"country_mentions {survey_round.partition_key}",
        view,
        (
            expect(
                "mentions are at most the complete answers of the round",
                "ExpectColumnPairValuesAToBeGreaterThanB",
                "block",
                FIX_ANALYSIS,
                identify_by=by_country,
                column_A="complete_answers",
                column_B="mentions",
                or_equal=True,
            ),
            in_set(
                "every question is a free-text question of the codebook",
                "block",
                FIX_ANALYSIS,
                "question",
                free_text,
            ),
        ),
    )


#: A share that moves more than this between rounds is worth a look (a reworded option?).
LARGE_SHARE_CHANGE = 0.5


def round_comparison_suite(comparison: pd.DataFrame) -> Suite:
    """Expectations on ``round_comparison`` (every round).

    Blocking: the previous round is an earlier round of the same survey. Warning: shares of coded
    options (not ``other``) that move by more than ``LARGE_SHARE_CHANGE``. Share bounds and
    ``share_change`` arithmetic are pandera's.
    """
    keys = ["survey", "question", "option", "strand", "round", "previous_round"]
    view = plain(comparison.loc[:, [*keys, "share_change"]])
    # "other" counts free text, which has no wording to change: its swings are no warning.
    view["coded_change"] = view["share_change"].where(view["option"] != "other")
    view["previous_is_earlier"] = [
        _round_order(previous) < _round_order(current)
        for previous, current in zip(view["previous_round"], view["round"], strict=True)
    ]
    cell = ("survey", "round", "question", "option", "strand")
    return Suite(
        "round_comparison",
        view,
        (
            in_set(
                "the previous round is an earlier round",
                "block",
                FIX_ANALYSIS,
                "previous_is_earlier",
                [True],
                identify_by=cell,
                show=("previous_round",),
            ),
            expect(
                f"shares of coded options move by at most {LARGE_SHARE_CHANGE:.0%} between rounds",
                "ExpectColumnValuesToBeBetween",
                "warn",
                "check that the option means the same in both rounds (label_variants in the "
                "codebook); nothing to do if it does",
                identify_by=cell,
                column="coded_change",
                min_value=-LARGE_SHARE_CHANGE,
                max_value=LARGE_SHARE_CHANGE,
            ),
        ),
    )


def _round_order(round_: object) -> tuple[float, float]:
    try:
        return tuple(float(part) for part in round_sort_key(str(round_)))  # type: ignore[return-value]
    except ValueError:
        return (math.nan, math.nan)


# --- running suites -------------------------------------------------------------------------------
