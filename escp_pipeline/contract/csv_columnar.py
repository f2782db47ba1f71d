"""Parse the body of a CSV export with Arrow's columnar reader, and normalise its values in Arrow.

What belongs here: the fast path of ``export_csv``'s CSV parse (``pyarrow.csv``, several times
faster than pandas' C parser asked for ``str`` columns) and the vectorised value normalisation
(whitespace-only values to NA, the ``'`` LimeSurvey puts before ``=`` removed). What does not: how a
file's encoding, delimiter and header are found, or any message about a bad file. Those stay in
``export_csv``: Arrow is only trusted with files that are regular CSV (every record has the header's
number of fields, no blank lines, every quote closed). Anything else makes Arrow stop, and the
reader's pandas parse is run instead, so irregular files are read, or refused with the same
row-numbered messages, exactly as before.

The frame returned is the one the pandas parse returns: the header's names, a ``RangeIndex``, every
column the ``str`` dtype (Arrow-backed in pandas 3), empty and ``""`` values NA, nothing stripped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

_QUOTE, _CR, _LF = ord('"'), ord("\r"), ord("\n")
_UTF8_BOM = b"\xef\xbb\xbf"
#: Arrow's block size: large blocks keep per-block overhead low on exports of a few GB.
_BLOCK_BYTES = 16 << 20


@functools.cache
def parse_memory_pool() -> pa.MemoryPool:
    """The allocator of the parse: jemalloc where this pyarrow has it, else the system's.

    Arrow's default (mimalloc) gives the parse's many large buffers back to the system and takes
    them again: measured on a 100k export (260 MB), 5.5 s of system CPU time in the read against 0.9
    s with jemalloc, for the same user time; at 1M the system time was half the pipeline's.
    """
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        return pa.system_memory_pool()


PandasParse = Callable[[Path, "Path | str", list[str], str, str], pd.DataFrame]


def read_csv_body(
    file: Path,
    path: Path | str,
    names: list[str],
    encoding: str,
    delimiter: str,
    *,
    fallback: PandasParse,
) -> pd.DataFrame:
    """Parse the records after the header with ``pyarrow.csv``; irregular files go to ``fallback``.

    Args:
        file: The export file.
        path: The file as the caller named it (for messages).
        names: The column names, one per header field.
        encoding: ``utf-8``, ``utf-8-sig`` or ``cp1252`` (already checked to decode the file).
        delimiter: ``,``, ``;`` or tab.
        fallback: The pandas parse with the same signature: it reads, or refuses with an
            ``ExportError``, whatever Arrow will not read.

    Returns:
        Every value as text, empty and ``""`` as NA, columns named ``names``.
    """
    data = pa.memory_map(str(file)).read_buffer()
    start = header_end(data, delimiter)
    if start is None or start >= data.size:
        return fallback(file, path, names, encoding, delimiter)  # header only, or no line end
    generated = [f"c{position}" for position in range(len(names))]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data.slice(start)),
            read_options=pa_csv.ReadOptions(
                column_names=generated,
                encoding="utf8" if encoding.startswith("utf-8") else encoding,
                block_size=_BLOCK_BYTES,
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,  # a blank line is a row of NA for the pandas parse
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(generated, pa.large_string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
            memory_pool=parse_memory_pool(),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return fallback(file, path, names, encoding, delimiter)
    if not ends_closed(data, start, table, encoding, delimiter):
        # Arrow ends a quoted value left open at the end of the file; pandas refuses the file.
        return fallback(file, path, names, encoding, delimiter)
    frame = table.rename_columns(names).to_pandas(
        types_mapper=_text_dtype, self_destruct=True, memory_pool=parse_memory_pool()
    )
    del table
    return frame


def ends_closed(
    data: pa.Buffer, start: int, table: pa.Table, encoding: str, delimiter: str
) -> bool:
    """Whether the file's last value, as Arrow read it, ends the file outside quotes.

    Arrow takes the end of the file as the end of a quoted value that was never closed (a file cut
    while copying); the pandas parse refuses it. The last value read (``v``) tells which: a closed
    file ends with ``"v"`` (quotes doubled) or with an unquoted ``v`` after a delimiter or line end,
    each perhaps followed by one line end; a file cut inside quotes ends with ``"v`` instead.
    """
    if table.num_rows == 0 or table.num_columns == 0:
        return False
    value = table.column(table.num_columns - 1)[-1].as_py() or ""
    codec = "utf-8" if encoding.startswith("utf-8") else encoding
    raw = value.encode(codec)
    escaped = raw.replace(b'"', b'""')
    body = memoryview(data)[start:]
    tail = bytes(body[-(len(escaped) + 4) :])
    for line_end in (b"", b"\n", b"\r\n", b"\r"):
        if tail.endswith(b'"' + escaped + b'"' + line_end):
            return True
        if any(byte in raw for byte in (b'"', b"\r", b"\n")):
            continue
        unquoted = raw + line_end
        if len(body) == len(unquoted) and tail.endswith(unquoted):
            return True
        before = tail[: len(tail) - len(unquoted)][-1:]
        if tail.endswith(unquoted) and before in (delimiter.encode(), b"\n", b"\r"):
            return True
    return False


def _text_dtype(arrow_type: pa.DataType) -> pd.StringDtype | None:
    if arrow_type in (pa.large_string(), pa.string()):
        return pd.StringDtype("pyarrow", na_value=float("nan"))
    return None


def header_end(data: pa.Buffer | bytes, delimiter: str) -> int | None:
    """The offset of the first byte after the header record (after its line end), or None.

    Follows the quoting rules of the header parse (a quote opens a value only at its start, ``""``
    inside quotes is a quote), so a quoted heading with a line break stays in the header. The
    delimiter, quote and line-end bytes are ASCII, never part of a UTF-8 sequence or a cp1252 byte
    of another character, so the bytes are scanned without decoding.
    """
    view = memoryview(data)
    limit = len(view)
    position = len(_UTF8_BOM) if bytes(view[:3]) == _UTF8_BOM else 0
    separator = ord(delimiter)
    at_field_start, quoted = True, False
    while position < limit:
        byte = view[position]
        if quoted:
            if byte == _QUOTE:
                following = _byte_at(view, position + 1)
                if following == _QUOTE:
                    position += 1
                else:
                    quoted = False
        elif byte == _QUOTE and at_field_start:
            quoted = True
        elif byte == _LF:
            return position + 1
        elif byte == _CR:
            return position + 2 if _byte_at(view, position + 1) == _LF else position + 1
        at_field_start = byte == separator and not quoted
        position += 1
    return None


def _byte_at(view: memoryview, position: int) -> int | None:
    return view[position] if position < len(view) else None


def normalise_values(frame: pd.DataFrame, equation_quotes: bool = True) -> pd.DataFrame:
    """Whitespace-only values become NA; a leading ``'`` before ``=`` is removed. Column-wise.

    ``equation_quotes`` is false for a route that never quotes equations (LimeSurvey's API): there a
    leading ``'`` is the respondent's own and stays.

    Each column is tested in Arrow compute first (most columns need no change) and changed in Arrow
    compute where it does, without leaving Arrow memory.
    """
    changed: dict[str, pd.Series] = {}
    for column in frame.columns:
        values = frame[column]
        arrow = pa.array(values, from_pandas=True)
        blank = pc.utf8_is_space(arrow)
        quoted = pc.starts_with(arrow, "'=")
        has_blank = pc.any(blank).as_py()
        has_quoted = equation_quotes and pc.any(quoted).as_py()
        if not (has_blank or has_quoted):
            continue
        if has_quoted:
            arrow = pc.if_else(quoted, pc.utf8_slice_codeunits(arrow, 1), arrow)
        if has_blank:
            arrow = pc.if_else(blank, pa.scalar(None, arrow.type), arrow)
        changed[column] = pd.Series(
            arrow.to_pandas(types_mapper=_text_dtype), index=values.index, name=column
        )
    if not changed:
        return frame
    result = frame.copy(deep=False)
    for column, values in changed.items():
        result[column] = values
    return result
