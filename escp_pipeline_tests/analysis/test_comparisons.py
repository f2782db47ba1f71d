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
    from escp_pipeline.analysis.schemas import analyst_schema

    counts = pd.concat([_counts("2018-r1", [True]), _counts("2019-r2", [False, True])])
    analyst_schema("round_comparison").validate(round_comparison(counts))
