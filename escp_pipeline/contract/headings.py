"""Recognise LimeSurvey's question-text headings and map their columns by position.

What belongs here: the heading texts LimeSurvey 6.4.2 writes for each metadata and codebook column
with Headings *Full question text* (``full``) and *Abbreviated question text* (``abbreviated``), and
the mapping of such a header onto column names. LimeSurvey writes the columns in a fixed order (the
metadata present, then the codebook's columns in codebook order) and many texts repeat (54 of the
328 ESCP-4i full headings), so columns are mapped **by position** and each heading is only checked
against the text expected at its position. What does not belong here: reading the file's bytes or
cells (``export_reader``, ``excel_export``, ``json_export``).

The rules were measured on real exports (``../shared/limesurvey-6.4.2``, see
``docs/limesurvey-exports.md``): a subquestion heading is ``question text [label]``, a comment adds
``[Comment]``, "other" is ``[Other]`` / ``[Other comment]``, an array cell is ``question text
[row][column]``; abbreviated texts keep 15 characters plus ``..`` when longer than 18 (LimeSurvey's
``ellipsize``); ``&`` is written as ``&amp;``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from escp_pipeline.contract.codebook import Codebook, Question
from escp_pipeline.contract.export_errors import ExportError

#: The heading LimeSurvey writes for each metadata column (identical in both text styles).
METADATA_TEXTS: dict[str, str] = {
    "id": "Response ID",
    "submitdate": "Date submitted",
    "lastpage": "Last page",
    "startlanguage": "Start language",
    "seed": "Seed",
    "token": "Access code",
    "startdate": "Date started",
    "datestamp": "Date last action",
    "ipaddr": "IP address",
    "refurl": "Referrer URL",
}
#: Columns LimeSurvey's API Excel export keeps (``array_slice($fields, 0, 255)``).
EXCEL_API_COLUMN_LIMIT = 255
_ABBREVIATED_CHARS = 15
_ELLIPSIS = ".. "
_SHOWN_HEADING = 60
#: The reader's advice for headings that cannot be read (``export_errors.FIX_HEADINGS``).
FIX_TEXT_HEADINGS = (
    "in LimeSurvey Responses > Export, set Headings to 'Question code' and export again."
)


class HeadingMismatchError(ValueError):
    """A text header that does not line up with the codebook: the column and what was expected."""

    def __init__(self, problem: str, fix: str, column: str | None = None) -> None:
        self.problem = problem
        self.fix = fix
        self.column = column
        super().__init__(problem)


@dataclass(frozen=True)
class TextHeadings:
    """A question-text header mapped to column names.

    Attributes:
        style: ``full`` or ``abbreviated``.
        names: The column name of every heading, by position (``(extra column N)`` past the end).
        expected: Every column a complete export of these settings has, in order.
    """

    style: str
    names: list[str]
    expected: list[str]


def _stored(text: str) -> str:
    """The text as LimeSurvey stores it: ``&`` HTML-escaped (its input filter), spaces single."""
    escaped = re.sub(r"&(?![a-zA-Z]+;|#[0-9]+;)", "&amp;", text)
    return " ".join(escaped.split())


def abbreviate(text: str) -> str:
    """LimeSurvey's ``ellipsize(text, 15)`` with ``..``: texts of up to 18 characters stay whole."""
    flat = re.sub(r"<[^>]*>", "", text).strip()
    if len(flat) <= _ABBREVIATED_CHARS + 3:
        return flat
    return flat[:_ABBREVIATED_CHARS] + _ELLIPSIS


def _question_headings(question: Question, shorten: bool) -> list[str]:
    """The headings of a question's columns, in ``Question.export_columns`` order."""

    def text(value: str) -> str:
        stored = _stored(value)
        return abbreviate(stored) if shorten else stored

    stem = text(question.text)
    columns = question.export_columns()
    if question.kind == "single_choice":
        return [stem, f"{stem} [Other]"][: len(columns)]
    if question.kind == "array_texts":
        return [
            f"{stem} [{text(row.label)}][{text(col.label)}]"
            for row in question.rows
            for col in question.columns
        ]
    if question.kind in ("multiple_choice", "multiple_short_text"):
        headings = [f"{stem} [{text(option.label)}]" for option in question.subquestions]
        return [*headings, f"{stem} [Other]"] if question.other else headings
    if question.kind == "multiple_choice_comments":
        headings = []
        for option in question.subquestions:
            label = f"{stem} [{text(option.label)}]"
            headings += [label, f"{label}[Comment]"]
        if question.other:
            headings += [f"{stem} [Other]", f"{stem} [Other comment]"]
        return headings
    return [stem]


def expected_headings(codebook: Codebook, style: str) -> dict[str, str]:
    """Column name -> the heading LimeSurvey writes for it in ``style`` (metadata included)."""
    headings = dict(METADATA_TEXTS)
    for question in codebook.questions:
        columns = question.export_columns()
        texts = _question_headings(question, shorten=style == "abbreviated")
        headings.update(zip(columns, texts, strict=True))
    return headings


def _same(found: str, expected: str) -> bool:
    return _comparable(found) == _comparable(expected)


def _comparable(text: str) -> str:
    return " ".join(html.unescape(text.replace("\ufeff", "")).split())


def is_text_header(headings: list[str]) -> bool:
    """Whether a header is in question texts: LimeSurvey starts those with ``Response ID``."""
    return bool(headings) and _same(headings[0], METADATA_TEXTS["id"])


def _metadata_count(headings: list[str]) -> int:
    position = 0
    for text in METADATA_TEXTS.values():
        if position < len(headings) and _same(headings[position], text):
            position += 1
    return position


def text_style(headings: list[str], codebook: Codebook) -> str:
    """``abbreviated`` if the first heading whose styles differ is abbreviated, else ``full``."""
    position = _metadata_count(headings)
    full = expected_headings(codebook, "full")
    abbreviated = expected_headings(codebook, "abbreviated")
    for index, column in enumerate(codebook.export_columns(), start=position):
        if index >= len(headings):
            break
        if not _same(full[column], abbreviated[column]):
            return "abbreviated" if _same(headings[index], abbreviated[column]) else "full"
    return "full"


def map_text_headings(headings: list[str], codebook: Codebook) -> TextHeadings:
    """Map a question-text header to column names by position, checking every heading's text.

    Raises:
        HeadingMismatchError: a heading is not the text LimeSurvey writes at its position (names the
            column and the expected text), or the header is shorter than the codebook's columns.
    """
    position = 0
    metadata: list[str] = []
    for column, text in METADATA_TEXTS.items():
        if position < len(headings) and _same(headings[position], text):
            metadata.append(column)
            position += 1
    # _metadata_count walks the same way: text_style starts where the questions start.
    columns = codebook.export_columns()
    style = text_style(headings, codebook)
    texts = expected_headings(codebook, style)
    expected = metadata + columns
    for index, column in enumerate(columns, start=position):
        if index >= len(headings):
            break
        if not _same(headings[index], texts[column]):
            after = (
                f", right after the last metadata heading recognised, "
                f"{_shown(METADATA_TEXTS[metadata[-1]])} (LimeSurvey's metadata headings: "
                f"{', '.join(METADATA_TEXTS.values())})"
                if index == position
                else ""
            )
            raise HeadingMismatchError(
                f"heading {index + 1} is {_shown(headings[index])}, but LimeSurvey writes "
                f"{_shown(texts[column])} for {column!r} there{after} (Headings "
                f"'{_STYLE_NAMES[style]}', columns in codebook order); the columns do not line up "
                f"with the {codebook.survey} codebook (changed questionnaire?), so none can be "
                "read by position",
                FIX_TEXT_HEADINGS,
                column=column,
            )
    names = expected[: len(headings)]
    names += [f"(extra column {index + 1})" for index in range(len(names), len(headings))]
    return TextHeadings(style=style, names=names, expected=expected)


_STYLE_NAMES = {"full": "Full question text", "abbreviated": "Abbreviated question text"}


def style_name(style: str) -> str:
    """The export form's name of a heading style."""
    return _STYLE_NAMES[style]


def duplicated_texts(codebook: Codebook, style: str) -> int:
    """How many columns share their heading text with an earlier column in ``style``."""
    texts = [_comparable(text) for text in expected_headings(codebook, style).values()]
    return len(texts) - len(set(texts))


def is_excel_api_cut(names: list[str], expected: list[str]) -> bool:
    """Whether a header is LimeSurvey's API Excel export cut to its first 255 columns."""
    return (
        len(names) == EXCEL_API_COLUMN_LIMIT
        and len(expected) > EXCEL_API_COLUMN_LIMIT
        and names == expected[:EXCEL_API_COLUMN_LIMIT]
    )


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= _SHOWN_HEADING:
        return repr(flat)
    return repr(flat[: _SHOWN_HEADING - 1] + "…")


# --- refusals, as the reader raises them ----------------------------------------------------------


def resolve_text_header(
    path: Path | str, headings: list[str], codebook: Codebook, source: str
) -> tuple[list[str], tuple[str, ...], tuple[str, ...]]:
    """Column names, extra columns and notes of a question-text header, or an ``ExportError``.

    Args:
        path: The export file, for messages.
        headings: The header's texts, in file order.
        codebook: The questionnaire.
        source: ``csv``, ``xlsx`` or ``json``: a JSON export whose texts repeat lost answers.
    """
    style = text_style(headings, codebook)
    repeated = duplicated_texts(codebook, style)
    if source == "json" and repeated:
        raise ExportError(
            path,
            f"the JSON export has '{style_name(style)}' headings as keys, and {repeated} of the "
            f"{codebook.survey} columns share their text with another column: LimeSurvey kept one "
            "value per text while writing the file, so answers are missing from it",
            "export the round as JSON with Headings 'Question code', or as CSV (any headings).",
            row=1,
        )
    try:
        mapped = map_text_headings(headings, codebook)
    except HeadingMismatchError as error:
        raise ExportError(path, error.problem, error.fix, row=1, column=error.column) from None
    names = mapped.names
    if len(names) < len(mapped.expected):
        if source == "xlsx":
            refuse_excel_api_cut(path, names, mapped.expected)
        missing = mapped.expected[len(names)]
        raise ExportError(
            path,
            f"the header ends after {len(names)} columns, before {missing!r} "
            f"({len(mapped.expected) - len(names)} codebook column(s) missing)",
            "in LimeSurvey Responses > Export, select all columns (Columns) and export again.",
            row=1,
            column=missing,
        )
    extra = tuple(name for name in names if name.startswith("(extra column"))
    notes = [
        f"headings exported as '{style_name(style)}': columns read by position, every heading "
        "checked against the codebook"
    ]
    if extra:
        notes.append(f"{len(extra)} extra column(s) after the codebook's, left out")
    return names, extra, tuple(notes)


def refuse_excel_api_cut(path: Path | str, names: list[str], expected: list[str]) -> None:
    """Raise when an Excel header is the API's export cut to its first 255 columns."""
    if not is_excel_api_cut(names, expected):
        return
    missing = expected[EXCEL_API_COLUMN_LIMIT]
    raise ExportError(
        path,
        f"the workbook has exactly {EXCEL_API_COLUMN_LIMIT} columns and stops before {missing!r}: "
        "LimeSurvey's RemoteControl API cuts every Excel export to its first "
        f"{EXCEL_API_COLUMN_LIMIT} columns, so {len(expected) - EXCEL_API_COLUMN_LIMIT} columns "
        "of this survey are not in the file (no export setting of the API avoids it)",
        "export the round as CSV (admin UI or API), or as Excel from the admin UI "
        "(Responses > Export, Microsoft Excel), which is not cut.",
        column=missing,
    )
