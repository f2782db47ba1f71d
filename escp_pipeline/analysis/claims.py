"""The ``report_claims`` table: every number a report states, checked against the analyst tables.

What belongs here: reading a facts file (``contract/reference/report-facts.yaml``) and evaluating
each claim by its *kind*, so that a facts file for a later report works without code changes. A
claim is a mapping with ``id``, ``source``, ``text``, optionally ``conflict`` (where the report
contradicts itself), optionally ``survey``/``round`` defaults, and one or more kind keys:

``counts``
    a list of option counts, each keyed by ``survey, round, question, option, strand`` with any of
    ``selected``, ``selected_min``, ``selected_max``, ``share_min``, ``share_max`` (0..1, bounds
    inclusive), ``rank``, ``rank_max`` (rank among the question's options in that strand by
    ``selected``, highest first, ties sharing the better rank; ``other`` and exclusive ``None``
    options are not ranked).
``every_respondent_selects_one_of``
    ``{survey, round, question[, strand]}``: every complete answer chose at least one option of the
    question (its listed, non-exclusive options or a non-empty ``other``).
``agreements``
    ``{<round>: {<partnership>: n}, totals: {<round>: n}}``: numbers of ``cooperation_agreements``.
``collaborations``
    ``{<source>: [<target>, ...]}``, optionally with ``reciprocal_pairs: [[a, b], ...]`` beside it:
    exactly these directed links, and exactly these mutual pairs, in ``escp_collaborations``.
``country_mentions``
    ``{survey, round, question, mentions: {<alpha-2>: n}}``: each listed country is named by exactly
    n complete answers; other countries named are reported, not failed.
``improvement``
    ``{survey, question, from, to, strands}``: more selections of the question's ranked options per
    respondent in round ``to`` than in round ``from``, in every strand listed.

A claim without ``survey`` takes the survey of the partnerships it names (their ``programme``); one
without ``round`` the latest round of that survey the facts file's ``rounds`` list (the report's own
rounds). The ``rounds`` entries that state ``complete`` answers per strand become claims too. An
unknown kind or key is a claim that is not reproduced, never one silently passed. A claim about a
round that has not been processed is not applicable (``applicable`` False, see ``claim_rounds``).

What does not belong here: Dagster, or computing the analyst tables themselves; the evaluator of
each kind (``claim_kinds``) and what the evaluators share (``claim_evaluation``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from escp_pipeline.analysis.claim_evaluation import FAIL, ClaimTables, Evaluation, Verdict
from escp_pipeline.analysis.claim_kinds import EVALUATORS
from escp_pipeline.analysis.claim_rounds import missing_rounds, processed_rounds
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.codebook import REFERENCE_DIR, read_yaml
from escp_pipeline.contract.registry import PartnershipRegistry, load_registry

FACTS_PATH = REFERENCE_DIR / "report-facts.yaml"
CLAIM_COLUMNS: tuple[str, ...] = columns("report_claims")
META_KEYS = frozenset({"id", "source", "text", "conflict", "survey", "round"})
#: keys that qualify another kind rather than being a claim of their own
AUXILIARY_KEYS = {"reciprocal_pairs": "collaborations"}


class FactsError(ValueError):
    """A facts file that cannot be read as a list of claims."""


def load_report_facts(path: Path | None = None) -> dict[str, Any]:
    """Read a facts file: a mapping with ``claims`` (a list) and optionally ``rounds``."""
    path = path or FACTS_PATH
    try:
        facts = read_yaml(Path(path))
    except (OSError, yaml.YAMLError) as error:
        raise FactsError(f"facts file {path}: cannot be read ({error})") from error
    if not isinstance(facts, dict) or not isinstance(facts.get("claims"), list):
        raise FactsError(f"facts file {path}: expected a mapping with a 'claims' list")
    for index, claim in enumerate(facts["claims"]):
        if not isinstance(claim, dict) or "id" not in claim:
            raise FactsError(f"facts file {path}: claim {index + 1} is not a mapping with an 'id'")
    return facts


def round_claims(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts file's ``rounds`` entries stating complete answers, as ``complete`` claims."""
    claims = []
    for entry in facts.get("rounds") or []:
        if isinstance(entry, dict) and isinstance(entry.get("complete"), dict):
            survey, round_ = entry.get("survey"), str(entry.get("round"))
            stated = ", ".join(f"{k} {v}" for k, v in entry["complete"].items())
            claims.append(
                {
                    "id": f"{survey}-{round_}-complete",
                    "source": "rounds",
                    "text": f"Complete answers in {survey} {round_}: {stated}.",
                    "survey": survey,
                    "round": round_,
                    "complete": entry["complete"],
                }
            )
    return claims


def evaluate_claim(
    claim: dict[str, Any], ev: Evaluation, processed: set[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """One row of ``report_claims``: every kind of the claim must hold for it to be reproduced.

    A claim naming a round that is not among ``processed`` (default: the rounds in the tables) is
    not applicable: not reproduced, not evaluated, and not a failure (``applicable`` False).
    """
    kinds = [key for key in claim if key not in META_KEYS and key not in AUXILIARY_KEYS]
    missing = missing_rounds(
        claim, kinds, ev, processed_rounds(ev.tables) if processed is None else processed
    )
    if missing:
        names = ", ".join(f"{survey} {round_}" for survey, round_ in missing)
        return _row(
            claim,
            kinds,
            [Verdict(False, "(not evaluated)", f"not applicable: {names} not processed")],
        )
    verdicts = []
    for kind in kinds:
        evaluator = EVALUATORS.get(kind)
        if evaluator is None:
            verdicts.append(Verdict(False, f"{kind}: {claim[kind]}", f"{FAIL}unknown claim kind"))
            continue
        try:
            verdicts.append(evaluator(claim[kind], claim, ev))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            verdicts.append(
                Verdict(False, f"{kind}: {claim[kind]}", f"{FAIL}cannot evaluate: {error}")
            )
    if not verdicts:
        verdicts.append(Verdict(False, "(nothing to check)", f"{FAIL}the claim states no figures"))
    return _row(claim, kinds, verdicts, applicable=True)


def _row(
    claim: dict[str, Any], kinds: list[str], verdicts: list[Verdict], *, applicable: bool = False
) -> dict[str, Any]:
    conflict = claim.get("conflict")
    return {
        "id": str(claim["id"]),
        "source": str(claim.get("source", "")),
        "kind": ", ".join(kinds),
        "text": " ".join(str(claim.get("text", "")).split()),
        "reproduced": applicable and all(v.passed for v in verdicts),
        "applicable": applicable,
        "expected": " | ".join(v.expected for v in verdicts),
        "actual": " | ".join(v.actual for v in verdicts),
        "conflict": " ".join(str(conflict).split()) if conflict else None,
    }


def report_claims(
    facts: dict[str, Any], tables: ClaimTables, registry: PartnershipRegistry | None = None
) -> pd.DataFrame:
    """Evaluate every claim of a facts file (and its rounds' complete counts) against the tables.

    Returns:
        One row per claim: ``id, source, kind, text, reproduced, applicable, expected, actual,
        conflict``.
    """
    ev = Evaluation(tables, registry or load_registry(), list(facts.get("rounds") or []))
    claims = [*round_claims(facts), *facts["claims"]]
    processed = processed_rounds(tables)
    rows = [evaluate_claim(claim, ev, processed) for claim in claims]
    table = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    for column in CLAIM_COLUMNS:
        if column not in ("reproduced", "applicable"):
            table[column] = table[column].astype("str")
    table["reproduced"] = table["reproduced"].astype(bool)
    table["applicable"] = table["applicable"].astype(bool)
    return table


def unexplained_failures(claims: pd.DataFrame) -> pd.DataFrame:
    """Applicable claims that are not reproduced and have no conflict note to explain why."""
    applicable = claims.get("applicable", True)
    return claims[applicable & ~claims["reproduced"] & claims["conflict"].isna()]
