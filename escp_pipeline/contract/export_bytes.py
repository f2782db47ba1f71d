"""The bytes of an export: hash, size, file type, and the text encoding, found from the file itself.

What belongs here: one pass over the bytes (SHA-256, UTF-8 validity, NUL bytes, the first bytes for
the file type), refusing files that are not text exports (old Excel, UTF-16, binary) and choosing
UTF-8 or Windows-1252. What does not: reading the header or the rows (``export_header``,
``export_csv``), or the size limit (``export_reader.MAX_EXPORT_BYTES``, named in its message).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from escp_pipeline.contract.export_errors import FIX_EXPORT_AGAIN, ExportError

CHUNK_BYTES = 1 << 20
#: UTF-8 encodings of Latin-1 letters, symbols, typographic punctuation and the euro sign: read as
#: Windows-1252 they are mojibake ("Ã©", "â€™") that no real text holds.
_UTF8_MOJIBAKE = re.compile(rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]|\xe2\x80[\x90-\xbf]|\xe2\x82\xac")
ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Scan:
    """What one pass over the bytes learns: hash, size, the first bytes and whether it is UTF-8."""

    sha256: str
    size_bytes: int
    head: bytes
    is_utf8: bool
    has_nul: bool


def fingerprint(file: Path) -> tuple[int, int]:
    """Size and modification time: the reader refuses a file that changes while it is read."""
    status = file.stat()
    return status.st_size, status.st_mtime_ns


def scan_bytes(file: Path) -> Scan:
    """Hash the file in chunks, checking on the way whether it is valid UTF-8 and has NUL bytes."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    head = b""
    is_utf8 = True
    has_nul = False
    with file.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
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
    return Scan(digest.hexdigest(), size, head, is_utf8, has_nul)


def refuse_non_text(path: Path | str, file: Path, scan: Scan) -> None:
    """Raise for a file that is not a text export: old Excel, UTF-16, a misnamed .xlsx, binary."""
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


def choose_encoding(file: Path, path: Path | str, scan: Scan) -> str:
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
            while chunk := stream.read(CHUNK_BYTES):
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
        while chunk := stream.read(CHUNK_BYTES):
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
