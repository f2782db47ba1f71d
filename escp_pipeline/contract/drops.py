"""Where survey exports land and how a file name maps to a survey round.

A drop is ``<data dir>/incoming/<survey>/<round>.<ext>``: ``<survey>`` names the codebook,
``<round>`` is ``<year>-r<n>``, ``<ext>`` is ``csv``, ``xlsx`` or ``json``. The partition key of a
round is ``<survey>/<round>``.

Beside the responses, a survey folder may hold the round's questionnaire, ``<round>.lss``
(LimeSurvey's survey structure export), and the survey's profile, ``survey.yaml`` (see
``docs/questionnaires.md``): these are side files of the data dir, not drops and not bad names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from escp_pipeline.catalogue.vocabularies import SURVEY_NAME_PATTERN
from escp_pipeline.contract.codebook import SURVEYS

SURVEY_NAME = re.compile(SURVEY_NAME_PATTERN)
ROUND_PATTERN = re.compile(r"^(?P<year>\d{4})-r(?P<number>[1-9]\d*)$")
EXTENSIONS: tuple[str, ...] = ("csv", "xlsx", "json")
TEMPORARY_NAME = re.compile(r"^(\.|~\$)|\.(part|tmp|crdownload|swp)$|~$", re.IGNORECASE)

QUESTIONNAIRE_EXTENSION = "lss"
SURVEY_PROFILE_NAME = "survey.yaml"


class DropNameError(ValueError):
    """A file in ``incoming/`` whose path does not follow the naming convention."""


@dataclass(frozen=True, order=True)
class SurveyRound:
    """One round of one survey: the unit of a partition."""

    survey: str
    round: str

    @property
    def partition_key(self) -> str:
        return f"{self.survey}/{self.round}"

    @property
    def year(self) -> int:
        return int(_match_round(self.round).group("year"))

    @property
    def number(self) -> int:
        return int(_match_round(self.round).group("number"))

    @classmethod
    def from_partition_key(cls, key: str) -> SurveyRound:
        survey, _, round_ = key.partition("/")
        if not is_survey_name(survey) or not ROUND_PATTERN.match(round_):
            raise DropNameError(
                f"partition key {key!r} is not <survey>/<year>-r<n> with a survey name of lower "
                "case letters, digits and dashes (e.g. escp-4i)"
            )
        return cls(survey, round_)


def is_survey_name(name: str) -> bool:
    """A survey folder's name: a shipped survey or lower case letters, digits and dashes."""
    return name in SURVEYS or bool(SURVEY_NAME.match(name))


def _match_round(round_: str) -> re.Match[str]:
    match = ROUND_PATTERN.match(round_)
    if match is None:
        raise DropNameError(f"round {round_!r} is not <year>-r<n>, e.g. 2019-r2")
    return match


def round_sort_key(round_: str) -> tuple[int, int]:
    """Rounds of one survey sort chronologically by their number ``n``, then year."""
    match = _match_round(round_)
    return int(match.group("number")), int(match.group("year"))


def is_temporary_name(name: str) -> bool:
    """Dotfiles, office lock files (``~$x``) and partial downloads are never drops."""
    return bool(TEMPORARY_NAME.search(name))


@dataclass(frozen=True)
class Drop:
    """One export file in ``incoming/`` and the survey round it holds."""

    survey_round: SurveyRound
    path: Path

    @property
    def partition_key(self) -> str:
        return self.survey_round.partition_key


def parse_drop_path(path: Path, incoming_dir: Path) -> Drop:
    """Map ``incoming/<survey>/<round>.<ext>`` to its survey round.

    Raises:
        DropNameError: the path does not follow the convention; the message says what to rename.
    """
    relative = path.relative_to(incoming_dir)
    hint = (
        "rename it to incoming/<survey>/<year>-r<n>.csv (or .xlsx, .json), e.g. escp-4i/2019-r2.csv"
    )
    if len(relative.parts) != 2:
        raise DropNameError(f"{relative}: drops sit one folder deep; {hint}")
    survey, name = relative.parts
    if not is_survey_name(survey):
        raise DropNameError(
            f"{relative}: survey folder {survey!r} is not a survey name; name the folder in lower "
            f"case letters, digits and dashes (a new survey, e.g. cluster-census, or one of "
            f"{', '.join(SURVEYS)}); {hint}"
        )
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() not in EXTENSIONS:
        raise DropNameError(f"{relative}: extension must be .csv, .xlsx or .json; {hint}")
    if not ROUND_PATTERN.match(stem):
        raise DropNameError(f"{relative}: {stem!r} is not a round name; {hint}")
    return Drop(SurveyRound(survey, stem), path)


@dataclass(frozen=True)
class SideFile:
    """A round's questionnaire (``<round>.lss``) or the survey profile (``survey.yaml``)."""

    survey: str
    #: the round a ``.lss`` belongs to; None for ``survey.yaml``, which concerns every round
    round: str | None

    @property
    def is_profile(self) -> bool:
        return self.round is None


def parse_side_file(path: Path, incoming_dir: Path) -> SideFile | None:
    """``incoming/<survey>/<round>.lss`` or ``incoming/<survey>/survey.yaml``, else None."""
    parts = path.relative_to(incoming_dir).parts
    if len(parts) != 2 or not is_survey_name(parts[0]):
        return None
    stem, dot, extension = parts[1].rpartition(".")
    if parts[1] == SURVEY_PROFILE_NAME:
        return SideFile(parts[0], None)
    if dot and extension == QUESTIONNAIRE_EXTENSION and ROUND_PATTERN.match(stem):
        return SideFile(parts[0], stem)
    return None


def list_drops(incoming_dir: Path) -> tuple[dict[str, Drop], list[str]]:
    """Every round in ``incoming/`` with its current file, and the problems with other files.

    Where a round has more than one file (``2019-r2.csv`` and a later ``2019-r2.xlsx``), the most
    recently modified one is the current export: a re-export supersedes the earlier file, which is
    left where it is.

    Returns:
        (partition key -> current drop, one message per file that was skipped and why)
    """
    current: dict[str, Drop] = {}
    problems: list[str] = []
    if not incoming_dir.is_dir():
        return current, problems
    for path in sorted(incoming_dir.rglob("*")):
        if not path.is_file() or any(
            is_temporary_name(p) for p in path.relative_to(incoming_dir).parts
        ):
            continue
        if parse_side_file(path, incoming_dir) is not None:  # a questionnaire, not a drop
            continue
        try:
            drop = parse_drop_path(path, incoming_dir)
        except DropNameError as error:
            problems.append(str(error))
            continue
        missing = missing_questionnaire(
            drop.survey_round,
            str(path.relative_to(incoming_dir)),
            _lss_rounds(incoming_dir / drop.survey_round.survey),
        )
        if missing is not None:
            problems.append(missing)
            continue
        known = current.get(drop.partition_key)
        if known is None or path.stat().st_mtime > known.path.stat().st_mtime:
            current[drop.partition_key] = drop
    return current, problems


def missing_questionnaire(
    survey_round: SurveyRound, relative: str, lss_rounds: Iterable[str]
) -> str | None:
    """Why a round of a survey the project does not ship cannot be read, or None if it can.

    Such a survey's questionnaire comes only from LimeSurvey's survey structure export: the round's
    own ``<round>.lss`` or that of an earlier round of the survey (``lss_rounds``: the rounds of the
    survey's ``.lss`` files). ``relative`` names the export in the message.
    """
    survey, round_ = survey_round.survey, survey_round.round
    this = round_sort_key(round_)
    if survey in SURVEYS or any(round_sort_key(other) <= this for other in lss_rounds):
        return None
    return (
        f"{relative}: survey {survey!r} is not one the project ships a questionnaire for and the "
        f"round has none; add LimeSurvey's survey structure export beside it as "
        f"{survey}/{round_}.{QUESTIONNAIRE_EXTENSION} (Display/Export > Survey structure (.lss))"
    )


def _lss_rounds(survey_dir: Path) -> list[str]:
    """The rounds of the ``<round>.lss`` files in a survey folder."""
    return [
        path.stem
        for path in survey_dir.glob(f"*.{QUESTIONNAIRE_EXTENSION}")
        if path.is_file() and ROUND_PATTERN.match(path.stem)
    ]
