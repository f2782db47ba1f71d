"""A round's questionnaire from LimeSurvey's survey structure export (``.lss``).

What belongs here: reading the ``.lss`` XML that LimeSurvey (4 and later) writes under
Display/Export > Survey structure into the project's codebook model: question codes, LimeSurvey
types and the codebook ``kind``, texts, subquestions, answer options, ``other`` and the order
LimeSurvey shows them in, in the survey's base language (other languages are kept apart, one
codebook each). Questions of types the project does not analyse are left out and listed. What does
not: facts a ``.lss`` cannot hold (which question is the partnership, personal data, ...), which are
the survey profile's (``survey_profile``), and anything that knows Dagster.

The XML is read with the standard library's expat parser, which refuses entity expansion bombs
(expat >= 2.4) and never fetches external entities.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from escp_pipeline.contract.codebook import (
    ArrayAxis,
    Codebook,
    CodebookError,
    Option,
    Question,
    QuestionKind,
)
from escp_pipeline.contract.markup import plain_text

#: the LimeSurvey question types the project analyses, and the codebook kind of each
KIND_OF_TYPE: dict[str, QuestionKind] = {
    "L": "single_choice",
    "!": "single_choice",
    "M": "multiple_choice",
    "P": "multiple_choice_comments",
    "Y": "yes_no",
    "N": "numeric",
    "S": "short_text",
    "T": "long_text",
    "Q": "multiple_short_text",
    ";": "array_texts",
}
#: LimeSurvey's names of the types the project does not analyse (for the warnings)
OTHER_TYPE_NAMES: dict[str, str] = {
    "1": "array dual scale",
    "5": "5 point choice",
    ":": "array numbers",
    "*": "equation",
    "|": "file upload",
    "A": "array 5 point choice",
    "B": "array 10 point choice",
    "C": "array yes/uncertain/no",
    "D": "date/time",
    "E": "array increase/same/decrease",
    "F": "array",
    "G": "gender",
    "H": "array by column",
    "I": "language switch",
    "K": "multiple numerical input",
    "O": "list with comment",
    "R": "ranking",
    "U": "huge free text",
    "X": "text display",
}
_CHOICE_WITH_OTHER = frozenset({"L", "!", "M", "P"})
_WHAT_TO_DO = "export it again in LimeSurvey with Display/Export > Survey structure (.lss)"


class QuestionnaireError(CodebookError):
    """A survey structure export that cannot be used: names the file and what to do."""


@dataclass(frozen=True)
class SkippedQuestion:
    """A question of a type the project does not analyse: kept out of the codebook, listed."""

    code: str
    type: str
    text: str

    @property
    def message(self) -> str:
        name = OTHER_TYPE_NAMES.get(self.type, "unknown type")
        return (
            f"question {self.code} is of LimeSurvey type {self.type!r} ({name}), which the "
            "project does not analyse: its columns are kept out of the analysis"
        )


@dataclass(frozen=True)
class Questionnaire:
    """A survey structure export read into codebooks: the base language's, and the others."""

    source: str
    codebook: Codebook
    base_language: str
    languages: tuple[str, ...]
    translations: dict[str, Codebook] = field(default_factory=dict)
    skipped: tuple[SkippedQuestion, ...] = ()

    @property
    def warnings(self) -> list[str]:
        """One line per question left out of the analysis, naming the file."""
        return [f"survey structure {self.source}: {skipped.message}" for skipped in self.skipped]


def read_lss(path: Path, survey: str) -> Questionnaire:
    """Read the survey structure export at ``path`` as the questionnaire of ``survey``.

    Raises:
        QuestionnaireError: the file cannot be read, is not XML, is not a LimeSurvey survey
            structure, has no base language or describes no usable questionnaire; the message names
            the file and what to do.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise QuestionnaireError(f"survey structure {path}: cannot be read ({error})") from error
    return parse_lss(data, source=str(path), survey=survey)


def parse_lss(data: bytes, *, source: str, survey: str) -> Questionnaire:
    """Parse the bytes of a ``.lss`` file; ``source`` names it in messages."""

    def fail(problem: str, what_to_do: str = _WHAT_TO_DO) -> QuestionnaireError:
        return QuestionnaireError(f"survey structure {source}: {problem}; {what_to_do}")

    try:
        root = ET.fromstring(data)
    except (ET.ParseError, LookupError, ValueError) as error:  # LookupError: unknown encoding
        raise fail(f"not XML ({error})") from error
    doctype = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or not doctype:
        raise fail("not a LimeSurvey export (no <document> with a <LimeSurveyDocType>)")
    if doctype != "Survey":
        raise fail(f"a LimeSurvey {doctype!r} export, not a survey structure")
    if root.find("question_l10ns") is None and root.find("questions") is not None:
        raise fail(
            "no question_l10ns table (an export of LimeSurvey 3 or earlier)",
            "import it into LimeSurvey 4 or later and export the survey structure again",
        )
    tables = _Tables(root)
    surveys = tables.rows("surveys")
    base = (surveys[0].get("language", "") if surveys else "").strip()
    if not base:
        raise fail(
            "no base language (the surveys table names none)",
            "set the survey's base language in LimeSurvey and export the survey structure again",
        )
    languages = _languages(root, surveys[0], base)
    titles = {
        row.get("surveyls_language", ""): plain_text(row.get("surveyls_title"))
        for row in tables.rows("surveys_languagesettings")
    }
    questions, skipped = _questions(tables, base, fail)
    if not questions and not skipped:
        raise fail("holds no questions")
    codebooks = {}
    for language in languages:
        try:
            codebooks[language] = Codebook(
                survey=survey,
                title=titles.get(language) or survey,
                questions=tuple(question.build(language) for question in questions),
            )
        except ValidationError as error:
            problems = "; ".join(item["msg"] for item in error.errors()[:3])
            raise fail(f"not a usable questionnaire ({problems})") from error
    return Questionnaire(
        source=source,
        codebook=codebooks.pop(base),
        base_language=base,
        languages=languages,
        translations=codebooks,
        skipped=tuple(skipped),
    )


class _Tables:
    """The ``<table><rows><row>`` sections of a LimeSurvey XML export as dicts of text."""

    def __init__(self, root: ET.Element) -> None:
        self.root = root

    def rows(self, name: str) -> list[dict[str, str]]:
        return [
            {cell.tag: cell.text or "" for cell in row}
            for row in self.root.findall(f"{name}/rows/row")
        ]


def _languages(root: ET.Element, survey: dict[str, str], base: str) -> tuple[str, ...]:
    """The base language first, then the others, each once."""
    listed = [(element.text or "").strip() for element in root.findall("languages/language")]
    listed += survey.get("additional_languages", "").split()
    return tuple(dict.fromkeys(language for language in [base, *listed] if language))


@dataclass
class _Draft:
    """A question being assembled: its row and the texts of it and its options per language."""

    row: dict[str, str]
    texts: dict[str, str]
    answers: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    subquestions: dict[int, list[tuple[str, dict[str, str]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    attributes: dict[str, str] = field(default_factory=dict)

    def build(self, language: str) -> Question:
        row, kind = self.row, KIND_OF_TYPE[self.row["type"]]

        def options(items: list[tuple[str, dict[str, str]]]) -> tuple[Option, ...]:
            return tuple(Option(code=code, label=texts.get(language, "")) for code, texts in items)

        def axes(items: list[tuple[str, dict[str, str]]]) -> tuple[ArrayAxis, ...]:
            return tuple(ArrayAxis(code=c, label=texts.get(language, "")) for c, texts in items)

        extra: dict[str, object] = {}
        if kind == "single_choice":
            extra["answers"] = options(self.answers)
        elif kind == "array_texts":
            extra["rows"], extra["columns"] = axes(self.subquestions[0]), axes(self.subquestions[1])
        elif kind in ("multiple_choice", "multiple_choice_comments", "multiple_short_text"):
            exclusive = set(self.attributes.get("exclude_all_others", "").replace(";", " ").split())
            extra["subquestions"] = tuple(
                Option(code=code, label=texts.get(language, ""), exclusive=code in exclusive)
                for code, texts in self.subquestions[0]
            )
        elif kind == "numeric":
            extra["min"] = _number(self.attributes.get("min_num_value_n"))
            extra["max"] = _number(self.attributes.get("max_num_value_n"))
        return Question(
            code=row["title"],
            type=row["type"],
            kind=kind,
            text=self.texts.get(language, ""),
            other=row["type"] in _CHOICE_WITH_OTHER and row.get("other") == "Y",
            **extra,
        )


def _number(value: str | None) -> float | None:
    """A numeric attribute; None when absent or an expression rather than a number."""
    try:
        number = float(value) if value and value.strip() else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _questions(
    tables: _Tables, base: str, fail: Callable[[str], QuestionnaireError]
) -> tuple[list[_Draft], list[SkippedQuestion]]:
    """The analysable questions in LimeSurvey's order, and the questions left out."""
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    for row in tables.rows("question_l10ns"):
        texts[row.get("qid", "")][row.get("language", "")] = plain_text(row.get("question"))
    group_order = {
        row.get("gid", ""): _int(row.get("group_order")) for row in tables.rows("groups")
    }
    every = tables.rows("questions") + tables.rows("subquestions")
    if any("qid" not in row or "type" not in row or "title" not in row for row in every):
        raise fail("its questions table lacks qid, type or title")
    parents = sorted(
        (row for row in every if row.get("parent_qid", "0") in ("", "0")),
        key=lambda row: (
            group_order.get(row.get("gid", ""), 0),
            _int(row.get("question_order")),
            _int(row["qid"]),
        ),
    )
    drafts: dict[str, _Draft] = {}
    skipped = []
    for row in parents:
        question_texts = texts.get(row["qid"], {})
        if row["type"] in KIND_OF_TYPE:
            drafts[row["qid"]] = _Draft(row=row, texts=question_texts)
        else:
            text = question_texts.get(base, "")
            skipped.append(SkippedQuestion(code=row["title"], type=row["type"], text=text))
    children = sorted(
        (row for row in every if row.get("parent_qid", "0") not in ("", "0")),
        key=lambda row: (_int(row.get("question_order")), _int(row["qid"])),
    )
    for row in children:
        draft = drafts.get(row["parent_qid"])
        if draft is not None:
            item = (row["title"], texts.get(row["qid"], {}))
            draft.subquestions[_int(row.get("scale_id"))].append(item)
    answer_texts: dict[str, dict[str, str]] = defaultdict(dict)
    for row in tables.rows("answer_l10ns"):
        answer_texts[row.get("aid", "")][row.get("language", "")] = plain_text(row.get("answer"))
    answers = sorted(
        tables.rows("answers"),
        key=lambda row: (
            _int(row.get("scale_id")),
            _int(row.get("sortorder")),
            _int(row.get("aid")),
        ),
    )
    for row in answers:
        draft = drafts.get(row.get("qid", ""))
        if draft is not None and _int(row.get("scale_id")) == 0:
            draft.answers.append((row.get("code", ""), answer_texts.get(row.get("aid", ""), {})))
    for row in tables.rows("question_attributes"):
        draft = drafts.get(row.get("qid", ""))
        if draft is not None and not row.get("language"):
            draft.attributes[row.get("attribute", "")] = row.get("value", "")
    return list(drafts.values()), skipped
