"""The ``figures`` asset on the demo build: a figure for every round and question, listed in its
metadata; a second materialization keeps every file; a changed answer redraws only its figures."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.defs.ingest.questionnaire_io import QuestionnaireIOManager
from escp_pipeline.publish.catalog import FigureStore
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline.publish.figure_refresh import question_figure_catalogue, refresh
from escp_pipeline.storage.resources import DataDir
from escp_pipeline_tests.conftest import DEMO_DROPS, DemoBuild

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not DEMO_DROPS, reason="no demo drops in data/incoming"),
]


@pytest.fixture(scope="module")
def built(demo_build: DemoBuild) -> DemoBuild:
    assert demo_build.report.ok, (demo_build.report.failed, demo_build.report.cross_round_error)
    return demo_build


def _tables(data_dir: Path) -> AnalystTables:
    from escp_pipeline.storage.warehouse import read_table

    folder = data_dir / "warehouse" / "tables"
    return AnalystTables(
        option_counts=read_table(folder / "option_counts.parquet"),
        round_comparison=read_table(folder / "round_comparison.parquet"),
    )


def _digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_every_round_and_question_has_its_figure_listed_in_the_metadata(built: DemoBuild) -> None:
    tables = _tables(built.data_dir)
    figures = built.data_dir / "warehouse" / "figures"
    keys = question_figure_catalogue(tables)
    counts = tables.option_counts
    expected = counts[["survey", "round", "question"]].drop_duplicates()
    assert len([key for key in keys if key.kind == "question"]) == len(expected)
    assert any(key.kind == "comparison" for key in keys)
    for survey, round_, question in expected.itertuples(index=False):
        for suffix in (".png", ".svg"):
            assert (figures / survey / round_ / f"{question}{suffix}").is_file()
    event = built.instance.get_latest_materialization_event(dg.AssetKey("figures"))
    assert event is not None and event.asset_materialization is not None
    metadata = event.asset_materialization.metadata
    assert metadata["figures"].value == len(keys)
    listing = metadata["files"].value
    for key in keys:
        assert f"| `{key.stem}` |" in listing, key.stem


def test_a_second_materialization_with_the_same_data_rewrites_nothing(built: DemoBuild) -> None:
    from escp_pipeline.defs.publish.figures import figures as figures_asset

    tables = _tables(built.data_dir)
    root = built.data_dir / "warehouse" / "figures"
    before = _digests(root)
    stamps = {path: path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()}
    data_dir = DataDir(path=str(built.data_dir))
    rounds = tables.option_counts[["survey", "round"]].drop_duplicates()
    keys = [f"{survey}/{round_}" for survey, round_ in rounds.itertuples(index=False)]
    stored = QuestionnaireIOManager(data_dir=data_dir)
    result = figures_asset(
        data_dir=data_dir,
        option_counts=tables.option_counts,
        round_comparison=tables.round_comparison,
        questionnaire={key: stored.load(key) for key in keys},
    )
    assert result.metadata["figures_drawn"] == 0
    assert result.metadata["figures_unchanged"] == len(question_figure_catalogue(tables))
    assert _digests(root) == before
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps


def test_a_changed_answer_redraws_only_the_figures_of_its_question_and_round(
    built: DemoBuild, tmp_path: Path
) -> None:
    tables = _tables(built.data_dir)
    root = tmp_path / "figures"
    shutil.copytree(built.data_dir / "warehouse" / "figures", root)
    before = _digests(root)
    comparisons = [k for k in question_figure_catalogue(tables) if k.kind == "comparison"]
    target = comparisons[-1]  # a question of a round that has an earlier round
    counts = tables.option_counts.copy()
    row = counts.index[
        (counts["survey"] == target.survey)
        & (counts["round"] == target.round)
        & (counts["question"] == target.question)
    ][0]
    counts.loc[row, "selected"] = counts.loc[row, "selected"] + 1
    changed = AnalystTables(option_counts=counts, round_comparison=tables.round_comparison)

    outcomes = refresh(FigureStore(root), changed)
    redrawn = {item.key.stem for item in outcomes if item.drawn}
    later = [
        k.stem for k in comparisons if (k.survey, k.question, k.previous_round) == (
            target.survey, target.question, target.round)
    ]  # fmt: skip
    question_stem = f"{target.survey}/{target.round}/{target.question}"
    assert redrawn == {question_stem, target.stem, *later}
    after = _digests(root)
    rewritten = {name.rsplit(".", 1)[0] for name in after if after[name] != before[name]}
    assert rewritten <= redrawn and question_stem in rewritten
