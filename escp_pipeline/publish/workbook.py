"""The analyst tables as one Excel workbook, for analysts who live in spreadsheets.

One sheet per table (named as the table), a formatted header row that stays in view (frozen) with
filters on, column widths fitted to the content, and a first sheet ``about`` that says what each
sheet holds and how many rows it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from escp_pipeline.catalogue.tables import ANALYST_TABLES, TABLES

#: Sheets that show a catalogue table under another name.
SHEET_TABLES: dict[str, str] = {"sources": "round_sources"}
#: What one row of each sheet is (the catalogue's ``one_row_per``), for the ``about`` sheet.
TABLE_ROWS: dict[str, str] = {
    **{n: TABLES[n].one_row_per for n in ANALYST_TABLES if n not in SHEET_TABLES.values()},
    **{sheet: TABLES[table].one_row_per for sheet, table in SHEET_TABLES.items()},
}

HEADER_FILL = "1F4E79"
HEADER_FONT = "FFFFFF"
MAX_COLUMN_WIDTH = 60
ABOUT_SHEET = "about"


def workbook_sheets(tables: Mapping[str, pd.DataFrame], run_id: str) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in the catalogue's order.

    The workbook's sheets in the catalogue's order: every analyst table under its name, and
    ``round_sources`` as the ``sources`` sheet with the run that writes the workbook.
    """
    from escp_pipeline.publish.sources import sources_sheet

    sheets = {}
    for name in ANALYST_TABLES:
        sheet = next((s for s, table in SHEET_TABLES.items() if table == name), name)
        frame = tables[name]
        sheets[sheet] = sources_sheet(frame, run_id) if sheet == "sources" else frame
    return sheets


def _cell(value: Any) -> Any:
    """A value openpyxl can store: no pandas missing values, no time zones."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        return value.tz_convert(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _width(values: list[Any], header: str) -> float:
    longest = max([len(header), *(len(str(v)) for v in values[:2000] if v is not None)])
    return min(MAX_COLUMN_WIDTH, longest + 2)


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write ``tables`` (name -> frame) to ``path`` as an .xlsx workbook; returns the path.

    Sheet names are the table names (Excel allows 31 characters); an empty table gets its header.
    The file is written next to its destination and moved into place, so a reader never opens half a
    workbook.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    about = workbook.active
    about.title = ABOUT_SHEET
    about.append(["sheet", "one row per", "rows", "columns"])
    header_font = Font(bold=True, color=HEADER_FONT)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for name, frame in tables.items():
        sheet = workbook.create_sheet(title=name[:31])
        columns = [str(c) for c in frame.columns]
        sheet.append(columns)
        values = frame.astype(object).to_numpy().tolist() if len(frame) else []
        for row in values:
            sheet.append([_cell(v) for v in row])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="center")
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = _width([r[index - 1] for r in values], column)
            if pd.api.types.is_float_dtype(frame[frame.columns[index - 1]]):
                # p- and q-values are read against 0.05 and can be tiny: one more decimal
                fine = column.endswith(("p_value", "q_value"))
                for (number_cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    number_cell.number_format = "0.0000" if fine else "0.000"
            if pd.api.types.is_datetime64_any_dtype(frame[frame.columns[index - 1]]):
                for (date_cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    date_cell.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.freeze_panes = "A2"
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(frame) + 1)}"
        about.append([name, TABLE_ROWS.get(name, ""), len(frame), ", ".join(columns)])
    for index, width in enumerate((24, 70, 8, 90), start=1):
        about.column_dimensions[get_column_letter(index)].width = width
    for cell in about[1]:
        cell.font = header_font
        cell.fill = header_fill
    about.freeze_panes = "A2"
    about.auto_filter.ref = f"A1:D{about.max_row}"
    from escp_pipeline.storage.output_files import write_atomically

    return write_atomically(path, workbook.save)
