"""Helpers the analyse assets share: table metadata for the UI.

What belongs here: small functions that turn an analyst table into Dagster metadata. Definitions
live in the asset modules; the schema checks are generated from the catalogue
(``defs/schema_checks.py``).
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import pandas as pd

from escp_pipeline.defs.metadata import markdown_table, table_schema


def table_metadata(
    name: str, table: pd.DataFrame, preview: pd.DataFrame | str, **extra: Any
) -> dict[str, Any]:
    """A table asset's metadata.

    Row count, column schema (with the catalogue's descriptions of table ``name``) and a markdown
    preview, plus any ``extra`` metadata.
    """
    text = preview if isinstance(preview, str) else markdown_table(preview, max_rows=40)
    return {
        "dagster/row_count": len(table),
        "dagster/column_schema": table_schema(table, name),
        "preview": dg.MetadataValue.md(text),
        **extra,
    }


def counts_by(table: pd.DataFrame, columns: list[str], name: str = "rows") -> dg.MetadataValue:
    """A markdown table of how many rows each combination of ``columns`` has."""
    if table.empty:
        return dg.MetadataValue.md("none")
    counts = table.groupby(columns, dropna=False).size().rename(name).reset_index()
    return dg.MetadataValue.md(markdown_table(counts, max_rows=60))
