"""``raw_survey_export``: the survey drop of one round, read and checked against the contract."""

import dagster as dg

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound, list_drops
from escp_pipeline.contract.export_errors import ExportError
from escp_pipeline.contract.export_reader import ExportSource, read_export
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.storage.resources import DataDir


@dg.asset(
    partitions_def=survey_rounds,
    group_name="ingest",
    kinds={"csv", "limesurvey"},
    metadata={"contract": "shared contract README: LimeSurvey export, Question code headings"},
)
def raw_survey_export(
    context: dg.AssetExecutionContext, data_dir: DataDir, questionnaire: Codebook
) -> ExportSource:
    """The LimeSurvey export of one survey round, as it was dropped in ``incoming/<survey>/``.

    Reads the current file of the round (the most recent one where a re-export sits beside an
    earlier file) with the contract's reader: encoding, separator, headings and answer settings are
    checked, every column of the round's questionnaire (the ``questionnaire`` asset) must be there,
    and nothing is typed yet. The input file is never modified. What is stored is the file's
    identity (path, SHA-256, size, format), not its content: the content holds personal data, which
    only the validated layer may see and which it drops.
    """
    survey_round = SurveyRound.from_partition_key(context.partition_key)
    drops, _ = list_drops(data_dir.incoming)
    drop = drops.get(context.partition_key)
    if drop is None:
        raise dg.Failure(
            description=(
                f"no export for {context.partition_key} in {data_dir.incoming}: drop it as "
                f"incoming/{survey_round.survey}/{survey_round.round}.csv (or .xlsx, .json)"
            )
        )
    try:
        export = read_export(drop.path, questionnaire)
    except ExportError as error:
        raise dg.Failure(description=str(error), metadata={"file": str(drop.path)}) from error
    source = export.source
    context.add_output_metadata(
        {
            "file": dg.MetadataValue.path(str(source.path)),
            "sha256": source.sha256,
            "size_bytes": source.size_bytes,
            "format": source.format,
            "encoding": str(source.encoding),
            "delimiter": repr(source.delimiter),
            "responses": len(export.responses),
            "extra_columns": ", ".join(export.extra_columns) or "none",
            "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in export.notes) or "none"),
        }
    )
    return source
