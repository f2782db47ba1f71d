"""What changed in a survey's questionnaire from one round to the next (``questionnaire_changes``).

What belongs here: the pure comparison of two codebooks of the same survey, one row per difference.
Texts are compared as plain text (HTML tags stripped, entities unescaped, whitespace collapsed), so
a change of markup alone is no change. "Options" are the subquestions of multiple-choice questions,
the answer options of single-choice questions, and ``other``; a question added or removed is one
row, its options are not listed. What does not: reading the questionnaires (``lss``, ``codebook``)
or writing the table (the Dagster asset).
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from escp_pipeline.catalogue.vocabularies import OTHER
from escp_pipeline.contract.codebook import MULTIPLE_CHOICE_KINDS, Codebook, Question
from escp_pipeline.contract.markup import plain_text

QUESTIONNAIRE_CHANGES_COLUMNS: tuple[str, ...] = (
    "survey",
    "round",
    "previous_round",
    "question",
    "option",
    "change",
    "previous_text",
    "text",
)
Change = Literal[
    "question_added",
    "question_removed",
    "question_reworded",
    "question_type_changed",
    "option_added",
    "option_removed",
    "option_reworded",
]
CHANGES: tuple[str, ...] = Change.__args__  # type: ignore[attr-defined]
#: the option code and label that stand for a question's "Other" field
OTHER_OPTION = OTHER
OTHER_LABEL = "Other"


def question_options(question: Question) -> dict[str, str]:
    """A question's options as compared between rounds: option code -> plain label.

    The answers of a single choice, the subquestions of a multiple choice, and ``other`` when the
    question has it; nothing for other kinds.
    """
    if question.kind == "single_choice":
        options = question.answers
    elif question.kind in MULTIPLE_CHOICE_KINDS:
        options = question.subquestions
    else:
        return {}
    labels = {option.code: plain_text(option.label) for option in options}
    if question.other:
        labels[OTHER_OPTION] = OTHER_LABEL
    return labels


def _type(question: Question) -> str:
    return f"{question.type} ({question.kind})"


def _question_rows(previous: Question, current: Question) -> list[tuple[str, str, str, str]]:
    """(option, change, previous_text, text) for one question asked in both rounds."""
    rows = []
    if plain_text(previous.text) != plain_text(current.text):
        rows.append(("", "question_reworded", plain_text(previous.text), plain_text(current.text)))
    if previous.type != current.type:
        rows.append(("", "question_type_changed", _type(previous), _type(current)))
    before, after = question_options(previous), question_options(current)
    for code, label in after.items():
        if code not in before:
            rows.append((code, "option_added", "", label))
        elif before[code] != label:
            rows.append((code, "option_reworded", before[code], label))
    rows += [
        (code, "option_removed", label, "") for code, label in before.items() if code not in after
    ]
    return rows


def questionnaire_changes(
    previous: Codebook | None,
    current: Codebook,
    *,
    survey: str,
    round_: str,
    previous_round: str,
) -> pd.DataFrame:
    """One row per difference between a round's questionnaire and the previous round's.

    Args:
        previous: The previous round's questionnaire of the same survey; None for a survey's first
            round (no rows: nothing to compare with).
        current: This round's questionnaire.
        survey: Written into every row.
        round_: Written into every row.
        previous_round: Written into every row.

    Returns:
        The columns of ``QUESTIONNAIRE_CHANGES_COLUMNS``, all strings. Rows follow the current
        questionnaire's order (a question's own changes first, then its options in order, then its
        removed options); questions removed come last, in the previous questionnaire's order.
    """
    rows: list[tuple[str, str, str, str, str]] = []
    if previous is not None:
        before = {question.code: question for question in previous.questions}
        after = {question.code for question in current.questions}
        for question in current.questions:
            if question.code not in before:
                rows.append((question.code, "", "question_added", "", plain_text(question.text)))
                continue
            rows += [
                (question.code, *row) for row in _question_rows(before[question.code], question)
            ]
        rows += [
            (question.code, "", "question_removed", plain_text(question.text), "")
            for question in previous.questions
            if question.code not in after
        ]
    table = pd.DataFrame(
        [(survey, round_, previous_round, *row) for row in rows],
        columns=list(QUESTIONNAIRE_CHANGES_COLUMNS),
    )
    return table.astype({column: "str" for column in QUESTIONNAIRE_CHANGES_COLUMNS})
