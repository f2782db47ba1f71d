"""A survey's profile: what its questions mean to the analysis, which a ``.lss`` cannot say.

What belongs here: the schema of ``incoming/<survey>/survey.yaml`` (and of the profiles the project
ships for ``escp-4i`` and ``escp-s3``), its loader, its validation against a round's questionnaire,
and laying it over a codebook read from a ``.lss``. A profile names the questions that play a part
(the partnership, the strand to count by, agreements, collaborations, the targeted countries, the
consent to keep contact data) and notes per question (personal data, exclusive options, bounds, case
numbers, earlier wordings). What does not: reading the ``.lss`` (``lss``) or anything that knows
Dagster. See ``docs/questionnaires.md``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from escp_pipeline.contract.codebook import (
    MULTIPLE_CHOICE_KINDS,
    REFERENCE_DIR,
    Codebook,
    CodebookError,
    Question,
    read_yaml,
)

PROFILE_FILE_NAME = "survey.yaml"

_QUESTION_CODE = r"^[A-Za-z][A-Za-z0-9]*$"


class ProfileError(CodebookError):
    """A survey profile that cannot be used: names the file, the key and what to fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Roles(_Strict):
    """Which question plays which part in the analysis; every one optional."""

    partnership: str | None = Field(
        None, pattern=_QUESTION_CODE, description="single choice naming the partnership"
    )
    strand: str | None = Field(
        None, pattern=_QUESTION_CODE, description="single choice of the strand to count by"
    )
    strand_names: dict[str, str] = Field(
        default_factory=dict,
        description="answer code of the strand question -> strand name (e.g. S1: strand-1)",
    )
    agreements: str | None = Field(
        None, pattern=_QUESTION_CODE, description="numeric: cooperation agreements signed"
    )
    collaborations: str | None = Field(
        None, pattern=_QUESTION_CODE, description="multiple choice of other partnerships"
    )
    consent: str | None = Field(
        None, pattern=_QUESTION_CODE, description="yes/no on keeping contact data"
    )
    countries: tuple[str, ...] = Field(
        (), description="questions whose free text names the targeted countries"
    )


class QuestionNotes(_Strict):
    """What the profile adds to one question of the questionnaire."""

    personal_data: bool = False
    exclusive_options: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    case: int | None = Field(None, ge=1)
    label_variants: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class SurveyProfile(_Strict):
    """The documented schema of ``survey.yaml``."""

    title: str | None = Field(None, description="the survey's name in tables and the report")
    roles: Roles = Field(default_factory=Roles)
    questions: dict[str, QuestionNotes] = Field(default_factory=dict)


#: the kinds a question may have to play each role, and how to say it in a message
_ROLE_KINDS: dict[str, tuple[frozenset[str], str]] = {
    "partnership": (frozenset({"single_choice"}), "a single choice"),
    "strand": (frozenset({"single_choice"}), "a single choice"),
    "agreements": (frozenset({"numeric"}), "a numeric question"),
    "collaborations": (MULTIPLE_CHOICE_KINDS, "a multiple choice"),
    "consent": (frozenset({"yes_no"}), "a yes/no question"),
}


def load_profile_file(path: Path) -> SurveyProfile:
    """Load and check the schema of one profile file.

    Raises:
        ProfileError: the file cannot be read, is not YAML or breaks the schema; the message names
            the file and the key.
    """
    try:
        data = read_yaml(path)
    except OSError as error:
        raise ProfileError(f"survey profile {path}: cannot be read ({error})") from error
    except yaml.YAMLError as error:
        raise ProfileError(f"survey profile {path}: not valid YAML ({error})") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(
            f"survey profile {path}: expected a mapping with the keys title, roles, questions"
        )
    try:
        return SurveyProfile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"key {'.'.join(str(part) for part in item['loc']) or '(top level)'}: {item['msg']}"
            for item in error.errors()[:5]
        )
        raise ProfileError(
            f"survey profile {path}: {problems} (the keys are described in docs/questionnaires.md)"
        ) from error


def shipped_profile_path(survey: str) -> Path:
    return REFERENCE_DIR / f"{survey}.survey.yaml"


def shipped_profile(survey: str) -> SurveyProfile | None:
    """The profile the project ships for ``survey``, or None for a survey it does not know."""
    path = shipped_profile_path(survey)
    return load_profile_file(path) if path.is_file() else None


def validate_profile(profile: SurveyProfile, codebook: Codebook, source: str | Path) -> None:
    """Check that every question and option the profile names is in the questionnaire.

    Raises:
        ProfileError: names the file, the key, the question and what to do.
    """
    by_code = {question.code: question for question in codebook.questions}

    def question_at(key: str, code: str) -> Question:
        question = by_code.get(code)
        if question is None:
            raise ProfileError(
                f"survey profile {source}: key {key} names question {code}, which the "
                f"{codebook.survey} questionnaire does not have; correct or remove it"
            )
        return question

    roles = profile.roles
    for role, (kinds, wanted) in _ROLE_KINDS.items():
        code = getattr(roles, role)
        if code is None:
            continue
        question = question_at(f"roles.{role}", code)
        if question.kind not in kinds:
            raise ProfileError(
                f"survey profile {source}: key roles.{role} names question {code}, a "
                f"{question.kind} question, but it must be {wanted}"
            )
    for index, code in enumerate(roles.countries):
        question = question_at(f"roles.countries[{index}]", code)
        if not question.free_text_columns():
            raise ProfileError(
                f"survey profile {source}: key roles.countries[{index}] names question {code}, "
                "which has no free text to find countries in"
            )
    if roles.strand_names:
        if roles.strand is None:
            raise ProfileError(
                f"survey profile {source}: key roles.strand_names needs roles.strand as well"
            )
        answers = {option.code for option in by_code[roles.strand].answers}
        unknown = sorted(set(roles.strand_names) - answers)
        if unknown:
            raise ProfileError(
                f"survey profile {source}: key roles.strand_names names answers {unknown} that "
                f"question {roles.strand} does not have"
            )
    for code, notes in profile.questions.items():
        question = question_at(f"questions.{code}", code)
        options = {option.code for option in question.options}
        for key, named in (
            ("exclusive_options", set(notes.exclusive_options)),
            ("label_variants", set(notes.label_variants)),
        ):
            unknown = sorted(named - options)
            if unknown:
                raise ProfileError(
                    f"survey profile {source}: key questions.{code}.{key} names options "
                    f"{unknown} that question {code} does not have"
                )
        if (notes.min is not None or notes.max is not None) and question.kind != "numeric":
            raise ProfileError(
                f"survey profile {source}: key questions.{code} sets min/max, but question "
                f"{code} is {question.kind}, not numeric"
            )


def apply_profile(codebook: Codebook, profile: SurveyProfile, source: str | Path) -> Codebook:
    """The questionnaire with the profile's title and question notes laid over it.

    What the ``.lss`` says stays (an exclusive option or a bound LimeSurvey holds is kept); the
    profile adds to it. The profile is validated first (``validate_profile``).
    """
    validate_profile(profile, codebook, source)
    questions = []
    for question in codebook.questions:
        notes = profile.questions.get(question.code)
        if notes is None:
            questions.append(question)
            continue
        exclusive = set(notes.exclusive_options)
        update: dict[str, object] = {
            "personal_data": question.personal_data or notes.personal_data,
            "case": notes.case if notes.case is not None else question.case,
            "min": notes.min if notes.min is not None else question.min,
            "max": notes.max if notes.max is not None else question.max,
            "label_variants": {**question.label_variants, **notes.label_variants},
        }
        for field in ("answers", "subquestions"):
            update[field] = tuple(
                option.model_copy(
                    update={"exclusive": option.exclusive or option.code in exclusive}
                )
                for option in getattr(question, field)
            )
        questions.append(Question.model_validate({**question.model_dump(), **update}))
    title = profile.title or codebook.title
    return codebook.model_copy(update={"title": title, "questions": tuple(questions)})
