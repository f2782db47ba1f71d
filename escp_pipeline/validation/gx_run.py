"""Running a suite in an ephemeral Great Expectations context: one ``Outcome`` per expectation.

GX takes seconds to import: it is imported by ``run_suite`` only, once per process, with usage
statistics off, no network and no progress bars. Only the columns an expectation names reach GX, and
a suite that names a personal-data column is refused.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

import pandas as pd

from escp_pipeline.validation.expectations import (
    EXAMPLES,
    PERSONAL_COLUMNS,
    Expectation,
    Outcome,
    Suite,
    SuiteResult,
)

_GX_LOCK = threading.Lock()


@functools.cache
def _gx() -> tuple[Any, Any]:
    """Great Expectations and a batch definition for whole data frames, created once per process."""
    os.environ["GX_ANALYTICS_ENABLED"] = "False"  # read by GX at import: no usage statistics
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("escp_pipeline")
    batch_definition = source.add_dataframe_asset("table").add_batch_definition_whole_dataframe(
        "whole table"
    )
    return gx, batch_definition


def _gx_expectation(gx: Any, expectation: Expectation, position: int) -> Any:
    from great_expectations.expectations.row_conditions import Column

    kwargs = {**expectation.kwargs, "meta": {"position": position}}
    if expectation.where is not None:
        column, value = expectation.where
        kwargs["row_condition"] = Column(column) == value
    return getattr(gx.expectations, expectation.gx_type)(description=expectation.name, **kwargs)


def run_suite(suite: Suite, forbidden_columns: Iterable[str] = ()) -> SuiteResult:
    """Validate ``suite.frame`` against its expectations in an ephemeral GX context.

    Args:
        suite: The table and its expectations.
        forbidden_columns: Columns that must never reach GX (personal data), besides
            ``PERSONAL_COLUMNS``.

    Returns:
        One outcome per expectation, in suite order. An expectation GX cannot evaluate is an outcome
        with ``success=False`` and ``error`` set, never an exception.

    Raises:
        ValueError: An expectation names a personal-data column or a column the frame lacks.
    """
    forbidden = PERSONAL_COLUMNS | set(forbidden_columns)
    for expectation in suite.expectations:
        bad = forbidden.intersection(expectation.columns)
        if bad:
            raise ValueError(f"{suite.name}: expectation on personal data {sorted(bad)} refused")
        absent = set(expectation.columns) - set(suite.frame.columns)
        if absent:
            raise ValueError(f"{suite.name}: {expectation.name!r} names no column {sorted(absent)}")
    if not suite.expectations:
        return SuiteResult(suite.name, len(suite.frame), (), 0.0)
    with _GX_LOCK:
        started = time.perf_counter()
        gx, batch_definition = _gx()
        gx_suite = gx.ExpectationSuite(name=suite.name)
        for position, expectation in enumerate(suite.expectations):
            gx_suite.add_expectation(_gx_expectation(gx, expectation, position))
        batch = batch_definition.get_batch(batch_parameters={"dataframe": suite.frame})
        result = batch.validate(
            gx_suite, result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20}
        )
        seconds = time.perf_counter() - started
    # GX orders results its own way: each is matched to its expectation by position.
    items = {int(item.expectation_config.meta["position"]): item for item in result.results}
    outcomes = tuple(
        _outcome(expectation, items[position], suite.frame)
        for position, expectation in enumerate(suite.expectations)
    )
    return SuiteResult(suite.name, len(suite.frame), outcomes, seconds)


def _outcome(expectation: Expectation, item: Any, frame: pd.DataFrame) -> Outcome:
    info = item.exception_info or {}
    if info.get("raised_exception"):
        message = str(info.get("exception_message") or "GX could not evaluate the expectation")
        return Outcome(expectation, False, "not evaluated", error=message.splitlines()[0][:200])
    result = dict(item.result or {})
    count = result.get("unexpected_count")
    if "observed_value" in result and result["observed_value"] is not None:
        observed = _short(result["observed_value"])
    elif "missing_count" in result and count is None:
        missing = result.get("missing_count") or 0
        observed = f"{missing} expected value(s) missing" if missing else "all present"
    elif count is not None:
        checked = int(result.get("element_count", len(frame))) - int(result.get("missing_count", 0))
        observed = f"{count} of {checked} checked rows unexpected"
    else:
        observed = "held" if item.success else "failed"
    examples = _examples(expectation, result, frame)
    return Outcome(expectation, bool(item.success), observed, count, examples)


def _examples(
    expectation: Expectation, result: dict[str, Any], frame: pd.DataFrame
) -> tuple[str, ...]:
    """The first unexpected values, each with the row it is in where the suite says how."""
    missing = result.get("partial_missing_list") or []
    if missing:
        return tuple(f"missing {_short(value)}" for value in missing[:EXAMPLES])
    indexes = result.get("partial_unexpected_index_list") or []
    shown = expectation.show or tuple(
        c for c in expectation.checked_columns if c not in expectation.identify_by
    )
    if indexes and (expectation.identify_by or expectation.show):
        texts = []
        for index in indexes:
            row = frame.loc[index]
            label = ", ".join(f"{c} {_short(row[c])}" for c in expectation.identify_by)
            value = ", ".join(f"{c}={_short(row[c])}" for c in shown)
            texts.append(f"{label}: {value}" if label and value else label or value)
        return tuple(dict.fromkeys(texts))[:EXAMPLES]
    values = [_short(value) for value in result.get("partial_unexpected_list") or []]
    return tuple(dict.fromkeys(values))[:EXAMPLES]


def _short(value: object) -> str:
    """A value as metadata shows it: numbers plainly, text quoted and cut, one line."""
    if isinstance(value, dict):
        return ", ".join(f"{k}={_short(v)}" for k, v in value.items())
    if isinstance(value, tuple | list | set | frozenset):
        return "(" + ", ".join(_short(v) for v in value) + ")"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            return _short(value.item())
        except (ValueError, TypeError):
            pass
    if isinstance(value, pd.Timestamp):
        return str(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."
