"""Parse a CSV export: find its delimiter and header row, and read its body with pandas.

What belongs here: the CSV parse path of the reader, kept together: the delimiter that names the
most known columns, the header fields, and pandas' C parse of the body (the reference the columnar
fast path, ``csv_columnar``, falls back to), with parser failures turned into row-numbered
``ExportError``s. What does not: the encoding (``export_bytes``), mapping headings to columns
(``export_header``), or what the values mean (``export_values``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from pathlib import Path

import pandas as pd

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.export_bytes import CHUNK_BYTES, Scan
from escp_pipeline.contract.export_errors import FIX_EXPORT_AGAIN, ExportError
from escp_pipeline.contract.export_header import TEXT_DTYPE, clean_name, known_columns

DELIMITERS: tuple[str, ...] = (",", ";", "\t")
_MAX_HEADER_BYTES = 64 << 20


def read_csv_header(
    file: Path, path: Path | str, scan: Scan, encoding: str, codebook: Codebook
) -> tuple[str, list[str]]:
    """Find the delimiter and the header fields: the delimiter naming most known columns wins."""
    known = known_columns(codebook)
    limit = CHUNK_BYTES
    while True:
        with file.open("rb") as stream:
            raw = stream.read(limit)
        whole = len(raw) >= scan.size_bytes
        text = codecs.getincrementaldecoder(encoding)().decode(raw, final=whole)
        if not whole:
            text = text[: text.rfind("\n") + 1]
        records = {delimiter: _first_record(text, delimiter, whole) for delimiter in DELIMITERS}
        if whole or _INCOMPLETE not in records.values():
            break
        if limit >= _MAX_HEADER_BYTES:
            raise ExportError(
                path,
                f"the header row does not end within the first {_MAX_HEADER_BYTES >> 20} MiB",
                "check that the right file was dropped; " + FIX_EXPORT_AGAIN,
            )
        limit *= 4
    readable = [
        (order, delimiter, fields)
        for order, (delimiter, fields) in enumerate(records.items())
        if isinstance(fields, list)
    ]
    if not readable:
        raise ExportError(
            path,
            "the header row cannot be read as CSV (a quote out of place or never closed)",
            FIX_EXPORT_AGAIN,
            row=1,
        )

    def score(candidate: tuple[int, str, list[str]]) -> tuple[int, int, int]:
        order, _, fields = candidate
        recognised = sum(clean_name(field, known)[0] in known for field in fields)
        return (recognised, len(fields), -order)

    _, delimiter, fields = max(readable, key=score)
    return delimiter, fields


_INCOMPLETE = "incomplete"
_MALFORMED = "malformed"


def _first_record(text: str, delimiter: str, whole: bool) -> list[str] | str:
    """The first CSV record of ``text``, or why there is none (``_INCOMPLETE``, ``_MALFORMED``)."""
    if not text:
        return [] if whole else _INCOMPLETE
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True
    )
    try:
        return next(reader, [])
    except csv.Error as error:
        # The record may go on past the text read so far (a quoted heading with a line break).
        if "unexpected end of data" in str(error) and not whole:
            return _INCOMPLETE
        return _MALFORMED


_PARSER_ROW = re.compile(r"EOF inside string starting at row (\d+)")
_PARSER_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def read_csv_body_with_pandas(
    file: Path, path: Path | str, names: list[str], encoding: str, delimiter: str
) -> pd.DataFrame:
    """Parse the file with pandas' C parser: every value as text, empty and ``""`` as NA."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            frame = pd.read_csv(
                file,
                sep=delimiter,
                # pandas reads UTF-8 as raw bytes (fast path, byte-order mark skipped); naming
                # "utf-8-sig" would route it through a text decoder. The names are given anyway.
                encoding="utf-8" if encoding.startswith("utf-8") else encoding,
                compression=None,
                header=0,
                names=names,
                dtype=TEXT_DTYPE,
                keep_default_na=False,
                na_values=[""],
                quotechar='"',
                doublequote=True,
                skip_blank_lines=False,
                engine="c",
            )
    except pd.errors.ParserError as error:
        raise _parser_error(path, str(error)) from None
    except ValueError as error:
        if "header fields" in str(error):
            raise ExportError(
                path,
                "the header row could not be read consistently (quoting in the headings)",
                FIX_EXPORT_AGAIN,
                row=1,
            ) from None
        raise
    if not isinstance(frame.index, pd.RangeIndex) or list(frame.columns) != names:
        raise ExportError(
            path,
            "the first response row has more values than the header has columns "
            "(a delimiter or quote out of place)",
            FIX_EXPORT_AGAIN,
            row=2,
        )
    return frame


def _parser_error(path: Path | str, message: str) -> ExportError:
    """Turn a pandas parser message (which never quotes cells) into an ExportError."""
    if match := _PARSER_ROW.search(message):
        return ExportError(
            path,
            "the file ends inside a quoted value: it was cut off or a quote is missing",
            "copy the complete file again, or " + FIX_EXPORT_AGAIN,
            row=int(match.group(1)) + 1,
        )
    if match := _PARSER_FIELDS.search(message):
        expected, record, seen = match.groups()
        return ExportError(
            path,
            f"the row has {seen} values but the header has {expected} columns "
            "(a delimiter or quote out of place)",
            FIX_EXPORT_AGAIN,
            row=int(record),  # pandas counts records from 1 with the header: a spreadsheet row
        )
    return ExportError(path, "the file is not well-formed CSV", FIX_EXPORT_AGAIN)
