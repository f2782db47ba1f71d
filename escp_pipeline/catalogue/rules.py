"""Named table-level checks: the arithmetic and consistency rules that tie a table's columns.

Each rule takes the whole frame and returns one boolean per row (True: the row keeps the rule); its
name is the sentence a failed check shows. ``COLUMN_RULES`` are value checks of one column that a
bound or a list cannot say (an ISO country code, no e-mail address in a text). pandas only: pandera
wraps these in ``derive``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from escp_pipeline.catalogue import vocabularies as vocab

#: Shares and p-values are compared with this tolerance (float sums, Parquet round trips).
SHARE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Rule:
    """A named rule over a whole frame: one boolean per row."""

    name: str
    holds: Callable[[pd.DataFrame], pd.Series]


def unique_rows(name: str, keys: tuple[str, ...]) -> Rule:
    """No two rows share ``keys`` (a table's primary key)."""
    return Rule(name, lambda frame: ~frame.duplicated(list(keys), keep=False))


def _at_most(smaller: str, larger: str) -> Rule:
    return Rule(f"{smaller} <= {larger}", lambda frame: frame[smaller] <= frame[larger])


def _previous_round_differs(frame: pd.DataFrame) -> pd.Series:
    return frame["previous_round"] != frame["round"]


PREVIOUS_ROUND_DIFFERS = Rule("previous_round is a different round", _previous_round_differs)


# option_counts
def _share_is_selected_over_respondents(frame: pd.DataFrame) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = frame["selected"] / frame["respondents"].where(frame["respondents"] > 0)
    same = (frame["share"] - expected).abs() <= SHARE_TOLERANCE
    return same | (expected.isna() & frame["share"].isna())


def _interval_holds_share(frame: pd.DataFrame) -> pd.Series:
    inside = (frame["share_low"] <= frame["share"] + SHARE_TOLERANCE) & (
        frame["share"] <= frame["share_high"] + SHARE_TOLERANCE
    )
    missing = frame["share"].isna() & frame["share_low"].isna() & frame["share_high"].isna()
    return inside | missing


OPTION_COUNTS_RULES: tuple[Rule, ...] = (
    _at_most("selected", "respondents"),
    Rule(
        "share = selected / respondents, NaN without respondents",
        _share_is_selected_over_respondents,
    ),
    Rule("share_low <= share <= share_high, all NaN without respondents", _interval_holds_share),
    Rule(
        "ESCP-S3 is counted for 'all' only",
        lambda frame: (frame["survey"] != "escp-s3") | (frame["strand"] == vocab.ALL_STRANDS),
    ),
)


# agreements_by_round
def _totals_add_up(frame: pd.DataFrame) -> pd.Series:
    sums = frame.groupby(["survey", "round"])["agreements"].transform("sum")
    return sums.astype("int64") == frame["round_total"]


TOTALS_ADD_UP = Rule("round_total is the sum of the round's agreements", _totals_add_up)


# escp_collaborations
def _reciprocal_is_mutual(frame: pd.DataFrame) -> pd.Series:
    forward = pd.MultiIndex.from_frame(frame[["survey", "round", "source", "target"]])
    backward = pd.MultiIndex.from_arrays(
        [frame["survey"], frame["round"], frame["target"], frame["source"]]
    )
    return pd.Series(backward.isin(forward), index=frame.index) == frame["reciprocal"]


RECIPROCAL_IS_MUTUAL = Rule(
    "reciprocal means the target names the source in the same round", _reciprocal_is_mutual
)


# round_comparison
def _q_at_least_p(frame: pd.DataFrame) -> pd.Series:
    both_missing = frame["p_value"].isna() & frame["q_value"].isna()
    return both_missing | (frame["q_value"] >= frame["p_value"] - SHARE_TOLERANCE)


def _significance_follows_q(frame: pd.DataFrame) -> pd.Series:
    from escp_pipeline.analysis.statistics import SIGNIFICANCE_LEVEL

    expected = frame["q_value"] < SIGNIFICANCE_LEVEL
    flagged = frame["change_is_significant"]
    return (frame["q_value"].isna() & flagged.isna()) | (flagged.fillna(False) == expected)


def _change_is_difference(frame: pd.DataFrame) -> pd.Series:
    expected = frame["share"] - frame["previous_share"]
    same = (frame["share_change"] - expected).abs() <= SHARE_TOLERANCE
    return same | (expected.isna() & frame["share_change"].isna())


ROUND_COMPARISON_RULES: tuple[Rule, ...] = (
    Rule("q_value >= p_value, both empty where no test could run", _q_at_least_p),
    Rule("change_is_significant is q_value < the significance level", _significance_follows_q),
    Rule(
        "paired_p_value exactly where paired_respondents is given",
        lambda frame: frame["paired_respondents"].isna() == frame["paired_p_value"].isna(),
    ),
    Rule("share_change = share - previous_share", _change_is_difference),
    PREVIOUS_ROUND_DIFFERS,
)

# questionnaire_changes
OPTION_MATCHES_CHANGE = Rule(
    "option is empty exactly for changes of the question itself",
    lambda frame: (frame["option"] == "") == frame["change"].str.startswith("question_"),
)


# partnership_rounds
def _answer_fields_need_answer(frame: pd.DataFrame) -> pd.Series:
    answered = frame["status"] == vocab.ANSWERED
    return answered | (frame["strand"].isna() & frame["agreements"].isna())


PARTNERSHIP_ROUNDS_RULES: tuple[Rule, ...] = (
    Rule(
        "a counted response id exactly where the status is answered",
        lambda frame: frame["response_id"].notna() == (frame["status"] == vocab.ANSWERED),
    ),
    Rule(
        "not_answered means no response at all, others at least one",
        lambda frame: (frame["responses"] == 0) == (frame["status"] == vocab.NOT_ANSWERED),
    ),
    Rule("strand and agreements only for a counted answer", _answer_fields_need_answer),
)

# round_sources
COUNTED_AT_MOST_READ = _at_most("rows_counted", "rows_read")


# core_responses
def _one_counted_answer_per_partnership(frame: pd.DataFrame) -> pd.Series:
    counted = (frame["status"] == vocab.COMPLETE) & frame["partnership_code"].notna()
    # the key columns first, then the rows: a boolean filter of every column costs minutes at 1M
    duplicated = frame.loc[counted, ["survey", "round", "partnership_code"]].duplicated(keep=False)
    return ~duplicated.reindex(frame.index, fill_value=False)


CORE_RULES: tuple[Rule, ...] = (
    Rule(
        "every complete answer names its partnership",
        # a survey the project does not ship may have no partnership question
        lambda frame: (
            (frame["status"] == vocab.INCOMPLETE)
            | frame["partnership_code"].notna()
            | ~frame["survey"].isin(vocab.SURVEYS)
        ),
    ),
    Rule(
        "at most one counted answer per partnership and round", _one_counted_answer_per_partnership
    ),
    Rule(
        "incomplete answers have no submit date",
        lambda frame: (frame["status"] != vocab.INCOMPLETE) | frame["submitted_at"].isna(),
    ),
)
STRAND_STATED = Rule(
    "every complete ESCP-4i answer states its strand",
    lambda frame: (frame["status"] == vocab.INCOMPLETE) | frame["strand"].notna(),
)


# value checks of one column
@functools.cache
def _alpha_2_codes() -> list[str]:
    import pycountry

    return sorted(country.alpha_2 for country in pycountry.countries)


EMAIL_PATTERN = r"[\w.+-]+@[\w-]+\.[\w.-]+"

COLUMN_RULES: dict[str, tuple[str, Callable[[pd.Series], pd.Series]]] = {
    "iso_alpha_2": ("an ISO 3166-1 alpha-2 code", lambda values: values.isin(_alpha_2_codes())),
    "no_email": (
        "no e-mail address left in the text",
        lambda values: ~values.str.contains(EMAIL_PATTERN, regex=True),
    ),
}
