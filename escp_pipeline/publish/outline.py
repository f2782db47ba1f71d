"""The progress report's outline and method note, read from ``templates/report-outline.yaml``.

What belongs here: reading and checking the outline file (the chapters 2-5 with their parts, the
method chapter's paragraphs and the statistics paragraphs' wording) into ``Outline``. Changing the
report's chapters, section titles or method text is an edit of the YAML file, not of code. What does
not: writing the sections (``publish.report``), or the numbers the statistics paragraphs state
(``change_prose.method_paragraphs`` fills them in from ``analysis.statistics``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

OUTLINE_PATH = Path(__file__).parent / "templates" / "report-outline.yaml"
#: What a part of a chapter can be: a question, Table 1 (agreements) or Table 2 (collaborations).
PART_KINDS = ("question", "agreements", "collaborations")
_FIX = "correct the entry in the report outline (see the comment at the top of the file)."


class OutlineError(ValueError):
    """An outline file that cannot be read as the report's chapters and method note."""


@dataclass(frozen=True)
class Part:
    """A section of the report's chapters 2-5: a question, Table 1 or Table 2 of one survey."""

    number: str
    title: str
    kind: str  # one of PART_KINDS
    question: str = ""


@dataclass(frozen=True)
class Chapter:
    """One of the report's chapters 2-5: its survey and its parts, in order."""

    number: str
    title: str
    survey: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Outline:
    """The report's chapters 2-5 and the method chapter's text."""

    chapters: tuple[Chapter, ...]
    method_note: tuple[str, ...]
    #: paragraphs with ``{name}`` fields, filled in by ``change_prose.method_paragraphs``
    statistics_note: tuple[str, ...]


@cache
def load_outline(path: Path = OUTLINE_PATH) -> Outline:
    """Read and check an outline file (default: the report's own).

    Raises:
        OutlineError: the file cannot be read, or an entry lacks a field or has an unknown part
            kind; the message names the file and the entry.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise OutlineError(f"{path}: the report outline cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise OutlineError(f"{path}: expected a mapping with 'chapters' and 'method_note'")
    chapters = tuple(
        _chapter(path, index, entry)
        for index, entry in enumerate(_list(path, data, "chapters"), start=1)
    )
    return Outline(
        chapters=chapters,
        method_note=_paragraphs(path, data, "method_note"),
        statistics_note=_paragraphs(path, data, "statistics_note"),
    )


def _list(path: Path, data: dict[str, Any], key: str, where: str = "the file") -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise OutlineError(f"{path}: {where} has no '{key}' list. What to do: {_FIX}")
    return value


def _paragraphs(path: Path, data: dict[str, Any], key: str) -> tuple[str, ...]:
    paragraphs = _list(path, data, key)
    for index, paragraph in enumerate(paragraphs, start=1):
        if not isinstance(paragraph, str) or not paragraph.strip():
            raise OutlineError(f"{path}: {key} {index} is not a paragraph. What to do: {_FIX}")
    return tuple(" ".join(paragraph.split()) for paragraph in paragraphs)


def _text(path: Path, where: str, entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    if value is None or isinstance(value, (dict, list)) or not str(value).strip():
        raise OutlineError(f"{path}: {where} has no '{key}'. What to do: {_FIX}")
    return str(value)


def _chapter(path: Path, index: int, entry: object) -> Chapter:
    where = f"chapter {index}"
    if not isinstance(entry, dict):
        raise OutlineError(f"{path}: {where} is not a mapping. What to do: {_FIX}")
    number = _text(path, where, entry, "number")
    where = f"chapter {number}"
    parts = []
    for part in _list(path, entry, "parts", where):
        if not isinstance(part, dict):
            raise OutlineError(f"{path}: a part of {where} is not a mapping. What to do: {_FIX}")
        part_where = f"part {part.get('number', '?')} of {where}"
        kind = _text(path, part_where, part, "kind")
        if kind not in PART_KINDS:
            raise OutlineError(
                f"{path}: {part_where} has kind {kind!r}, not one of {', '.join(PART_KINDS)}. "
                f"What to do: {_FIX}"
            )
        question = _text(path, part_where, part, "question") if kind == "question" else ""
        parts.append(
            Part(
                _text(path, part_where, part, "number"),
                _text(path, part_where, part, "title"),
                kind,
                question,
            )
        )
    return Chapter(
        number,
        _text(path, where, entry, "title"),
        _text(path, where, entry, "survey"),
        tuple(parts),
    )
