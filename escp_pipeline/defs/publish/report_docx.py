"""The progress report as a Word document, beside the HTML, for the authors to edit."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from escp_pipeline.defs.automation import CROSS_ROUND_REFRESH
from escp_pipeline.defs.publish.common import GROUP, figure_store
from escp_pipeline.defs.publish.figures import figure_asset_keys
from escp_pipeline.resources import DataDir

DOCX_FILE = "escp-progress-report.docx"


@dg.asset(
    group_name=GROUP,
    kinds={"word", "python"},
    automation_condition=CROSS_ROUND_REFRESH,
    deps=figure_asset_keys(),
)
def progress_report_docx(
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
    """The progress report as a Word document: ``report/escp-progress-report.docx``.

    The same content as the HTML report (built from the same analyst tables by the same code, then
    rendered with python-docx): a title page, the chapters as headings, the sentences written from
    the data, every figure as a PNG with its caption and alt text, the tables as Word tables, the
    method note, and the data of every figure in an annex. Authors edit it into the deliverable, as
    the seed report was made.
    """
    from escp_pipeline.publish.data import AnalystTables
    from escp_pipeline.publish.render_docx import write_docx
    from escp_pipeline.publish.report import build_report

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
    path = write_docx(report, data_dir.report / DOCX_FILE)
    sections = report.sections()
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "headings": len(sections),
            "figures": len(report.figures()),
            "tables": sum(len(s.tables) + (s.details is not None) for s in sections),
            "size_kib": round(path.stat().st_size / 1024),
            "covers": dg.MetadataValue.md("\n".join(f"- {line}" for line in report.coverage)),
        }
    )
