"""The two questionnaires as typed objects, loaded from the codebooks the project ships.

What belongs here: the codebook model (questions, options, the export columns each question
produces) and the loader that refuses a malformed codebook with a message naming the file and the
field. What does not: reading exports (``export_reader``) or anything that knows Dagster.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from escp_pipeline.catalogue.vocabularies import SURVEYS

REFERENCE_DIR = Path(__file__).parent / "reference"

QuestionKind = Literal[
    "single_choice",
    "multiple_choice",
    "multiple_choice_comments",
    "yes_no",
    "numeric",
    "short_text",
    "long_text",
    "multiple_short_text",
    "array_texts",
]
MULTIPLE_CHOICE_KINDS: frozenset[str] = frozenset({"multiple_choice", "multiple_choice_comments"})
FREE_TEXT_KINDS: frozenset[str] = frozenset(
    {"short_text", "long_text", "multiple_short_text", "array_texts"}
)


class CodebookError(ValueError):
    """A codebook file that cannot be used: names the file and the offending field."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer (single choice) or subquestion (multiple choice, short texts) of a question."""

    code: str = Field(min_length=1)
    label: str
    exclusive: bool = False


class ArrayAxis(_Frozen):
    """A row or a column of an ``array_texts`` question."""

    code: str = Field(min_length=1)
    label: str


class Question(_Frozen):
    """One question of a questionnaire, as LimeSurvey defines it."""

    code: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9]*$")
    type: str
    kind: QuestionKind
    text: str
    answers: tuple[Option, ...] = ()
    subquestions: tuple[Option, ...] = ()
    rows: tuple[ArrayAxis, ...] = ()
    columns: tuple[ArrayAxis, ...] = ()
    other: bool = False
    personal_data: bool = False
    case: int | None = None
    min: float | None = None
    max: float | None = None
    label_variants: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        needs = {
            "single_choice": "answers",
            "multiple_choice": "subquestions",
            "multiple_choice_comments": "subquestions",
            "multiple_short_text": "subquestions",
        }
        field = needs.get(self.kind)
        if field and not getattr(self, field):
            raise ValueError(f"question {self.code} of kind {self.kind} needs '{field}'")
        if self.kind == "array_texts" and not (self.rows and self.columns):
            raise ValueError(f"question {self.code} of kind array_texts needs 'rows' and 'columns'")
        options = self.answers or self.subquestions
        codes = [option.code for option in options]
        if len(codes) != len(set(codes)):
            raise ValueError(f"question {self.code} repeats an option code")
        unknown = set(self.label_variants) - set(codes)
        if unknown:
            raise ValueError(
                f"question {self.code}: label_variants name unknown options {sorted(unknown)}"
            )
        return self

    @property
    def options(self) -> tuple[Option, ...]:
        """The answers of a single choice, or the subquestions of any other kind."""
        return self.answers or self.subquestions

    @property
    def is_multiple_choice(self) -> bool:
        return self.kind in MULTIPLE_CHOICE_KINDS

    def option(self, code: str) -> Option:
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(f"question {self.code} has no option {code}")

    def export_columns(self) -> list[str]:
        """The export columns this question produces, in LimeSurvey's order (contract README)."""
        code = self.code
        if self.kind == "single_choice":
            return [code, f"{code}[other]"] if self.other else [code]
        if self.kind in ("multiple_choice", "multiple_short_text"):
            columns = [f"{code}[{option.code}]" for option in self.subquestions]
            return [*columns, f"{code}[other]"] if self.other else columns
        if self.kind == "multiple_choice_comments":
            columns = []
            for option in self.subquestions:
                columns += [f"{code}[{option.code}]", f"{code}[{option.code}comment]"]
            if self.other:
                columns += [f"{code}[other]", f"{code}[othercomment]"]
            return columns
        if self.kind == "array_texts":
            return [f"{code}[{row.code}_{col.code}]" for row in self.rows for col in self.columns]
        return [code]

    def choice_columns(self) -> dict[str, str]:
        """For a multiple-choice question: option code -> its checkbox column."""
        return {option.code: f"{self.code}[{option.code}]" for option in self.subquestions}

    def free_text_columns(self) -> list[str]:
        """Every column of this question that holds free text (comments, other, texts)."""
        if self.kind in FREE_TEXT_KINDS:
            return self.export_columns()
        if self.kind == "multiple_choice_comments":
            return [c for c in self.export_columns() if c.endswith(("comment]", "[other]"))]
        if self.other and self.kind in ("single_choice", "multiple_choice"):
            return [f"{self.code}[other]"]
        return []


class Codebook(_Frozen):
    """A questionnaire: its survey code, title and questions in export order."""

    survey: str
    title: str
    questions: tuple[Question, ...]

    @model_validator(mode="after")
    def _unique_codes(self) -> Codebook:
        codes = [question.code for question in self.questions]
        duplicated = sorted({code for code in codes if codes.count(code) > 1})
        if duplicated:
            raise ValueError(f"question codes appear twice: {duplicated}")
        return self

    def question(self, code: str) -> Question:
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(f"the {self.survey} codebook has no question {code}")

    def __iter__(self) -> Iterator[Question]:  # type: ignore[override]
        return iter(self.questions)

    @property
    def multiple_choice_questions(self) -> list[Question]:
        return [question for question in self.questions if question.is_multiple_choice]

    def export_columns(self) -> list[str]:
        """Every question column of an export, in order (metadata columns not included)."""
        return [column for question in self.questions for column in question.export_columns()]

    @property
    def personal_data_columns(self) -> list[str]:
        """Question columns that hold personal data (contact person, email)."""
        return [
            column
            for question in self.questions
            if question.personal_data
            for column in question.export_columns()
        ]

    @property
    def partnership_question(self) -> Question:
        """The single choice that names the responding partnership (``A1``)."""
        for question in self.questions:
            if question.kind == "single_choice" and all(
                option.code.startswith("P") and option.code[1:].isdigit()
                for option in question.answers
            ):
                return question
        raise KeyError(f"the {self.survey} codebook has no partnership question")

    @property
    def strand_question(self) -> Question | None:
        """The single choice on the strand (ESCP-4i ``A2``); None for a survey without strands."""
        for question in self.questions:
            if (
                question.kind == "single_choice"
                and question.answers
                and all(option.label.lower().startswith("strand-") for option in question.answers)
            ):
                return question
        return None

    @property
    def consent_question(self) -> Question | None:
        """The yes/no on keeping contact data (``A6`` in ESCP-4i, ``A5`` in ESCP-S3)."""
        for question in self.questions:
            if question.kind == "yes_no" and "personal data" in question.text.lower():
                return question
        return None

    @property
    def collaboration_question(self) -> Question | None:
        """The multiple choice whose subquestions are partnership codes (4i ``G2``, S3 ``E2``)."""
        for question in self.multiple_choice_questions:
            if all(
                option.code.startswith("P") and option.code[1:].isdigit()
                for option in question.subquestions
            ):
                return question
        return None

    @property
    def agreements_question(self) -> Question:
        """The numeric question on the partnership's cooperation agreements (``D3``)."""
        return self.question("D3")


#: libyaml's loader where PyYAML was built with it (six times faster), the pure-Python one otherwise
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> object:
    """Parse a YAML file safely (no Python objects), with libyaml when available."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def load_codebook_file(path: Path) -> Codebook:
    """Load and check one codebook file.

    Raises:
        CodebookError: the file is missing, not YAML, or does not describe a valid questionnaire;
            the message names the file and the field to fix.
    """
    try:
        data = read_yaml(path)
    except OSError as error:
        raise CodebookError(f"codebook {path}: cannot be read ({error})") from error
    except yaml.YAMLError as error:
        raise CodebookError(f"codebook {path}: not valid YAML ({error})") from error
    if not isinstance(data, dict):
        raise CodebookError(f"codebook {path}: expected a mapping with survey, title, questions")
    try:
        return Codebook.model_validate(data)
    except ValidationError as error:
        raise CodebookError(f"codebook {path}: {_describe(error)}") from error


def codebook_path(survey: str) -> Path:
    return REFERENCE_DIR / f"{survey}.codebook.yaml"


@functools.cache
def load_codebook(survey: str) -> Codebook:
    """The project's codebook for ``survey`` (``escp-4i`` or ``escp-s3``)."""
    if survey not in SURVEYS:
        raise CodebookError(f"unknown survey {survey!r}: expected one of {', '.join(SURVEYS)}")
    codebook = load_codebook_file(codebook_path(survey))
    if codebook.survey != survey:
        raise CodebookError(
            f"codebook {codebook_path(survey)}: says survey {codebook.survey!r}, "
            f"expected {survey!r}"
        )
    return codebook
