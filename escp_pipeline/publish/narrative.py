"""Sentences written from the analyst tables, in the manner of the seed report.

Every number in a sentence is read from the tables passed in, never typed here, and the wording
follows the numbers: ties ("A and B, 6 respondents each"), zero counts ("no respondent"), a single
respondent ("1 respondent", singular verbs), all of a strand ("all 7 strand-2") and a strand with no
respondent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.publish import change_prose
from escp_pipeline.publish.data import (
    ALL,
    ORDINALS,
    OTHER,
    QuestionCounts,
    country_name,
    survey_round_name,
)


@dataclass(frozen=True)
class Noun:
    """How the options of a question are named in prose."""

    singular: str
    plural: str
    lead_singular: str  # "most common activity"
    lead_plural: str
    verb: str = "reported"
    proper_names: bool = False  # options are names (partnerships): never lower-cased


def question_noun(survey: str, question: str) -> Noun:
    """The noun for a question's options, from the codebook's wording."""
    codebook = load_codebook(survey)
    collaboration = codebook.collaboration_question
    text = codebook.question(question).text.casefold()
    if (collaboration is not None and collaboration.code == question) or "name of the" in text:
        return Noun(
            "partnership",
            "partnerships",
            "partnership named most often",
            "partnerships named most often",
            verb="named",
            proper_names=True,
        )
    for stem, singular, plural in (
        ("barrier", "barrier", "barriers"),
        ("result", "result", "results"),
        ("benefit", "benefit", "benefits"),
        ("activit", "activity", "activities"),
    ):
        if stem in text:
            return Noun(singular, plural, f"most common {singular}", f"most common {plural}")
    return Noun("option", "options", "most common option", "most common options", verb="selected")


#: Above this many options nobody chose, a sentence gives their number instead of their names.
MAX_LISTED_ZEROS = 8


# --- small words -------------------------------------------------------------------------------


def respondents_phrase(n: int) -> str:
    """``1 respondent`` / ``3 respondents``."""
    return f"{n} respondent" if n == 1 else f"{n} respondents"


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def prose_label(label: str, *, proper_name: bool = False) -> str:
    """An option label inside a sentence: "Organisation of events" -> "the organisation of events".

    The first letter is lower-cased when the first word is an ordinary capitalised word (not an
    acronym, a name or a title phrase); "the" is added before "<noun> of/between/with ...".
    """
    label = " ".join(str(label).split())
    if proper_name or not label:
        return label
    words = label.split(" ")
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    # "Research & Development", "Merger and Acquisition": a title phrase keeps its capitals
    following = [w for w in words[1:3] if w not in {"&", "and"}][:1] or [""]
    ordinary = first[:1].isupper() and first[1:].islower() and first[1:].isalpha()
    title_phrase = following[0][:1].isupper() and following[0][1:].islower()
    if ordinary and not title_phrase:
        label = first[:1].lower() + label[1:]
    if second.casefold() in {"of", "between", "with"}:
        label = "the " + label
    return label


def strand_phrase(selected: int, n: int, strand: str) -> str:
    """How many respondents of a strand selected an option, in words.

    ``11 of 12 strand-1``, ``all 7 strand-2``, ``none of the 7 strand-2``, ``the only strand-1
    respondent``, ``no strand-2 respondent`` (when the one respondent did not select it).
    """
    if n == 1:
        return f"the only {strand} respondent" if selected == 1 else f"no {strand} respondent"
    if selected == 0:
        return f"none of the {n} {strand}"
    if selected == n:
        return f"all {n} {strand}"
    return f"{selected} of {n} {strand}"


def share_of(selected: int, n: int) -> str:
    """``6 of 8``, ``all 8``, ``the only respondent``, ``none of the 8``."""
    if n == 1:
        return "the only respondent" if selected == 1 else "no respondent"
    if selected == n:
        return f"all {n} respondents"
    if selected == 0:
        return f"none of the {n} respondents"
    return f"{selected} of {n} respondents"


def percent(share: float) -> str:
    return change_prose.percent(share)


def _groups(table: pd.DataFrame, column: str) -> list[pd.DataFrame]:
    """Rows grouped by equal ``column`` value, highest first (ties keep display order)."""
    values = sorted(set(table[column]), reverse=True)
    return [table[table[column] == value] for value in values]


# --- one question of one round -----------------------------------------------------------------


class QuestionText:
    """Writes the sentences of one question of one round."""

    def __init__(self, qc: QuestionCounts) -> None:
        self.qc = qc
        self.noun = question_noun(qc.survey, qc.question)

    def label(self, row: pd.Series) -> str:
        return prose_label(str(row["label"]), proper_name=self.noun.proper_names)

    def breakdown(self, row: pd.Series) -> str:
        """``11 of 12 strand-1 and all 7 strand-2`` for the strands present."""
        return join_words(
            [strand_phrase(int(row[s]), self.qc.respondents[s], s) for s in self.qc.strands]
        )

    @property
    def split(self) -> bool:
        """Counts are given per strand (ESCP-4i with both strands present)."""
        return len(self.qc.strands) > 1

    def reported(self, selected: int, each: bool = False) -> str:
        """``reported by 18 respondents``, or without strands ``reported by 6 of 8 respondents``."""
        suffix = " each" if each else ""
        if self.split:
            return f"{self.noun.verb} by {respondents_phrase(selected)}{suffix}"
        return f"{self.noun.verb} by {share_of(selected, self.qc.total_respondents)}{suffix}"

    def sentences(self) -> list[str]:
        qc = self.qc
        out: list[str] = []
        for strand in qc.missing_strands:
            out.append(
                f"No {strand} partnership answered in {survey_round_name(qc.round)}, so the "
                f"counts below are those of {join_words(qc.strands) or 'no strand'} only."
            )
        if qc.table.empty or qc.total_respondents == 0:
            out.append(f"No complete answer to this question in {survey_round_name(qc.round)}.")
            return out
        ranked = qc.ranked
        chosen = ranked[ranked[ALL] > 0]
        if chosen.empty:
            out.append(f"No respondent selected any of the listed {self.noun.plural}.")
        else:
            groups = _groups(chosen, ALL)
            out.append(self.lead(groups[0]))
            following = self.following(groups[1:3])
            if following:
                out.append(following)
            if len(groups) > 3:
                out.append(self.least(groups[-1]))
        zeros = ranked[ranked[ALL] == 0]
        if len(zeros) > MAX_LISTED_ZEROS and len(chosen):
            out.append(
                f"No respondent selected the other {len(zeros)} {self.noun.plural} of the list."
            )
        elif len(zeros) and len(chosen):
            labels = [self.label(row) for _, row in zeros.iterrows()]
            out.append(f"No respondent selected {join_words(labels, 'or')}.")
        difference = self.strand_difference()
        if difference:
            out.append(difference)
        out.extend(self.none_and_other())
        return out

    def lead(self, group: pd.DataFrame) -> str:
        noun = self.noun
        selected = int(group[ALL].iloc[0])
        rows = [row for _, row in group.iterrows()]
        if len(rows) == 1:
            row = rows[0]
            text = f"The {noun.lead_singular} is {self.label(row)}, {self.reported(selected)}"
            return text + (f": {self.breakdown(row)}." if self.split else ".")
        labels = join_words([self.label(row) for row in rows])
        text = f"The {noun.lead_plural} are {labels}, {self.reported(selected, each=True)}"
        if not self.split:
            return text + "."
        parts = [f"{self.label(row)} by {self.breakdown(row)}" for row in rows]
        return f"{text}: {'; '.join(parts)}."

    def following(self, groups: list[pd.DataFrame]) -> str | None:
        if not groups:
            return None
        items = []
        for index, group in enumerate(groups):
            selected = int(group[ALL].iloc[0])
            labels = join_words([self.label(row) for _, row in group.iterrows()])
            each = " each" if len(group) > 1 else ""
            count = respondents_phrase(selected) if index == 0 else str(selected)
            items.append(f"{labels} ({count}{each})")
        verb = "comes" if len(groups[0]) == 1 else "come"
        return f"Next {verb} {', then '.join(items)}."

    def least(self, group: pd.DataFrame) -> str:
        selected = int(group[ALL].iloc[0])
        labels = join_words([self.label(row) for _, row in group.iterrows()])
        if len(group) == 1:
            return (
                f"The least common {self.noun.singular} is {labels}, "
                f"{self.noun.verb} by {respondents_phrase(selected)}."
            )
        return (
            f"The least common {self.noun.plural} are {labels}, with "
            f"{respondents_phrase(selected)} each."
        )

    def strand_difference(self, threshold: float = 0.3) -> str | None:
        """The option the strands differ on most, if their shares differ by ``threshold`` or more.

        Returns None without two strands or when no share differs that much.
        """
        if not self.split:
            return None
        first, second = self.qc.strands[:2]
        n1, n2 = self.qc.respondents[first], self.qc.respondents[second]
        ranked = self.qc.ranked
        gaps = (ranked[first] / n1 - ranked[second] / n2).abs()
        if gaps.empty or gaps.max() < threshold:
            return None
        row = ranked.loc[gaps.idxmax()]
        a = strand_phrase(int(row[first]), n1, first)
        b = strand_phrase(int(row[second]), n2, second)
        return f"The strands differ most on {self.label(row)}: {a} against {b}."

    def none_and_other(self) -> list[str]:
        out = []
        n = self.qc.total_respondents
        for _, row in self.qc.table[self.qc.table["kind"] == "none"].iterrows():
            selected = int(row[ALL])
            if selected:
                who = capitalise(share_of(selected, n))
                out.append(f'{who} chose "None" (no {self.noun.singular} of the list).')
        for _, row in self.qc.table[self.qc.table["option"] == OTHER].iterrows():
            selected = int(row[ALL])
            if selected == 1:
                out.append(f'1 respondent named another {self.noun.singular} under "Other".')
            elif selected > 1:
                out.append(f'{selected} respondents named other {self.noun.plural} under "Other".')
        return out


def question_sentences(qc: QuestionCounts) -> list[str]:
    """The sentences about one multiple-choice question of one round."""
    return QuestionText(qc).sentences()


# --- first versus second survey ----------------------------------------------------------------


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
    labels = qc.table.loc[qc.table["option"] == option, "label"]
    return str(labels.iloc[0]) if len(labels) else option


def selections_per_respondent(
    comparison: pd.DataFrame, current: QuestionCounts, previous: QuestionCounts
) -> str | None:
    """Listed options selected per respondent and strand, then and now (not None or Other)."""
    noun = question_noun(current.survey, current.question)
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
        for index, group in enumerate(_groups(third, "mentions")):
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
