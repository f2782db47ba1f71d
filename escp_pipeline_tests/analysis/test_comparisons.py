"""``round_comparison``: each round against the survey's previous processed round, by code."""

import pandas as pd
import pytest

from escp_pipeline.analysis.comparisons import ROUND_COMPARISON_COLUMNS, round_comparison
from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline_tests.analysis.frames import core_frame

ESCP_4I = load_codebook("escp-4i")


def _counts(round_: str, chose_sq002: list[bool]) -> pd.DataFrame:
    answers = [
        {"partnership_code": f"P{index + 1:02d}", "B1[SQ002]": chose}
        for index, chose in enumerate(chose_sq002)
    ]
    return option_counts(core_frame("escp-4i", round_, answers), ESCP_4I)


def test_each_round_compares_with_the_previous_processed_round() -> None:
    counts = pd.concat(
        [
            _counts("2020-r3", [True, True, True, True]),
            _counts("2018-r1", [True, False]),
            _counts("2019-r2", [True, True, False, False]),
        ],
        ignore_index=True,
    )
    table = round_comparison(counts)

    assert tuple(table.columns) == ROUND_COMPARISON_COLUMNS
    per_round = len(counts) // 3
    assert len(table) == 2 * per_round
    assert set(zip(table["round"], table["previous_round"], strict=True)) == {
        ("2019-r2", "2018-r1"),
        ("2020-r3", "2019-r2"),
    }
    row = table.set_index(["round", "question", "option", "strand"]).loc[
        ("2020-r3", "B1", "SQ002", "all")
    ]
    assert (row["selected"], row["previous_selected"]) == (4, 2)
    assert row["share_change"] == pytest.approx(1.0 - 0.5)
    # B1 SQ002 was reworded between rounds (label_variants): compared by code, later label shown
    assert row["label"] == "Identification of target third countries"
    strand_2 = table[table["strand"] == "strand-2"]
    assert strand_2["share"].isna().all() and strand_2["share_change"].isna().all()


def test_a_single_round_has_nothing_to_compare() -> None:
    table = round_comparison(_counts("2019-r2", [True]))
    assert table.empty and tuple(table.columns) == ROUND_COMPARISON_COLUMNS


def test_schema_accepts_the_table() -> None:
    from escp_pipeline.catalogue.derive import pandera_schema

    counts = pd.concat([_counts("2018-r1", [True]), _counts("2019-r2", [False, True])])
    pandera_schema("round_comparison").validate(round_comparison(counts))


def _core(round_: str, chose_sq002: list[bool]):
    answers = [
        {"partnership_code": f"P{index + 1:02d}", "B1[SQ002]": chose}
        for index, chose in enumerate(chose_sq002)
    ]
    return core_frame("escp-4i", round_, answers)


def test_every_change_is_tested_and_adjusted_per_survey_round_and_strand() -> None:
    from escp_pipeline.analysis.statistics import SIGNIFICANCE_LEVEL, bh_qvalues, fisher_change

    # about a hundred options are compared at once: one change must be large to stand out
    before = [False] * 12
    after = [True] * 12
    core = pd.concat([_core("2018-r1", before), _core("2019-r2", after)], ignore_index=True)
    counts = option_counts(core, ESCP_4I)
    table = round_comparison(counts, core)
    rows = table.set_index(["question", "option", "strand"])
    row = rows.loc[("B1", "SQ002", "all")]
    # 0 of 12 before, 12 of 12 now
    assert row["p_value"] == pytest.approx(fisher_change(12, 12, 0, 12))
    assert row["p_value"] == pytest.approx(2 / 2704156)  # 2 / C(24, 12)
    family = table[table["strand"] == "all"]
    expected_q = bh_qvalues(family["p_value"].to_numpy())
    assert family["q_value"].to_numpy() == pytest.approx(expected_q, nan_ok=True)
    assert bool(row["change_is_significant"]) == (row["q_value"] < SIGNIFICANCE_LEVEL)
    assert bool(row["change_is_significant"])
    unchanged = rows.loc[("B1", "SQ001", "all")]
    assert unchanged["p_value"] == 1.0 and not bool(unchanged["change_is_significant"])
    # the same 12 partnerships answered both rounds: all 12 changed to yes, none back
    assert row["paired_respondents"] == 12
    assert row["paired_p_value"] == pytest.approx(2 * 0.5**12)
    # strand-2 had nobody: no test at all
    strand_2 = table[table["strand"] == "strand-2"]
    assert strand_2["p_value"].isna().all() and strand_2["change_is_significant"].isna().all()
    assert strand_2["paired_respondents"].isna().all()
    from escp_pipeline.catalogue.derive import pandera_schema

    pandera_schema("round_comparison").validate(table)


def test_no_paired_test_below_five_partnerships_in_both_rounds() -> None:
    core = pd.concat(
        [_core("2018-r1", [True, False, False, False]), _core("2019-r2", [True] * 6)],
        ignore_index=True,
    )
    table = round_comparison(option_counts(core, ESCP_4I), core)
    assert table["paired_respondents"].isna().all()
    assert table["paired_p_value"].isna().all()
    assert table["p_value"].notna().any()  # the unpaired test still runs


def test_schema_rejects_an_inconsistent_significance_flag() -> None:
    import pandera.errors

    from escp_pipeline.catalogue.derive import pandera_schema

    counts = pd.concat([_counts("2018-r1", [True, False]), _counts("2019-r2", [True, True])])
    table = round_comparison(counts)
    broken = table.copy()
    tested = broken["q_value"].notna()
    broken.loc[tested, "change_is_significant"] = True
    with pytest.raises(pandera.errors.SchemaError):
        pandera_schema("round_comparison").validate(broken)
    broken = table.copy()
    broken.loc[tested, "p_value"] = 1.5
    with pytest.raises(pandera.errors.SchemaError):
        pandera_schema("round_comparison").validate(broken)
