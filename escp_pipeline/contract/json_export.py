r"""Read LimeSurvey's JSON response export (RemoteControl ``export_responses(..., 'json', ...)``).

What belongs here: turning ``{"responses": [{...}, ...]}`` into a header and a frame of text cells
read with the rules of the CSV export of the same settings (``docs/limesurvey-exports.md``): the
keys of a record are the headings, in column order; ``id`` and ``lastpage`` are JSON integers in
answer-code exports and become their digits; ``""`` is the missing value; the JSON export keeps a
``\r\n`` inside a value where every CSV and Excel export writes ``\n``, so line breaks are made
``\n`` as LimeSurvey's CSV writer does. What does not belong here: mapping headings to columns or
checking values (``export_reader``, ``headings``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TEXT_DTYPE = "str"
_LINE_BREAK = re.compile(r"\r\n?")


class JsonExportError(ValueError):
    """A JSON file that is not LimeSurvey's response export: the problem and the record."""

    def __init__(self, problem: str, record: int | None = None, key: str | None = None) -> None:
        self.problem = problem
        self.record = record
        self.key = key
        super().__init__(problem)


@dataclass(frozen=True)
class JsonCells:
    """The records of a JSON export: the headings (keys), rows as text, keys seen twice."""

    headings: list[str]
    frame: pd.DataFrame
    repeated_keys: tuple[str, ...]


def looks_like_json(head: bytes) -> bool:
    """Whether a file's first bytes open a JSON object (after a byte-order mark and spaces)."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def _value_text(value: object, record: int, key: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise JsonExportError("holds true/false, which LimeSurvey never writes", record, key)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _LINE_BREAK.sub("\n", value)
    raise JsonExportError(
        f"holds a JSON {type(value).__name__}, where LimeSurvey writes text or a whole number",
        record,
        key,
    )


def read_json_export(file: Path) -> JsonCells:
    """The records of a LimeSurvey JSON export as text cells.

    Raises:
        JsonExportError: the file is not ``{"responses": [flat records with the same keys]}``.
        ValueError: the file is not JSON at all (``json.JSONDecodeError``).
    """
    repeated: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        seen: dict[str, object] = {}
        for key, value in items:
            if key in seen:
                repeated.append(key)
            seen[key] = value
        return seen

    with file.open("rb") as stream:
        document = json.loads(stream.read().decode("utf-8-sig"), object_pairs_hook=pairs)
    if not isinstance(document, dict) or not isinstance(document.get("responses"), list):
        raise JsonExportError('the file is JSON but has no "responses" list')
    records = document["responses"]
    if not records:
        return JsonCells([], pd.DataFrame(), tuple(repeated))
    headings = list(records[0]) if isinstance(records[0], dict) else []
    rows: list[list[str | None]] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict) or list(record) != headings:
            raise JsonExportError(
                "the record does not have the same keys, in the same order, as the first", number
            )
        rows.append([_value_text(value, number, key) for key, value in record.items()])
    positions = [str(index) for index in range(len(headings))]
    frame = pd.DataFrame(rows, columns=positions, dtype=object).astype(TEXT_DTYPE)
    return JsonCells(headings, frame, tuple(dict.fromkeys(repeated)))
