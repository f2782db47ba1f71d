"""A survey the report's outline does not know gets a chapter of its own, from its questionnaires.

Two rounds of the made-up ``pilot-survey`` (its questionnaire changes between them: an option
removed, an option reworded, a multiple-choice question and a text question added), counted and
compared by the project's own analysis functions, then written as a report (HTML and Word).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.analysis.comparisons import round_comparison
from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.analysis.provenance import Questionnaire, round_source
from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.contact_questions import mark_contact_questions
from escp_pipeline.contract.questionnaire_diff import questionnaire_changes
from escp_pipeline.publish import catalog
from escp_pipeline.publish import report as report_module
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline.publish.personal_data_section import ANSWERS, ASKS
from escp_pipeline_tests.publish.test_report import tiny_png
from escp_pipeline_tests.synthetic.codebooks import changed_pilot
from escp_pipeline_tests.validation.test_new_survey_core import PILOT

pytestmark = pytest.mark.unit

SURVEY = "pilot-survey"
#: the two rounds' questionnaires as the ``questionnaire`` asset stores them: Q4 marked personal
FIRST = mark_contact_questions(PILOT)[0]
SECOND = mark_contact_questions(changed_pilot(PILOT))[0]


def core(codebook: Codebook, round_: str, ticked: dict[str, list[bool]]) -> pd.DataFrame:
    """A core table of complete answers: the checkboxes in ``ticked``, every other one unticked."""
    n = len(next(iter(ticked.values())))
    frame = pd.DataFrame(
        {
            "survey": SURVEY,
            "round": round_,
            "response_id": range(1, n + 1),
            "status": "complete",
            "strand": pd.Series([pd.NA] * n, dtype="str"),
            "partnership": pd.Series([pd.NA] * n, dtype="str"),
        }
    )
    for question in codebook.multiple_choice_questions:
        for column in question.export_columns():
            empty = [None] * n if column.endswith("[other]") else [False] * n
            frame[column] = ticked.get(column, empty)
    return frame


@pytest.fixture(scope="module")
def tables() -> AnalystTables:
    first = core(FIRST, "2024-r1", {"Q1[SQ003]": [True, False], "Q3[SQ002]": [True, False]})
    second = core(SECOND, "2025-r2", {"Q3[SQ002]": [True, True, True], "Q5[E1]": [True] * 3})
    counts = pd.concat([option_counts(first, FIRST), option_counts(second, SECOND)])
    changes = questionnaire_changes(
        FIRST, SECOND, survey=SURVEY, round_="2025-r2", previous_round="2024-r1"
    )
    sources = round_source(
        survey=SURVEY,
        round_="2025-r2",
        file="pilot-survey/2025-r2.csv",
        sha256="0" * 64,
        size_bytes=10,
        core=second,
        questionnaire=Questionnaire("survey structure pilot-survey/2025-r2.lss", "1" * 64),
        run_id="run",
        built_at=pd.Timestamp("2025-06-01", tz="UTC"),
        withheld=("Q6",),
    )
    return AnalystTables(
        option_counts=counts.reset_index(drop=True),
        round_comparison=round_comparison(counts, None, changes),
        questionnaire_changes=changes,
        round_sources=sources,
        questionnaires={(SURVEY, "2024-r1"): FIRST, (SURVEY, "2025-r2"): SECOND},
    )


@pytest.fixture(scope="module")
def built(tables: AnalystTables) -> report_module.Report:
    return report_module.build_report(tables, tiny_png)


def test_the_survey_gets_a_chapter_with_a_section_per_question(built) -> None:
    chapter = next(c for c in built.chapters if c.number == "S1")
    assert chapter.title == "The pilot survey, second edition"  # the latest round's .lss title
    titles = [child.title for child in chapter.children]
    assert titles == [
        "Q1: Which services do you use?",
        "Q3: Which topics interest you?",
        "Q5: Which events did you attend?",
    ]
    q1, q3, q5 = chapter.children
    assert q1.lead.startswith("Question Q1: “Which services do you use?” — 3 complete answers")
    assert [f.stem for f in q5.figures] == ["pilot-survey/2025-r2/Q5"]
    sentences = [s for section in q3.walk() for p in section.paragraphs for s in p]
    assert any("Option SQ002 reworded" in s and "Open data and open source" in s for s in sentences)
    assert any(
        f.stem == "pilot-survey/2025-r2/Q3-change-from-2024-r1" for f in q3.walk()[1].figures
    )
    first_time = [s for section in q5.walk() for p in section.paragraphs for s in p]
    assert any(s.startswith("Question Q5 was asked for the first time") for s in first_time)
    # the annex of other questions is for the outline's surveys only
    annex = [c for c in built.chapters if c.number == "A"]
    assert not annex or SURVEY.upper() not in " ".join(c.title for c in annex[0].children)


def test_the_comparison_leaves_out_the_removed_option(tables) -> None:
    compared = set(tables.round_comparison["option"][tables.round_comparison["question"] == "Q1"])
    assert compared == {"SQ001", "SQ002"}


def test_figure_titles_come_from_the_round_questionnaire(tables) -> None:
    key = catalog.FigureKey("question", SURVEY, "2025-r2", "Q5")
    assert tables.question_counts(SURVEY, "2025-r2", "Q5").text == "Which events did you attend?"
    reworded = tables.questionnaires[(SURVEY, "2025-r2")].model_copy(update={"questions": ()})
    other = AnalystTables(
        option_counts=tables.option_counts, questionnaires={(SURVEY, "2025-r2"): reworded}
    )
    assert catalog.titled_caption(key, tables) == (
        "PILOT-SURVEY, round 2025-r2: answers to Q5 (“Which events did you attend?”)"
    )
    # a question text that changes changes the figure's fingerprint: the figure is drawn again
    assert catalog.fingerprint(key, tables) != catalog.fingerprint(key, other)


def test_questions_left_out_as_personal_data_are_listed(built) -> None:
    section = next(s for s in built.sections() if s.title == "Questions left out as personal data")
    rows = {(row[1], row[2], row[4]) for row in section.tables[0].rows}
    assert ("2024-r1", "Q4", ASKS) in rows and ("2025-r2", "Q4", ASKS) in rows
    assert ("2025-r2", "Q6", ANSWERS) in rows


def test_the_word_document_has_the_chapter(built, tmp_path: Path) -> None:
    import docx

    from escp_pipeline.publish.render_docx import write_docx

    opened = docx.Document(str(write_docx(built, tmp_path / "report.docx")))
    headings = [p.text for p in opened.paragraphs if p.style.name.startswith("Heading")]
    assert any("The pilot survey, second edition" in h for h in headings)
    assert any("Q5: Which events did you attend?" in h for h in headings)
