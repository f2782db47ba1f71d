"""Figures: what the bars say, the files written, and when a stored figure may be reused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.publish import catalog, figure_parts, figures, network, style
from escp_pipeline.publish.catalog import FigureKey, FigureStore
from escp_pipeline.publish.data import AnalystTables, question_counts
from escp_pipeline_tests.publish.frames import (
    STRANDS,
    TABLE2,
    collaborations_frame,
    report_like_tables,
)


@pytest.fixture(scope="module")
def tables() -> AnalystTables:
    from escp_pipeline.analysis.agreements import agreements_by_round

    frames = report_like_tables()
    frames["agreements_by_round"] = agreements_by_round(frames["cooperation_agreements"])
    return AnalystTables(**frames)


def _bar_labels(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


def test_question_figure_shows_counts_per_strand_sorted_by_total(tables) -> None:
    qc = question_counts(tables.option_counts, "escp-4i", "2019-r2", "B1")
    figure = figures.option_figure(qc)
    ax = figure.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels[0] == "Organisation of events/ missions"
    assert labels[-1] == "Other"
    totals = [int(qc.table.loc[qc.table["label"] == label, "all"].iloc[0]) for label in labels[:-1]]
    assert totals == sorted(totals, reverse=True)
    # one count label per bar: strand-1 bars first, then strand-2
    assert _bar_labels(ax)[: len(labels)] == [str(v) for v in qc.table["strand-1"]]
    assert _bar_labels(ax)[len(labels) :] == [str(v) for v in qc.table["strand-2"]]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Strand-1 (n = 12)", "Strand-2 (n = 7)"]
    title = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
    assert "round 2019-r2" in title and "B1" in title and "activities" in title
    style.close(figure)


def test_escp_s3_figure_shows_the_total_and_sets_none_and_other_apart(tables) -> None:
    qc = question_counts(tables.option_counts, "escp-s3", "2019-r1", "D1")
    figure = figures.option_figure(qc)
    ax = figure.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels[-2:] == ["None", "Other"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["All respondents (n = 8)"]
    assert _bar_labels(ax) == [str(v) for v in qc.table["all"]]
    style.close(figure)


def test_long_option_lists_leave_out_options_nobody_chose(tables) -> None:
    qc = question_counts(tables.option_counts, "escp-4i", "2019-r2", "G2")
    figure = figures.option_figure(qc)
    shown = len(figure.axes[0].get_yticklabels())
    assert shown == int((qc.table["all"] > 0).sum())
    notes = " ".join(t.get_text() for t in figure.texts)
    assert f"{len(qc.table) - shown} options that no respondent selected are not shown." in notes
    style.close(figure)


def test_network_marks_reciprocal_links_and_partners_outside_the_registry() -> None:
    links = collaborations_frame("escp-4i", "2019-r2", TABLE2)
    nodes = network.layout(links, STRANDS)
    names = [node.name for node in nodes]
    assert len(names) == len(set(links["source"]) | set(links["target"]))
    outside = [node.name for node in nodes if not node.in_registry]
    assert outside == names[-4:]  # partners outside the registry come last on the circle
    assert sorted(outside) == ["BioXclusters", "ECCA", "SmartCity Tech", "WBioXclusters"]
    mobi = next(node for node in nodes if node.name == "MobiGoIn-Action")
    assert mobi.named == 11
    summary = network.network_summary(links)
    assert summary["reciprocal_pairs"] == [("IDEEO", "SpaceWave"), ("LASER-GO GLOBAL", "MAGIA")]
    figure = network.network_figure(links, STRANDS, "escp-4i", "2019-r2")
    labels = {t.get_text() for t in figure.axes[0].texts}
    assert "SmartCity Tech*" in labels and "MAGIA" in labels
    # 37 links, 2 of them drawn as one double-headed line each
    assert len(figure.axes[0].patches) == 37 - 2
    style.close(figure)


def test_every_figure_kind_is_written_as_png_and_svg(tables, tmp_path: Path) -> None:
    store = FigureStore(tmp_path)
    keys = [
        *catalog.question_keys(tables, "escp-4i", "B1"),
        *catalog.comparison_keys(tables, "escp-4i", "B1"),
        *catalog.agreements_keys(tables),
        *catalog.network_keys(tables),
        *catalog.countries_keys(tables),
    ]
    kinds = {key.kind for key in keys}
    assert kinds == {"question", "comparison", "agreements", "network", "countries"}
    for key in keys:
        saved = store.save(key, tables)
        assert saved.png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        svg = saved.svg.read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert "<image" not in svg and 'href="http' not in svg
    assert (tmp_path / "escp-4i/2019-r2/B1.png").exists()
    assert (tmp_path / "escp-4i/2019-r2/B1-change-from-2018-r1.svg").exists()
    assert (tmp_path / "escp-4i/agreements.png").exists()
    assert (tmp_path / "escp-4i/2019-r2/collaborations.svg").exists()
    assert (tmp_path / "escp-4i/2019-r2/countries-B1.png").exists()


def test_a_stored_figure_is_reused_only_for_the_same_data(tables, tmp_path: Path) -> None:
    store = FigureStore(tmp_path)
    key = FigureKey("question", "escp-s3", "2019-r1", "B3")
    saved = store.save(key, tables)
    assert store.load(key, tables) == saved.png_bytes
    again = store.save(key, tables)
    assert not again.drawn and again.png_bytes == saved.png_bytes
    counts = tables.option_counts.copy()
    changed = (counts["survey"] == "escp-s3") & (counts["question"] == "B3")
    counts.loc[changed & (counts["option"] == "SQ002"), "selected"] = 1
    other = AnalystTables(option_counts=counts)
    assert store.load(key, other) is None
    # other questions' rows do not change the fingerprint
    unrelated = tables.option_counts.copy()
    unrelated.loc[unrelated["question"] == "B1", "selected"] = 0
    assert store.load(key, AnalystTables(option_counts=unrelated)) == saved.png_bytes


def test_figures_without_data_say_so(tmp_path: Path) -> None:
    empty = AnalystTables(option_counts=pd.DataFrame())
    assert catalog.question_keys(empty, "escp-4i", "B1") == []
    qc = question_counts(report_like_tables()["option_counts"], "escp-s3", "2030-r9", "B1")
    figure = figures.option_figure(qc)
    assert any("No complete answer" in t.get_text() for t in figure.texts)
    style.close(figure)


def test_strand_bars_carry_their_interval_and_single_groups_keep_counts(tables) -> None:
    from matplotlib.collections import LineCollection

    from escp_pipeline.analysis.statistics import wilson_interval

    qc = question_counts(tables.option_counts, "escp-4i", "2019-r2", "B1")
    figure = figures.option_figure(qc)
    ax = figure.axes[0]
    whiskers = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(whiskers) == 2  # one set per strand
    low, high = wilson_interval(qc.table["strand-1"].to_numpy(), [12] * len(qc.table))
    ends = sorted((round(s[0][0], 6), round(s[1][0], 6)) for s in whiskers[0].get_segments())
    expected = sorted(
        (round(lo * 12, 6), round(hi * 12, 6)) for lo, hi in zip(low, high, strict=True)
    )
    assert ends == expected
    assert figure_parts.INTERVAL_NOTE in " ".join(t.get_text() for t in figure.texts)
    style.close(figure)
    s3 = figures.option_figure(question_counts(tables.option_counts, "escp-s3", "2019-r1", "D1"))
    assert not [c for c in s3.axes[0].collections if isinstance(c, LineCollection)]
    style.close(s3)


def test_comparison_figure_marks_the_changes_distinguishable_from_chance(tables) -> None:
    comparison = tables.round_comparison
    rows = comparison[(comparison["question"] == "B1") & (comparison["survey"] == "escp-4i")]
    rows = rows.assign(change_is_significant=rows["option"].eq("SQ002").astype("boolean"))
    current = question_counts(tables.option_counts, "escp-4i", "2019-r2", "B1")
    previous = question_counts(tables.option_counts, "escp-4i", "2018-r1", "B1")
    figure = figures.comparison_figure(rows, current, previous)
    marked = [t.get_text() for ax in figure.axes for t in ax.texts if t.get_text().endswith("*")]
    # SQ002 (12 -> 8 in strand-1, 7 -> 6 in strand-2) in both strand panels, nothing else
    assert marked == ["12 → 8 *", "7 → 6 *"]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "change distinguishable from chance (q < 0.05, *)" in legend
    assert "95% interval" in legend
    style.close(figure)


def test_the_agreements_chart_draws_the_latest_rounds_and_says_how_many_are_left_out() -> None:
    from escp_pipeline.publish.figures import AGREEMENT_ROUNDS_DRAWN, agreements_figure
    from escp_pipeline.publish.style import close

    rounds = [f"{2000 + index}-r{index + 1}" for index in range(AGREEMENT_ROUNDS_DRAWN + 4)]
    table1 = pd.DataFrame(
        {"partnership": ["P01", "P02"], "strand": ["strand-1", "strand-2"]}
        | {round_: [index, 1] for index, round_ in enumerate(rounds)}
    )
    figure = agreements_figure(table1, "escp-4i", rounds)
    try:
        title = figure.axes[0].get_title() or figure.texts[0].get_text()
        legend = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
        assert legend == [f"round {r}" for r in rounds[-AGREEMENT_ROUNDS_DRAWN:]]
        assert "the latest 6 rounds, 4 earlier in Table 1" in " ".join(title.split())
        assert figure.get_size_inches()[1] < 12  # not a bar per round of every round
    finally:
        close(figure)
