"""The per-question figure catalogue comes from the tables (a survey no codebook knows included),
and a refresh draws only the figures whose rows changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.publish.catalog import FigureKey, FigureStore
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline.publish.figure_refresh import (
    comparison_figure_keys,
    question_figure_catalogue,
    question_figure_keys,
    refresh,
    stored_fingerprint,
)

SURVEY = "pilot-survey"  # no codebook, no profile: only its tables say it exists
#: question -> option -> (label, selected in 2023-r1, selected in 2024-r1)
QUESTIONS: dict[str, dict[str, tuple[str, int, int]]] = {
    "Q1": {
        "SQ001": ("Training courses for cluster managers", 4, 6),
        "SQ002": ("Matchmaking events abroad", 2, 2),
        "other": ("Other", 1, 0),
    },
    "Q7": {"SQ001": ("Yes, a joint strategy", 5, 3), "SQ002": ("No strategy yet", 1, 4)},
}
RESPONDENTS = {"2023-r1": 7, "2024-r1": 8}


def pilot_option_counts(changes: dict[tuple[str, str, str], int] | None = None) -> pd.DataFrame:
    """``option_counts`` of two rounds of ``pilot-survey`` (strand ``all`` only), written by hand;
    ``changes`` sets (round, question, option) -> selected."""
    rows = []
    for index, round_ in enumerate(RESPONDENTS):
        n = RESPONDENTS[round_]
        for question, options in QUESTIONS.items():
            for option, (label, *selected) in options.items():
                chosen = (changes or {}).get((round_, question, option), selected[index])
                rows.append(
                    {"survey": SURVEY, "round": round_, "question": question, "option": option,
                     "label": label, "strand": "all", "respondents": n, "selected": chosen,
                     "share": chosen / n, "share_low": 0.0, "share_high": 1.0}
                )  # fmt: skip
    return pd.DataFrame(rows)


def pilot_tables(changes: dict[tuple[str, str, str], int] | None = None) -> AnalystTables:
    from escp_pipeline.analysis.comparisons import round_comparison

    counts = pilot_option_counts(changes)
    return AnalystTables(option_counts=counts, round_comparison=round_comparison(counts))


def _hashes(root: Path) -> dict[str, tuple[str, int]]:
    """Content hash and modification time (ns) of every figure file under ``root``."""
    return {
        str(path.relative_to(root)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_catalogue_lists_every_round_question_and_comparison_from_the_tables() -> None:
    tables = pilot_tables()
    questions = question_figure_keys(tables.option_counts)
    assert [(k.round, k.question) for k in questions] == [
        ("2023-r1", "Q1"), ("2023-r1", "Q7"), ("2024-r1", "Q1"), ("2024-r1", "Q7"),
    ]  # fmt: skip
    assert comparison_figure_keys(tables.round_comparison) == [
        FigureKey("comparison", SURVEY, "2024-r1", "Q1", "2023-r1"),
        FigureKey("comparison", SURVEY, "2024-r1", "Q7", "2023-r1"),
    ]
    catalogue = question_figure_catalogue(tables)
    assert len(catalogue) == 6
    assert [key.stem for key in catalogue[-2:]] == [
        "pilot-survey/2024-r1/Q1-change-from-2023-r1",
        "pilot-survey/2024-r1/Q7-change-from-2023-r1",
    ]
    assert question_figure_catalogue(AnalystTables()) == []


def test_rounds_sort_chronologically_not_as_text() -> None:
    counts = pd.DataFrame(
        {"survey": ["s"] * 3, "round": ["2020-r10", "2020-r2", "2019-r1"], "question": ["Q"] * 3}
    )
    assert [key.round for key in question_figure_keys(counts)] == ["2019-r1", "2020-r2", "2020-r10"]


def test_a_survey_no_codebook_knows_gets_its_figures_and_a_second_refresh_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escp_pipeline.publish import catalog

    drawings: list[FigureKey] = []
    draw = catalog.draw
    monkeypatch.setattr(catalog, "draw", lambda key, t: drawings.append(key) or draw(key, t))
    tables = pilot_tables()
    store = FigureStore(tmp_path)
    first = refresh(store, tables)
    assert [item.drawn for item in first] == [True] * 6
    # each figure drawn once, both files saved from that one drawing
    assert drawings == [item.key for item in first]
    for item in first:
        assert item.png.is_file() and item.svg.is_file(), item.key.stem
        assert item.png.read_bytes().startswith(b"\x89PNG")
        assert "<svg" in item.svg.read_text(encoding="utf-8")
        # the report reads the same files: they carry the fingerprint of the whole tables' rows
        assert store.load(item.key, tables) is not None, item.key.stem
        assert stored_fingerprint(item.png) is not None
    assert (tmp_path / SURVEY / "2024-r1" / "Q7-change-from-2023-r1.svg").is_file()
    before = _hashes(tmp_path)
    assert len(before) == 12

    second = refresh(store, pilot_tables())
    assert [item.drawn for item in second] == [False] * 6
    assert len(drawings) == 6
    assert _hashes(tmp_path) == before  # nothing rewritten


def test_a_changed_answer_redraws_only_the_figures_it_appears_in(tmp_path: Path) -> None:
    store = FigureStore(tmp_path)
    refresh(store, pilot_tables())
    before = _hashes(tmp_path)
    changed = pilot_tables({("2024-r1", "Q7", "SQ002"): 5})
    outcomes = refresh(store, changed)
    redrawn = {item.key.stem for item in outcomes if item.drawn}
    assert redrawn == {"pilot-survey/2024-r1/Q7", "pilot-survey/2024-r1/Q7-change-from-2023-r1"}
    after = _hashes(tmp_path)
    rewritten = {name.rsplit(".", 1)[0] for name in after if after[name] != before[name]}
    assert rewritten == redrawn
    for item in outcomes:
        assert store.load(item.key, changed) is not None, item.key.stem


def test_a_figure_whose_svg_is_missing_or_png_is_damaged_is_drawn_again(tmp_path: Path) -> None:
    tables = pilot_tables()
    store = FigureStore(tmp_path)
    keys = question_figure_keys(tables.option_counts)[:2]
    refresh(store, tables, keys)
    store.stem(keys[0]).with_suffix(".svg").unlink()
    store.stem(keys[1]).with_suffix(".png").write_bytes(b"not a png")
    assert [item.drawn for item in refresh(store, tables, keys)] == [True, True]
    assert [item.drawn for item in refresh(store, tables, keys)] == [False, False]


@pytest.mark.parametrize("frame", [pd.DataFrame(), pd.DataFrame({"survey": ["s"]})])
def test_tables_without_the_columns_call_for_no_figure(frame: pd.DataFrame) -> None:
    assert question_figure_keys(frame) == []
    assert comparison_figure_keys(frame) == []


def test_a_fingerprint_reads_the_rows_as_a_set_and_digests_computed_once_give_the_same() -> None:
    from escp_pipeline.publish import catalog

    tables = pilot_tables()
    key = FigureKey("comparison", SURVEY, "2024-r1", "Q1", "2023-r1")
    expected = catalog.fingerprint(key, tables)
    shuffled = AnalystTables(
        option_counts=tables.option_counts.sample(frac=1, random_state=3),
        round_comparison=tables.round_comparison.iloc[::-1],
    )
    digested = AnalystTables(
        option_counts=catalog.with_row_digests(tables.option_counts),
        round_comparison=catalog.with_row_digests(tables.round_comparison),
    )
    assert catalog.fingerprint(key, shuffled) == expected
    assert catalog.fingerprint(key, digested) == expected
    # one count of one of the figure's options changes it; one of another question does not
    changed = pilot_tables({("2023-r1", "Q1", "SQ002"): 1})
    assert catalog.fingerprint(key, changed) != expected
    assert catalog.fingerprint(key, pilot_tables({("2023-r1", "Q7", "SQ002"): 2})) == expected
    assert catalog.without_row_digests(digested).option_counts.equals(tables.option_counts)


def test_a_refresh_draws_from_the_tables_without_the_digest_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from escp_pipeline.publish import catalog

    seen: list[list[str]] = []
    draw = catalog.draw

    def recording(key: FigureKey, tables: AnalystTables) -> object:
        seen.append([*tables.option_counts.columns, *tables.round_comparison.columns])
        return draw(key, tables)

    monkeypatch.setattr(catalog, "draw", recording)
    refresh(FigureStore(tmp_path), pilot_tables())
    assert len(seen) == 6
    assert all(catalog.ROW_DIGEST not in columns for columns in seen)


def test_the_fingerprint_from_the_rows_split_once_is_the_catalogues() -> None:
    from escp_pipeline.publish import catalog
    from escp_pipeline.publish.figure_refresh import _RowsByQuestion

    tables = pilot_tables()
    rows = _RowsByQuestion(tables)
    keys = question_figure_catalogue(tables)
    assert {key.kind for key in keys} == {"question", "comparison"}
    for key in keys:
        assert rows.fingerprint(key) == catalog.fingerprint(key, tables), key.stem
