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

What does not belong here: Dagster, or computing the analyst tables themselves.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from escp_pipeline.analysis.claim_rounds import missing_rounds, processed_rounds
from escp_pipeline.analysis.option_counts import (
    ALL_STRANDS,
    COMPLETE,
    non_empty_text,
    rank_options,
)
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.codebook import REFERENCE_DIR, Codebook, load_codebook, read_yaml
from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.contract.registry import PartnershipRegistry, load_registry

FACTS_PATH = REFERENCE_DIR / "report-facts.yaml"
CLAIM_COLUMNS: tuple[str, ...] = columns("report_claims")
META_KEYS = frozenset({"id", "source", "text", "conflict", "survey", "round"})
#: keys that qualify another kind rather than being a claim of their own
AUXILIARY_KEYS = {"reciprocal_pairs": "collaborations"}
COUNT_KEYS = frozenset({"survey", "round", "question", "option", "strand"})
COUNT_CHECKS = (
    "selected",
    "selected_min",
    "selected_max",
    "share_min",
    "share_max",
    "rank",
    "rank_max",
)
SHARE_TOLERANCE = 1e-9
FAIL = "✗ "


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
        """``option_counts`` indexed by (survey, round, question, option, strand), with ranks."""
        if self._ranked is None:
            counts = self.tables.option_counts
            codebooks = {s: _codebook(s) for s in counts["survey"].unique()}
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


def _codebook(survey: str) -> Codebook:
    return load_codebook(str(survey))


def _format_number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _percent(share: float | None) -> str:
    if share is None or math.isnan(share):
        return "n/a"
    return f"{100 * share:.1f}%"


# --- counts -------------------------------------------------------------------------------------


def _count_item(
    item: dict[str, Any], claim: dict[str, Any], ev: Evaluation, show_round: bool
) -> tuple[bool, str, str]:
    spec = {key: item.get(key, claim.get(key)) for key in COUNT_KEYS}
    spec["strand"] = spec["strand"] or ALL_STRANDS
    label = f"{spec['question']} {spec['option']} {spec['strand']}"
    if show_round:
        label = f"{spec['round']} {label}"
    unknown = set(item) - COUNT_KEYS - set(COUNT_CHECKS)
    wanted = [key for key in COUNT_CHECKS if key in item]
    expected = f"{label}: " + ", ".join(
        f"{key.replace('_', ' ')} {_format_number(item[key])}" for key in wanted
    )
    if unknown:
        return False, expected, f"{FAIL}{label}: unknown keys {sorted(unknown)}"
    if not wanted:
        return False, f"{label}: (no figure)", f"{FAIL}{label}: the count states no figure"
    missing = [key for key in ("survey", "round", "question", "option") if not spec[key]]
    if missing:
        return False, expected, f"{FAIL}{label}: the claim does not say {', '.join(missing)}"
    key = tuple(str(spec[k]) for k in ("survey", "round", "question", "option", "strand"))
    counts = ev.ranked_counts
    if key not in counts.index:
        return False, expected, f"{FAIL}{label}: no such row in option_counts (round processed?)"
    row = counts.loc[key]
    selected, respondents, share = int(row["selected"]), int(row["respondents"]), row["share"]
    rank = None if pd.isna(row["rank"]) else int(row["rank"])
    checks = {
        "selected": lambda v: selected == v,
        "selected_min": lambda v: selected >= v,
        "selected_max": lambda v: selected <= v,
        "share_min": lambda v: not pd.isna(share) and share >= v - SHARE_TOLERANCE,
        "share_max": lambda v: not pd.isna(share) and share <= v + SHARE_TOLERANCE,
        "rank": lambda v: rank is not None and rank == v,
        "rank_max": lambda v: rank is not None and rank <= v,
    }
    passed = all(checks[key](item[key]) for key in wanted)
    parts = [f"selected {selected} of {respondents} ({_percent(share)})"]
    if any(key.startswith("rank") for key in wanted):
        parts.append(f"rank {rank if rank is not None else 'none (not ranked)'}")
    actual = f"{'' if passed else FAIL}{label}: " + ", ".join(parts)
    return passed, expected, actual


def evaluate_counts(value: Any, claim: dict[str, Any], ev: Evaluation) -> Verdict:
    """Every listed option count holds (exact values, bounds, ranks)."""
    if not isinstance(value, list):
        return Verdict(False, "a list of counts", f"{FAIL}counts is not a list")
    rounds = {
        (i.get("survey", claim.get("survey")), i.get("round", claim.get("round"))) for i in value
    }
    results = [_count_item(item, claim, ev, len(rounds) > 1) for item in value]
    return Verdict(
        all(passed for passed, _, _ in results),
        "; ".join(expected for _, expected, _ in results),
        "; ".join(actual for _, _, actual in results),
    )


# --- every respondent ---------------------------------------------------------------------------


def evaluate_every_respondent(value: Any, claim: dict[str, Any], ev: Evaluation) -> Verdict:
    """Every complete answer of the round (and strand) chose at least one option of the question."""
    spec = {**{k: claim.get(k) for k in ("survey", "round")}, **value}
    survey, round_, code = spec.get("survey"), spec.get("round"), spec.get("question")
    strand = spec.get("strand") or ALL_STRANDS
    expected = f"every complete answer of {survey} {round_} ({strand}) selects an option of {code}"
    core = ev.tables.core_responses
    if core is None:
        return Verdict(False, expected, f"{FAIL}no core responses to check single answers")
    question = _codebook(survey).question(code)
    answers = core[
        (core["survey"] == survey) & (core["round"] == round_) & (core["status"] == COMPLETE)
    ]
    if strand != ALL_STRANDS:
        answers = answers[answers["strand"] == strand]
    if answers.empty:
        return Verdict(False, expected, f"{FAIL}no complete answers of {survey} {round_}")
    chose = pd.Series(False, index=answers.index)
    for option in question.subquestions:
        if not option.exclusive:
            column = f"{code}[{option.code}]"
            chose |= answers[column].astype("boolean").fillna(False).astype(bool)
    if question.other:
        chose |= non_empty_text(answers[f"{code}[other]"])
    passed = bool(chose.all())
    actual = f"{int(chose.sum())} of {len(answers)} complete answers select an option of {code}"
    if not passed:
        names = ", ".join(sorted(answers.loc[~chose, "partnership"].astype(str)))
        actual = f"{FAIL}{actual}; none selected by: {names}"
    return Verdict(passed, expected, actual)


# --- agreements ---------------------------------------------------------------------------------


def evaluate_agreements(value: Any, claim: dict[str, Any], ev: Evaluation) -> Verdict:
    """Each listed partnership states the listed number of agreements; round totals hold."""
    if not isinstance(value, dict):
        return Verdict(False, "agreements per round", f"{FAIL}agreements is not a mapping")
    totals = value.get("totals", {}) or {}
    rounds = [str(k) for k in value if k not in ("totals", "survey")]
    names = [name for r in rounds for name in (value[r] or {})]
    survey = value.get("survey") or claim.get("survey") or ev.survey_of(names)
    table = ev.tables.cooperation_agreements
    expected_parts, actual_parts, passed = [], [], True
    for round_ in sorted(set(rounds) | {str(r) for r in totals}, key=round_sort_key):
        listed = {ev.canonical(k): int(v) for k, v in (value.get(round_) or {}).items()}
        rows = table[(table["survey"] == survey) & (table["round"] == round_)]
        stated = rows.groupby("partnership")["agreements"].sum().to_dict()
        total = totals.get(round_)
        expected_parts.append(
            f"{round_}: "
            + ", ".join(f"{k} {v}" for k, v in listed.items())
            + (f"; total {total}" if total is not None else "")
        )
        if rows.empty:
            passed = False
            actual_parts.append(f"{FAIL}{round_}: no agreements in {survey} {round_}")
            continue
        wrong = [
            f"{name} {stated.get(name, 'not stated')} (expected {n})"
            for name, n in listed.items()
            if stated.get(name) != n
        ]
        extra = [f"{name} {n}" for name, n in stated.items() if name not in listed]
        data_total = int(sum(stated.values()))
        total_ok = total is None or data_total == int(total)
        ok = not wrong and total_ok
        passed &= ok
        text = f"{round_}: {len(listed) - len(wrong)} of {len(listed)} partnerships as listed"
        if wrong:
            text += "; differ: " + ", ".join(wrong)
        if extra:
            text += "; also stated: " + ", ".join(extra)
        text += f"; total {data_total}"
        actual_parts.append(("" if ok else FAIL) + text)
    return Verdict(passed, " | ".join(expected_parts), " | ".join(actual_parts))


# --- collaborations -----------------------------------------------------------------------------


def _pair(a: str, b: str) -> tuple[str, str]:
    first, second = sorted((a, b))
    return first, second


def evaluate_collaborations(value: Any, claim: dict[str, Any], ev: Evaluation) -> Verdict:
    """Exactly the listed directed links (and, if given, exactly the listed mutual pairs)."""
    if not isinstance(value, dict):
        return Verdict(False, "links per source", f"{FAIL}collaborations is not a mapping")
    spec = {k: value.get(k, claim.get(k)) for k in ("survey", "round")}
    sources = {k: v for k, v in value.items() if k not in ("survey", "round")}
    table = ev.tables.escp_collaborations
    survey = spec["survey"] or ev.survey_of(sources)
    round_ = spec["round"] or (ev.latest_round(survey, table) if survey else None)
    claimed = {
        (ev.canonical(source), ev.canonical(target))
        for source, targets in sources.items()
        for target in (targets or [])
    }
    expected = f"{survey} {round_}: {len(claimed)} links from {len(sources)} partnerships as listed"
    rows = table[(table["survey"] == survey) & (table["round"] == round_)]
    data = set(zip(rows["source"], rows["target"], strict=True))
    missing, extra = sorted(claimed - data), sorted(data - claimed)
    passed = not missing and not extra
    actual = (
        f"{len(data)} links from {rows['source'].nunique()} partnerships "
        f"({len({_pair(*link) for link in data})} distinct pairs)"
    )
    if missing:
        actual += "; missing: " + ", ".join(f"{s} → {t}" for s, t in missing)
    if extra:
        actual += "; not in the report: " + ", ".join(f"{s} → {t}" for s, t in extra)
    pairs_claimed = claim.get("reciprocal_pairs")
    if pairs_claimed is not None:
        wanted = {_pair(ev.canonical(a), ev.canonical(b)) for a, b in pairs_claimed}
        mutual = {
            _pair(s, t)
            for s, t in zip(rows["source"], rows["target"], strict=True)
            if (t, s) in data
        }
        flagged = {
            _pair(s, t)
            for s, t in rows.loc[rows["reciprocal"], ["source", "target"]].itertuples(index=False)
        }
        expected += "; reciprocal: " + ", ".join(f"{a} ↔ {b}" for a, b in sorted(wanted))
        pairs_ok = mutual == wanted == flagged
        passed &= pairs_ok
        actual += f"; {'' if pairs_ok else FAIL}reciprocal: " + (
            ", ".join(f"{a} ↔ {b}" for a, b in sorted(mutual)) or "none"
        )
        if mutual != flagged:
            actual += " (the reciprocal column disagrees)"
    return Verdict(passed, expected, ("" if passed else FAIL) + actual)


# --- country mentions ---------------------------------------------------------------------------


def evaluate_country_mentions(value: Any, claim: dict[str, Any], ev: Evaluation) -> Verdict:
    """Each listed country is named by exactly the listed number of complete answers."""
    spec = {**{k: claim.get(k) for k in ("survey", "round")}, **value}
    survey, round_, question = spec.get("survey"), spec.get("round"), spec.get("question")
    listed = {str(k): int(v) for k, v in (spec.get("mentions") or {}).items()}
    table = ev.tables.country_mentions
    rows = table[
        (table["survey"] == survey) & (table["round"] == round_) & (table["question"] == question)
    ]
    data = dict(zip(rows["country"], rows["mentions"].astype(int), strict=True))
    expected = f"{survey} {round_} {question}: " + ", ".join(f"{k} {v}" for k, v in listed.items())
    wrong = [
        f"{k} {data.get(k, 0)} (expected {v})" for k, v in listed.items() if data.get(k, 0) != v
    ]
    extra = [f"{k} {v}" for k, v in data.items() if k not in listed]
    passed = not wrong
    actual = f"{len(listed) - len(wrong)} of {len(listed)} countries as listed"
    if wrong:
        actual = f"{FAIL}{actual}; differ: " + ", ".join(wrong)
    if extra:
        actual += "; also named: " + ", ".join(extra)
    return Verdict(passed, expected, actual)


# --- improvement --------------------------------------------------------------------------------


def _selections_per_respondent(
    ev: Evaluation, survey: str, round_: str, question: str, strand: str
) -> float | None:
    counts = ev.ranked_counts.reset_index()
    rows = counts[
        (counts["survey"] == survey)
        & (counts["round"] == round_)
        & (counts["question"] == question)
        & (counts["strand"] == strand)
    ]
    if rows.empty or int(rows["respondents"].max()) == 0:
        return None
    ranked = rows[rows["rank"].notna()]
    return float(ranked["selected"].sum()) / int(rows["respondents"].max())


def evaluate_improvement(value: Any, claim: dict[str, Any], ev: Evaluation) -> Verdict:
    """More selections of the question's ranked options per respondent in ``to`` than ``from``."""
    survey = value.get("survey", claim.get("survey"))
    question, before, after = value.get("question"), str(value.get("from")), str(value.get("to"))
    strands = value.get("strands") or [ALL_STRANDS]
    expected = f"{survey} {question}: selections per respondent {after} > {before} in " + ", ".join(
        strands
    )
    parts, passed = [], True
    for strand in strands:
        old = _selections_per_respondent(ev, survey, before, question, strand)
        new = _selections_per_respondent(ev, survey, after, question, strand)
        ok = old is not None and new is not None and new > old
        passed &= ok
        shown = [("n/a" if v is None else f"{v:.2f}") for v in (old, new)]
        parts.append(f"{'' if ok else FAIL}{strand} {shown[0]} → {shown[1]}")
    return Verdict(passed, expected, "; ".join(parts))


# --- complete answers of a round (from the facts file's rounds) ---------------------------------


def evaluate_complete(value: Any, claim: dict[str, Any], ev: Evaluation) -> Verdict:
    """The number of complete answers per strand of a round."""
    survey, round_ = claim["survey"], claim["round"]
    counts = ev.ranked_counts.reset_index()
    rows = counts[(counts["survey"] == survey) & (counts["round"] == round_)]
    found = rows.groupby("strand")["respondents"].max().to_dict()
    expected = ", ".join(f"{strand} {n}" for strand, n in value.items())
    if rows.empty:
        return Verdict(False, expected, f"{FAIL}{survey} {round_} is not processed")
    wrong = [s for s, n in value.items() if found.get(s) != n]
    actual = ", ".join(f"{s} {found.get(s, 'none')}" for s in value)
    return Verdict(not wrong, expected, ("" if not wrong else FAIL) + actual)


EVALUATORS: dict[str, Callable[[Any, dict[str, Any], Evaluation], Verdict]] = {
    "counts": evaluate_counts,
    "every_respondent_selects_one_of": evaluate_every_respondent,
    "agreements": evaluate_agreements,
    "collaborations": evaluate_collaborations,
    "country_mentions": evaluate_country_mentions,
    "improvement": evaluate_improvement,
    "complete": evaluate_complete,
}


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
