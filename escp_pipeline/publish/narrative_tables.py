"""Sentences on the report's tables.

Sentences on the report's tables: cooperation agreements (Table 1), collaborations (Table 2) and the
third countries partnerships target.

What belongs here: the sentences written from ``cooperation_agreements``/``agreements_by_round``,
``escp_collaborations`` and ``country_mentions``. What does not: the questions' sentences
(``narrative``, ``narrative_comparison``) or the tables themselves (``publish.report``).
"""

from __future__ import annotations

import pandas as pd

from escp_pipeline.publish.data import country_name, survey_round_name
from escp_pipeline.publish.narrative_words import groups_by, join_words, respondents_phrase

# --- cooperation agreements (Table 1) ----------------------------------------------------------


def agreements_sentences(
    table1: pd.DataFrame, rounds: list[str], totals: dict[str, int]
) -> list[str]:
    """Totals, partnerships and the largest counts of Table 1.

    Args:
        table1: one row per partnership, one column per round (agreements; null: no number stated).
        rounds: the round columns, earliest first.
        totals: each round's total (``round_total`` of ``agreements_by_round``).
    """
    if table1.empty or not rounds:
        return ["No partnership stated a number of cooperation agreements."]
    latest = rounds[-1]
    answered = table1[table1[latest].notna()]
    total = int(totals.get(latest, 0))
    with_any = int((answered[latest] > 0).sum())
    partnerships = len(answered)
    if partnerships == 0:
        return [
            f"No partnership stated a number of cooperation agreements in "
            f"{survey_round_name(latest)}."
        ]
    if partnerships == 1:
        name = str(answered["partnership"].iloc[0])
        return [
            f"In {survey_round_name(latest)}, 1 partnership ({name}) stated how many cooperation "
            f"agreements or MoUs it has signed: {total}."
        ]
    some = "all" if with_any == partnerships else str(with_any)
    out = [
        f"In {survey_round_name(latest)}, {partnerships} "
        f"{'partnership' if partnerships == 1 else 'partnerships'} stated how many cooperation "
        f"agreements or MoUs {'it has' if partnerships == 1 else 'they have'} signed: {total} in "
        f"total, {some} of them at least one."
    ]
    if len(rounds) > 1:
        earlier = rounds[-2]
        before = int(totals.get(earlier, 0))
        difference = total - before
        if difference > 0:
            change = f"{difference} more than the {before} of"
        elif difference < 0:
            change = f"{-difference} fewer than the {before} of"
        else:
            change = "as many as in"
        out.append(f"That is {change} {survey_round_name(earlier)}.")
    if answered[latest].max() > 0:
        most = answered[answered[latest] == answered[latest].max()]
        names = join_words(sorted(most["partnership"].astype(str), key=str.casefold))
        value = int(most[latest].iloc[0])
        if len(most) == 1:
            out.append(f"{names} reports the most ({value}).")
        else:
            out.append(f"{names} report the most ({value} each).")
    return out


# --- collaborations (Table 2) ------------------------------------------------------------------


def collaboration_sentences(links: pd.DataFrame, round_: str) -> list[str]:
    """Links, reporters, the most active partnership, reciprocal pairs, partners not registered."""
    from escp_pipeline.publish.network import network_summary

    if links.empty:
        return [
            f"No partnership named a collaboration with another partnership in "
            f"{survey_round_name(round_)}."
        ]
    summary = network_summary(links)
    n_links, reporting = int(summary["links"]), int(summary["reporting"])  # type: ignore[call-overload]
    pairs: list[tuple[str, str]] = summary["reciprocal_pairs"]  # type: ignore[assignment]
    out = [
        f"In {survey_round_name(round_)}, {reporting} "
        f"{'partnership' if reporting == 1 else 'partnerships'} named {n_links} "
        f"{'collaboration' if n_links == 1 else 'collaborations'} with other partnerships "
        f"({summary['distinct_pairs']} distinct pairs)."
    ]
    named = links.groupby("source")["target"].nunique()
    top = named[named == named.max()]
    names = join_words(sorted(top.index.astype(str)))
    count = int(named.max())
    partners = "partner" if count == 1 else "partners"
    if len(top) == 1:
        out.append(f"{names} named the most ({count} {partners}).")
    else:
        out.append(f"{names} named the most ({count} {partners} each).")
    one_sided = n_links - 2 * len(pairs)
    if pairs:
        listed = "; ".join(f"{a} and {b}" for a, b in pairs)
        pair_words = (
            "1 pair named each other"
            if len(pairs) == 1
            else (f"{len(pairs)} pairs named each other")
        )
        out.append(
            f"{pair_words} ({listed}); the other {one_sided} "
            f"{'link was' if one_sided == 1 else 'links were'} reported by one side only."
        )
    else:
        out.append("No pair of partnerships named each other: every link is reported by one side.")
    outside: list[str] = summary["outside_registry"]  # type: ignore[assignment]
    if outside:
        verb = "is" if len(outside) == 1 else "are"
        partner_word = "partner" if len(outside) == 1 else "partners"
        out.append(
            f"{len(outside)} named {partner_word} {verb} outside the partnership registry "
            f"(marked *): {join_words(outside)}."
        )
    return out


# --- targeted third countries ------------------------------------------------------------------


def countries_sentence(third: pd.DataFrame, eu: pd.DataFrame, question_label: str) -> list[str]:
    """``... name the USA (4 respondents), China and Canada (3 each), ...`` from the mentions."""
    out = []
    if third.empty:
        out.append(f"No third country is named in {question_label}.")
    else:
        items = []
        for index, group in enumerate(groups_by(third, "mentions")):
            value = int(group["mentions"].iloc[0])
            names = join_words([country_name(c, article=True) for c in group["country"]])
            each = " each" if len(group) > 1 else ""
            count = respondents_phrase(value) if index == 0 else str(value)
            items.append(f"{names} ({count}{each})")
        listed = join_words(items)
        out.append(f"Regarding the targeted third countries, {question_label} name {listed}.")
    if not eu.empty:
        names = join_words(
            [
                f"{country_name(c, article=True)} ({int(m)})"
                for c, m in zip(eu["country"], eu["mentions"], strict=True)
            ]
        )
        out.append(f"EU member states named there are not counted as third countries: {names}.")
    return out
