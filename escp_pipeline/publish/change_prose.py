"""Careful wording of shares and of changes between rounds, from ``round_comparison``'s tests.

What belongs here: the phrases that state a share with its base ("16 of 19 respondents (84%)", in
counts only below ``MIN_RESPONDENTS_FOR_PERCENT``), that say whether a change is distinguishable
from chance (``p_value``, ``q_value``, ``change_is_significant``), and the sentences that rank the
changes of one question without singling out a change the test does not support. What does not: the
tests themselves (``analysis.statistics``) or the other sentences (``narrative``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from escp_pipeline.analysis.statistics import MIN_RESPONDENTS_FOR_PERCENT
from escp_pipeline.publish.outline import load_outline

#: At most this many changes distinguishable from chance are described one by one per question.
MAX_DESCRIBED_CHANGES = 3
#: Below this a p-value is written with three decimals (0.012), above with two (0.16).
_FINE_P = 0.1

WITHIN_CHANCE = "a change within what chance alone produces at these numbers"


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def share_phrase(selected: int, n: int, *, noun: str = "respondents") -> str:
    """``16 of 19 respondents (84%)``; ``3 of 4 respondents`` below the percentage minimum."""
    who = f" {noun}" if noun else ""
    if n >= MIN_RESPONDENTS_FOR_PERCENT:
        return f"{selected} of {n}{who} ({percent(selected / n)})"
    return f"{selected} of {n}{who}"


def p_text(p: float) -> str:
    """``p < 0.001``, ``p = 0.012``, ``p = 0.16``, ``p = 1``."""
    if p < 0.001:
        return "p < 0.001"
    if p >= 0.995:
        return "p = 1"
    return f"p = {p:.3f}" if p < _FINE_P else f"p = {p:.2f}"


def q_text(q: float) -> str:
    return p_text(q).replace("p ", "q ", 1)


def _number(row: pd.Series, column: str) -> float:
    value = row.get(column)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def is_significant(row: pd.Series) -> bool:
    """Whether ``round_comparison`` marks the row's change as distinguishable from chance."""
    value = row.get("change_is_significant")
    return bool(value) if value is not None and not pd.isna(value) else False


def verdict(row: pd.Series) -> str:
    """Whether a change is distinguishable from chance, with its numbers.

    ``a clear increase (p = 0.001, q = 0.03)``; ``a change within what chance alone produces at
    these numbers (p = 0.16)``; a change whose own p is small but whose q is not says both.
    """
    p, q = _number(row, "p_value"), _number(row, "q_value")
    if math.isnan(p):
        return "a change that could not be tested"
    if is_significant(row):
        direction = "increase" if _number(row, "share_change") > 0 else "decrease"
        return f"a clear {direction} ({p_text(p)}, {q_text(q)})"
    from escp_pipeline.analysis.statistics import SIGNIFICANCE_LEVEL

    if p < SIGNIFICANCE_LEVEL and not math.isnan(q):
        return (
            f"a change that would stand out on its own ({p_text(p)}) but not once every option "
            f"compared in the round is taken into account ({q_text(q)}), so still {WITHIN_CHANCE}"
        )
    return f"{WITHIN_CHANCE} ({p_text(p)})"


def movement(row: pd.Series, label: str, n_then: int, n_now: int, then: str, now: str) -> str:
    """``X went from 12 of 20 respondents (60%) in 2018-r1 to 16 of 19 (84%) in 2019-r2, ...``."""
    before = share_phrase(int(row["previous_selected"]), n_then)
    after = share_phrase(int(row["selected"]), n_now, noun="")
    return f"{label} went from {before} in {then} to {after} in {now}, {verdict(row)}"


def ranking_sentences(
    changes: pd.DataFrame,
    label_of: Callable[[str], str],
    n_then: int,
    n_now: int,
    then: str,
    now: str,
    plural: str,
) -> list[str]:
    """How the options of one question moved, ranked only as far as the tests allow.

    Args:
        changes: ``round_comparison`` rows of strand ``all`` indexed by option (ranked options).
        label_of: the option's label as written in prose.
        n_then: respondents of the earlier round.
        n_now: respondents of this round.
        then: the earlier round's name.
        now: this round's name.
        plural: the options' plural noun (``activities``).
    """
    moved = changes[changes["share_change"].fillna(0) != 0]
    if moved.empty:
        return [f"Every one of the {plural} was chosen by the same share as in {then}."]

    def sentence(option: str) -> str:
        text = movement(changes.loc[option], label_of(option), n_then, n_now, then, now)
        return text[:1].upper() + text[1:] + "."

    flags = [is_significant(changes.loc[o]) for o in moved.index]
    significant = moved[flags]
    by_size = moved.assign(_size=moved["share_change"].abs()).sort_values(
        "_size", ascending=False, kind="stable"
    )
    if significant.empty:
        q = pd.to_numeric(moved.get("q_value"), errors="coerce").dropna()
        smallest = f" (smallest {q_text(float(q.min()))})" if len(q) else ""
        out = [
            f"No change in the share choosing any of the {plural} is distinguishable from chance "
            f"at these numbers{smallest}, so none is singled out as the largest increase or "
            "decrease."
        ]
        up = by_size[by_size["share_change"] > 0]
        down = by_size[by_size["share_change"] < 0]
        for part in (up, down):
            if len(part):
                out.append(sentence(str(part.index[0])))
        return out
    ordered = [o for o in by_size.index if o in set(significant.index)]
    count = len(ordered)
    out = [
        "One change is distinguishable from chance at these numbers."
        if count == 1
        else f"{count} changes are distinguishable from chance at these numbers."
    ]
    out += [sentence(str(o)) for o in ordered[:MAX_DESCRIBED_CHANGES]]
    if count > MAX_DESCRIBED_CHANGES:
        out.append(
            f"The other {count - MAX_DESCRIBED_CHANGES} are listed in the round_comparison table."
        )
    others = len(moved) - count
    if others:
        out.append(
            f"The other {others} {'change is' if others == 1 else 'changes are'} within what "
            "chance alone produces at these numbers."
        )
    return out


def method_paragraphs(example_selected: int = 16, example_n: int = 19) -> list[str]:
    """The report's paragraphs on intervals and tests, for a reader who is no statistician.

    The wording is the outline's ``statistics_note`` (``templates/report-outline.yaml``); the
    numbers come from ``analysis.statistics``.
    """
    from escp_pipeline.analysis.statistics import (
        CONFIDENCE_LEVEL,
        MIN_PAIRS,
        SIGNIFICANCE_LEVEL,
        wilson_interval,
    )

    low, high = wilson_interval([example_selected], [example_n])
    fields = {
        "level": f"{round(CONFIDENCE_LEVEL * 100)}%",
        "example_selected": example_selected,
        "example_n": example_n,
        "example_percent": percent(example_selected / example_n),
        "low": percent(float(low[0])),
        "high": percent(float(high[0])),
        "min_respondents": MIN_RESPONDENTS_FOR_PERCENT,
        "significance_level": SIGNIFICANCE_LEVEL,
        "min_pairs": MIN_PAIRS,
    }
    return [paragraph.format(**fields) for paragraph in load_outline().statistics_note]
