"""The report's "Changes to the questionnaire" section and its reworded-option sentences.

What belongs here: report content written from ``questionnaire_changes`` (one row per difference
between a round's questionnaire and its survey's previous round's): a section of the data-quality
chapter with, per processed round that has a previous round, a sentence and a table of what changed;
the sentences a comparison section adds for options reworded between the rounds and for a question
asked for the first time. What does not: which rows ``round_comparison`` compares
(``analysis.like_with_like``). The sections are the report's own ``Section`` and ``HtmlTable``
objects, so the HTML and Word renderers both show them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from escp_pipeline.analysis.like_with_like import reworded_options
from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.publish.data import AnalystTables, rows_of, survey_name, survey_round_name
from escp_pipeline.publish.report_model import HtmlTable, Section

Caption = Callable[[str], str]
TITLE = "Changes to the questionnaire"

#: how each ``change`` of ``questionnaire_changes`` reads in the report
CHANGE_WORDS: dict[str, str] = {
    "question_added": "question added",
    "question_removed": "question removed",
    "question_reworded": "question reworded",
    "question_type_changed": "question type changed",
    "option_added": "option added",
    "option_removed": "option removed",
    "option_reworded": "option reworded",
}
HEADER = ["Question", "Option", "Change", "Before", "Now"]


def reworded_sentences(changes: pd.DataFrame, survey: str, round_: str, question: str) -> list[str]:
    """One sentence per option of ``question`` reworded in ``round_``.

    One sentence per option of ``question`` reworded in ``round_``, saying it is compared by its
    code: ``Option SQ002 reworded: 'old' → 'new'; compared by its code.``
    """
    return [
        f"Option {option} reworded: ‘{before}’ → ‘{now}’; it is compared by its code."
        for option, before, now in reworded_options(changes, survey, round_, question)
    ]


def first_time_sentence(question: str, round_: str) -> str:
    """The sentence standing for a comparison of a question asked for the first time."""
    return (
        f"Question {question} was asked for the first time in {survey_round_name(round_)}: "
        "there is no earlier answer to compare it with."
    )


def summary_sentence(rows: pd.DataFrame, previous: str) -> str:
    """How many questions and options changed, by kind of change."""
    if rows.empty:
        return f"The questionnaire is the same as in {survey_round_name(previous)}."
    counts = rows["change"].value_counts()
    parts = [
        f"{int(counts[change])} {words}"
        for change, words in CHANGE_WORDS.items()
        if change in counts
    ]
    return (
        f"Since {survey_round_name(previous)}, the questionnaire changed in {len(rows)} "
        f"place{'s' if len(rows) != 1 else ''} ({', '.join(parts)}). Options added or removed "
        "and questions asked for the first time are not compared between the rounds; reworded "
        "options are compared by their code."
    )


def processed_rounds(tables: AnalystTables) -> list[tuple[str, str]]:
    """(survey, round) of every processed round, surveys in report order, rounds in order."""
    return [
        (survey, round_)
        for survey in tables.surveys()
        for round_ in tables.processed_rounds(survey)
    ]


def changes_section(tables: AnalystTables, number: str, caption: Caption) -> Section:
    """Data quality: per round with a previous round, what changed in its questionnaire."""
    section = Section(number, TITLE, level=2)
    changes = tables.questionnaire_changes
    if "change" not in changes:
        section.paragraphs.append(["The questionnaire_changes table is not available."])
        return section
    section.lead = (
        "Each round's questionnaire against the survey's previous round's (texts compared as "
        "plain text; see the questionnaire_changes table)."
    )
    for survey, round_ in processed_rounds(tables):
        earlier = [
            r for r in tables.processed_rounds(survey) if round_sort_key(r) < round_sort_key(round_)
        ]
        if not earlier:
            continue
        rows = rows_of(changes, survey=survey, round=round_)
        previous = str(rows["previous_round"].iloc[0]) if len(rows) else earlier[-1]
        child = Section(
            f"{number}.{len(section.children) + 1}",
            f"{survey_name(survey)}, round {round_}",
            level=3,
        )
        child.paragraphs.append([summary_sentence(rows, previous)])
        if len(rows):
            child.tables.append(
                HtmlTable(
                    caption=caption(
                        f"Changes to the {survey_name(survey)} questionnaire, round {previous} "
                        f"to {round_}"
                    ),
                    header=HEADER,
                    rows=[
                        [
                            str(row.question),
                            str(row.option) or "–",
                            CHANGE_WORDS.get(str(row.change), str(row.change)),
                            str(row.previous_text) or "–",
                            str(row.text) or "–",
                        ]
                        for row in rows.itertuples()
                    ],
                )
            )
        section.children.append(child)
    if not section.children:
        section.paragraphs.append(["No survey has two processed rounds yet."])
    return section
