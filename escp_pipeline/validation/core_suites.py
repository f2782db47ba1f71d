"""Great Expectations suites for the core tables: ``core_responses`` and ``respondents``.

Which expectation blocks and which only warns, and why, is written in
``escp_pipeline.validation.expectations``, with what an expectation and a suite are.
"""

from __future__ import annotations

import pandas as pd

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.registry import PartnershipRegistry
from escp_pipeline.validation.expectations import (
    FIX_EXPORT,
    MAX_AGREEMENTS,
    USUAL_MAX_AGREEMENTS,
    Expectation,
    Suite,
    expect,
    in_set,
    plain,
    whole,
)


def core_responses_suite(
    core: pd.DataFrame, codebook: Codebook, survey_round: SurveyRound
) -> Suite:
    """Expectations on one round's core table (pandera has checked its schema).

    Blocking: the round has at least one complete answer; agreements of complete answers are whole
    numbers and at most ``MAX_AGREEMENTS`` (pandera checks the codebook's minimum, 0). Warning:
    agreements above ``USUAL_MAX_AGREEMENTS``; submit dates outside the round's year.
    """
    # a survey the project does not ship may have no agreements question: no agreements checks
    asks_agreements = any(question.code == "D3" for question in codebook.questions)
    code = codebook.agreements_question.code if asks_agreements else "D3"
    view = core.loc[:, ["response_id", "status", "submitted_at"]]
    view["agreements"] = core[code] if asks_agreements else pd.Series(pd.NA, index=core.index)
    view = plain(view)
    view["agreements_whole"] = whole(view["agreements"])
    year = survey_round.year
    complete = ("status", "complete")
    by_id = ("response_id",)
    genuine = f"if the count is genuine, raise MAX_AGREEMENTS in {Expectation.__module__}"
    suite = Suite(
        f"core_responses {survey_round.partition_key}",
        view,
        (
            expect(
                "the round has at least one complete answer",
                "ExpectColumnDistinctValuesToContainSet",
                "block",
                "the export holds no submitted response: export the round again (completion "
                "state 'All') once answers are in, or remove the file",
                column="status",
                value_set=["complete"],
            ),
            in_set(
                f"agreements ({code}) of complete answers are whole numbers",
                "block",
                f"{FIX_EXPORT} with a whole number in {code}",
                "agreements_whole",
                [True],
                identify_by=by_id,
                show=("agreements",),
                where=complete,
            ),
            expect(
                f"agreements ({code}) of complete answers are at most {MAX_AGREEMENTS}",
                "ExpectColumnValuesToBeBetween",
                "block",
                f"{FIX_EXPORT}; {genuine}",
                identify_by=by_id,
                where=complete,
                column="agreements",
                max_value=MAX_AGREEMENTS,
            ),
            expect(
                f"agreements ({code}) of complete answers are at most {USUAL_MAX_AGREEMENTS}",
                "ExpectColumnValuesToBeBetween",
                "warn",
                "check the number with the partnership; nothing to do if it is right",
                identify_by=by_id,
                where=complete,
                column="agreements",
                max_value=USUAL_MAX_AGREEMENTS,
            ),
            expect(
                f"submit dates fall in the round's year ({year})",
                "ExpectColumnValuesToBeBetween",
                "warn",
                "check that the file is named for the right round (incoming/<survey>/<year>-r<n>"
                ".csv, the year the round closed); nothing to do if it is",
                identify_by=by_id,
                column="submitted_at",
                min_value=pd.Timestamp(year, 1, 1),
                max_value=pd.Timestamp(year, 12, 31, 23, 59, 59, 999999),
            ),
        ),
    )
    if asks_agreements:
        return suite
    kept = tuple(e for e in suite.expectations if not e.name.startswith("agreements"))
    return Suite(suite.name, suite.frame, kept)


def _partnership_codes(codebook: Codebook | None) -> set[str]:
    """The answer codes of the questionnaire's partnership question (none without one)."""
    if codebook is None:
        return set()
    try:
        return {option.code for option in codebook.partnership_question.answers}
    except KeyError:
        return set()


def new_partnership_codes(codebook: Codebook | None, registry: PartnershipRegistry) -> set[str]:
    """Codes of the questionnaire's partnership question that the registry lacks."""
    return {code for code in _partnership_codes(codebook) if registry.get(code) is None}


def respondents_suite(
    respondents: pd.DataFrame,
    registry: PartnershipRegistry,
    survey_round: SurveyRound,
    codebook: Codebook | None = None,
) -> Suite:
    """Expectations on one round of ``respondents``.

    Blocking: every partnership code is a partnership of this survey's programme in the registry, or
    a new partnership: a code of the round questionnaire's (``codebook``) partnership question that
    the registry lacks (listed by the WARN check ``partnerships_are_in_the_registry``); for a survey
    the registry has no partnership of, a code of its questionnaire's partnership question. Warning:
    at least half the responses are submitted; complete answers state the strand the registry gives
    (where it gives one). One counted answer per partnership is pandera's, on ``core_responses``.
    """
    programme = survey_round.survey
    members = {p.code: p.strand for p in registry.partnerships if p.programme == programme}
    if members:
        codes = sorted(set(members) | new_partnership_codes(codebook, registry))
        codes_rule = f"every partnership code is an {programme} partnership of the registry"
        codes_fix = (
            "add the partnership to escp_pipeline/contract/reference/partnerships.yaml, "
            "or correct the answer in LimeSurvey and export again"
        )
    else:  # a survey the registry does not know: the partnerships its questionnaire lists
        codes = sorted(_partnership_codes(codebook))
        codes_rule = f"every partnership code is one the {programme} questionnaire lists"
        codes_fix = "export the round with the .lss of the questionnaire it was run with"
    view = plain(respondents.loc[:, ["response_id", "partnership_code", "status", "strand"]])
    stated = view["partnership_code"].map(members)
    checked = (view["status"] == "complete") & stated.notna() & view["strand"].notna()
    agrees = (view["strand"] == stated).astype(object)
    view["strand_as_registry"] = agrees.where(checked, None)
    view["registry_strand"] = stated.astype(object)
    return Suite(
        f"respondents {survey_round.partition_key}",
        view,
        (
            in_set(
                codes_rule,
                "block",
                codes_fix,
                "partnership_code",
                codes,
                identify_by=("response_id",),
            ),
            in_set(
                "at least half of the responses are submitted",
                "warn",
                "an export taken before the round closed? Export it again when it has",
                "status",
                ["complete", "superseded"],
                mostly=0.5,
            ),
            in_set(
                "complete answers state the strand partnerships.yaml gives",
                "warn",
                "a data-quality finding for the report: check the strand with the partnership, "
                "and correct partnerships.yaml or the answer",
                "strand_as_registry",
                [True],
                identify_by=("response_id", "partnership_code"),
                show=("strand", "registry_strand"),
            ),
        ),
    )
