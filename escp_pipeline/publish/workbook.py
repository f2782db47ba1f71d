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
    The workbook is streamed (openpyxl's write-only mode: each row is written as it is added, no
    cell objects kept), so its cost follows the rows, not the rows times the cells kept in memory.
    The file is written next to its destination and moved into place, so a reader never opens half a
    workbook.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    header_font = Font(bold=True, color=HEADER_FONT)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_alignment = Alignment(vertical="center")

    def header(sheet: Any, names: list[str]) -> list[Any]:
        cells = []
        for name in names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font, cell.fill, cell.alignment = header_font, header_fill, header_alignment
            cells.append(cell)
        return cells

    about = workbook.create_sheet(ABOUT_SHEET)
    about_rows = [
        [name, TABLE_ROWS.get(name, ""), len(frame), ", ".join(str(c) for c in frame.columns)]
        for name, frame in tables.items()
    ]
    for index, width in enumerate((24, 70, 8, 90), start=1):
        about.column_dimensions[get_column_letter(index)].width = width
    about.freeze_panes = "A2"
    about.auto_filter.ref = f"A1:D{len(about_rows) + 1}"
    about.append(header(about, ["sheet", "one row per", "rows", "columns"]))
    for row in about_rows:
        about.append(row)

    for name, frame in tables.items():
        sheet = workbook.create_sheet(title=name[:31])
        columns = [str(c) for c in frame.columns]
        values = frame.astype(object).to_numpy().tolist() if len(frame) else []
        formats: dict[int, str] = {}
        for index, column in enumerate(columns):
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = _width([r[index] for r in values], column)
            dtype = frame[frame.columns[index]].dtype
            if pd.api.types.is_float_dtype(dtype):
                # p- and q-values are read against 0.05 and can be tiny: one more decimal
                formats[index] = "0.0000" if column.endswith(("p_value", "q_value")) else "0.000"
            elif pd.api.types.is_datetime64_any_dtype(dtype):
                formats[index] = "yyyy-mm-dd hh:mm:ss"
        sheet.freeze_panes = "A2"
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(frame) + 1)}"
        sheet.append(header(sheet, columns))
        for row in values:
            cells = [_cell(v) for v in row]
            for index, number_format in formats.items():
                cell = WriteOnlyCell(sheet, value=cells[index])
                cell.number_format = number_format
                cells[index] = cell
            sheet.append(cells)
    from escp_pipeline.storage.output_files import write_atomically

    return write_atomically(path, workbook.save)
