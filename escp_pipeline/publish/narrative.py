"""Sentences written from the analyst tables, in the manner of the seed report.

Every number in a sentence is read from the tables passed in, never typed here, and the wording
follows the numbers: ties ("A and B, 6 respondents each"), zero counts ("no respondent"), a single
respondent ("1 respondent", singular verbs), all of a strand ("all 7 strand-2") and a strand with no
respondent.

This module writes one question of one round; the other sentences have their own modules: a question
compared between rounds (``narrative_comparison``), Tables 1 and 2 and the targeted countries
(``narrative_tables``), and the words they share (``narrative_words``).
"""

from __future__ import annotations

import pandas as pd

from escp_pipeline.publish.data import ALL, OTHER, QuestionCounts, survey_round_name
from escp_pipeline.publish.narrative_words import (
    capitalise,
    groups_by,
    join_words,
    prose_label,
    question_noun,
    respondents_phrase,
    share_of,
    strand_phrase,
)

#: Above this many options nobody chose, a sentence gives their number instead of their names.
MAX_LISTED_ZEROS = 8


class QuestionText:
    """Writes the sentences of one question of one round."""

    def __init__(self, qc: QuestionCounts) -> None:
        self.qc = qc
        self.noun = question_noun(qc.survey, qc.question, qc.text)

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
            groups = groups_by(chosen, ALL)
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
