"""What a report claim is evaluated with and into: the tables, the registry, the verdict.

What belongs here: ``ClaimTables`` (the analyst tables claims are checked against), ``Evaluation``
(the tables with the registry, the report's rounds and option ranks, shared by every claim kind),
``Verdict`` (one kind's outcome) and the formatting verdicts share. What does not: the claim kinds
(``claim_kinds``) or reading and evaluating a facts file (``claims``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from escp_pipeline.analysis.option_counts import rank_options
from escp_pipeline.catalogue.vocabularies import SURVEYS
from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.contract.registry import PartnershipRegistry

#: Marks the side of a verdict that does not hold.
FAIL = "✗ "


@dataclass
class ClaimTables:
    """The analyst tables claims are checked against (every processed round)."""

    option_counts: pd.DataFrame
    cooperation_agreements: pd.DataFrame
    escp_collaborations: pd.DataFrame
    country_mentions: pd.DataFrame
    #: core responses (any surveys and rounds), for claims about single answers
    core_responses: pd.DataFrame | None = None


@dataclass(frozen=True)
class Verdict:
    """The outcome of one claim kind: reproduced or not, and the figures on both sides."""

    passed: bool
    expected: str
    actual: str


@dataclass
class Evaluation:
    """What every evaluator may use: the tables, the registry, the report's rounds, ranks."""

    tables: ClaimTables
    registry: PartnershipRegistry
    report_rounds: list[dict[str, Any]] = field(default_factory=list)
    _ranked: pd.DataFrame | None = field(default=None, init=False, repr=False)

    @property
    def ranked_counts(self) -> pd.DataFrame:
        """``option_counts`` indexed by (survey, round, question, option, strand), with ranks.

        Only the surveys the project ships: the seed report's claims are about them, and a survey
        the project does not ship has no codebook to rank by.
        """
        if self._ranked is None:
            counts = self.tables.option_counts
            counts = counts[counts["survey"].isin(SURVEYS)]
            codebooks = {s: codebook_of(s) for s in counts["survey"].unique()}
            ranked = counts.assign(rank=rank_options(counts, codebooks))
            self._ranked = ranked.set_index(["survey", "round", "question", "option", "strand"])
        return self._ranked

    def canonical(self, name: str) -> str:
        """A partnership name as the tables write it: canonical if the registry knows it."""
        partnership = self.registry.lookup(str(name))
        return partnership.name if partnership is not None else " ".join(str(name).split())

    def survey_of(self, names: Iterable[str]) -> str | None:
        """The survey (programme) most of the named partnerships belong to."""
        programmes = [
            p.programme for p in (self.registry.lookup(str(n)) for n in names) if p is not None
        ]
        if not programmes:
            return None
        return max(sorted(set(programmes)), key=programmes.count)

    def latest_round(self, survey: str, table: pd.DataFrame) -> str | None:
        """The latest round of ``survey`` the report covers, else the latest processed one."""
        rounds = [str(r["round"]) for r in self.report_rounds if r.get("survey") == survey]
        if not rounds and not table.empty:
            rounds = list(table.loc[table["survey"] == survey, "round"].unique())
        return max(rounds, key=round_sort_key) if rounds else None


def codebook_of(survey: str) -> Codebook:
    """The codebook of ``survey`` (its ranks need the question's options)."""
    return load_codebook(str(survey))


def format_number(value: float) -> str:
    """A number as a verdict shows it: ``3``, ``0.25``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def percent(share: float | None) -> str:
    """A share as a verdict shows it: ``84.2%``, or ``n/a``."""
    if share is None or math.isnan(share):
        return "n/a"
    return f"{100 * share:.1f}%"
