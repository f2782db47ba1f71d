"""Which survey rounds a report claim is about, and whether they have been processed.

A claim about a round the data directory does not hold (the seed report's 2019 rounds in a
deployment that only ever sees later rounds, or one survey of two) cannot be checked: it is *not
applicable*, which is neither reproduced nor a failure. A claim is applicable when every round it
names has been processed, that is, has rows in ``option_counts`` or the core responses.

What belongs here: reading the rounds out of a claim, kind by kind (the kinds of
``escp_pipeline.analysis.claim_kinds``). What does not: evaluating the claims.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from escp_pipeline.analysis.claim_evaluation import ClaimTables, Evaluation

SurveyRound = tuple[str, str]


def processed_rounds(tables: ClaimTables) -> set[SurveyRound]:
    """Every (survey, round) with rows in ``option_counts`` or the core responses."""
    frames = [tables.option_counts, tables.core_responses]
    found: set[SurveyRound] = set()
    for frame in frames:
        if isinstance(frame, pd.DataFrame) and {"survey", "round"} <= set(frame.columns):
            pairs = frame.loc[:, ["survey", "round"]].drop_duplicates().astype(str)
            found |= set(pairs.itertuples(index=False, name=None))
    return found


def _pair(survey: Any, round_: Any) -> SurveyRound | None:
    return (str(survey), str(round_)) if survey and round_ else None


def _kind_rounds(kind: str, value: Any, claim: dict[str, Any], ev: Evaluation) -> set:
    """The rounds one kind of a claim reads; an entry None when it cannot tell."""
    defaults = {k: claim.get(k) for k in ("survey", "round")}
    if kind == "counts" and isinstance(value, list):
        return {
            _pair(i.get("survey", defaults["survey"]), i.get("round", defaults["round"]))
            for i in value
            if isinstance(i, dict)
        }
    if kind in ("every_respondent_selects_one_of", "country_mentions") and isinstance(value, dict):
        spec = {**defaults, **value}
        return {_pair(spec.get("survey"), spec.get("round"))}
    if kind == "complete":
        return {_pair(defaults["survey"], defaults["round"])}
    if kind == "improvement" and isinstance(value, dict):
        survey = value.get("survey", defaults["survey"])
        return {_pair(survey, value.get("from")), _pair(survey, value.get("to"))}
    if kind == "agreements" and isinstance(value, dict):
        rounds = {str(k) for k in value if k not in ("totals", "survey")}
        rounds |= {str(k) for k in (value.get("totals") or {})}
        names = [n for r in rounds for n in (value.get(r) or {})]
        survey = value.get("survey") or defaults["survey"] or ev.survey_of(names)
        return {_pair(survey, r) for r in rounds}
    if kind == "collaborations" and isinstance(value, dict):
        sources = {k: v for k, v in value.items() if k not in ("survey", "round")}
        survey = value.get("survey", defaults["survey"]) or ev.survey_of(sources)
        round_ = value.get("round", defaults["round"])
        if survey and not round_:
            round_ = ev.latest_round(survey, ev.tables.escp_collaborations)
        return {_pair(survey, round_)}
    return {None}


def missing_rounds(
    claim: dict[str, Any], kinds: list[str], ev: Evaluation, processed: set[SurveyRound]
) -> list[SurveyRound]:
    """The rounds the claim names that are not processed (empty: the claim is applicable).

    A kind whose rounds cannot be read (malformed, unknown) names none, so it is evaluated and fails
    as it should.
    """
    named: set[SurveyRound] = set()
    for kind in kinds:
        named |= {pair for pair in _kind_rounds(kind, claim[kind], claim, ev) if pair is not None}
    return sorted(named - processed)
