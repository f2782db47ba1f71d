"""Great Expectations suites run as asset checks on the core and analyst tables.

Each checked table gets a blocking check, ``<table>_meets_expectations``: its expectations guard
numbers the report prints, so a failure (severity ERROR) stops the round's downstream assets. A
table with expectations that only call for a look also gets ``<table>_seems_plausible``, which fails
with severity WARN and stops nothing. Which expectation is which, and why, is written in
``escp_pipeline.validation.expectations``; the suites themselves are built in ``core_suites`` and
``analyst_suites`` beside it, so these checks only load the tables, run the suite and turn the
outcome into metadata: one row per expectation with its observed value and unexpected examples
(never a personal-data value: no suite names such a column, and ``run_suite`` refuses one that
would).

Great Expectations is imported when the first check runs, not when the code location loads.
"""

from collections.abc import Callable

import dagster as dg
import pandas as pd

from escp_pipeline.contract.codebook import SURVEYS, Codebook, load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.validate.assets import core_responses
from escp_pipeline.defs.validate.checks import round_and_file, withdrawn
from escp_pipeline.validation import analyst_suites, core_suites, gx_run
from escp_pipeline.validation import expectations as ex

#: Builds a table's suite from the table, its round's ``respondents`` rows (or None) and the round.
SuiteBuilder = Callable[[pd.DataFrame, pd.DataFrame | None, SurveyRound | None], ex.Suite]

_SEVERITY = {"block": dg.AssetCheckSeverity.ERROR, "warn": dg.AssetCheckSeverity.WARN}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def outcomes_markdown(outcomes: tuple[ex.Outcome, ...]) -> str:
    """One row per expectation: what is expected, whether it held, observed value, examples."""
    if not outcomes:
        return "no expectations"
    rows = [
        "| expectation | result | observed | unexpected examples |",
        "| --- | --- | --- | --- |",
    ]
    for outcome in outcomes:
        result = "passed" if outcome.success else "**FAILED**"
        observed = outcome.observed if outcome.error is None else f"error: {outcome.error}"
        examples = "; ".join(outcome.examples) or "-"
        rows.append(
            f"| {_cell(outcome.expectation.name)} | {result} | {_cell(observed)} "
            f"| {_cell(examples)} |"
        )
    return "\n".join(rows)


def explain_failures(result: ex.SuiteResult, where: str) -> str:
    """A readable account of the failed expectations: where, what, examples and what to do."""
    if result.success:
        count = len(result.outcomes)
        held = "the expectation holds" if count == 1 else f"all {count} expectations hold"
        return f"{where}: {held}."
    parts = []
    for outcome in result.failures:
        observed = outcome.observed if outcome.error is None else f"error: {outcome.error}"
        examples = f" (e.g. {'; '.join(outcome.examples[:3])})" if outcome.examples else ""
        parts.append(
            f"{outcome.expectation.name}: {observed}{examples}. "
            f"What to do: {outcome.expectation.fix}."
        )
    count = len(result.failures)
    return f"{where}: {count} expectation{'s' if count > 1 else ''} failed. " + " ".join(parts)


def gx_check_result(
    result: ex.SuiteResult, severity: ex.Severity, where: str
) -> dg.AssetCheckResult:
    """The asset check result of a suite run: pass/fail, severity, per-expectation metadata."""
    return dg.AssetCheckResult(
        passed=result.success,
        severity=_SEVERITY[severity],
        description=explain_failures(result, where),
        metadata={
            "expectations": dg.MetadataValue.md(outcomes_markdown(result.outcomes)),
            "failed_expectations": len(result.failures),
            "evaluated_expectations": len(result.outcomes),
            "rows": result.rows,
            "gx_seconds": round(result.seconds, 3),
        },
    )


def _run(
    context: dg.AssetCheckExecutionContext,
    asset_key: dg.AssetKey,
    build_suite: SuiteBuilder,
    severity: ex.Severity,
    frame: pd.DataFrame,
    respondents: pd.DataFrame | None,
    codebook: Codebook | None = None,
) -> dg.AssetCheckResult:
    survey_round = (
        SurveyRound.from_partition_key(context.partition_key) if context.has_partition_key else None
    )
    where = round_and_file(context)
    failed = _failed_earlier_in_run(context, asset_key) if frame.empty else None
    if failed is not None:
        # The failed check withdrew the round's rows: there is nothing left to expect things of.
        return dg.AssetCheckResult(
            passed=False,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"{where}: not evaluated: the round failed {failed} and its rows were "
            "taken out of the table. What to do: fix that first; these expectations run again "
            "with the next export of the round.",
        )
    try:
        suite = (
            build_suite(frame, respondents, survey_round)
            if codebook is None
            else build_suite(frame, respondents, survey_round, codebook)  # type: ignore[call-arg]
        ).only(severity)
        forbidden = _personal_data_columns(codebook, survey_round)
        result = gx_run.run_suite(suite, forbidden_columns=forbidden)
    except (KeyError, ValueError) as error:
        # A table without a column a suite needs: say so rather than crash the step.
        return dg.AssetCheckResult(
            passed=False,
            severity=_SEVERITY[severity],
            description=f"{where}: the expectations could not be evaluated ({error}). What to "
            "do: keep the table's promised columns (OUTPUTS.md) or update the suite.",
        )
    context.log.info(
        f"GX {suite.name} ({severity}): {len(result.outcomes)} expectations, "
        f"{len(result.failures)} failed, {result.seconds:.2f} s"
    )
    check_result = gx_check_result(result, severity, where)
    if not result.success and severity == "block" and asset_key == core_responses.key:
        # As for a failed schema: cross-round assets read every round's core rows.
        assert survey_round is not None
        check_result = withdrawn(
            context, asset_key, survey_round, frame, check_result, "its expectations"
        )
    return check_result


def _personal_data_columns(
    codebook: Codebook | None, survey_round: SurveyRound | None
) -> list[str]:
    """Columns no table may have.

    Columns no table may have: the round questionnaire's personal data (the profile marks them), and
    the shipped codebook's for a survey the project ships.
    """
    columns = list(codebook.personal_data_columns) if codebook is not None else []
    if survey_round is not None and survey_round.survey in SURVEYS:
        columns += load_codebook(survey_round.survey).personal_data_columns
    return list(dict.fromkeys(columns))


def _failed_earlier_in_run(
    context: dg.AssetCheckExecutionContext, asset_key: dg.AssetKey
) -> str | None:
    """The name of a check of ``asset_key`` that already failed with severity ERROR in this run."""
    connection = context.instance.get_records_for_run(
        context.run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    )
    for record in connection.records:
        event = record.event_log_entry.dagster_event
        evaluation = event.event_specific_data if event is not None else None
        if (
            isinstance(evaluation, dg.AssetCheckEvaluation)
            and evaluation.asset_key == asset_key
            and not evaluation.passed
            and evaluation.severity == dg.AssetCheckSeverity.ERROR
        ):
            return evaluation.check_name
    return None


def gx_checks(
    asset: str,
    build_suite: SuiteBuilder,
    *,
    blocking: str,
    warning: str | None = None,
    partitioned: bool = True,
    with_respondents: bool = False,
    with_questionnaire: bool = False,
) -> list[dg.AssetChecksDefinition]:
    """The GX checks of one table: a blocking check, and a warning check if ``warning`` is given.

    Args:
        asset: The asset's name (``option_counts``).
        build_suite: Builds the table's suite (both severities; each check keeps its own).
        blocking: What the blocking expectations are, for the check's description.
        warning: What the warning expectations are, or None when the table has none.
        partitioned: Whether the asset is partitioned by survey round (the check then is too).
        with_respondents: Whether the suite also needs the round's ``respondents`` rows.
        with_questionnaire: Whether the suite also needs the round's own questionnaire.
    """
    checks = []
    for severity, name, about in (
        ("block", f"{asset}_meets_expectations", blocking),
        ("warn", f"{asset}_seems_plausible", warning),
    ):
        if about is None:
            continue
        label = "blocking" if severity == "block" else "warning only"
        checks.append(
            _gx_check(
                asset, name, severity, f"Great Expectations ({label}): {about}", build_suite,
                partitioned=partitioned, with_respondents=with_respondents,
                with_questionnaire=with_questionnaire,
            )
        )  # fmt: skip
    return checks


def _gx_check(
    asset: str,
    name: str,
    severity: ex.Severity,
    description: str,
    build_suite: SuiteBuilder,
    *,
    partitioned: bool,
    with_respondents: bool,
    with_questionnaire: bool = False,
) -> dg.AssetChecksDefinition:
    ins = {
        name: dg.AssetIn(key=dg.AssetKey(name))
        for name, wanted in (
            ("respondents", with_respondents),
            ("questionnaire", with_questionnaire),
        )
        if wanted
    }
    decorate = dg.asset_check(
        asset=dg.AssetKey(asset),
        name=name,
        blocking=severity == "block",
        description=description,
        partitions_def=survey_rounds if partitioned else None,
        additional_ins=ins or None,
        required_resource_keys={"data_dir"},
    )
    if with_respondents and with_questionnaire:

        def _check_with_questionnaire(
            context: dg.AssetCheckExecutionContext,
            frame: pd.DataFrame,
            respondents: pd.DataFrame,
            questionnaire: Codebook,
        ) -> dg.AssetCheckResult:
            return _run(
                context,
                dg.AssetKey(asset),
                build_suite,
                severity,
                frame,
                respondents,
                questionnaire,
            )

        return decorate(_check_with_questionnaire)
    if with_questionnaire:

        def _check_questionnaire(
            context: dg.AssetCheckExecutionContext, frame: pd.DataFrame, questionnaire: Codebook
        ) -> dg.AssetCheckResult:
            return _run(
                context, dg.AssetKey(asset), build_suite, severity, frame, None, questionnaire
            )

        return decorate(_check_questionnaire)
    if with_respondents:

        def _check_with_respondents(
            context: dg.AssetCheckExecutionContext, frame: pd.DataFrame, respondents: pd.DataFrame
        ) -> dg.AssetCheckResult:
            return _run(context, dg.AssetKey(asset), build_suite, severity, frame, respondents)

        return decorate(_check_with_respondents)

    def _check(context: dg.AssetCheckExecutionContext, frame: pd.DataFrame) -> dg.AssetCheckResult:
        return _run(context, dg.AssetKey(asset), build_suite, severity, frame, None)

    return decorate(_check)


def _round(survey_round: SurveyRound | None) -> SurveyRound:
    assert survey_round is not None, "a per-round suite needs a partition key"
    return survey_round


def _respondents(respondents: pd.DataFrame | None) -> pd.DataFrame:
    assert respondents is not None, "this suite needs the round's respondents"
    return respondents


core_responses_checks = gx_checks(
    "core_responses",
    lambda frame, _, r, codebook=None: core_suites.core_responses_suite(
        frame, codebook or load_codebook(_round(r).survey), _round(r)
    ),
    blocking="the round has at least one complete answer; agreements (D3) of complete answers are "
    f"whole numbers and at most {ex.MAX_AGREEMENTS}.",
    with_questionnaire=True,
    warning=f"agreements above {ex.USUAL_MAX_AGREEMENTS}; submit dates outside the round's year.",
)

respondents_checks = gx_checks(
    "respondents",
    lambda frame, _, r, codebook=None: core_suites.respondents_suite(
        frame, load_registry(), _round(r), codebook
    ),
    blocking="every partnership code is a partnership of the survey's programme in the registry, "
    "or a new partnership of the round's questionnaire (not in the registry).",
    with_questionnaire=True,
    warning="more incomplete than submitted responses; complete answers whose strand differs from "
    "the strand partnerships.yaml gives.",
)

option_counts_checks = gx_checks(
    "option_counts",
    lambda frame, resp, r, codebook=None: analyst_suites.option_counts_suite(
        frame, _respondents(resp), codebook or load_codebook(_round(r).survey), _round(r)
    ),
    blocking="respondents per strand equal the complete answers in respondents; a row for every "
    "option of the round's questionnaire and strand, none for an unknown option; strands add up "
    "to all.",
    with_respondents=True,
    with_questionnaire=True,
)

cooperation_agreements_checks = gx_checks(
    "cooperation_agreements",
    lambda frame, resp, r: analyst_suites.cooperation_agreements_suite(
        frame, _respondents(resp), _round(r)
    ),
    blocking="every partnership with a number has a counted answer in respondents.",
    with_respondents=True,
)

escp_collaborations_checks = gx_checks(
    "escp_collaborations",
    lambda frame, resp, r: analyst_suites.escp_collaborations_suite(
        frame, _respondents(resp), load_registry(), _round(r)
    ),
    blocking="every source has a counted answer in respondents; targets flagged "
    "target_in_registry are registry names.",
    warning="a partnership naming itself as a partner.",
    with_respondents=True,
)

country_mentions_checks = gx_checks(
    "country_mentions",
    lambda frame, resp, r, codebook=None: analyst_suites.country_mentions_suite(
        frame, _respondents(resp), codebook or load_codebook(_round(r).survey), _round(r)
    ),
    blocking="mentions are at most the complete answers of the round; every question is a "
    "free-text question of the round's questionnaire.",
    with_respondents=True,
    with_questionnaire=True,
)

round_comparison_checks = gx_checks(
    "round_comparison",
    lambda frame, _, __: analyst_suites.round_comparison_suite(frame),
    blocking="the previous round is an earlier round of the survey.",
    warning=f"shares of coded options that move by more than "
    f"{analyst_suites.LARGE_SHARE_CHANGE:.0%} between rounds.",
    partitioned=False,
)
