"""The progress report (HTML and Word, built once) and the analyst workbook (Excel) as assets."""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

from escp_pipeline.catalogue.tables import ANALYST_TABLES, REPORT_TABLES
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.defs.automation import CROSS_ROUND_REFRESH
from escp_pipeline.defs.publish.common import GROUP, figure_store
from escp_pipeline.defs.publish.figures import figure_asset_keys
from escp_pipeline.storage.resources import DataDir

REPORT_FILE = "escp-progress-report.html"
DOCX_FILE = "escp-progress-report.docx"
WORKBOOK_FILE = "escp-analyst-tables.xlsx"


REPORT_DESCRIPTION = """The progress report as one self-contained HTML file.

Written to ``report/escp-progress-report.html``. It follows the seed report's chapters 2-5 for
the newest round of each survey: per question the
figure and sentences written from the data, the comparison with the previous round, Table 1
(agreements) and Table 2 (collaborations, with the network), the targeted third countries; then
a chapter of its own (S1, S2, ...) for each survey the outline does not know, titled from its
``.lss``, one section per multiple-choice question in questionnaire order; then the other
multiple-choice questions, data quality (incomplete and superseded responses, strands answered
against the registry, partners outside the registry, the seed report's claims the data does not
reproduce and why, the changes to each round's questionnaire, the partnership registry, the
questions left out as personal data and why, how many of each programme's partnerships answered
each round) and
a method note; then the annexes "Partnerships across rounds" and "What respondents wrote". The
footer lists each round's input file, SHA-256, rows read and counted, questionnaire and run.
Question texts are each round's own (the ``questionnaire`` asset). Figures are embedded as PNG
data URIs (the figure assets' files are reused when drawn from the
same data); the file loads nothing from elsewhere and opens without a network.
"""

DOCX_DESCRIPTION = """The progress report as a Word document: ``report/escp-progress-report.docx``.

The same content as the HTML report, computed once in the same step and rendered with
python-docx: a title page, the chapters as headings, the sentences written from the data, every
figure as a PNG with its caption and alt text, the tables as Word tables, the method note, the
annexes and the sources, and the data of every figure in an annex. Authors edit it into the
deliverable, as the seed report was made.
"""


def _report_spec(name: str, description: str, kinds: set[str]) -> dg.AssetSpec:
    """One file of the progress report: read from the same tables and figure files."""
    return dg.AssetSpec(
        name,
        description=description,
        group_name=GROUP,
        kinds=kinds,
        automation_condition=CROSS_ROUND_REFRESH,
        deps=[*REPORT_TABLES, "questionnaire", *figure_asset_keys()],
    )


@dg.multi_asset(
    specs=[
        _report_spec("progress_report", REPORT_DESCRIPTION, {"html", "jinja"}),
        _report_spec("progress_report_docx", DOCX_DESCRIPTION, {"word", "python"}),
    ],
    can_subset=False,
)
def progress_report(
    context: dg.AssetExecutionContext,
    data_dir: DataDir,
    option_counts: pd.DataFrame,
    round_comparison: pd.DataFrame,
    cooperation_agreements: pd.DataFrame,
    agreements_by_round: pd.DataFrame,
    escp_collaborations: pd.DataFrame,
    country_mentions: pd.DataFrame,
    respondents: pd.DataFrame,
    report_claims: pd.DataFrame,
    partnership_rounds: pd.DataFrame,
    free_text_answers: pd.DataFrame,
    round_sources: pd.DataFrame,
    questionnaire_changes: pd.DataFrame,
    questionnaire: dict[str, Codebook],
) -> Iterator[dg.MaterializeResult]:
    """The progress report, built once and written as HTML and as a Word document."""
    from escp_pipeline.publish.data import AnalystTables, questionnaires_by_round
    from escp_pipeline.publish.render_docx import write_docx
    from escp_pipeline.publish.report import build_report
    from escp_pipeline.publish.report_model import write_report

    tables = AnalystTables(
        option_counts=option_counts,
        round_comparison=round_comparison,
        cooperation_agreements=cooperation_agreements,
        agreements_by_round=agreements_by_round,
        escp_collaborations=escp_collaborations,
        country_mentions=country_mentions,
        respondents=respondents,
        report_claims=report_claims,
        partnership_rounds=partnership_rounds,
        free_text_answers=free_text_answers,
        round_sources=round_sources,
        questionnaire_changes=questionnaire_changes,
        questionnaires=questionnaires_by_round(questionnaire),
    )
    report = build_report(tables, figure_store(data_dir).png_for, run_id=context.run_id)
    covers = dg.MetadataValue.md("\n".join(f"- {line}" for line in report.coverage))
    html = write_report(report, data_dir.report / REPORT_FILE)
    yield dg.MaterializeResult(
        asset_key="progress_report",
        metadata={
            "path": dg.MetadataValue.path(str(html)),
            "preview": dg.MetadataValue.md(report.markdown_preview()),
            "figures": len(report.figures()),
            "sentences": len(report.sentences()),
            "size_kib": round(html.stat().st_size / 1024),
            "covers": covers,
        },
    )
    docx = write_docx(report, data_dir.report / DOCX_FILE)
    sections = report.sections()
    yield dg.MaterializeResult(
        asset_key="progress_report_docx",
        metadata={
            "path": dg.MetadataValue.path(str(docx)),
            "headings": len(sections),
            "figures": len(report.figures()),
            "tables": sum(len(s.tables) + (s.details is not None) for s in sections),
            "size_kib": round(docx.stat().st_size / 1024),
            "covers": covers,
        },
    )


@dg.asset(
    group_name=GROUP,
    kinds={"excel", "openpyxl"},
    automation_condition=CROSS_ROUND_REFRESH,
    ins={name: dg.AssetIn(name) for name in ANALYST_TABLES},
)
def analyst_workbook(
    context: dg.AssetExecutionContext, data_dir: DataDir, **analyst_tables: pd.DataFrame
) -> dg.MaterializeResult:
    """Every analyst table in one Excel workbook: ``warehouse/report/escp-analyst-tables.xlsx``.

    For analysts who work in spreadsheets: one sheet per table (every processed round), the header
    formatted and frozen, filters on, and an ``about`` sheet listing what one row of each sheet is.
    The ``sources`` sheet says where the numbers came from: each round's input file, SHA-256, rows
    read and counted, questionnaire and the run that built the round, and the run that wrote the
    workbook. The Parquet files in ``warehouse/tables/`` remain the reference; this is a copy.
    """
    from escp_pipeline.publish.workbook import workbook_sheets, write_workbook

    tables = workbook_sheets(analyst_tables, context.run_id)
    path = write_workbook(tables, data_dir.report / WORKBOOK_FILE)
    rows = "\n".join(f"| {name} | {len(frame)} |" for name, frame in tables.items())
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "sheets": dg.MetadataValue.md("| sheet | rows |\n| --- | --- |\n" + rows),
            "size_kib": round(path.stat().st_size / 1024),
        }
    )
