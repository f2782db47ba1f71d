"""Which questionnaire a survey round was run with, from the files in its survey folder.

What belongs here: choosing a round's questionnaire from ``incoming/<survey>/`` (its own
``<round>.lss``, else the latest earlier round's ``.lss``, else the codebook the project ships for
``escp-4i`` and ``escp-s3``) and laying the survey's profile over it (``incoming/<survey>/
survey.yaml``, else the shipped profile). What does not: parsing (``lss``, ``survey_profile``),
comparing rounds (``questionnaire_diff``) or anything that knows Dagster. See
``docs/questionnaires.md``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from escp_pipeline.contract.codebook import SURVEYS, Codebook, codebook_path, load_codebook
from escp_pipeline.contract.contact_questions import mark_contact_questions
from escp_pipeline.contract.drops import ROUND_PATTERN, round_sort_key
from escp_pipeline.contract.lss import QuestionnaireError, read_lss
from escp_pipeline.contract.survey_profile import (
    PROFILE_FILE_NAME,
    SurveyProfile,
    apply_profile,
    load_profile_file,
    shipped_profile,
    shipped_profile_path,
)

SURVEY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class RoundQuestionnaire:
    """A round's questionnaire and where it came from."""

    survey: str
    round: str
    codebook: Codebook
    #: the ``.lss`` read, or the shipped codebook file
    source: Path
    #: SHA-256 of the ``.lss`` (None for the shipped codebook)
    sha256: str | None
    #: the survey profile applied, if any
    profile_source: Path | None
    #: questions left out of the analysis (types the project does not analyse)
    warnings: tuple[str, ...] = ()


def survey_profile(survey_dir: Path) -> tuple[SurveyProfile, Path] | None:
    """The survey's profile: ``survey.yaml`` in its folder, else the shipped one, else None."""
    own = survey_dir / PROFILE_FILE_NAME
    if own.is_file():
        return load_profile_file(own), own
    shipped = shipped_profile(survey_dir.name)
    return (shipped, shipped_profile_path(survey_dir.name)) if shipped is not None else None


def lss_for_round(survey_dir: Path, round_: str) -> Path | None:
    """The round's own ``.lss``, else the latest ``.lss`` of an earlier round, else None.

    Files whose name is not a round (``<year>-r<n>.lss``) are not considered.
    """
    this = round_sort_key(round_)
    candidates = [
        path
        for path in survey_dir.glob("*.lss")
        if path.is_file() and ROUND_PATTERN.match(path.stem) and round_sort_key(path.stem) <= this
    ]
    return max(candidates, key=lambda path: round_sort_key(path.stem), default=None)


def questionnaire_for_round(survey_dir: Path, round_: str) -> RoundQuestionnaire:
    """The questionnaire round ``round_`` of the survey in ``survey_dir`` was run with.

    Raises:
        QuestionnaireError: the folder name is not a survey name, the ``.lss`` is unusable, or a
            survey the project does not ship has no ``.lss`` for this or an earlier round.
        ProfileError: the profile breaks its schema or names what the questionnaire lacks.
    """
    survey = survey_dir.name
    if not SURVEY_NAME.match(survey):
        raise QuestionnaireError(
            f"survey folder {survey_dir}: {survey!r} is not a survey name; rename the folder "
            "in lower case letters, digits and dashes (e.g. cluster-census)"
        )
    profile = survey_profile(survey_dir)
    lss = lss_for_round(survey_dir, round_)
    if lss is not None:
        questionnaire = read_lss(lss, survey)
        codebook, warnings = questionnaire.codebook, tuple(questionnaire.warnings)
        source, sha256 = lss, hashlib.sha256(lss.read_bytes()).hexdigest()
    elif survey in SURVEYS:
        codebook, warnings = load_codebook(survey), ()
        source, sha256 = codebook_path(survey), None
    else:
        raise QuestionnaireError(
            f"survey {survey}, round {round_}: no questionnaire; put LimeSurvey's survey "
            f"structure export beside the responses as {survey_dir / (round_ + '.lss')} "
            "(Display/Export > Survey structure (.lss))"
        )
    if profile is not None:
        codebook = apply_profile(codebook, profile[0], profile[1])
    if survey not in SURVEYS:
        codebook, contact = mark_contact_questions(codebook)
        warnings += tuple(
            f"{source}: question {code} asks for contact data: kept out of every table as "
            "personal data"
            for code in contact
        )
    return RoundQuestionnaire(
        survey=survey,
        round=round_,
        codebook=codebook,
        source=source,
        sha256=sha256,
        profile_source=profile[1] if profile is not None else None,
        warnings=warnings,
    )
