"""Helpers the analyse assets share: table metadata for the UI and schema checks of whole tables.

What belongs here: small functions that turn an analyst table into Dagster metadata, and the asset
check factory for the unpartitioned (cross-round) tables. Definitions live in the asset modules.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import pandas as pd

from escp_pipeline.defs.metadata import markdown_table, table_schema
from escp_pipeline.defs.validate.checks import FIX_TABLE, pandera_check_result


def analyst_schema(table: str) -> object:
    """The pandera schema of an analyst table (pandera is imported only when a check runs)."""
    from escp_pipeline.analysis.schemas import analyst_schema as schema

    return schema(table)


def table_metadata(
    table: pd.DataFrame, preview: pd.DataFrame | str, **extra: Any
) -> dict[str, Any]:
    """Row count, column schema and a markdown preview, plus any ``extra`` metadata."""
    text = preview if isinstance(preview, str) else markdown_table(preview, max_rows=40)
    return {
        "dagster/row_count": len(table),
        "dagster/column_schema": table_schema(table),
        "preview": dg.MetadataValue.md(text),
        **extra,
    }


def counts_by(table: pd.DataFrame, columns: list[str], name: str = "rows") -> dg.MetadataValue:
    """A markdown table of how many rows each combination of ``columns`` has."""
    if table.empty:
        return dg.MetadataValue.md("none")
    counts = table.groupby(columns, dropna=False).size().rename(name).reset_index()
    return dg.MetadataValue.md(markdown_table(counts, max_rows=60))


def table_check_from_schema(
    asset: dg.AssetsDefinition, table: str, name: str
) -> dg.AssetChecksDefinition:
    """A blocking check that validates a whole (unpartitioned) analyst table against its schema."""

    @dg.asset_check(
        asset=asset,
        name=name,
        blocking=True,
        description=f"pandera: {table} has exactly the promised columns, types and arithmetic "
        "(OUTPUTS.md).",
    )
    def _check(frame: pd.DataFrame) -> dg.AssetCheckResult:
        return pandera_check_result(
            analyst_schema(table), frame, f"{table} (every round)", FIX_TABLE
        )

    return _check


def round_check_from_schema(asset: dg.AssetsDefinition, name: str) -> dg.AssetChecksDefinition:
    """A blocking, partitioned check that validates one round of an analyst table."""
    from escp_pipeline.defs.validate.checks import asset_check_from_schema

    table = asset.key.path[-1]
    return asset_check_from_schema(asset, lambda survey: analyst_schema(table), name)
