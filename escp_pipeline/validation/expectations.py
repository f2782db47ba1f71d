"""Great Expectations suites for the core and analyst tables: data expectations, not schemas.

What belongs here: what an expectation, a suite and an outcome are, and the helpers the suites are
built with. The suites themselves, one per table (pure: frames in, a ``Suite`` out, nothing imported
from Great Expectations), are in ``core_suites`` (core tables) and ``analyst_suites`` (analyst
tables); running a suite in an ephemeral GX context (``run_suite``), returning one ``Outcome`` per
expectation, is in ``gx_run``. What does not belong here: anything that knows Dagster
(``defs/validate/expectations.py`` turns results into asset checks), and what the pandera schemas
already say.

**pandera vs GX.** pandera (schemas derived from the table catalogue, ``catalogue/tables.py``, plus
the codebook's columns) owns the *shape* of one table: columns, types, allowed codes, the codebook's
minimum of a number, arithmetic within a row (``share = selected / respondents``, ``selected <=
respondents``, shares in [0, 1]), unique keys and the status rules (one counted answer per
partnership). GX owns *data* expectations: agreement between tables (``option_counts`` respondents
equal the complete answers of ``respondents``; agreements, links and mentions only for counted
answers), completeness against the codebook (every option has a row), plausibility bounds
(agreements at most 200, submit dates in the round's year) and knowledge from outside the file (the
partnership registry). No rule is stated in both.

**Blocking vs warning.** An expectation *blocks* (its check fails with severity ERROR, and the check
is ``blocking=True``, so downstream assets of that round do not materialize) when a failure means a
number in the report would be wrong:

- a round without a single complete answer (every share would be 0/0, the round an empty column);
- agreements that are not whole or beyond any plausible count (``MAX_AGREEMENTS``: a ``1e9`` would
  dominate Table 1's totals; the report's largest is 10);
- a partnership code that is not a partnership of the survey's programme in the registry;
- ``option_counts`` whose respondents disagree with the complete answers of ``respondents``, a
  codebook option without a row (a 0 that is really "not counted"), a row for an unknown option, or
  strands that do not add up to ``all``;
- an agreement, a collaboration or a country mention counted for an answer that does not count, a
  registry flag that is wrong, more mentions of a country than answers;
- a round compared with a round that is not earlier.

An expectation only *warns* (severity WARN; the round goes on) when the numbers stay right but a
person should look: submit dates outside the round's year (the date enters no count, and a round
that closes in January has answers from the year before); more incomplete than submitted responses
(an export taken before the round closed?); more than ``USUAL_MAX_AGREEMENTS`` agreements (unusual,
possible); a complete answer whose strand differs from the registry's (a finding for the report); a
partnership naming itself as a partner; a share of a coded option moving by more than
``LARGE_SHARE_CHANGE`` between rounds (a reworded option compared by its code?).

GX takes seconds to import: it is imported by ``run_suite`` only, once per process, with usage
statistics off (``GX_ANALYTICS_ENABLED=False`` set before the import), no network and no progress
bars. Only the columns an expectation names reach GX, and none of them holds personal data (a suite
that would is refused).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from escp_pipeline.catalogue.vocabularies import PERSONAL_METADATA

Severity = Literal["block", "warn"]

#: Agreements beyond this are not a plausible count (the report's largest is 10): blocking.
MAX_AGREEMENTS = 200
#: Agreements beyond this are possible but unusual: a warning.
USUAL_MAX_AGREEMENTS = 50
#: Columns that hold personal data in a raw export; never handed to GX.
PERSONAL_COLUMNS: frozenset[str] = frozenset(PERSONAL_METADATA)
#: Shares are compared after rounding to this many decimals (Parquet round trips, float sums).
SHARE_DECIMALS = 9
EXAMPLES = 5

FIX_EXPORT = "correct the answer in LimeSurvey and export the round again"
FIX_ANALYSIS = (
    "the analysis computed an impossible table from validated data: report it as a bug in "
    "escp_pipeline/analysis with this round's key"
)


@dataclass(frozen=True)
class Expectation:
    """One expectation of a suite, described without importing Great Expectations.

    Attributes:
        name: What is expected, as a sentence the UI shows (``shares are within [0, 1]``).
        gx_type: The GX expectation class (``ExpectColumnValuesToBeBetween``).
        kwargs: Its arguments (``column``, ``min_value``, ...).
        severity: ``block`` (the report would be wrong) or ``warn`` (a person should look).
        fix: What to do when it fails.
        identify_by: Columns that say which row an unexpected value is in (``response_id``).
        show: Further columns shown beside an unexpected value (the number behind a flag).
        where: Only rows where this column equals this value are checked.
    """

    name: str
    gx_type: str
    kwargs: Mapping[str, Any]
    severity: Severity
    fix: str
    identify_by: tuple[str, ...] = ()
    show: tuple[str, ...] = ()
    where: tuple[str, object] | None = None

    @property
    def checked_columns(self) -> tuple[str, ...]:
        """The columns whose values are checked."""
        named = [self.kwargs.get(key) for key in ("column", "column_A", "column_B")]
        return tuple(c for c in [*named, *self.kwargs.get("column_list", ())] if c)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column this expectation reads or shows."""
        condition = [self.where[0]] if self.where else []
        return (*self.checked_columns, *condition, *self.identify_by, *self.show)


@dataclass(frozen=True)
class Suite:
    """A table (the frame GX validates) and the expectations on it."""

    name: str
    frame: pd.DataFrame
    expectations: tuple[Expectation, ...]

    def only(self, severity: Severity) -> Suite:
        """The same suite with only the expectations of one severity."""
        kept = tuple(e for e in self.expectations if e.severity == severity)
        return Suite(self.name, self.frame, kept)


@dataclass(frozen=True)
class Outcome:
    """What one expectation found.

    Attributes:
        expectation: The expectation.
        success: Whether it held.
        observed: The observed value, in words (``2 of 40 rows``, ``missing: B1/SQ003/all``).
        unexpected_count: How many rows broke it, where GX counts rows.
        examples: The first unexpected values, each with the row it is in where known.
        error: GX's message when the expectation could not be evaluated (counts as failed).
    """

    expectation: Expectation
    success: bool
    observed: str
    unexpected_count: int | None = None
    examples: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class SuiteResult:
    """The outcome of every expectation of a suite, and how long GX took."""

    suite: str
    rows: int
    outcomes: tuple[Outcome, ...]
    seconds: float
    failures: tuple[Outcome, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "failures", tuple(o for o in self.outcomes if not o.success))

    @property
    def success(self) -> bool:
        return not self.failures


# --- helpers for building suites (pure) -----------------------------------------------------------


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with numpy-friendly dtypes: GX's pandas metrics choke on ``pd.NA``."""
    converted: dict[str, pd.Series] = {}
    for column, dtype in frame.dtypes.items():
        values = frame[column]
        if isinstance(dtype, pd.BooleanDtype):
            converted[str(column)] = values.astype(object).where(values.notna(), None)
        elif pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_numeric_dtype(dtype):
            converted[str(column)] = values.astype("float64")
    return frame.assign(**converted).reset_index(drop=True)


def expect(
    name: str,
    gx_type: str,
    severity: Severity,
    fix: str,
    *,
    identify_by: Iterable[str] = (),
    show: Iterable[str] = (),
    where: tuple[str, object] | None = None,
    **kwargs: Any,
) -> Expectation:
    return Expectation(name, gx_type, kwargs, severity, fix, tuple(identify_by), tuple(show), where)


def in_set(
    name: str, severity: Severity, fix: str, column: str, values: Iterable[object], **options: Any
) -> Expectation:
    return expect(
        name,
        "ExpectColumnValuesToBeInSet",
        severity,
        fix,
        column=column,
        value_set=list(values),
        **options,
    )


def whole(values: pd.Series) -> pd.Series:
    """True where a number is whole, None where it is missing (GX skips missing values)."""
    whole = (values % 1 == 0).astype(object)
    return whole.where(values.notna(), None)
