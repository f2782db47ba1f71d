"""Intervals and tests against values computed independently (by hand or from first principles)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from escp_pipeline.analysis import statistics

#: Wilson 95 % bounds, computed by hand to 4 decimals with z = 1.959964:
#: centre = (p + z²/2n) / (1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n).
WILSON_BY_HAND = [
    # selected, respondents, low, high
    (0, 8, 0.0000, 0.3244),
    (8, 8, 0.6756, 1.0000),
    (1, 19, 0.0094, 0.2464),
    (11, 12, 0.6461, 0.9851),
    (12, 20, 0.3866, 0.7812),
    (16, 19, 0.6243, 0.9448),
]


@pytest.mark.parametrize(("selected", "n", "low", "high"), WILSON_BY_HAND)
def test_wilson_interval_matches_the_hand_computed_table(
    selected: int, n: int, low: float, high: float
) -> None:
    lo, hi = statistics.wilson_interval([selected], [n])
    assert lo[0] == pytest.approx(low, abs=5e-5)
    assert hi[0] == pytest.approx(high, abs=5e-5)
    assert lo[0] <= selected / n <= hi[0]


def test_wilson_interval_is_empty_without_respondents_and_follows_the_level() -> None:
    lo, hi = statistics.wilson_interval([0, 3], [0, 10])
    assert np.isnan(lo[0]) and np.isnan(hi[0])
    lo90, hi90 = statistics.wilson_interval([3], [10], confidence=0.90)
    assert lo90[0] > lo[1] and hi90[0] < hi[1]  # a lower level gives a narrower interval


def _fisher_by_hand(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher: sum of hypergeometric probabilities no larger than the observed one."""
    row, col, n = a + b, a + c, a + b + c + d

    def prob(x: int) -> float:
        return math.comb(col, x) * math.comb(n - col, row - x) / math.comb(n, row)

    observed = prob(a)
    support = range(max(0, row + col - n), min(row, col) + 1)
    return sum(prob(x) for x in support if prob(x) <= observed * (1 + 1e-7))


def test_fisher_matches_the_lady_tasting_tea() -> None:
    # Fisher (1935): 3 of 4 cups right each way; two-sided p = 34/70
    assert statistics.fisher_change(3, 4, 1, 4) == pytest.approx(34 / 70)


@pytest.mark.parametrize(
    ("selected", "n", "before", "n_before"),
    [(16, 19, 12, 20), (0, 8, 8, 8), (11, 12, 1, 19), (11, 19, 19, 20), (5, 5, 5, 5)],
)
def test_fisher_matches_the_hypergeometric_sum(
    selected: int, n: int, before: int, n_before: int
) -> None:
    expected = _fisher_by_hand(selected, n - selected, before, n_before - before)
    assert statistics.fisher_change(selected, n, before, n_before) == pytest.approx(expected)


def test_fisher_known_values_and_no_test_without_respondents() -> None:
    # 0 of 8 against 8 of 8: only the observed table and its mirror are as extreme
    assert statistics.fisher_change(0, 8, 8, 8) == pytest.approx(2 / math.comb(16, 8))
    assert statistics.fisher_change(5, 5, 5, 5) == 1.0
    assert math.isnan(statistics.fisher_change(3, 0, 2, 5))
    assert math.isnan(statistics.fisher_change(3, 5, 0, 0))


def test_exact_mcnemar_is_a_binomial_test_on_the_partnerships_that_changed() -> None:
    # 5 changed from no to yes, none back: p = 2 * 0.5^5
    before = np.array([0, 0, 0, 0, 0, 1], dtype=bool)
    now = np.array([1, 1, 1, 1, 1, 1], dtype=bool)
    assert statistics.paired_mcnemar(before, now) == pytest.approx(0.0625)
    # 7 one way, 1 the other: p = 2 * (1 + 8) / 2^8
    before = np.array([1, 0, 0, 0, 0, 0, 0, 0, 1], dtype=bool)
    now = np.array([0, 1, 1, 1, 1, 1, 1, 1, 1], dtype=bool)
    assert statistics.paired_mcnemar(before, now) == pytest.approx(9 / 128)
    # nobody changed: no evidence of change at all
    assert statistics.paired_mcnemar(now, now) == 1.0
    assert math.isnan(statistics.paired_mcnemar(np.array([], bool), np.array([], bool)))
    with pytest.raises(ValueError, match="same partnerships"):
        statistics.paired_mcnemar(before, now[:3])


def test_benjamini_hochberg_by_hand() -> None:
    p = [0.01, 0.04, 0.03, float("nan"), 0.5]
    # ranks among the 4 tested: 0.01 (1), 0.03 (2), 0.04 (3), 0.5 (4)
    # q = min over larger ranks of p * m / rank: 0.04, 0.0533, 0.0533, 0.5
    q = statistics.bh_qvalues(p)
    assert q[0] == pytest.approx(0.04)
    assert q[1] == pytest.approx(0.04 * 4 / 3)
    assert q[2] == pytest.approx(0.04 * 4 / 3)
    assert np.isnan(q[3])
    assert q[4] == pytest.approx(0.5)


def test_paired_mcnemar_of_every_column_is_each_columns_own() -> None:
    generator = np.random.default_rng(7)
    before = generator.random((12, 5)) < 0.5
    now = generator.random((12, 5)) < 0.5
    now[:, 2] = before[:, 2]  # nobody changed: p = 1
    columns = statistics.paired_mcnemar_columns(before, now)
    assert columns.shape == (5,)
    for index in range(5):
        assert columns[index] == statistics.paired_mcnemar(before[:, index], now[:, index])
    assert columns[2] == 1.0
    assert np.isnan(statistics.paired_mcnemar_columns(before[:0], now[:0])).all()
    with pytest.raises(ValueError, match="same partnerships"):
        statistics.paired_mcnemar_columns(before, now[:3])
