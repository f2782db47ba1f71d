"""Read one LimeSurvey response export into a frame of responses, as the data contract describes.

What belongs here: turning the bytes of one export file (CSV in any of the contract's variants,
LimeSurvey's Excel or JSON export, headings in codes or question texts: ``headings``,
``excel_export``, ``json_export``) into a frame with one row per response and one text column per
metadata and codebook column, and refusing a file that cannot be read without guessing, with an
``ExportError`` that says which file, row and column and what to do. The only value changes are the
contract's: missing values become NA, the ``'`` LimeSurvey puts before ``=`` is removed, and full
answers are translated to answer codes. What does not belong here: typing and checking the answers
(the validation layer), deciding which responses count, or anything that knows Dagster.

Cell values are never logged or printed. An ``ExportError`` quotes a value only from the ``id`` and
choice columns (answer codes, never free text), and only a short one-line value.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import traceback
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.csv_columnar import normalise_values, read_csv_body
from escp_pipeline.contract.json_export import looks_like_json

METADATA_COLUMNS: tuple[str, ...] = (
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
)
REQUIRED_METADATA: tuple[str, ...] = ("id", "submitdate")
DELIMITERS: tuple[str, ...] = (",", ";", "\t")
TEXT_DTYPE = "str"

_CHUNK_BYTES = 1 << 20
#: Larger files are refused before a byte is read: a round is held in memory (about 3 times the
#: file size); a real export is a few MB, the benchmark's million responses a few GB.
MAX_EXPORT_BYTES = 8 << 30
#: UTF-8 encodings of Latin-1 letters, symbols, typographic punctuation and the euro sign: read as
#: Windows-1252 they are mojibake ("Ã©", "â€™") that no real text holds.
_UTF8_MOJIBAKE = re.compile(rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]|\xe2\x80[\x90-\xbf]|\xe2\x82\xac")
_MAX_HEADER_BYTES = 64 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}
_CHECKBOX_FULL = {"Yes": "Y", "No": None, "N/A": None}
_YES_NO_FULL = {"Yes": "Y", "No": "N", "N/A": None}
_FULL_TEXT_HEADINGS = ("response id", "date submitted", "last page", "start language")
_SHOWN_CHARS = 30
_LISTED = 5

FIX_EXPORT_AGAIN = (
    "export the round again from LimeSurvey (Responses > Export: Headings 'Question code', "
    "Responses 'Answer codes', completion state 'All', all columns) and replace the file."
)
FIX_HEADINGS = "in LimeSurvey Responses > Export, set Headings to 'Question code' and export again."
FIX_ANSWER_CODES = (
    "in LimeSurvey Responses > Export, set Responses to 'Answer codes' and export again."
)


class ExportError(ValueError):
    """Bad export: names the file, the row and/or column, the problem and what to do.

    Attributes:
        file: The export file, as the caller named it.
        problem: What is wrong, in one sentence.
        fix: What to do about it.
        row: The row as a spreadsheet program numbers it (the header is row 1, the first response
            row 2), or None when the problem is not in one row.
        column: The column concerned, or None.
        response_id: The LimeSurvey ``id`` of the row concerned, when known.
    """

    def __init__(
        self,
        file: Path | str,
        problem: str,
        fix: str,
        *,
        row: int | None = None,
        column: str | None = None,
        response_id: str | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.fix = fix
        self.row = row
        self.column = column
        self.response_id = response_id
        super().__init__(self._message())

    def _message(self) -> str:
        where = [str(self.file)]
        if self.row is not None:
            id_part = f" (id {self.response_id})" if self.response_id is not None else ""
            where.append(f"row {self.row}{id_part}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        problem = self.problem if self.problem.endswith((".", "?", "!")) else f"{self.problem}."
        return f"{', '.join(where)}: {problem} What to do: {self.fix}"

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default exception pickling (multiprocess runs).
        return (
            _rebuild_export_error,
            (self.file, self.problem, self.fix, self.row, self.column, self.response_id),
        )


def _rebuild_export_error(
    file: Path | str,
    problem: str,
    fix: str,
    row: int | None,
    column: str | None,
    response_id: str | None,
) -> ExportError:
    return ExportError(file, problem, fix, row=row, column=column, response_id=response_id)


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


@dataclass(frozen=True)
class _Scan:
    """What one pass over the bytes learns: hash, size, the first bytes and whether it is UTF-8."""

    sha256: str
    size_bytes: int
    head: bytes
    is_utf8: bool
    has_nul: bool


@dataclass(frozen=True)
class _Header:
    """The header row as found: the names to give pandas and what the reader learned reading it."""

    names: list[str]
    extra_columns: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _ChoiceColumn:
    """A column whose values come from a fixed list: its codes and its full-answer spellings."""

    column: str
    question: str
    codes: frozenset[str]
    full_answers: dict[str, str | None]
    ambiguous_labels: frozenset[str]


def read_export(path: Path | str, codebook: Codebook) -> ExportFile:
    """Read one LimeSurvey response export (CSV, Excel or JSON) into a frame of responses.

    The file is opened read-only and never changed. Encoding (UTF-8 with or without byte-order
    mark, else Windows-1252) and delimiter (``,``, ``;`` or tab) are found from the file itself.

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
    before = _fingerprint(file)
    if before[0] > MAX_EXPORT_BYTES:
        raise ExportError(
            path,
            f"the file has {before[0]:,} bytes, more than the {MAX_EXPORT_BYTES:,} "
            f"({MAX_EXPORT_BYTES >> 30} GiB) the pipeline reads (a round is held in memory)",
            "check that the right file was dropped (an export of this survey is a few MB); if it "
            "is, raise MAX_EXPORT_BYTES in escp_pipeline/contract/export_reader.py and run on a "
            "machine with about 3 times the file size in memory.",
        )
    scan = _scan_bytes(file)
    if scan.size_bytes == 0:
        raise ExportError(path, "the file is empty", FIX_EXPORT_AGAIN)
    notes: list[str] = []
    if scan.head.startswith(_ZIP_MAGIC):
        if file.suffix.lower() != ".xlsx":
            notes.append(f"the file is an Excel workbook although named {file.name}")
        frame, header = _read_xlsx(file, path, codebook, notes)
        encoding, delimiter, file_format = None, None, "xlsx"
    elif file.suffix.lower() == ".json" or looks_like_json(scan.head):
        frame, header = _read_json(file, path, codebook)
        encoding, delimiter, file_format = "utf-8", None, "json"
    else:
        _refuse_non_text(path, file, scan)
        encoding = _choose_encoding(file, path, scan)
        delimiter, raw_names = _read_csv_header(file, path, scan, encoding, codebook)
        header = _resolve_header(path, raw_names, codebook)
        frame = read_csv_body(
            file, path, header.names, encoding, delimiter, fallback=_read_csv_body
        )
        file_format = "csv"
        if encoding == "cp1252" or delimiter != ",":
            notes.append(
                f"re-saved by a spreadsheet or exported through the API: read as {encoding}, "
                f"delimiter {_DELIMITER_NAMES[delimiter]}"
            )
    if _fingerprint(file) != before or scan.size_bytes != before[0]:
        raise ExportError(
            path,
            "the file changed while it was being read (a copy still in progress?)",
            "wait until the file is completely copied, then run again.",
        )
    notes.extend(header.notes)
    # Only LimeSurvey's JSON export is written by the API alone, which never quotes equations.
    responses = _responses(path, frame, header, codebook, notes, file_format != "json")
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


# --- bytes ----------------------------------------------------------------------------------------


def _fingerprint(file: Path) -> tuple[int, int]:
    status = file.stat()
    return status.st_size, status.st_mtime_ns


def _scan_bytes(file: Path) -> _Scan:
    """Hash the file in chunks, checking on the way whether it is valid UTF-8 and has NUL bytes."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    head = b""
    is_utf8 = True
    has_nul = False
    with file.open("rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            if not head:
                head = chunk[:4096]
            has_nul = has_nul or b"\x00" in chunk
            # ASCII chunks need no decoding unless a multi-byte character started in the last one.
            if is_utf8 and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
        if is_utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                is_utf8 = False
    return _Scan(digest.hexdigest(), size, head, is_utf8, has_nul)


def _refuse_non_text(path: Path | str, file: Path, scan: _Scan) -> None:
    if scan.head.startswith(_OLE_MAGIC):
        raise ExportError(
            path,
            "the file is an old-style Excel workbook (.xls), which the pipeline does not read",
            "export from LimeSurvey as CSV (or as Excel .xlsx) and replace the file.",
        )
    if scan.head.startswith(_UTF16_BOMS):
        raise ExportError(
            path,
            "the file is UTF-16 text (a spreadsheet's 'Unicode text'), not a CSV export",
            "save it as 'CSV UTF-8' or, better, export the round again from LimeSurvey.",
        )
    if file.suffix.lower() == ".xlsx":
        raise ExportError(
            path,
            "the file is named .xlsx but is not an Excel workbook",
            "export the round again from LimeSurvey as Excel (or as CSV, named .csv).",
        )
    if scan.has_nul:
        raise ExportError(
            path,
            "the file holds binary data (NUL bytes), not a CSV export",
            "check that the right file was dropped; " + FIX_EXPORT_AGAIN,
        )


def _choose_encoding(file: Path, path: Path | str, scan: _Scan) -> str:
    """UTF-8 (``utf-8-sig`` with a byte-order mark) when every byte is valid UTF-8, else cp1252."""
    if scan.is_utf8:
        return "utf-8-sig" if scan.head.startswith(_UTF8_BOM) else "utf-8"
    if scan.head.startswith(_UTF8_BOM):
        raise ExportError(
            path,
            "the file starts as UTF-8 (byte-order mark) but holds bytes that are not UTF-8 "
            f"(first at {_undecodable_at(file, 'utf-8')}); it was probably edited with another "
            "encoding",
            FIX_EXPORT_AGAIN,
        )
    decoder = codecs.getincrementaldecoder("cp1252")()
    mixed = False
    try:
        with file.open("rb") as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                decoder.decode(chunk)
                mixed = mixed or _UTF8_MOJIBAKE.search(chunk) is not None
    except UnicodeDecodeError:
        raise ExportError(
            path,
            "the file is neither UTF-8 nor Windows-1252 text "
            f"(first at {_undecodable_at(file, 'cp1252')})",
            "check that the right file was dropped; " + FIX_EXPORT_AGAIN,
        ) from None
    if mixed:
        # Read as Windows-1252, its UTF-8 text would turn into mojibake: refuse, never misread.
        raise ExportError(
            path,
            "the file mixes UTF-8 and Windows-1252 text (edited with another encoding?); "
            f"the first byte that is not UTF-8 is at {_undecodable_at(file, 'utf-8')}",
            FIX_EXPORT_AGAIN,
        )
    return "cp1252"


def _undecodable_at(file: Path, encoding: str) -> str:
    """Where the first byte ``encoding`` cannot decode is, as ``line N, byte X``."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, lines = 0, 1
    with file.open("rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                position = max(error.start - pending, 0)
                lines += chunk.count(b"\n", 0, position)
                return f"line {lines}, byte {offset + position + 1}"
            offset += len(chunk)
            lines += chunk.count(b"\n")
    return "at the end of the file"


# --- header ---------------------------------------------------------------------------------------


def _read_csv_header(
    file: Path, path: Path | str, scan: _Scan, encoding: str, codebook: Codebook
) -> tuple[str, list[str]]:
    """Find the delimiter and the header fields: the delimiter naming most known columns wins."""
    known = _known_columns(codebook)
    limit = _CHUNK_BYTES
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
        recognised = sum(_clean_name(field, known)[0] in known for field in fields)
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


def _known_columns(codebook: Codebook) -> set[str]:
    return set(METADATA_COLUMNS) | set(codebook.export_columns())


def _clean_name(raw: str, known: set[str]) -> tuple[str, bool]:
    """The column a heading names, and whether it was a "Question code & question text" heading."""
    name = raw.replace("\ufeff", "").strip()
    if name in known:
        return name, False
    code, separator, _ = name.partition(". ")
    if separator and code.strip() in known:
        return code.strip(), True
    return name, False


def _resolve_header(
    path: Path | str, raw_names: Sequence[object], codebook: Codebook, source: str = "csv"
) -> _Header:
    """Map headings to column names and check the contract's column rules."""
    from escp_pipeline.contract.headings import is_text_header, resolve_text_header

    known = _known_columns(codebook)
    texts = [
        "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
        for raw in raw_names
    ]
    if is_text_header(texts):
        return _Header(*resolve_text_header(path, texts, codebook, source))
    names: list[str] = []
    with_text = 0
    for position, text in enumerate(texts, start=1):
        name, had_text = _clean_name(text, known)
        names.append(name or f"(unnamed column {position})")
        with_text += had_text
    present = set(names)
    for required in REQUIRED_METADATA:
        if required not in present:
            _refuse_headings(path, names, codebook, missing=required)
    if len(present) < len(names):
        duplicated = next(name for position, name in enumerate(names) if name in names[:position])
        raise ExportError(
            path,
            "two columns have this heading, so their answers cannot be told apart",
            "remove the duplicated column or " + FIX_EXPORT_AGAIN,
            row=1,
            column=duplicated,
        )
    notes: list[str] = []
    codebook_columns = codebook.export_columns()
    missing = [column for column in codebook_columns if column not in present]
    if missing and source == "xlsx":
        from escp_pipeline.contract.headings import refuse_excel_api_cut

        metadata = [column for column in METADATA_COLUMNS if column in present]
        refuse_excel_api_cut(path, names, metadata + codebook_columns)
    if missing:
        found = len(codebook_columns) - len(missing)
        listed = ", ".join(repr(column) for column in missing[:_LISTED])
        more = f" and {len(missing) - _LISTED} more" if len(missing) > _LISTED else ""
        survey_hint = (
            f"; only {found} of {len(codebook_columns)} are there: is this an export of the "
            f"{codebook.survey} survey?"
            if found < len(codebook_columns) / 2
            else ""
        )
        raise ExportError(
            path,
            f"{len(missing)} codebook column(s) missing: {listed}{more}{survey_hint}",
            "export with all columns selected (Responses > Export > Columns); if the round was "
            "run with a changed questionnaire, its survey structure export belongs beside it as "
            f"{Path(path).with_suffix('.lss').name} (Display/Export > Survey structure (.lss)): "
            "add it, or check that the one there is this round's.",
            column=missing[0],
        )
    if with_text:
        notes.append(
            "headings exported as 'Question code & question text': read by their question codes"
        )
    extra = tuple(name for name in names if name not in known)
    if extra:
        listed = ", ".join(extra[:10]) + (f" and {len(extra) - 10} more" if len(extra) > 10 else "")
        notes.append(f"{len(extra)} extra column(s) not in the codebook, left out: {listed}")
    return _Header(names=names, extra_columns=extra, notes=tuple(notes))


def _refuse_headings(path: Path | str, names: list[str], codebook: Codebook, missing: str) -> None:
    """Raise for a header without a required column, saying which export setting to change."""
    texts = [_normalise_text(question.text) for question in codebook.questions]
    for name in names:
        heading = _normalise_text(name)
        if heading in _FULL_TEXT_HEADINGS or any(
            text and heading.startswith(text[:40]) for text in texts
        ):
            raise ExportError(
                path,
                "the headings are question texts (Headings 'Full question text' or "
                "'Abbreviated question text') that do not start with LimeSurvey's 'Response ID'",
                FIX_HEADINGS,
                row=1,
            )
    raise ExportError(
        path,
        f"the required column {missing!r} is missing; the header does not look like a LimeSurvey "
        "response export with question codes",
        "check that the right file was dropped; " + FIX_EXPORT_AGAIN,
        row=1,
        column=missing,
    )


def _normalise_text(text: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", text).split()).lower()


# --- body -----------------------------------------------------------------------------------------


_PARSER_ROW = re.compile(r"EOF inside string starting at row (\d+)")
_PARSER_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv_body(
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


def _read_xlsx(
    file: Path, path: Path | str, codebook: Codebook, notes: list[str]
) -> tuple[pd.DataFrame, _Header]:
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
    header = _resolve_header(path, cells.headings, codebook, source="xlsx")
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


def _read_json(file: Path, path: Path | str, codebook: Codebook) -> tuple[pd.DataFrame, _Header]:
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
    header = _resolve_header(path, cells.headings, codebook, source="json")
    frame = cells.frame
    frame.columns = header.names
    return frame, header


# --- values ---------------------------------------------------------------------------------------


def _responses(
    path: Path | str,
    frame: pd.DataFrame,
    header: _Header,
    codebook: Codebook,
    notes: list[str],
    equation_quotes: bool = True,
) -> pd.DataFrame:
    """Keep the contract's columns, normalise missing values, check ids, translate full answers."""
    metadata = [column for column in METADATA_COLUMNS if column in frame.columns]
    columns = metadata + codebook.export_columns()
    frame = normalise_values(frame[columns], equation_quotes)
    frame = _drop_blank_rows(path, frame, notes)
    _check_ids(path, frame)
    frame = _answer_codes(path, frame, codebook, notes)
    if frame.empty:
        notes.append("no responses")
    return frame.reset_index(drop=True)


def _with_columns(frame: pd.DataFrame, changed: dict[str, pd.Series]) -> pd.DataFrame:
    if not changed:
        return frame
    result = frame.copy(deep=False)
    for column, values in changed.items():
        result[column] = values
    return result


def _drop_blank_rows(path: Path | str, frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Drop rows with no value at all (blank lines); a row with values but no id is refused."""
    no_id = frame["id"].isna()
    if not no_id.any():
        return frame
    has_values = frame.loc[no_id].notna().any(axis=1)
    if has_values.any():
        position = int(has_values[has_values].index[0])
        raise ExportError(
            path,
            "the response has answers but no id",
            "check that the file was not edited by hand (a line break or delimiter out of place), "
            "or " + FIX_EXPORT_AGAIN,
            row=_row_number(position),
            column="id",
        )
    notes.append(f"{int(no_id.sum())} blank row(s) skipped")
    return frame.loc[~no_id]


def _check_ids(path: Path | str, frame: pd.DataFrame) -> None:
    """Every ``id`` is a positive whole number and appears once."""
    ids = frame["id"]
    valid = ids.str.fullmatch(r"[0-9]+") & ids.str.contains(r"[1-9]")
    if not valid.all():
        label = valid.index[~valid.to_numpy()][0]
        raise ExportError(
            path,
            f"{_shown(ids.loc[label])} is not a response id (a positive whole number)",
            "check that the file was not edited by hand, or " + FIX_EXPORT_AGAIN,
            row=_row_number(label),
            column="id",
        )
    canonical = ids.str.lstrip("0")
    repeated = canonical.duplicated(keep=False)
    if repeated.any():
        first = canonical[repeated].iloc[0]
        rows = [_row_number(label) for label in canonical.index[canonical == first][:2]]
        raise ExportError(
            path,
            f"id {first} appears twice, in rows {rows[0]} and {rows[1]}: the file joins "
            "two exports or was edited",
            FIX_EXPORT_AGAIN,
            row=rows[1],
            column="id",
            response_id=str(first),
        )


def _choice_columns(codebook: Codebook) -> list[_ChoiceColumn]:
    """Every column whose values come from a fixed list, with codes and full-answer spellings."""
    choices: list[_ChoiceColumn] = []
    for question in codebook.questions:
        if question.kind == "single_choice":
            codes = {option.code for option in question.answers}
            labels: dict[str, str | None] = {}
            ambiguous: set[str] = set()
            for option in question.answers:
                if option.label in labels:
                    ambiguous.add(option.label)
                labels[option.label] = option.code
            if question.other:
                codes.add("-oth-")
                labels.setdefault("Other", "-oth-")
            labels.setdefault("N/A", None)
            choices.append(
                _ChoiceColumn(
                    question.code, question.code, frozenset(codes), labels, frozenset(ambiguous)
                )
            )
        elif question.is_multiple_choice:
            for column in question.choice_columns().values():
                choices.append(
                    _ChoiceColumn(
                        column, question.code, frozenset({"Y", "N"}), _CHECKBOX_FULL, frozenset()
                    )
                )
        elif question.kind == "yes_no":
            choices.append(
                _ChoiceColumn(
                    question.code,
                    question.code,
                    frozenset({"Y", "N"}),
                    _YES_NO_FULL,
                    frozenset(),
                )
            )
    return choices


def _answer_codes(
    path: Path | str, frame: pd.DataFrame, codebook: Codebook, notes: list[str]
) -> pd.DataFrame:
    """Check choice columns hold codes; a file of full answers is translated to codes as a whole."""
    choices = _choice_columns(codebook)
    distinct = {
        choice.column: set(pc.unique(pc.drop_null(pa.array(frame[choice.column]))).to_pylist())
        for choice in choices
    }
    code_evidence = _evidence(choices, distinct, full=False)
    full_evidence = _evidence(choices, distinct, full=True)
    if code_evidence and full_evidence:
        (code_column, code_value), (full_column, full_value) = code_evidence, full_evidence
        raise ExportError(
            path,
            f"column {code_column!r} holds answer codes ({_shown(code_value)}) but column "
            f"{full_column!r} holds full answers ({_shown(full_value)}); a file holds one kind",
            FIX_ANSWER_CODES,
            column=full_column,
        )
    full = full_evidence is not None
    changed: dict[str, pd.Series] = {}
    for choice in choices:
        values = distinct[choice.column]
        allowed = set(choice.full_answers) - choice.ambiguous_labels if full else choice.codes
        unknown = values - allowed
        if unknown:
            _refuse_value(path, frame, codebook, choice, unknown, full)
        if full and values:
            mapping = {value: choice.full_answers[value] for value in values}
            changed[choice.column] = frame[choice.column].map(mapping).astype(TEXT_DTYPE)
    if full:
        notes.append(
            "answers exported as full answers (Responses 'Full answers'), translated to codes"
        )
    return _with_columns(frame, changed)


def _evidence(
    choices: Iterable[_ChoiceColumn], distinct: dict[str, set[str]], *, full: bool
) -> tuple[str, str] | None:
    """The first column and value that only answer codes (or only full answers) would hold."""
    for choice in choices:
        labels = set(choice.full_answers)
        only = labels - choice.codes if full else choice.codes - labels
        found = sorted(distinct[choice.column] & only)
        if found:
            return choice.column, found[0]
    return None


def _refuse_value(
    path: Path | str,
    frame: pd.DataFrame,
    codebook: Codebook,
    choice: _ChoiceColumn,
    unknown: set[str],
    full: bool,
) -> None:
    values = frame[choice.column]
    label = values.index[values.isin(sorted(unknown)).to_numpy()][0]
    value = values.loc[label]
    response_id = frame["id"].loc[label]
    if full and value in choice.ambiguous_labels:
        problem = f"the full answer {_shown(value)} is the label of more than one answer code"
    elif full:
        problem = (
            f"the file holds full answers and {_shown(value)} is not an answer of "
            f"{choice.question} in the {codebook.survey} codebook"
        )
    else:
        problem = (
            f"{_shown(value)} is not an answer code of {choice.question} "
            f"(valid: {_brief(sorted(choice.codes))})"
        )
    fix = (
        FIX_ANSWER_CODES
        if full
        else "correct the answer in LimeSurvey and export again; if the questionnaire gained an "
        f"answer option, add it to the {codebook.survey} codebook."
    )
    raise ExportError(
        path,
        problem,
        fix,
        row=_row_number(label),
        column=choice.column,
        response_id=str(response_id),
    )


def _row_number(label: object) -> int:
    """The spreadsheet row of the response at frame position ``label`` (header is row 1)."""
    return int(label) + 2  # type: ignore[call-overload]


def _shown(value: object) -> str:
    """A value as an error message shows it: a short one-line value quoted, else only its length.

    Values shown come from the ``id`` and choice columns, but in a damaged file free text can slide
    into them; long or multi-line text is therefore described, not quoted.
    """
    text = str(value)
    if len(text) <= _SHOWN_CHARS and text.isprintable():
        return repr(text)
    return f"a value of {len(text)} characters"


def _brief(codes: list[str]) -> str:
    if len(codes) <= 2 * _LISTED:
        return ", ".join(codes)
    return f"{', '.join(codes[:_LISTED])} … {', '.join(codes[-2:])}"
