"""Sentences on how one question changed between two rounds of a survey.

What belongs here: ``comparison_sentences`` (from ``round_comparison`` and the two rounds'
``option_counts``), the selections per respondent then and now, and the options reworded between
rounds. What does not: one round on its own (``narrative``) or the statistical wording of a change
(``change_prose``).
"""

from __future__ import annotations

import pandas as pd

from escp_pipeline.publish import change_prose
from escp_pipeline.publish.data import ALL, ORDINALS, QuestionCounts, survey_round_name
from escp_pipeline.publish.narrative import QuestionText
from escp_pipeline.publish.narrative_words import (
    capitalise,
    join_words,
    question_noun,
    share_of,
)


def _ordinal(rank: int) -> str:
    return ORDINALS[rank - 1] if 1 <= rank <= len(ORDINALS) else f"{rank}th"


def comparison_sentences(
    comparison: pd.DataFrame, current: QuestionCounts, previous: QuestionCounts
) -> list[str]:
    """How one question changed from ``previous`` to ``current`` (rows of ``round_comparison``).

    Counts and shares come from ``round_comparison`` (strand ``all``, and per strand for the
    selections per respondent); ``n`` and ranks from the two rounds' ``option_counts``.
    """
    text = QuestionText(current)
    noun = text.noun
    out: list[str] = []
    then = survey_round_name(previous.round)
    if comparison.empty or previous.total_respondents == 0:
        return [f"The question was not asked in {then}."]
    rows = comparison[comparison["strand"] == ALL].set_index("option")
    if int(rows["selected"].sum()) == 0 and int(rows["previous_selected"].sum()) == 0:
        return [f"No respondent selected any of the listed {noun.plural} in {then} either."]
    ranked_now = current.ranked
    ranked_then = previous.ranked
    top_then = ranked_then[(ranked_then["rank"] == 1) & (ranked_then[ALL] > 0)]
    top_now = ranked_now[(ranked_now["rank"] == 1) & (ranked_now[ALL] > 0)]
    n_then = previous.total_respondents
    if not top_then.empty:
        labels = join_words([text.label(row) for _, row in top_then.iterrows()])
        selected = int(top_then[ALL].iloc[0])
        if set(top_then["option"]) == set(top_now["option"]):
            verb = "was" if len(top_then) == 1 else "were"
            lead = noun.lead_singular if len(top_then) == 1 else noun.lead_plural
            each = " each" if len(top_then) > 1 else ""
            out.append(
                f"{capitalise(labels)} {verb} already the {lead} in {then}, "
                f"with {share_of(selected, n_then)}{each}."
            )
        else:
            verb = "was" if len(top_then) == 1 else "were"
            lead = noun.lead_singular if len(top_then) == 1 else noun.lead_plural
            each = " each" if len(top_then) > 1 else ""
            out.append(
                f"In {then}, the {lead} {verb} {labels}, with {share_of(selected, n_then)}{each}."
            )
            now = (
                f"the {noun.lead_singular} now"
                if len(top_now) == 1
                else f"one of the {noun.lead_plural} now"
            )
            for _, row in top_now.iterrows():
                option = row["option"]
                if option not in rows.index:
                    continue
                before = int(rows.loc[option, "previous_selected"])
                rank_then = ranked_then.loc[ranked_then["option"] == option, "rank"]
                rank = int(rank_then.iloc[0]) if len(rank_then) else None
                tied = rank is not None and int((ranked_then["rank"] == rank).sum()) > 1
                place = ""
                if rank == 1:
                    place = ", the most common then too"
                elif rank and before:
                    place = f", the {'joint ' if tied else ''}{_ordinal(rank)} most common then"
                who = f"{before} of {n_then} respondents" if before else "no respondent"
                out.append(
                    f"{capitalise(text.label(row))}, {now}, was {noun.verb} by {who} in "
                    f"{previous.round}{place}."
                )
    changes = rows[rows.index.isin(ranked_now["option"])]
    if len(changes):
        out.extend(
            change_prose.ranking_sentences(
                changes,
                lambda option: text.label(pd.Series({"label": current_label(current, option)})),
                n_then,
                current.total_respondents,
                previous.round,
                current.round,
                noun.plural,
            )
        )
    per_head = selections_per_respondent(comparison, current, previous)
    if per_head:
        out.append(per_head)
    renamed = reworded_options(current, previous)
    if renamed:
        out.append(renamed)
    return out


def current_label(qc: QuestionCounts, option: str) -> str:
    """The label ``option`` has in ``qc``'s round (the code itself if the round lacks it)."""
    labels = qc.table.loc[qc.table["option"] == option, "label"]
    return str(labels.iloc[0]) if len(labels) else option


def selections_per_respondent(
    comparison: pd.DataFrame, current: QuestionCounts, previous: QuestionCounts
) -> str | None:
    """Listed options selected per respondent and strand, then and now (not None or Other)."""
    noun = question_noun(current.survey, current.question, current.text)
    ranked = set(current.ranked["option"])
    strands = [s for s in current.strands if s in set(previous.strands)] or [ALL]
    parts = []
    for strand in strands:
        rows = comparison[(comparison["strand"] == strand) & comparison["option"].isin(ranked)]
        n_now, n_then = current.respondents.get(strand, 0), previous.respondents.get(strand, 0)
        if rows.empty or not n_now or not n_then:
            continue
        now = float(rows["selected"].sum()) / n_now
        then = float(rows["previous_selected"].sum()) / n_then
        who = "respondents" if strand == ALL else f"{strand} respondents"
        if not parts:
            parts.append(
                f"{who} selected {now:.1f} {noun.plural} against {then:.1f} in {previous.round}"
            )
        else:
            parts.append(f"{who} {now:.1f} against {then:.1f}")
    if not parts:
        return None
    return f"On average per respondent, {join_words(parts)} (averages, not tested against chance)."


def reworded_options(current: QuestionCounts, previous: QuestionCounts) -> str | None:
    """Options whose label changed between the rounds (compared by code, as the contract says)."""
    before = dict(zip(previous.table["option"], previous.table["label"], strict=True))
    changed = [
        f'"{label}" was worded "{before[option]}" in {previous.round}'
        for option, label in zip(current.table["option"], current.table["label"], strict=True)
        if option in before and str(before[option]) != str(label)
    ]
    if not changed:
        return None
    return f"{capitalise(join_words(changed))}; the rounds are compared by option code."
