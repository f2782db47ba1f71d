"""The data-quality section "Questions left out as personal data": which, in which round, and why.

What belongs here: per processed round, the questions none of whose answers reach a table, a figure
or the report: those the round's questionnaire marks as personal data (a contact question of the
shipped codebooks or a survey profile, or a text question whose text asks for a name, an e-mail
address, a phone number or an address) and the text questions of a survey the project does not ship
whose answers held e-mail addresses or phone numbers (``round_sources.withheld_questions``). What
does not: deciding it (``contract.contact_questions``, ``validation.contact_answers``).
"""

from __future__ import annotations

from collections.abc import Callable

from escp_pipeline.contract.contact_questions import asks_for_contact_data
from escp_pipeline.publish.data import AnalystTables, rows_of, survey_name
from escp_pipeline.publish.questionnaire_section import processed_rounds
from escp_pipeline.publish.report_model import HtmlTable, Section

TITLE = "Questions left out as personal data"
ASKS = "its text asks for contact data (a name, e-mail address, phone number or address)"
MARKED = "marked as personal data in the survey's questionnaire or profile"
ANSWERS = "its answers hold e-mail addresses or phone numbers"


def left_out_rows(tables: AnalystTables) -> list[list[str]]:
    """Survey, round, question, its text and why it was left out, for every processed round."""
    rows = []
    for survey, round_ in processed_rounds(tables):
        questionnaire = tables.questionnaire(survey, round_)
        texts = {q.code: q.text for q in questionnaire.questions} if questionnaire else {}
        if questionnaire is not None:
            for question in questionnaire.questions:
                if question.personal_data:
                    why = ASKS if asks_for_contact_data(question) else MARKED
                    rows.append([survey_name(survey), round_, question.code, question.text, why])
        source = rows_of(tables.round_sources, survey=survey, round=round_)
        if "withheld_questions" in source and len(source):
            withheld = str(source["withheld_questions"].iloc[0])
            for code in filter(None, (c.strip() for c in withheld.split(","))):
                rows.append([survey_name(survey), round_, code, texts.get(code, code), ANSWERS])
    return rows


def personal_data_section(
    tables: AnalystTables, number: str, caption: Callable[[str], str]
) -> Section:
    """Data quality: the questions left out as personal data, per round, and why."""
    section = Section(number, TITLE, level=2)
    rows = left_out_rows(tables)
    if not rows:
        section.paragraphs.append(["No question of a processed round was left out."])
        return section
    rounds = {(row[0], row[1]) for row in rows}
    section.paragraphs.append(
        [
            f"{len(rows)} question{'s were' if len(rows) != 1 else ' was'} left out of "
            f"{len(rounds)} round{'s' if len(rounds) != 1 else ''} as personal data: their "
            "answers are in no table, figure or part of this report.",
            "When in doubt a question is left out: a text question of a survey the project does "
            "not know is left out whole when any answer holds an e-mail address or a phone number.",
        ]
    )
    section.tables.append(
        HtmlTable(
            caption=caption("Questions left out as personal data"),
            header=["Survey", "Round", "Question", "Text", "Why left out"],
            rows=rows,
        )
    )
    return section
