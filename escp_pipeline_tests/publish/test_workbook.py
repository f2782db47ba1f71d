"""The Excel workbook of the analyst tables: one sheet each, formatted header, filters, frozen."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from escp_pipeline.publish.workbook import ABOUT_SHEET, write_workbook
from escp_pipeline_tests.publish.frames import report_like_tables


def test_one_sheet_per_table_with_header_filters_and_frozen_row(tmp_path: Path) -> None:
    tables = report_like_tables()
    respondents = tables["respondents"].copy()
    respondents["submitted_at"] = respondents["submitted_at"].dt.tz_localize("UTC")
    tables["respondents"] = respondents
    tables["empty_table"] = pd.DataFrame(columns=["survey", "round"])
    path = write_workbook(tables, tmp_path / "report" / "escp-analyst-tables.xlsx")

    workbook = load_workbook(path)
    assert workbook.sheetnames == [ABOUT_SHEET, *tables]
    for name, frame in tables.items():
        sheet = workbook[name]
        header = [cell.value for cell in sheet[1]]
        assert header == list(frame.columns)
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet[1][0].fill.fgColor.rgb.endswith("1F4E79")
        assert sheet.freeze_panes == "A2"
        last = sheet.cell(row=1, column=len(header)).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{max(1, len(frame) + 1)}"
        assert sheet.max_row == len(frame) + 1
    counts = workbook["option_counts"]
    first = tables["option_counts"].iloc[0]
    assert [c.value for c in counts[2]][:8] == [
        first["survey"], first["round"], first["question"], first["option"], first["label"],
        first["strand"], first["respondents"], first["selected"],
    ]  # fmt: skip
    share = list(tables["option_counts"].columns).index("share") + 1
    assert counts.cell(row=2, column=share).number_format == "0.000"
    assert counts.cell(row=1, column=share).number_format == "General"  # the header is text
    comparison = workbook["round_comparison"]
    p_value = list(tables["round_comparison"].columns).index("p_value") + 1
    assert comparison.cell(row=2, column=p_value).number_format == "0.0000"
    # readers that stream the file (openpyxl's read-only mode) learn each sheet's size from it
    streamed = load_workbook(path, read_only=True)
    assert streamed["option_counts"].max_row == len(tables["option_counts"]) + 1
    about = {row[0]: row for row in workbook[ABOUT_SHEET].iter_rows(min_row=2, values_only=True)}
    assert about["option_counts"][2] == len(tables["option_counts"])
    # time zones are dropped (Excel has none), missing times stay empty
    submitted = [row[7] for row in workbook["respondents"].iter_rows(min_row=2, values_only=True)]
    assert any(value is None for value in submitted)
    assert all(value is None or value.tzinfo is None for value in submitted)


def test_sheets_follow_the_catalogue_with_round_sources_as_sources() -> None:
    from escp_pipeline.catalogue.derive import empty_frame
    from escp_pipeline.catalogue.tables import ANALYST_TABLES
    from escp_pipeline.publish.workbook import TABLE_ROWS, workbook_sheets

    tables = {name: empty_frame(name) for name in ANALYST_TABLES}
    sheets = workbook_sheets(tables, run_id="run-1")
    expected = [name for name in ANALYST_TABLES if name != "round_sources"] + ["sources"]
    assert list(sheets) == expected
    assert list(sheets["sources"].columns) == [*tables["round_sources"].columns, "workbook_run_id"]
    assert all(TABLE_ROWS[sheet] for sheet in sheets), "every sheet has its about note"
