"""Read the cells of LimeSurvey's Excel (.xlsx) response export as text.

What belongs here: turning the first sheet of an ``.xlsx`` export into a header and a frame of text
cells, the way LimeSurvey 6.4.2 writes them (``docs/limesurvey-exports.md``): numbers are typed
cells (``2``, ``12.5``), missing values are absent cells, and the API export writes an answer that
starts with ``=`` as a **formula with no cached value** (``<f>=3 joint missions</f>``). Such a cell
is read as its formula text, never as empty: reading cached values only (openpyxl's
``data_only=True``, what pandas does) would silently lose the answer. What does not belong here:
mapping headings to columns or checking values (``export_reader``, ``headings``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TEXT_DTYPE = "str"


@dataclass(frozen=True)
class ExcelCells:
    """The first sheet of a workbook: its header, its rows as text, and what is worth noting."""

    headings: list[str]
    frame: pd.DataFrame
    notes: tuple[str, ...]
    row_too_long: int | None = None


def cell_text(value: object, data_type: str | None) -> str | None:
    """A cell as the text LimeSurvey exported: formulas as their text, whole numbers without ``.0``.

    openpyxl returns a formula as ``"=" + <f> text``. LimeSurvey puts the whole answer, its own
    leading ``=`` included, in ``<f>`` (``==3 joint missions`` from openpyxl): the answer is the
    ``<f>`` text. A spreadsheet program stores ``=x`` as ``<f>x</f>``: the answer is ``=x``.
    """
    if value is None:
        return None
    if data_type == "f" and isinstance(value, str):
        return value[1:] if value.startswith("==") else value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text != "" else None


def read_first_sheet(file: Path) -> ExcelCells:
    """The first sheet's cells as text; formula cells read as their formula text.

    Raises:
        Exception: whatever openpyxl raises for a file that is not a readable workbook (the caller
            turns it into an ``ExportError``).
    """
    from openpyxl import load_workbook  # heavy: only when an Excel export is read

    notes: list[str] = []
    workbook = load_workbook(file, read_only=True, data_only=False)
    try:
        if len(workbook.sheetnames) > 1:
            notes.append(
                f"the workbook has {len(workbook.sheetnames)} sheets; read the first, "
                f"{workbook.sheetnames[0]!r}"
            )
        rows: list[list[str | None]] = []
        formulas = 0
        for row in workbook.worksheets[0].iter_rows():
            texts: list[str | None] = []
            for cell in row:
                data_type = getattr(cell, "data_type", None)
                formulas += data_type == "f"
                texts.append(cell_text(getattr(cell, "value", None), data_type))
            rows.append(texts)
    finally:
        workbook.close()
    while rows and not any(value is not None for value in rows[-1]):
        rows.pop()
    if not rows:
        return ExcelCells([], pd.DataFrame(), tuple(notes))
    header = rows[0]
    while header and header[-1] is None:
        header.pop()
    width = len(header)
    body: list[list[str | None]] = []
    too_long = None
    for number, row in enumerate(rows[1:], start=2):
        if any(value is not None for value in row[width:]) and too_long is None:
            too_long = number
        body.append((row + [None] * width)[:width])
    if formulas:
        notes.append(
            f"{formulas} cell(s) stored as formulas without a value (LimeSurvey's API writes an "
            "answer that starts with '=' so) read as their text"
        )
    headings = ["" if value is None else value for value in header]
    positions = [str(index) for index in range(width)]
    frame = pd.DataFrame(body, columns=positions, dtype=object).astype(TEXT_DTYPE)
    return ExcelCells(headings, frame, tuple(notes), too_long)
