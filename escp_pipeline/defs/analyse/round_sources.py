"""``round_sources``: the export file, questionnaire and Dagster run behind each round's numbers."""

from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from escp_pipeline.analysis.provenance import Questionnaire, display_path, round_source
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_reader import ExportSource
from escp_pipeline.defs.analyse.common import table_metadata
from escp_pipeline.defs.table_assets import table_asset
from escp_pipeline.storage.resources import DataDir
from escp_pipeline.validation.contact_answers import contact_answer_questions


@table_asset()
def round_sources(
    context: dg.AssetExecutionContext,
    data_dir: DataDir,
    raw_survey_export: ExportSource,
    core_responses: pd.DataFrame,
    questionnaire: Codebook,
) -> dg.Output[pd.DataFrame]:
    """Provenance of one round: input file, its SHA-256, rows read and counted, questionnaire, run.

    ``file`` is the drop's path below ``incoming/``; ``rows_read`` every response of the export,
    ``rows_counted`` the complete, not superseded answers the tables count; ``questionnaire`` the
    questionnaire the round was read with (``survey structure escp-4i/2020-r3.lss``, the round's own
    or the latest earlier ``.lss`` of the survey, else the codebook the project ships for the
    survey) and its SHA-256; ``withheld_questions`` the text questions of a survey the project does
    not ship left out because their answers hold e-mail addresses or phone numbers (the report's
    data-quality chapter names them); ``run_id`` the Dagster run that built the round. The report's
    footer and the workbook's ``sources`` sheet list these rows, so every number can be traced to
    its export. Written to ``warehouse/tables/round_sources.parquet`` (every processed round).
    """
    survey_round = SurveyRound.from_partition_key(context.partition_key)
    table = round_source(
        survey=survey_round.survey,
        round_=survey_round.round,
        file=display_path(raw_survey_export.path, data_dir.incoming),
        sha256=raw_survey_export.sha256,
        size_bytes=raw_survey_export.size_bytes,
        core=core_responses,
        questionnaire=Questionnaire.of_round(
            data_dir.incoming / survey_round.survey, survey_round.round, data_dir.incoming
        ),
        run_id=context.run_id,
        built_at=datetime.now(UTC),
        withheld=contact_answer_questions(core_responses, questionnaire),
    )
    row = table.iloc[0]
    return dg.Output(
        table,
        metadata=table_metadata(
            "round_sources",
            table,
            table.drop(columns=["questionnaire_sha256"]),
            file=str(row["file"]),
            sha256=str(row["sha256"]),
            rows_read=int(row["rows_read"]),
            rows_counted=int(row["rows_counted"]),
        ),
    )
