"""questionnaire_changes: one row per difference between two rounds' questionnaires."""

from __future__ import annotations

import pandas as pd
import pytest

from escp_pipeline.contract.codebook import Codebook, Option, Question, load_codebook
from escp_pipeline.contract.lss import read_lss
from escp_pipeline.contract.questionnaire_diff import (
    CHANGES,
    QUESTIONNAIRE_CHANGES_COLUMNS,
    questionnaire_changes,
)
from escp_pipeline_tests.contract.lss_files import SURVEYS, real_lss


def _codebook(*questions: Question) -> Codebook:
    return Codebook(survey="demo", title="Demo", questions=questions)


def _choice(
    code: str, *options: tuple[str, str], type_: str = "M", other: bool = False
) -> Question:
    kind = {"M": "multiple_choice", "P": "multiple_choice_comments", "L": "single_choice"}[type_]
    field = "answers" if kind == "single_choice" else "subquestions"
    return Question(
        code=code,
        type=type_,
        kind=kind,
        text=f"Question {code}?",
        other=other,
        **{field: tuple(Option(code=c, label=label) for c, label in options)},
    )


PREVIOUS = _codebook(
    _choice("B1", ("SQ001", "Partners in Europe"), ("SQ002", "Target countries"), other=True),
    _choice("A1", ("P01", "AdPack2"), ("P02", "ALLIANCE"), type_="L"),
    Question(code="C9", type="T", kind="long_text", text="Anything else?"),
)


def _changes(current: Codebook, previous: Codebook = PREVIOUS) -> pd.DataFrame:
    return questionnaire_changes(
        previous, current, survey="demo", round_="2020-r3", previous_round="2019-r2"
    )


def _rows(table: pd.DataFrame) -> list[tuple[str, ...]]:
    columns = ["question", "option", "change", "previous_text", "text"]
    return [tuple(row) for row in table[columns].itertuples(index=False)]


def test_identical_questionnaires_have_no_changes() -> None:
    table = _changes(PREVIOUS)
    assert table.empty
    assert list(table.columns) == list(QUESTIONNAIRE_CHANGES_COLUMNS)


def test_new_question_removed_option_reworded_option_changed_type() -> None:
    current = _codebook(
        # B1: SQ002 reworded (markup and spacing alone would not count), SQ001 removed, M -> P
        _choice("B1", ("SQ002", "Target <b>third</b>   countries"), type_="P", other=True),
        _choice("A1", ("P01", "AdPack2"), ("P02", "ALLIANCE"), ("P35", "NEWCO"), type_="L"),
        _choice("B9", ("SQ001", "Yes, with partners"), ("SQ002", "No")),
    )
    table = _changes(current)
    assert set(table["survey"]) == {"demo"}
    assert set(table["round"]) == {"2020-r3"} and set(table["previous_round"]) == {"2019-r2"}
    assert _rows(table) == [
        ("B1", "", "question_type_changed", "M (multiple_choice)", "P (multiple_choice_comments)"),
        ("B1", "SQ002", "option_reworded", "Target countries", "Target third countries"),
        ("B1", "SQ001", "option_removed", "Partners in Europe", ""),
        ("A1", "P35", "option_added", "", "NEWCO"),
        # a new question is one row: its options are not listed
        ("B9", "", "question_added", "", "Question B9?"),
        ("C9", "", "question_removed", "Anything else?", ""),
    ]
    assert set(table["change"]) <= set(CHANGES)


def test_markup_and_whitespace_alone_are_no_change() -> None:
    current = _codebook(
        _choice(
            "B1",
            ("SQ001", "<p>Partners  in&nbsp;Europe</p>"),
            ("SQ002", "Target\ncountries"),
            other=True,
        ),
        *PREVIOUS.questions[1:],
    )
    assert _changes(current).empty


def test_reworded_question_and_other_added_or_removed() -> None:
    b1, a1, c9 = PREVIOUS.questions
    current = _codebook(
        b1.model_copy(update={"other": False, "text": "Which activities?"}),
        a1.model_copy(update={"other": True}),
        c9,
    )
    assert _rows(_changes(current)) == [
        ("B1", "", "question_reworded", "Question B1?", "Which activities?"),
        ("B1", "other", "option_removed", "Other", ""),
        ("A1", "other", "option_added", "", "Other"),
    ]


def test_first_round_has_no_changes() -> None:
    table = questionnaire_changes(
        None, PREVIOUS, survey="demo", round_="2018-r1", previous_round=""
    )
    assert table.empty and list(table.columns) == list(QUESTIONNAIRE_CHANGES_COLUMNS)


@pytest.mark.parametrize("survey", SURVEYS)
def test_real_structure_against_itself_and_the_shipped_codebook(survey: str) -> None:
    from_lss = read_lss(real_lss(survey), survey).codebook
    assert _changes(from_lss, from_lss).empty
    assert _changes(from_lss, load_codebook(survey)).empty


def test_seed_reports_rewording_between_the_two_escp_4i_surveys() -> None:
    # the codebook keeps the first survey's wording of B1 SQ002 as a label variant
    current = load_codebook("escp-4i")
    b1 = current.question("B1")
    old_label = b1.label_variants["SQ002"][0]
    subquestions = tuple(
        o.model_copy(update={"label": old_label}) if o.code == "SQ002" else o
        for o in b1.subquestions
    )
    previous = current.model_copy(
        update={
            "questions": tuple(
                q.model_copy(update={"subquestions": subquestions}) if q.code == "B1" else q
                for q in current.questions
            )
        }
    )
    assert _rows(_changes(current, previous)) == [
        (
            "B1",
            "SQ002",
            "option_reworded",
            "Identification of target markets in third countries",
            "Identification of target third countries",
        )
    ]
