"""The claim kinds of a facts file: one evaluator per kind, and the table of them (``EVALUATORS``).

What belongs here: one function per kind (``counts``, ``every_respondent_selects_one_of``,
``agreements``, ``collaborations``, ``country_mentions``, ``improvement``, and ``complete`` from the
facts file's rounds), each turning a claim's value into a ``Verdict`` against the tables. The kinds
and their keys are described in ``claims``' docstring. What does not: reading the facts file,
deciding whether a claim is applicable, or the ``report_claims`` table (``claims``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from escp_pipeline.analysis.claim_evaluation import (
    FAIL,
    Evaluation,
    Verdict,
    codebook_of,
    format_number,
    percent,
)
from escp_pipeline.analysis.option_counts import ALL_STRANDS, COMPLETE, non_empty_text
from escp_pipeline.contract.drops import round_sort_key

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
        f"{key.replace('_', ' ')} {format_number(item[key])}" for key in wanted
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
    parts = [f"selected {selected} of {respondents} ({percent(share)})"]
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
    question = codebook_of(survey).question(code)
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
