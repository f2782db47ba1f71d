"""What the catalogue's entries become: pandera schemas and empty frames.

``pandera_schema`` builds a table's schema from its fields (types, nullability, allowed values,
bounds) and rules, the way PUDL derives its checks from its metadata; ``empty_frame`` gives a table
without rows but with its columns and types. pandera is imported inside the function: it takes about
a second to import and the code location must load fast.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from escp_pipeline.catalogue.fields import Field
from escp_pipeline.catalogue.rules import COLUMN_RULES
from escp_pipeline.catalogue.table import Table
from escp_pipeline.catalogue.tables import TABLES

#: pandas dtype of an empty column of each catalogue type.
EMPTY_DTYPES: dict[str, str] = {
    "str": "str",
    "int64": "int64",
    "Int64": "Int64",
    "float64": "float64",
    "bool": "bool",
    "boolean": "boolean",
    "datetime": "datetime64[us]",
}


def empty_frame(table: str) -> pd.DataFrame:
    """A frame of ``table`` without rows: the catalogue's columns, in order, with their dtypes."""
    return pd.DataFrame(
        {f.name: pd.Series(dtype=EMPTY_DTYPES[f.dtype]) for f in TABLES[table].fields}
    )


def _pandera_dtype(dtype: str) -> Any:
    import numpy as np
    import pandera.pandas as pa

    return {
        "str": str,
        "int64": np.int64,
        "Int64": pd.Int64Dtype(),
        "float64": np.float64,
        "bool": bool,
        "boolean": pd.BooleanDtype(),
        "datetime": pa.DateTime,
    }[dtype]


def _value_checks(field: Field, isin: tuple[str, ...] | None) -> list[Any]:
    import pandera.pandas as pa

    checks = []
    if isin is not None:
        checks.append(pa.Check.isin(list(isin)))
    if field.pattern is not None:
        checks.append(pa.Check.str_matches(field.pattern))
    if field.min_length is not None:
        checks.append(pa.Check.str_length(min_value=field.min_length))
    if field.gt is not None:
        checks.append(pa.Check.gt(field.gt))
    if field.ge is not None:
        checks.append(pa.Check.ge(field.ge))
    if field.le is not None:
        checks.append(pa.Check.le(field.le))
    for rule in field.element_checks:
        name, holds = COLUMN_RULES[rule]
        checks.append(pa.Check(holds, name=name))
    return checks


def schema_of(table: Table, survey: str | None = None) -> Any:
    """The pandera ``DataFrameSchema`` of a catalogue entry, with ``survey``'s own rules."""
    import pandera.pandas as pa

    own = table.per_survey.get(survey) if survey is not None else None
    columns = {}
    for field in table.fields:
        isin = own.isin.get(field.name, field.isin) if own is not None else field.isin
        columns[field.name] = pa.Column(
            _pandera_dtype(field.dtype),
            checks=_value_checks(field, isin),
            nullable=field.nullable,
            unique=field.unique,
        )
    rules = (*table.all_rules, *(own.rules if own is not None else ()))
    return pa.DataFrameSchema(
        columns,
        # ignore_na=False: pandera would otherwise test every row of the whole frame for being all
        # missing after each check (a full-frame ``isna`` per check: minutes at a million rows);
        # no row of a catalogue table is all missing (its primary key is required).
        checks=[pa.Check(rule.holds, name=rule.name, ignore_na=False) for rule in rules],
        strict=True,
        ordered=table.ordered,
        coerce=False,
        name=table.name,
    )


@functools.cache
def pandera_schema(table: str, survey: str | None = None) -> Any:
    """The pandera schema of a table by name (``survey``: that survey's variant)."""
    return schema_of(TABLES[table], survey)
