"""Read one LimeSurvey response export into a frame of responses, as the data contract describes.

What belongs here: turning the bytes of one export file (CSV in any of the contract's variants,
LimeSurvey's Excel or JSON export, headings in codes or question texts: ``headings``,
``excel_export``, ``json_export``) into a frame with one row per response and one text column per
metadata and codebook column, and refusing a file that cannot be read without guessing, with an
``ExportError`` that says which file, row and column and what to do. The only value changes are the
contract's: missing values become NA, the ``'`` LimeSurvey puts before ``=`` is removed, and full
answers are translated to answer codes. What does not belong here: typing and checking the answers
(the validation layer), deciding which responses count, or anything that knows Dagster.

This module runs the steps and reads Excel and JSON files (through ``excel_export`` and
``json_export``); the other steps have their own modules, in the order a file goes through them:
``export_bytes`` (hash, file type, encoding), ``export_csv`` (delimiter, header row, body),
``export_header`` (headings to columns), ``export_values`` (ids and answer codes); ``export_errors``
holds ``ExportError``.

Cell values are never logged or printed. An ``ExportError`` quotes a value only from the ``id`` and
choice columns (answer codes, never free text), and only a short one-line value.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.csv_columnar import read_csv_body
from escp_pipeline.contract.export_bytes import (
    ZIP_MAGIC,
    choose_encoding,
    fingerprint,
    refuse_non_text,
    scan_bytes,
)
from escp_pipeline.contract.export_csv import read_csv_body_with_pandas, read_csv_header
from escp_pipeline.contract.export_errors import FIX_EXPORT_AGAIN, ExportError
from escp_pipeline.contract.export_header import Header, resolve_header
from escp_pipeline.contract.export_values import responses_of
from escp_pipeline.contract.json_export import looks_like_json

#: Larger files are refused before a byte is read: a round is held in memory (about 3 times the
#: file size); a real export is a few MB, the benchmark's million responses a few GB.
MAX_EXPORT_BYTES = 8 << 30
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}


@dataclass(frozen=True)
class ExportSource:
    """Where the responses came from: the file, its content hash and how it was decoded."""

    path: Path
    sha256: str
    size_bytes: int
    format: str
    encoding: str | None
    delimiter: str | None


@dataclass(frozen=True)
class ExportFile:
    """One export, read: the responses, the columns left out, the source and what is worth showing.

    Attributes:
        responses: One row per response; the metadata columns present (in ``METADATA_COLUMNS``
            order), then every codebook column in codebook order; all text (``str`` dtype), NA when
            missing.
        extra_columns: Columns of the file the codebook does not know, kept out of ``responses``.
        source: The file and how it was read.
        notes: Non-fatal findings worth showing to whoever dropped the file.
    """

    responses: pd.DataFrame
    extra_columns: tuple[str, ...]
    source: ExportSource
    notes: tuple[str, ...]


def read_export(path: Path | str, codebook: Codebook) -> ExportFile:
    """Read one LimeSurvey response export (CSV, Excel or JSON) into a frame of responses.

    The file is opened read-only and never changed. Encoding (UTF-8 with or without byte-order mark,
    else Windows-1252) and delimiter (``,``, ``;`` or tab) are found from the file itself.

    Args:
        path: The export file.
        codebook: The questionnaire the export belongs to.

    Returns:
        The responses with their source and notes.

    Raises:
        ExportError: The file cannot be read as an export of this questionnaire without guessing;
            the message names the file, row and column where known, and what to do. No other
            exception leaves this function.
    """
    try:
        return _read_export(path, codebook)
    except ExportError:
        raise
    except OSError as error:
        raise ExportError(
            path,
            f"the file cannot be opened ({error.strerror or type(error).__name__})",
            "check that the file exists and is readable, then run again.",
        ) from None
    except Exception as error:
        # Last resort, so callers only ever handle ExportError. The original message is left out
        # (a parser message may quote cell contents); its type and place are kept for debugging.
        raise ExportError(
            path,
            f"the file could not be read as an export ({_where(error)})",
            FIX_EXPORT_AGAIN,
        ) from None


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__
    return f"{type(error).__name__} at {Path(frames[-1].filename).name}:{frames[-1].lineno}"


def _read_export(path: Path | str, codebook: Codebook) -> ExportFile:
    file = Path(path)
    before = fingerprint(file)
    if before[0] > MAX_EXPORT_BYTES:
        raise ExportError(
            path,
            f"the file has {before[0]:,} bytes, more than the {MAX_EXPORT_BYTES:,} "
            f"({MAX_EXPORT_BYTES >> 30} GiB) the pipeline reads (a round is held in memory)",
            "check that the right file was dropped (an export of this survey is a few MB); if it "
            "is, raise MAX_EXPORT_BYTES in escp_pipeline/contract/export_reader.py and run on a "
            "machine with about 3 times the file size in memory.",
        )
    scan = scan_bytes(file)
    if scan.size_bytes == 0:
        raise ExportError(path, "the file is empty", FIX_EXPORT_AGAIN)
    notes: list[str] = []
    if scan.head.startswith(ZIP_MAGIC):
        if file.suffix.lower() != ".xlsx":
            notes.append(f"the file is an Excel workbook although named {file.name}")
        frame, header = _read_xlsx(file, path, codebook, notes)
        encoding, delimiter, file_format = None, None, "xlsx"
    elif file.suffix.lower() == ".json" or looks_like_json(scan.head):
        frame, header = _read_json(file, path, codebook)
        encoding, delimiter, file_format = "utf-8", None, "json"
    else:
        refuse_non_text(path, file, scan)
        encoding = choose_encoding(file, path, scan)
        delimiter, raw_names = read_csv_header(file, path, scan, encoding, codebook)
        header = resolve_header(path, raw_names, codebook)
        frame = read_csv_body(
            file, path, header.names, encoding, delimiter, fallback=read_csv_body_with_pandas
        )
        file_format = "csv"
        if encoding == "cp1252" or delimiter != ",":
            notes.append(
                f"re-saved by a spreadsheet or exported through the API: read as {encoding}, "
                f"delimiter {_DELIMITER_NAMES[delimiter]}"
            )
    if fingerprint(file) != before or scan.size_bytes != before[0]:
        raise ExportError(
            path,
            "the file changed while it was being read (a copy still in progress?)",
            "wait until the file is completely copied, then run again.",
        )
    notes.extend(header.notes)
    # Only LimeSurvey's JSON export is written by the API alone, which never quotes equations.
    responses = responses_of(path, frame, header, codebook, notes, file_format != "json")
    source = ExportSource(
        path=file,
        sha256=scan.sha256,
        size_bytes=scan.size_bytes,
        format=file_format,
        encoding=encoding,
        delimiter=delimiter,
    )
    return ExportFile(
        responses=responses,
        extra_columns=header.extra_columns,
        source=source,
        notes=tuple(notes),
    )


def _read_xlsx(
    file: Path, path: Path | str, codebook: Codebook, notes: list[str]
) -> tuple[pd.DataFrame, Header]:
    """Read LimeSurvey's Excel export: the first sheet, header in row 1, every cell as text."""
    from escp_pipeline.contract.excel_export import read_first_sheet

    try:
        cells = read_first_sheet(file)
    except Exception as error:
        raise ExportError(
            path,
            f"the file is not a readable Excel workbook ({type(error).__name__})",
            "export the round again from LimeSurvey and replace the file.",
        ) from None
    notes.extend(cells.notes)
    if not cells.headings:
        raise ExportError(path, "the workbook's first sheet is empty", FIX_EXPORT_AGAIN)
    header = resolve_header(path, cells.headings, codebook, source="xlsx")
    if cells.row_too_long is not None:
        raise ExportError(
            path,
            "the row has values to the right of the last heading",
            "check that the file was not edited by hand, or " + FIX_EXPORT_AGAIN,
            row=cells.row_too_long,
        )
    frame = cells.frame
    frame.columns = header.names
    return frame, header


def _read_json(file: Path, path: Path | str, codebook: Codebook) -> tuple[pd.DataFrame, Header]:
    """Read LimeSurvey's JSON export (``{"responses": [...]}``): keys as headings, text cells."""
    from escp_pipeline.contract.json_export import JsonExportError, read_json_export

    try:
        cells = read_json_export(file)
    except JsonExportError as error:
        raise ExportError(
            path,
            f"record {error.record}: {error.problem}" if error.record else error.problem,
            "check that the right file was dropped; " + FIX_EXPORT_AGAIN,
            column=error.key,
        ) from None
    except ValueError as error:
        raise ExportError(
            path,
            f"the file is not valid JSON ({type(error).__name__})",
            "copy the complete file again, or " + FIX_EXPORT_AGAIN,
        ) from None
    if not cells.headings:
        raise ExportError(
            path, 'the JSON export holds no responses ("responses" is empty)', FIX_EXPORT_AGAIN
        )
    if cells.repeated_keys:
        raise ExportError(
            path,
            f"a record has the key {cells.repeated_keys[0]!r} twice, so one of its values would "
            "be lost",
            "export the round as CSV, or as JSON with Headings 'Question code'.",
        )
    header = resolve_header(path, cells.headings, codebook, source="json")
    frame = cells.frame
    frame.columns = header.names
    return frame, header
