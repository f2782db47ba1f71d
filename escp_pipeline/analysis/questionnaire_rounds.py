"""A round's questionnaire beside the previous round's, and its partnerships beside the registry.

What belongs here: the pure steps the ``questionnaire`` and ``questionnaire_changes`` assets take
(which round is the previous one, the changes since it, the partnership codes and labels the
registry does not know, the questionnaire as YAML). What does not: choosing and reading a round's
questionnaire (``contract.round_questionnaire``), comparing two codebooks
(``contract.questionnaire_diff``), anything that knows Dagster.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from escp_pipeline.contract.codebook import Codebook, load_codebook_file
from escp_pipeline.contract.drops import ROUND_PATTERN, round_sort_key
from escp_pipeline.contract.lss import QuestionnaireError
from escp_pipeline.contract.markup import plain_text
from escp_pipeline.contract.questionnaire_diff import questionnaire_changes
from escp_pipeline.contract.registry import PartnershipRegistry, normalise_name
from escp_pipeline.contract.round_questionnaire import questionnaire_for_round
from escp_pipeline.contract.survey_profile import ProfileError


def previous_round(round_: str, rounds: Iterable[str]) -> str | None:
    """The latest of ``rounds`` (round names of the same survey) before ``round_``, else None."""
    this = round_sort_key(round_)
    earlier = [r for r in rounds if ROUND_PATTERN.match(r) and round_sort_key(r) < this]
    return max(earlier, key=round_sort_key, default=None)


def changes_since_previous_round(
    survey_dir: Path, round_: str, rounds: Iterable[str], current: Codebook
) -> tuple[str | None, pd.DataFrame]:
    """The previous round of the survey (among ``rounds``) and the ``questionnaire_changes`` rows.

    The previous round's questionnaire is chosen as for any round (its ``.lss``, else an earlier
    one, else the shipped codebook). A survey's first round has no rows.

    Raises:
        QuestionnaireError: the previous round's questionnaire cannot be read; the message names its
            file and says that this round's changes wait for it.
    """
    survey = survey_dir.name
    previous = previous_round(round_, rounds)
    if previous is None:
        return None, questionnaire_changes(
            None, current, survey=survey, round_=round_, previous_round=""
        )
    try:
        earlier = questionnaire_for_round(survey_dir, previous).codebook
    except (QuestionnaireError, ProfileError) as error:
        raise QuestionnaireError(
            f"the changes of {survey} {round_} need the questionnaire of the previous round "
            f"{previous}, which cannot be used: {error}"
        ) from error
    table = questionnaire_changes(
        earlier, current, survey=survey, round_=round_, previous_round=previous
    )
    return previous, table


@dataclass(frozen=True)
class PartnershipFinding:
    """A partnership code of a round's questionnaire that the registry does not know as shown."""

    question: str
    code: str
    label: str
    #: ``not_in_registry`` (a new partnership) or ``label_differs`` (another name than the registry)
    problem: str
    #: what the registry says: its name for the code, or the partnership the label names
    registry: str

    def message(self) -> str:
        if self.problem == "not_in_registry":
            known = f"; the registry has that name as {self.registry}" if self.registry else ""
            return (
                f"{self.question} {self.code} '{self.label}': not in the partnership registry, "
                f"counted under the questionnaire's label{known}"
            )
        return (
            f"{self.question} {self.code} '{self.label}': the registry names {self.code} "
            f"'{self.registry}' (and no alias matches); the questionnaire's label counts"
        )


def partnership_findings(
    codebook: Codebook, registry: PartnershipRegistry
) -> list[PartnershipFinding]:
    """Codes of the partnership question the registry lacks, and labels it does not know.

    A label matches the registry when, folded (case, spaces, dashes and markup ignored), it equals
    the registry's name for the code or one of its aliases. For a new code, the registry is searched
    for the label (by name, alias and close spelling) to say if it looks like a known partnership
    under another code. A survey without a partnership question has no findings.
    """
    from escp_pipeline.analysis.partnership_names import resolve_name

    try:
        question = codebook.partnership_question
    except KeyError:
        return []
    findings: list[PartnershipFinding] = []
    for option in question.answers:
        label = plain_text(option.label)
        known = registry.get(option.code)
        if known is None:
            resolved = resolve_name(label, registry)
            named = (
                f"{resolved.partnership.code} '{resolved.partnership.name}'"
                if resolved.partnership is not None
                else ""
            )
            findings.append(
                PartnershipFinding(question.code, option.code, label, "not_in_registry", named)
            )
        elif normalise_name(label) not in {normalise_name(s) for s in known.spellings}:
            findings.append(
                PartnershipFinding(question.code, option.code, label, "label_differs", known.name)
            )
    return findings


def codebook_yaml(codebook: Codebook) -> str:
    """The questionnaire as YAML, in the shipped codebook files' format (``load_codebook_file``)."""
    data = codebook.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def read_codebook_yaml(path: Path) -> Codebook:
    """Read a questionnaire written by :func:`codebook_yaml` (raises ``CodebookError``)."""
    return load_codebook_file(path)
