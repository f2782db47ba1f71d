"""The ``respondents`` analyst table: one row per response of an export."""

from __future__ import annotations

import pandas as pd

from escp_pipeline.catalogue.tables import columns

RESPONDENTS_COLUMNS: tuple[str, ...] = columns("respondents")


def respondents_table(core: pd.DataFrame) -> pd.DataFrame:
    """Who answered, with which status, per OUTPUTS.md.

    ``submitted_at`` is null for incomplete responses and for anonymised submit dates.
    """
    table = core.loc[:, list(RESPONDENTS_COLUMNS)].copy()
    table["response_id"] = table["response_id"].astype("int64")
    table["submitted_at"] = table["submitted_at"].astype("datetime64[us]")
    for column in ("survey", "round", "partnership", "partnership_code", "strand", "status"):
        table[column] = table[column].astype("str")
    return table.sort_values(["survey", "round", "response_id"]).reset_index(drop=True)
