"""Uncertainty of shares and tests of changes between rounds, at 8 to 20 respondents per strand.

What belongs here: the statistical settings of the project (defined once, below) and thin wrappers
around SciPy / statsmodels that work on whole columns: the Wilson score interval of a share, the
two-sided Fisher exact test of a change between two rounds, Benjamini-Hochberg q-values and the
exact McNemar test of the partnerships that answered both rounds. What does not: building tables
(``option_counts``, ``comparisons``, ``paired_changes``) or wording (``publish``).

SciPy and statsmodels are imported inside the functions: they take a second or two to import and the
code location must load fast.
"""

from __future__ import annotations

import functools

import numpy as np

#: Confidence level of the interval on every share (``share_low``, ``share_high``).
CONFIDENCE_LEVEL = 0.95
#: A change between rounds is significant when its Benjamini-Hochberg q-value is below this.
SIGNIFICANCE_LEVEL = 0.05
#: A strand with fewer complete answers than this is described in counts only, never percentages.
MIN_RESPONDENTS_FOR_PERCENT = 5
#: The paired (McNemar) test is run only when at least this many partnerships answered both rounds.
MIN_PAIRS = 5


def wilson_interval(
    selected: np.ndarray | list[int],
    respondents: np.ndarray | list[int],
    confidence: float = CONFIDENCE_LEVEL,
) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of ``selected / respondents``, element-wise.

    Returns:
        (low, high) as float arrays, clipped to [0, 1]; NaN where ``respondents`` is 0.
    """
    from statsmodels.stats.proportion import proportion_confint

    count = np.asarray(selected, dtype=np.float64)
    nobs = np.asarray(respondents, dtype=np.float64)
    low = np.full(count.shape, np.nan)
    high = np.full(count.shape, np.nan)
    known = nobs > 0
    if known.any():
        lo, hi = proportion_confint(
            count[known], nobs[known], alpha=1 - confidence, method="wilson"
        )
        share = count[known] / nobs[known]
        # the bounds hold the share exactly, even where rounding puts 1 - 1e-16 above it
        low[known] = np.minimum(np.clip(lo, 0.0, 1.0), share)
        high[known] = np.maximum(np.clip(hi, 0.0, 1.0), share)
    return low, high


@functools.lru_cache(maxsize=4096)
def _fisher(a: int, b: int, c: int, d: int) -> float:
    from scipy.stats import fisher_exact

    return float(fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


def fisher_change(
    selected: int, respondents: int, previous_selected: int, previous_respondents: int
) -> float:
    """Two-sided Fisher exact p-value of selected / not selected x current / previous round.

    NaN when either round has no respondents (there is no share to compare).
    """
    if respondents <= 0 or previous_respondents <= 0:
        return float("nan")
    return _fisher(
        int(selected),
        int(respondents - selected),
        int(previous_selected),
        int(previous_respondents - previous_selected),
    )


def fisher_changes(
    selected: np.ndarray,
    respondents: np.ndarray,
    previous_selected: np.ndarray,
    previous_respondents: np.ndarray,
) -> np.ndarray:
    """``fisher_change`` for every element of four equally long integer arrays."""
    return np.array(
        [
            fisher_change(int(s), int(n), int(ps), int(pn))
            for s, n, ps, pn in zip(
                selected, respondents, previous_selected, previous_respondents, strict=True
            )
        ],
        dtype=np.float64,
    )


def bh_qvalues(p_values: np.ndarray | list[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) of one family of tests.

    NaN p-values (tests that could not be run) stay NaN and do not count in the family.
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p_values, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    tested = ~np.isnan(p)
    if tested.any():
        q[tested] = multipletests(p[tested], method="fdr_bh")[1]
    return q


@functools.lru_cache(maxsize=4096)
def _mcnemar(both: int, before_only: int, now_only: int, neither: int) -> float:
    from statsmodels.stats.contingency_tables import mcnemar

    table = [[both, before_only], [now_only, neither]]
    return float(mcnemar(table, exact=True).pvalue)


def paired_mcnemar(previous: np.ndarray, current: np.ndarray) -> float:
    """Exact McNemar p-value of the same partnerships' answers in two rounds.

    Args:
        previous: per partnership, whether it selected the option in the earlier round.
        current: the same partnerships, in the same order, in the later round.

    Returns:
        The two-sided exact p-value (a binomial test on the partnerships that changed their answer);
        1.0 when none changed; NaN without partnerships.
    """
    before = np.asarray(previous, dtype=bool)
    now = np.asarray(current, dtype=bool)
    if before.shape != now.shape:
        raise ValueError("previous and current answers must describe the same partnerships")
    return float(paired_mcnemar_columns(before[:, np.newaxis], now[:, np.newaxis])[0])


def paired_mcnemar_columns(previous: np.ndarray, current: np.ndarray) -> np.ndarray:
    """``paired_mcnemar`` of every column: one option per column, one partnership per row.

    The four counts of every option are taken at once (one pass over the matrix, not one per
    option); each distinct set of counts is tested once.
    """
    before = np.asarray(previous, dtype=bool)
    now = np.asarray(current, dtype=bool)
    if before.shape != now.shape or before.ndim != 2:
        raise ValueError("previous and current answers must describe the same partnerships")
    if before.shape[0] == 0:
        return np.full(before.shape[1], np.nan)
    counts = np.stack(
        [
            np.count_nonzero(before & now, axis=0),
            np.count_nonzero(before & ~now, axis=0),
            np.count_nonzero(~before & now, axis=0),
            np.count_nonzero(~before & ~now, axis=0),
        ],
        axis=1,
    )
    return np.array([_mcnemar(*map(int, row)) for row in counts], dtype=np.float64)
