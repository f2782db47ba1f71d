"""The paired test of ``round_comparison``: partnerships matched by code across two rounds."""

import pandas as pd
import pytest

from escp_pipeline.analysis.paired_changes import PAIRED_COLUMNS, paired_changes
from escp_pipeline_tests.analysis.frames import core_frame

PAIRS = pd.DataFrame(
    [("escp-4i", "2019-r2", "2018-r1")], columns=["survey", "round", "previous_round"]
)


def _round(round_: str, answers: list[tuple[str, str, bool]]) -> pd.DataFrame:
    rows = [
        {"partnership_code": code, "strand": strand, "B1[SQ001]": chose}
        for code, strand, chose in answers
    ]
    return core_frame("escp-4i", round_, rows)


def test_pairs_follow_the_partnership_and_its_strand_in_both_rounds() -> None:
    codes = [f"P{n:02d}" for n in range(1, 9)]
    before = [(c, "strand-1", False) for c in codes]
    # P08 moved to strand-2; P09 answered only the second round
    now = [(c, "strand-1", True) for c in codes[:7]] + [("P08", "strand-2", True)]
    now.append(("P09", "strand-1", True))
    core = pd.concat([_round("2018-r1", before), _round("2019-r2", now)], ignore_index=True)
    table = paired_changes(core, PAIRS)
    assert tuple(table.columns) == PAIRED_COLUMNS
    rows = table.set_index(["question", "option", "strand"])
    overall = rows.loc[("B1", "SQ001", "all")]
    assert overall["paired_respondents"] == 8  # P01-P08, not P09
    assert overall["paired_p_value"] == pytest.approx(2 * 0.5**8)
    strand_1 = rows.loc[("B1", "SQ001", "strand-1")]
    assert strand_1["paired_respondents"] == 7  # P08 changed strand
    assert strand_1["paired_p_value"] == pytest.approx(2 * 0.5**7)
    assert "strand-2" not in set(table["strand"])  # fewer than five pairs: no row
    assert rows.loc[("B1", "SQ002", "all"), "paired_p_value"] == 1.0  # nobody changed


def test_incomplete_answers_do_not_pair() -> None:
    codes = [f"P{n:02d}" for n in range(1, 6)]
    before = [(c, "strand-1", False) for c in codes]
    now = [(c, "strand-1", True) for c in codes]
    second = _round("2019-r2", now)
    second.loc[second["partnership_code"] == "P05", "status"] = "incomplete"
    core = pd.concat([_round("2018-r1", before), second], ignore_index=True)
    assert paired_changes(core, PAIRS).empty
