"""``questionnaire_changes``: what changed in a round's questionnaire since the previous round."""

import dagster as dg
import pandas as pd

from escp_pipeline.contract.codebook import Codebook, CodebookError
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.defs.analyse.common import counts_by, table_metadata
from escp_pipeline.defs.ingest.questionnaire import survey_rounds_of
from escp_pipeline.defs.table_assets import table_asset
from escp_pipeline.storage.resources import DataDir


@table_asset()
def questionnaire_changes(
    context: dg.AssetExecutionContext, data_dir: DataDir, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """One row per difference between a round's questionnaire and the survey's previous round's.

    Columns ``survey``, ``round``, ``previous_round``, ``question``, ``option`` (``""`` for a change
    of the question itself, ``other`` for the "Other" field), ``change`` (``question_added``,
    ``question_removed``, ``question_reworded``, ``question_type_changed``, ``option_added``,
    ``option_removed``, ``option_reworded``), ``previous_text`` and ``text`` (plain text: markup and
    spacing alone are no change). Options are the subquestions of multiple-choice questions, the
    answers of single-choice questions, and ``other``; a question added or removed is one row. The
    previous round is the latest earlier round of the survey the pipeline knows; a survey's first
    round has no rows. Written to ``warehouse/tables/questionnaire_changes.parquet``; materializing
    one round replaces that round's rows only.
    """
    from escp_pipeline.analysis.questionnaire_rounds import changes_since_previous_round

    survey_round = SurveyRound.from_partition_key(context.partition_key)
    survey_dir = data_dir.incoming / survey_round.survey
    try:
        previous, table = changes_since_previous_round(
            survey_dir,
            survey_round.round,
            survey_rounds_of(context.instance, survey_round.survey),
            questionnaire,
        )
    except CodebookError as error:
        raise dg.Failure(description=str(error), metadata={"folder": str(survey_dir)}) from error
    preview = table.drop(columns=["survey", "round"])
    return dg.Output(
        table,
        metadata=table_metadata(
            "questionnaire_changes",
            table,
            preview,
            previous_round=previous or "none (the survey's first round)",
            changes_by_kind=counts_by(table, ["change"], "rows"),
        ),
    )
