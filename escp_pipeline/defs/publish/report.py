"""The progress report (HTML) and the analyst workbook (Excel) as assets."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from escp_pipeline.defs.automation import CROSS_ROUND_REFRESH
from escp_pipeline.defs.publish.common import GROUP, figure_store
from escp_pipeline.defs.publish.figures import figure_asset_keys
from escp_pipeline.resources import DataDir

REPORT_FILE = "escp-progress-report.html"
WORKBOOK_FILE = "escp-analyst-tables.xlsx"


@dg.asset(
    group_name=GROUP,
    kinds={"html", "jinja"},
    automation_condition=CROSS_ROUND_REFRESH,
    deps=figure_asset_keys(),
)
def progress_report(
    data_dir: DataDir,
    option_counts: pd.DataFrame,
    round_comparison: pd.DataFrame,
    cooperation_agreements: pd.DataFrame,
    agreements_by_round: pd.DataFrame,
    escp_collaborations: pd.DataFrame,
    country_mentions: pd.DataFrame,
    respondents: pd.DataFrame,
    report_claims: pd.DataFrame,
) -> dg.MaterializeResult:
    """The progress report, one self-contained HTML file: ``report/escp-progress-report.html``.

    Follows the seed report's chapters 2-5 for the newest round of each survey: per question the
    figure and sentences written from the data, the comparison with the previous round, Table 1
    (agreements) and Table 2 (collaborations, with the network), the targeted third countries; then
    the other multiple-choice questions, data quality (incomplete and superseded responses, strands
    answered against the registry, partners outside the registry, the seed report's claims the data
    does not reproduce and why) and a method note. Figures are embedded as PNG data URIs (the
    figure assets' files are reused when drawn from the same data); the file loads nothing from
    elsewhere and opens without a network.
    """
    from escp_pipeline.publish.data import AnalystTables
    from escp_pipeline.publish.report import build_report, write_report

    tables = AnalystTables(
        option_counts=option_counts,
        round_comparison=round_comparison,
        cooperation_agreements=cooperation_agreements,
        agreements_by_round=agreements_by_round,
        escp_collaborations=escp_collaborations,
        country_mentions=country_mentions,
        respondents=respondents,
        report_claims=report_claims,
    )
    report = build_report(tables, figure_store(data_dir).png_for)
    path = write_report(report, data_dir.report / REPORT_FILE)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "preview": dg.MetadataValue.md(report.markdown_preview()),
            "figures": len(report.figures()),
            "sentences": len(report.sentences()),
            "size_kib": round(path.stat().st_size / 1024),
            "covers": dg.MetadataValue.md("\n".join(f"- {line}" for line in report.coverage)),
        }
    )


@dg.asset(group_name=GROUP, kinds={"excel", "openpyxl"}, automation_condition=CROSS_ROUND_REFRESH)
def analyst_workbook(
    data_dir: DataDir,
    respondents: pd.DataFrame,
    option_counts: pd.DataFrame,
    round_comparison: pd.DataFrame,
    questionnaire_changes: pd.DataFrame,
    cooperation_agreements: pd.DataFrame,
    agreements_by_round: pd.DataFrame,
    escp_collaborations: pd.DataFrame,
    country_mentions: pd.DataFrame,
    report_claims: pd.DataFrame,
) -> dg.MaterializeResult:
    """Every analyst table in one Excel workbook: ``warehouse/report/escp-analyst-tables.xlsx``.

    For analysts who work in spreadsheets: one sheet per table (every processed round), the header
    formatted and frozen, filters on, and an ``about`` sheet listing what one row of each sheet is.
    The Parquet files in ``warehouse/tables/`` remain the reference; this is a copy.
    """
    from escp_pipeline.publish.workbook import write_workbook

    tables = {
        "respondents": respondents,
        "option_counts": option_counts,
        "round_comparison": round_comparison,
        "questionnaire_changes": questionnaire_changes,
        "cooperation_agreements": cooperation_agreements,
        "agreements_by_round": agreements_by_round,
        "escp_collaborations": escp_collaborations,
        "country_mentions": country_mentions,
        "report_claims": report_claims,
    }
    path = write_workbook(tables, data_dir.report / WORKBOOK_FILE)
    rows = "\n".join(f"| {name} | {len(frame)} |" for name, frame in tables.items())
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "sheets": dg.MetadataValue.md("| sheet | rows |\n| --- | --- |\n" + rows),
            "size_kib": round(path.stat().st_size / 1024),
        }
    )
