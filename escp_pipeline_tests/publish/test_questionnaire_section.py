"""The report's "Changes to the questionnaire" section, reworded options and first-time questions,
in the content model and so in both the HTML and the Word report."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pandas as pd
import pytest

from escp_pipeline.publish import report as report_module
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline.publish.report_model import Report, Section
from escp_pipeline_tests.publish.frames import report_like_tables
from escp_pipeline_tests.publish.test_report import tiny_png

CHANGES = pd.DataFrame(
    [
        {"survey": "escp-4i", "round": "2019-r2", "previous_round": "2018-r1", "question": "B1",
         "option": "SQ002", "change": "option_reworded",
         "previous_text": "Identification of target markets in third countries",
         "text": "Identification of target third countries"},
        {"survey": "escp-4i", "round": "2019-r2", "previous_round": "2018-r1", "question": "C1",
         "option": "", "change": "question_added", "previous_text": "",
         "text": "What barriers did you face?"},
    ]
)  # fmt: skip


@pytest.fixture(scope="module")
def built() -> Report:
    frames = report_like_tables()
    comparison = frames["round_comparison"]
    # C1 is new in 2019-r2: round_comparison (like with like) has no rows for it
    frames["round_comparison"] = comparison[comparison["question"] != "C1"]
    tables = AnalystTables(**frames, questionnaire_changes=CHANGES)
    return report_module.build_report(
        tables, tiny_png, generated_at=datetime(2019, 7, 1, tzinfo=UTC)
    )


def _section(report: Report, title: str, number: str = "") -> Section:
    [section] = [s for s in report.sections() if s.title == title and s.number.startswith(number)]
    return section


def test_the_changes_section_lists_each_round_with_a_previous_round(built) -> None:
    section = _section(built, "Changes to the questionnaire")
    assert section.number.startswith("6.")
    [child] = section.children  # escp-s3 has one round only: nothing to compare
    assert child.title == "ESCP-4i, round 2019-r2"
    [sentence] = child.paragraphs[0]
    assert "changed in 2 places (1 question added, 1 option reworded)" in sentence
    [table] = child.tables
    assert table.header == ["Question", "Option", "Change", "Before", "Now"]
    assert table.rows[0][:3] == ["B1", "SQ002", "option reworded"]
    assert table.rows[1] == ["C1", "–", "question added", "–", "What barriers did you face?"]


def test_a_reworded_option_is_said_in_its_comparison(built) -> None:
    compared = _section(built, "Compared with the first survey (2018-r1)", "2.1.")
    sentences = [s for p in compared.paragraphs for s in p]
    assert (
        "Option SQ002 reworded: ‘Identification of target markets in third countries’ → "
        "‘Identification of target third countries’; it is compared by its code."
    ) in sentences


def test_a_question_asked_for_the_first_time_says_so(built) -> None:
    section = _section(built, "Not compared with an earlier survey")
    assert section.paragraphs == [
        [
            "Question C1 was asked for the first time in the second survey (2019-r2): there is "
            "no earlier answer to compare it with."
        ]
    ]


def test_both_renderers_show_the_section(built) -> None:
    import docx

    from escp_pipeline.publish.render_docx import report_docx

    assert "Changes to the questionnaire" in built.html
    assert "What barriers did you face?" in built.html
    document = docx.Document(io.BytesIO(report_docx(built)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any("Changes to the questionnaire" in h for h in headings)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "What barriers did you face?" in cells


def test_without_the_table_the_section_says_it_is_not_available() -> None:
    report = report_module.build_report(
        AnalystTables(**report_like_tables()),
        tiny_png,
        generated_at=datetime(2019, 7, 1, tzinfo=UTC),
    )
    section = _section(report, "Changes to the questionnaire")
    assert section.paragraphs == [["The questionnaire_changes table is not available."]]
