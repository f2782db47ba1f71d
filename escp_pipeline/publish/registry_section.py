"""The report's "Partnerships of the questionnaires against the registry" section.

What belongs here: the data-quality section listing, per processed round, the partnerships its
questionnaire offers that the partnership registry lacks ("not in the partnership registry", new
partnerships counted under their questionnaire label) and those the questionnaire labels otherwise
than the registry names them (the questionnaire's label counts). Both come from
``partnership_rounds`` (its ``partnership`` is the name the round counted under) beside the
registry. What does not: deciding the names (``validation.partnership_names``) or the WARN check on
the ``questionnaire`` asset (``analysis.questionnaire_rounds.partnership_findings``), which says the
same in the Dagster UI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.contract.registry import PartnershipRegistry
from escp_pipeline.publish.data import AnalystTables, survey_name
from escp_pipeline.publish.report_model import HtmlTable, Section

Caption = Callable[[str], str]
TITLE = "Partnerships of the questionnaires against the registry"
NEW = "not in the partnership registry"
RELABELLED = "labelled otherwise than in the registry"


@dataclass(frozen=True)
class RegistryFinding:
    """One partnership of a round's questionnaire that the registry does not know as shown."""

    survey: str
    round: str
    code: str
    #: the name the round counted it under (the questionnaire's label)
    label: str
    #: :data:`NEW` or :data:`RELABELLED`
    problem: str
    #: the registry's name for the code (empty for a new partnership)
    registry_name: str


def registry_findings(
    partnership_rounds: pd.DataFrame, registry: PartnershipRegistry
) -> list[RegistryFinding]:
    """New partnerships and label mismatches of every round, surveys then rounds in order.

    A partnership the questionnaire offers whose code the registry lacks is new; one whose counted
    name is not the registry's name for the code was labelled otherwise by the questionnaire (the
    name counts under the registry's name whenever the label is that name or an alias).
    """
    if partnership_rounds.empty or "in_questionnaire" not in partnership_rounds:
        return []
    offered = partnership_rounds[partnership_rounds["in_questionnaire"].astype(bool)]
    findings = []
    for row in offered.itertuples(index=False):
        known = registry.get(str(row.partnership_code))
        if known is None:
            problem, name = NEW, ""
        elif str(row.partnership) != known.name:
            problem, name = RELABELLED, known.name
        else:
            continue
        findings.append(
            RegistryFinding(
                str(row.survey),
                str(row.round),
                str(row.partnership_code),
                str(row.partnership),
                problem,
                name,
            )
        )
    return sorted(findings, key=lambda f: (f.survey, round_sort_key(f.round), f.code))


def registry_section(
    tables: AnalystTables, number: str, caption: Caption, registry: PartnershipRegistry
) -> Any:
    """Data quality: the partnerships of each round's questionnaire the registry does not know."""
    section = Section(number, TITLE, level=2)
    if tables.partnership_rounds.empty:
        section.paragraphs.append(["The partnership_rounds table is not available."])
        return section
    findings = registry_findings(tables.partnership_rounds, registry)
    if not findings:
        section.paragraphs.append(
            [
                "Every partnership the questionnaires offer is in the partnership registry under "
                "the name the questionnaire shows."
            ]
        )
        return section
    new = sum(f.problem == NEW for f in findings)
    section.paragraphs.append(
        [
            f"{new} partnership(s) of the questionnaires are {NEW} and "
            f"{len(findings) - new} are {RELABELLED}. Neither stops a round: a questionnaire's "
            "partnership is counted like any other, under the questionnaire's label."
        ]
    )
    section.tables.append(
        HtmlTable(
            caption=caption("Questionnaire partnerships the registry does not know as shown"),
            header=["Survey", "Round", "Code", "Questionnaire label", "Finding", "Registry name"],
            rows=[
                [
                    survey_name(f.survey),
                    f.round,
                    f.code,
                    f.label,
                    f.problem,
                    f.registry_name or "–",
                ]
                for f in findings
            ],
        )
    )
    return section
