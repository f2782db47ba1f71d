"""Where the outputs came from: ``round_sources`` as the workbook's sheet and the report's footer.

What belongs here: the workbook's ``sources`` sheet (``round_sources`` plus the run that wrote the
workbook), kept apart from the workbook writer so the sheet is a plain frame tested without Excel,
and the report footer's provenance lines (``source_lines``). What does not: writing either output.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.publish.data import survey_name


def sources_sheet(round_sources: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """Every processed round's provenance in survey and round order, with ``workbook_run_id``."""
    if round_sources.empty:
        return pd.DataFrame(columns=[*round_sources.columns, "workbook_run_id"])
    ordered = round_sources.assign(_key=round_sources["round"].map(round_sort_key))
    ordered = ordered.sort_values(["survey", "_key"]).drop(columns="_key")
    return ordered.assign(workbook_run_id=run_id).reset_index(drop=True)


@dataclass(frozen=True)
class SourceLine:
    """One round's input as the footer lists it."""

    survey: str
    round: str
    file: str
    sha256: str
    rows_read: int
    rows_counted: int
    questionnaire: str
    run_id: str


def source_lines(round_sources: pd.DataFrame) -> list[SourceLine]:
    """The footer's provenance, one line per processed round, survey and round order."""
    if round_sources.empty:
        return []
    ordered = round_sources.assign(_key=round_sources["round"].map(round_sort_key))
    ordered = ordered.sort_values(["survey", "_key"])
    return [
        SourceLine(
            survey=survey_name(str(row.survey)),
            round=str(row.round),
            file=str(row.file),
            sha256=str(row.sha256),
            rows_read=int(row.rows_read),
            rows_counted=int(row.rows_counted),
            questionnaire=str(row.questionnaire),
            run_id=str(row.run_id),
        )
        for row in ordered.itertuples(index=False)
    ]
