"""The whole graph on the demo drops: figures, report and workbook exist, and the report's sentences
are those of the analyst tables it was built from."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from escp_pipeline.catalogue.tables import REPORT_TABLES
from escp_pipeline.publish.catalog import FigureStore
from escp_pipeline.publish.data import AnalystTables, multiple_choice_questions, question_counts
from escp_pipeline_tests.conftest import DEMO_DROPS
from escp_pipeline_tests.publish.test_narrative import assert_numbers_follow_table
from escp_pipeline_tests.publish.test_report import assert_self_contained, tiny_png

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not DEMO_DROPS, reason="no demo drops in data/incoming"),
]


@pytest.fixture(scope="module")
def tables(demo_data_dir: Path) -> AnalystTables:
    from escp_pipeline.storage.warehouse import read_table

    folder = demo_data_dir / "warehouse" / "tables"
    return AnalystTables(**{name: read_table(folder / f"{name}.parquet") for name in REPORT_TABLES})


def test_figures_are_written_for_every_question_and_round(demo_data_dir: Path, tables) -> None:
    from escp_pipeline.publish import catalog

    figures = demo_data_dir / "warehouse" / "figures"
    keys = [*catalog.agreements_keys(tables), *catalog.network_keys(tables)]
    keys += catalog.countries_keys(tables)
    for survey in tables.surveys():
        for question in multiple_choice_questions(survey):
            keys += catalog.question_keys(tables, survey, question.code)
            keys += catalog.comparison_keys(tables, survey, question.code)
    assert len(keys) > 30
    store = FigureStore(figures)
    for key in keys:
        assert store.stem(key).with_suffix(".png").exists(), key.stem
        assert store.stem(key).with_suffix(".svg").exists(), key.stem
        # drawn from the tables as they are now: the report reuses it
        assert store.load(key, tables) is not None, key.stem


def test_report_is_self_contained_and_says_what_the_tables_say(demo_data_dir: Path, tables) -> None:
    from escp_pipeline.publish.report import build_report

    page = (demo_data_dir / "warehouse" / "report" / "escp-progress-report.html").read_text("utf-8")
    assert_self_contained(page)
    expected = build_report(tables, tiny_png)
    assert page.count("<img ") == len(expected.figures()) > 20
    text = html.unescape(re.sub(r"\s+", " ", page))
    for sentence in expected.sentences():
        assert sentence in text
    # the seed report's sentences, from the demo data
    assert (
        "The most common activity is the organisation of events/ missions, reported by 18 "
        "respondents: 11 of 12 strand-1 and all 7 strand-2."
    ) in text
    assert "That is 25 more than the 21 of the first survey (2018-r1)." in text
    # the demo rounds share the shipped questionnaires: the section says so, round by round
    assert "Changes to the questionnaire" in text
    assert "The questionnaire_changes table is not available." not in text
    assert "The questionnaire is the same as in the first survey (2018-r1)." in text


def test_report_numbers_equal_the_option_counts(tables) -> None:
    from escp_pipeline.publish import narrative

    counts = tables.option_counts
    for (survey, round_, question), rows in counts.groupby(["survey", "round", "question"]):
        text = narrative.question_sentences(question_counts(counts, survey, round_, question))
        assert_numbers_follow_table(text, survey, rows)


def test_workbook_has_every_table(demo_data_dir: Path, tables) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(demo_data_dir / "warehouse" / "report" / "escp-analyst-tables.xlsx")
    for name in REPORT_TABLES:
        sheet = workbook["sources" if name == "round_sources" else name]  # the provenance sheet
        assert sheet.max_row == len(getattr(tables, name)) + 1
        assert sheet.auto_filter.ref and sheet.freeze_panes == "A2"
