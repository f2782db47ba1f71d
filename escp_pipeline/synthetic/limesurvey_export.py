"""Write a response frame as LimeSurvey's own response export (CSV or Excel).

The export settings are those of the data contract: headings "Question code", responses "Answer
codes", completion state "All", all columns. The default CSV is byte for byte what LimeSurvey
writes: UTF-8 with a byte-order mark, comma-separated, every header and value double-quoted with
inner quotes doubled, CRLF record ends, a line break inside a value as LF (LimeSurvey never writes
CR there), a value starting with ``=`` written with a leading ``'``. The keyword arguments produce
the variants the pipeline must cope with (semicolons, no BOM, LF, quoting only where needed,
cp1252).

The CSV writer works on Arrow string arrays with Arrow compute kernels, a chunk of records at a
time, so a million responses of a few hundred columns are written without a Python string per cell.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.export_header import METADATA_COLUMNS

PERSONAL_METADATA_COLUMNS: tuple[str, ...] = ("token", "ipaddr")

_ROWS_PER_CHUNK = 50_000
_STRING = pa.large_string()
_EMPTY = pa.scalar("", _STRING)
_NULL = pa.scalar(None, _STRING)


def export_header(
    codebook: Codebook,
    *,
    include_personal_metadata: bool = True,
    extra_columns: Sequence[str] = (),
) -> list[str]:
    """The header row of an export: metadata columns, every codebook column, then any extras.

    Args:
        codebook: The questionnaire the export belongs to.
        include_personal_metadata: Keep ``token`` and ``ipaddr`` (a survey that is anonymised or
            does not save IP addresses has neither).
        extra_columns: Columns the codebook does not know (timings, participant attributes).
    """
    metadata = [
        column
        for column in METADATA_COLUMNS
        if include_personal_metadata or column not in PERSONAL_METADATA_COLUMNS
    ]
    return [*metadata, *codebook.export_columns(), *extra_columns]


def _arrow_column(responses: pd.DataFrame, column: str) -> pa.ChunkedArray | None:
    """One column of ``responses`` as Arrow large strings, without copying (None if absent)."""
    if column not in responses.columns:
        return None
    values = responses[column]
    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        values = values.astype("str")
    arrow = values.array._pa_array
    arrow = arrow if arrow.type == _STRING else arrow.cast(_STRING)
    if pc.any(pc.match_substring(arrow, "\r")).as_py():
        # LimeSurvey's CsvWriter::csvEscape turns every line break (\R) into \n; its Excel
        # export holds \n too. Only its JSON export keeps a stored \r\n.
        arrow = pc.replace_substring_regex(arrow, "\r\n?", "\n")
    return arrow


def _rows(values: pa.ChunkedArray | None, start: int, length: int) -> pa.Array | None:
    """Rows ``start`` to ``start + length`` of a column as one array (a view when possible)."""
    if values is None:
        return None
    if values.num_chunks == 1:
        return values.chunk(0).slice(start, length)
    return values.slice(start, length).combine_chunks()


def _without_empty(values: pa.Array) -> pa.Array:
    """Empty strings as nulls: LimeSurvey writes both the same way."""
    return pc.if_else(pc.equal(values, _EMPTY), _NULL, values)


def _quote_field(
    values: pa.Array,
    *,
    delimiter: str,
    quote_all: bool,
    empty_as_quotes: bool,
    quote_equations: bool,
) -> pa.Array:
    """Encode every cell of one column as a CSV field (quoted, escaped), without any nulls."""
    values = _without_empty(values)
    if quote_equations:
        equation = pc.fill_null(pc.starts_with(values, "="), False)
        prefixed = pc.binary_join_element_wise(pa.scalar("'", _STRING), values, _EMPTY)
        values = pc.if_else(equation, prefixed, values)
    escaped = pc.replace_substring(values, '"', '""')
    quote = pa.scalar('"', _STRING)
    quoted = pc.binary_join_element_wise(quote, escaped, quote, _EMPTY)
    if not quote_all:
        special = "".join("\\" + char if char in "\\^]-[" else char for char in delimiter)
        needs_quotes = pc.match_substring_regex(values, f'[{special}"\r\n]')
        quoted = pc.if_else(pc.fill_null(needs_quotes, False), quoted, values)
    return pc.fill_null(quoted, pa.scalar('""' if empty_as_quotes else "", _STRING))


def _array_bytes(rows: pa.Array) -> memoryview:
    """The concatenated UTF-8 bytes of a string array without nulls (a view, not a copy)."""
    rows = rows.cast(_STRING)
    _, offsets_buffer, data_buffer = rows.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)
    first, last = int(offsets[rows.offset]), int(offsets[rows.offset + len(rows)])
    return memoryview(data_buffer.slice(first, last - first))


def _records_per_column(
    columns: list[pa.Array | None],
    length: int,
    line_end: str,
    *,
    delimiter: str,
    quote_all: bool,
    empty_as_quotes: bool,
    quote_equations: bool,
) -> memoryview:
    """Encode a chunk of records field by field: handles every combination of options."""
    if length == 0:
        return memoryview(b"")
    fields = [
        _quote_field(
            pa.nulls(length, type=_STRING) if values is None else values,
            delimiter=delimiter,
            quote_all=quote_all,
            empty_as_quotes=empty_as_quotes,
            quote_equations=quote_equations,
        )
        for values in columns
    ]
    rows = pc.binary_join_element_wise(*fields, pa.scalar(delimiter, _STRING))
    rows = pc.binary_join_element_wise(rows, _EMPTY, pa.scalar(line_end, _STRING))
    return _array_bytes(rows)


def _value_bytes(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of a string array and each value's start offset into them (no copy)."""
    _, offsets_buffer, data_buffer = values.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[
        values.offset : values.offset + len(values) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    if data is None or len(offsets) == 0:
        return np.zeros(0, dtype=np.uint8), offsets
    return data[int(offsets[0]) : int(offsets[-1])], offsets - offsets[0]


def _escaped_values(values: pa.Array, *, quote_equations: bool) -> pa.Array:
    """Values with inner quotes doubled and equations prefixed, touching only columns that need it.

    A plain byte scan decides: most columns of an export hold no quote and no ``=`` at all.
    """
    data, offsets = _value_bytes(values)
    if quote_equations and len(data):
        starts = offsets[:-1][offsets[1:] > offsets[:-1]]
        if np.any(data[starts] == ord("=")):
            prefixed = pc.binary_join_element_wise(pa.scalar("'", _STRING), values, _EMPTY)
            equation = pc.fill_null(pc.starts_with(values, "="), False)
            values = pc.if_else(equation, prefixed, values)
    if np.any(data == ord('"')):
        values = pc.replace_substring(values, '"', '""')
    return values


def _records_all_quoted(
    columns: list[pa.Array | None],
    length: int,
    line_end: str,
    *,
    delimiter: str,
    quote_equations: bool,
) -> memoryview:
    """Encode a chunk with every field quoted and missing values as ``""`` (LimeSurvey's own).

    Values are escaped column by column (only where a byte scan finds something to escape), then
    joined into records with the quoted delimiter in one pass.
    """
    if length == 0:
        return memoryview(b"")
    cells = [
        _NULL if values is None else _escaped_values(values, quote_equations=quote_equations)
        for values in columns
    ]
    joined = pc.binary_join_element_wise(
        *cells,
        pa.scalar(f'"{delimiter}"', _STRING),
        null_handling="replace",
        null_replacement="",
    )
    if isinstance(joined, pa.Scalar):
        joined = pa.repeat(joined, length)
    records = pc.binary_join_element_wise(
        pa.scalar('"', _STRING), joined, pa.scalar('"' + line_end, _STRING), _EMPTY
    )
    return _array_bytes(records)


def write_export(
    responses: pd.DataFrame,
    codebook: Codebook,
    path: Path,
    *,
    delimiter: str = ",",
    bom: bool = True,
    encoding: str = "utf-8",
    quote_all: bool = True,
    line_end: str = "\r\n",
    empty_as_quotes: bool = True,
    include_personal_metadata: bool = True,
    quote_equations: bool = True,
    extra_columns: Sequence[str] = (),
    api: bool = False,
) -> Path:
    r"""Write ``responses`` as a LimeSurvey CSV response export.

    Args:
        responses: One row per response; columns named as in the export (metadata and codebook
            columns). Metadata or codebook columns it lacks are written empty; other columns are
            left out unless named in ``extra_columns``. Missing values and empty strings are written
            empty.
        codebook: The questionnaire; gives the columns and their order.
        path: The file to write (its folder is created).
        delimiter: Field separator (LimeSurvey's file export uses ``,``, its API ``;``).
        bom: Start a UTF-8 file with a byte-order mark (ignored for other encodings).
        encoding: Text encoding. Characters a legacy encoding (cp1252) cannot hold become ``?``, as
            when a spreadsheet program re-saves the file.
        quote_all: Quote every header and value (LimeSurvey); False quotes only the fields that
            contain the delimiter, a quote or a line break.
        line_end: Record terminator (a line break inside a value is written as ``\n``).
        empty_as_quotes: Write a missing value as ``""`` (LimeSurvey) rather than as nothing.
        include_personal_metadata: Write the ``token`` and ``ipaddr`` metadata columns.
        quote_equations: Prefix a value that starts with ``=`` with ``'`` (LimeSurvey's "quote
            equations").
        extra_columns: Columns of ``responses`` to append after the codebook columns.
        api: Write it as the RemoteControl API's ``export_responses`` does: ``;``-separated, no
            equation quotes, and one extra empty record at the end (``CsvWriter::close``); overrides
            ``delimiter`` and ``quote_equations``.

    Returns:
        The path written.
    """
    if api:
        delimiter, quote_equations = ";", False
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = export_header(
        codebook, include_personal_metadata=include_personal_metadata, extra_columns=extra_columns
    )
    utf8 = codecs.lookup(encoding).name == "utf-8"

    def encode(text: bytes | memoryview) -> bytes | memoryview:
        if utf8:
            return text
        return bytes(text).decode("utf-8").encode(encoding, errors="replace")

    columns = [_arrow_column(responses, column) for column in header]
    header_fields = _quote_field(
        pa.array(header, type=_STRING),
        delimiter=delimiter,
        quote_all=quote_all,
        empty_as_quotes=empty_as_quotes,
        quote_equations=quote_equations,
    )
    with path.open("wb") as handle:
        if bom and utf8:
            handle.write(codecs.BOM_UTF8)
        handle.write(encode((delimiter.join(header_fields.to_pylist()) + line_end).encode()))
        total = len(responses)
        for start in range(0, total, _ROWS_PER_CHUNK):
            length = min(_ROWS_PER_CHUNK, total - start)
            chunk = [_rows(values, start, length) for values in columns]
            if quote_all and empty_as_quotes:
                records = _records_all_quoted(
                    chunk, length, line_end, delimiter=delimiter, quote_equations=quote_equations
                )
            else:
                records = _records_per_column(
                    chunk,
                    length,
                    line_end,
                    delimiter=delimiter,
                    quote_all=quote_all,
                    empty_as_quotes=empty_as_quotes,
                    quote_equations=quote_equations,
                )
            handle.write(encode(records))
        if api:
            handle.write(encode(line_end.encode()))
    return path


#: What LimeSurvey's Excel writer (XLSXWriter, ``n_auto``) stores as a number cell: plain decimals
#: without a leading zero. Everything else is an inline string.
_EXCEL_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_xlsx_export(
    responses: pd.DataFrame,
    codebook: Codebook,
    path: Path,
    *,
    include_personal_metadata: bool = True,
    quote_equations: bool = True,
    extra_columns: Sequence[str] = (),
    sheet_name: str | None = None,
) -> Path:
    r"""Write ``responses`` as LimeSurvey's Excel export: one sheet, the CSV's header row and cells.

    As LimeSurvey 6.4.2 writes it (``docs/limesurvey-exports.md``): a value that is a plain decimal
    (``2``, ``12.5``, ``2020``) is a number cell, every other value an inline string, a missing
    value no cell; a line break inside a value is ``\n``. With ``quote_equations`` (the admin UI) a
    value starting with ``=`` is written as the text ``'=...``; without (the API) as a formula with
    no cached value, ``<f>=...</f>``.

    Args:
        responses: As for :func:`write_export`.
        codebook: The questionnaire; gives the columns and their order.
        path: The ``.xlsx`` file to write (its folder is created).
        include_personal_metadata: Write the ``token`` and ``ipaddr`` metadata columns.
        quote_equations: Prefix a value that starts with ``=`` with ``'``, as the CSV does.
        extra_columns: Columns of ``responses`` to append after the codebook columns.
        sheet_name: Name of the one worksheet; LimeSurvey's is the survey title cut to 31 characters
            (the codebook's title by default).

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = export_header(
        codebook, include_personal_metadata=include_personal_metadata, extra_columns=extra_columns
    )
    columns: list[list[str | None]] = []
    for column in header:
        values = _arrow_column(responses, column)
        if values is None:
            columns.append([None] * len(responses))
        else:
            columns.append(_without_empty(values.combine_chunks()).to_pylist())
    workbook = Workbook(write_only=True)
    title = sheet_name or _SHEET_NAME_FORBIDDEN.sub("", codebook.title)[:31] or "results"
    sheet = workbook.create_sheet(title)

    def text_cell(value: str | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        if _EXCEL_NUMBER.fullmatch(value):
            return WriteOnlyCell(sheet, value=float(value) if "." in value else int(value))
        if value.startswith("="):
            if not quote_equations:
                # openpyxl writes a formula's text without its first "=": "==x" gives <f>=x</f>.
                return WriteOnlyCell(sheet, value="=" + value)
            value = "'" + value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell

    sheet.append([text_cell(name) for name in header])
    for row in zip(*columns, strict=True):
        sheet.append([text_cell(value) for value in row])
    workbook.save(path)
    return path
