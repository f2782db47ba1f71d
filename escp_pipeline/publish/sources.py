"""The workbook's ``sources`` sheet: ``round_sources`` plus the run that wrote the workbook.

Kept apart from the workbook writer so the sheet is a plain frame, tested without Excel.
"""

from __future__ import annotations

import pandas as pd

from escp_pipeline.contract.drops import round_sort_key


def sources_sheet(round_sources: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """Every processed round's provenance in survey and round order, with ``workbook_run_id``."""
    if round_sources.empty:
        return pd.DataFrame(columns=[*round_sources.columns, "workbook_run_id"])
    ordered = round_sources.assign(_key=round_sources["round"].map(round_sort_key))
    ordered = ordered.sort_values(["survey", "_key"]).drop(columns="_key")
    return ordered.assign(workbook_run_id=run_id).reset_index(drop=True)
