"""``questionnaire``: the questionnaire each survey round was run with; its partnership check."""

import dagster as dg

from escp_pipeline.contract.codebook import Codebook, CodebookError
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.defs.metadata import markdown_table
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.storage.resources import DataDir


def survey_rounds_of(instance: dg.DagsterInstance, survey: str) -> list[str]:
    """The rounds of ``survey`` the pipeline knows (its partitions)."""
    keys = instance.get_dynamic_partitions(survey_rounds.name)
    return [key.partition("/")[2] for key in keys if key.partition("/")[0] == survey]


@dg.asset(
    partitions_def=survey_rounds,
    group_name="ingest",
    kinds={"limesurvey", "yaml"},
    io_manager_key="questionnaire_io_manager",
    metadata={"docs": "docs/questionnaires.md"},
)
def questionnaire(context: dg.AssetExecutionContext, data_dir: DataDir) -> dg.Output[Codebook]:
    """The questionnaire a survey round was run with, as the project's codebook.

    Taken from LimeSurvey's survey structure export beside the responses,
    ``incoming/<survey>/<round>.lss``; else the ``.lss`` of the latest earlier round of the survey;
    else, for ESCP-4i and ESCP-S3, the codebook the project ships. The survey's profile
    (``incoming/<survey>/survey.yaml``, else the shipped one) adds what a ``.lss`` cannot say.
    Stored as ``warehouse/questionnaires/<survey>/<round>.yaml``. Metadata: the source file and its
    SHA-256, the question count, the questions left out of the analysis (types the project does not
    analyse), and the changes since the survey's previous round. A ``.lss`` or ``survey.yaml`` that
    cannot be used fails this round only, naming the file and what to do.
    """
    from escp_pipeline.analysis.questionnaire_rounds import changes_since_previous_round
    from escp_pipeline.contract.round_questionnaire import questionnaire_for_round

    survey_round = SurveyRound.from_partition_key(context.partition_key)
    survey_dir = data_dir.incoming / survey_round.survey
    try:
        chosen = questionnaire_for_round(survey_dir, survey_round.round)
    except CodebookError as error:  # QuestionnaireError, ProfileError
        raise dg.Failure(description=str(error), metadata={"folder": str(survey_dir)}) from error
    try:
        previous, changes = changes_since_previous_round(
            survey_dir,
            survey_round.round,
            survey_rounds_of(context.instance, survey_round.survey),
            chosen.codebook,
        )
    except CodebookError as error:  # the previous round's questionnaire: not this round's fault
        context.log.warning(str(error))
        previous, changes = None, None
        unavailable = f"not available: {error}"
    codebook = chosen.codebook
    metadata: dict[str, object] = {
        "source": dg.MetadataValue.path(str(chosen.source)),
        "source_kind": "survey structure export (.lss)" if chosen.sha256 else "shipped codebook",
        "sha256": chosen.sha256 or "none (shipped codebook)",
        "profile": str(chosen.profile_source) if chosen.profile_source else "none",
        "questions": len(codebook.questions),
        "multiple_choice_questions": len(codebook.multiple_choice_questions),
        "unsupported_questions": dg.MetadataValue.md(
            "\n".join(f"- {warning}" for warning in chosen.warnings) or "none"
        ),
    }
    if changes is None:
        metadata["changes"] = dg.MetadataValue.md(unavailable)
    else:
        shown = changes.drop(columns=["survey", "round", "previous_round"])
        metadata["previous_round"] = previous or "none (the survey's first round)"
        metadata["changes_since_previous_round"] = len(changes)
        metadata["changes"] = dg.MetadataValue.md(
            markdown_table(shown, max_rows=60) if previous else "first round: nothing to compare"
        )
    return dg.Output(codebook, metadata=metadata)


@dg.asset_check(
    asset=questionnaire,
    name="partnerships_are_in_the_registry",
    blocking=False,
    partitions_def=survey_rounds,
    description="WARN only: partnership codes of the round's questionnaire that the partnership "
    "registry lacks (new partnerships, named by their questionnaire label), and codes whose "
    "questionnaire label is neither the registry's name for the code nor one of its aliases.",
)
def partnerships_are_in_the_registry(questionnaire: Codebook) -> dg.AssetCheckResult:
    """List new partnerships and label mismatches; never stops the round."""
    from escp_pipeline.analysis.questionnaire_rounds import partnership_findings
    from escp_pipeline.contract.registry import load_registry

    findings = partnership_findings(questionnaire, load_registry())
    new = [f for f in findings if f.problem == "not_in_registry"]
    renamed = [f for f in findings if f.problem == "label_differs"]
    return dg.AssetCheckResult(
        passed=not findings,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{len(new)} partnership(s) not in the partnership registry, "
            f"{len(renamed)} labelled otherwise than in the registry"
            if findings
            else "every partnership of the questionnaire is in the registry under its name"
        ),
        metadata={
            "not_in_registry": dg.MetadataValue.md(
                "\n".join(f"- {f.message()}" for f in new) or "none"
            ),
            "label_differs": dg.MetadataValue.md(
                "\n".join(f"- {f.message()}" for f in renamed) or "none"
            ),
            "new_partnership_codes": ", ".join(f.code for f in new) or "none",
        },
    )
