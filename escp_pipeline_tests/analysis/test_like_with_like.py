"""``round_comparison`` compares like with like: the two rounds' questionnaires decide, through
``questionnaire_changes``, which options have a counterpart."""

import pandas as pd

from escp_pipeline.analysis.comparisons import ROUND_COMPARISON_COLUMNS, round_comparison
from escp_pipeline.analysis.like_with_like import (
    asked_first_time,
    questions_not_comparable,
    reworded_options,
)
from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.questionnaire_diff import questionnaire_changes
from escp_pipeline_tests.analysis.test_comparisons import _counts
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i


def _without(codebook: Codebook, code: str) -> Codebook:
    questions = tuple(q for q in codebook.questions if q.code != code)
    return codebook.model_copy(update={"questions": questions})


def _changes(previous: Codebook, current: Codebook) -> pd.DataFrame:
    return questionnaire_changes(
        previous, current, survey="escp-4i", round_="2020-r3", previous_round="2019-r2"
    )


def _table(changes: pd.DataFrame | None) -> pd.DataFrame:
    counts = pd.concat(
        [_counts("2019-r2", [True, False]), _counts("2020-r3", [True, True, True])],
        ignore_index=True,
    )
    return round_comparison(counts, changes=changes)


def _options(table: pd.DataFrame, question: str) -> set[str]:
    return set(table.loc[table["question"] == question, "option"])


def test_a_removed_option_has_no_row_and_a_reworded_one_is_compared_by_code() -> None:
    changes = _changes(load_codebook("escp-4i"), changed_escp_4i())
    plain = _table(None)
    table = _table(changes)

    assert tuple(table.columns) == ROUND_COMPARISON_COLUMNS
    assert "SQ007" in _options(plain, "C1")
    assert "SQ007" not in _options(table, "C1")
    assert _options(table, "C1") == _options(plain, "C1") - {"SQ007"}
    assert "SQ005" in _options(table, "B1")
    assert _options(table, "B1") == _options(plain, "B1")
    [(option, _, now)] = reworded_options(changes, "escp-4i", "2020-r3", "B1")
    assert (option, now) == ("SQ005", "Joint communication and marketing actions")
    # the rest of the table is the plain comparison, unchanged
    kept = plain[~((plain["question"] == "C1") & (plain["option"] == "SQ007"))]
    assert len(table) == len(kept)


def test_a_question_asked_for_the_first_time_is_not_compared() -> None:
    shipped = load_codebook("escp-4i")
    changes = _changes(_without(shipped, "E1"), shipped)

    assert asked_first_time(changes, "escp-4i", "2020-r3", "E1")
    assert not asked_first_time(changes, "escp-4i", "2020-r3", "B1")
    table = _table(changes)
    assert "E1" not in set(table["question"])
    assert "E1" in set(_table(None)["question"])


def test_a_question_whose_kind_changed_is_not_compared() -> None:
    shipped = load_codebook("escp-4i")
    questions = tuple(
        q.model_copy(update={"type": "M", "kind": "multiple_choice"}) if q.code == "D1" else q
        for q in shipped.questions
    )
    changes = _changes(shipped, shipped.model_copy(update={"questions": questions}))

    assert list(questions_not_comparable(changes)["question"]) == ["D1"]
    assert "D1" not in set(_table(changes)["question"])


def test_no_changes_compare_everything_both_rounds_counted() -> None:
    shipped = load_codebook("escp-4i")
    changes = _changes(shipped, shipped)
    assert changes.empty
    pd.testing.assert_frame_equal(_table(changes), _table(None))
