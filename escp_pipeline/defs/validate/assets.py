"""``core_responses``: the typed, de-identified responses of one survey round."""

import dagster as dg
import pandas as pd

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_errors import ExportError
from escp_pipeline.contract.export_reader import ExportSource, read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.defs.metadata import markdown_table, table_schema
from escp_pipeline.defs.table_assets import table_asset
from escp_pipeline.validation.clean import build_core_table


@table_asset()
def core_responses(
    context: dg.AssetExecutionContext, raw_survey_export: ExportSource, questionnaire: Codebook
) -> dg.Output[pd.DataFrame]:
    """Validated core table of one survey round: one typed row per response, no personal data.

    Read and typed with the round's own questionnaire (the ``questionnaire`` asset: its ``.lss``,
    else the latest earlier one, else the shipped codebook). Each questionnaire column gets its type
    (checkboxes bool, yes/no boolean, numbers float, codes and texts string); each response is
    marked ``complete``, ``incomplete`` (no submit date) or ``superseded`` (an earlier complete
    answer of a partnership that answered again; the latest by submit date, then id, counts);
    partnership name and strand are attached. A code of the questionnaire's partnership question
    that the registry lacks, or names otherwise, counts under its questionnaire label. Contact
    person, email, ``token``, ``ipaddr`` and ``refurl`` are dropped here and never passed on; the
    consent answer stays as a yes/no. E-mail addresses and phone numbers written inside free-text
    answers are replaced by ``[email]`` and ``[phone]`` (metadata ``masked_emails``,
    ``masked_phones`` count them).

    Stored per survey in ``warehouse/core/core_responses/<survey>.parquet`` (every round of the
    survey in one typed table). The pandera schema of the round's questionnaire runs as a blocking
    check: bad data stops here.
    """
    survey_round = SurveyRound.from_partition_key(context.partition_key)
    codebook = questionnaire
    try:
        export = read_export(raw_survey_export.path, codebook)
        if export.source.sha256 != raw_survey_export.sha256:
            raise dg.Failure(
                description=(
                    f"{raw_survey_export.path} changed since raw_survey_export was materialized: "
                    f"materialize raw_survey_export[{context.partition_key}] again"
                )
            )
        core = build_core_table(export, codebook, load_registry(), survey_round)
    except ExportError as error:
        raise dg.Failure(description=str(error)) from error

    responses = core.responses
    statuses = responses["status"].value_counts()
    metadata: dict[str, object] = {
        "dagster/row_count": len(responses),
        "dagster/column_schema": table_schema(responses, "core_responses"),
        "complete": int(statuses.get("complete", 0)),
        "incomplete": int(statuses.get("incomplete", 0)),
        "superseded": int(statuses.get("superseded", 0)),
        "superseded_responses": dg.MetadataValue.md(markdown_table(core.superseded)),
        "strand_disagreements": dg.MetadataValue.md(markdown_table(core.strand_disagreements)),
        "notes": dg.MetadataValue.md("\n".join(f"- {n}" for n in core.notes) or "none"),
        # how many were masked inside free text, never what
        "masked_emails": core.masked.emails,
        "masked_phones": core.masked.phones,
    }
    if survey_round.survey == "escp-4i":
        complete = responses[responses["status"] == "complete"]
        for strand, count in complete["strand"].value_counts().sort_index().items():
            metadata[f"complete_{strand}"] = int(count)
    return dg.Output(responses, metadata=metadata)
