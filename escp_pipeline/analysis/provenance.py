"""The ``round_sources`` table: which export, questionnaire and Dagster run each round came from.

What belongs here: one provenance row per survey round (the input file as a path below
``incoming/``, its SHA-256, the responses read and the answers counted, the questionnaire used and
its SHA-256, the run that built the round), so every number of the report and the workbook can be
traced to the export it came from. What does not: reading the export (``contract.export_reader``) or
showing the rows (``publish``).

The questionnaire is a field, not an assumption: a round read with a LimeSurvey survey structure
export names that ``.lss`` (below ``incoming/``) and its SHA-256; a round without one, the codebook
the project ships for its survey.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.codebook import codebook_path

ROUND_SOURCES_COLUMNS: tuple[str, ...] = columns("round_sources")


@dataclass(frozen=True)
class Questionnaire:
    """The questionnaire a round was read with: how to name it, and the file's SHA-256."""

    name: str
    sha256: str

    @classmethod
    def shipped_codebook(cls, survey: str) -> Questionnaire:
        """The codebook the project ships for ``survey``."""
        path = codebook_path(survey)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return cls(f"shipped codebook {path.name}", digest)

    @classmethod
    def of_round(cls, survey_dir: Path, round_: str, incoming: Path) -> Questionnaire:
        """The questionnaire ``round_`` was read with.

        The questionnaire round ``round_`` was read with, by the rule of the ``questionnaire``
        asset: the round's ``.lss``, else the latest earlier one, else the shipped codebook.
        """
        from escp_pipeline.contract.round_questionnaire import lss_for_round

        lss = lss_for_round(survey_dir, round_)
        if lss is None:
            return cls.shipped_codebook(survey_dir.name)
        digest = hashlib.sha256(lss.read_bytes()).hexdigest()
        return cls(f"survey structure {display_path(lss, incoming)}", digest)


def display_path(path: Path, incoming: Path) -> str:
    """``path`` below ``incoming`` (``escp-4i/2019-r2.csv``), or its file name when outside it.

    The report names the drop, never the machine's folders.
    """
    try:
        return Path(path).resolve().relative_to(incoming.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def round_source(
    *,
    survey: str,
    round_: str,
    file: str,
    sha256: str,
    size_bytes: int,
    core: pd.DataFrame,
    questionnaire: Questionnaire,
    run_id: str,
    built_at: datetime,
    withheld: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The one-row provenance table of a round.

    ``rows_read`` is every response of the export (the core table keeps one row per response);
    ``rows_counted`` the complete answers that are not superseded, the ones the tables count;
    ``withheld`` the text questions left out because their answers hold contact data
    (``validation.contact_answers``).
    """
    counted = int((core["status"] == "complete").sum()) if len(core) else 0
    frame = pd.DataFrame(
        {
            "survey": [survey],
            "round": [round_],
            "file": [file],
            "sha256": [sha256],
            "size_bytes": [int(size_bytes)],
            "rows_read": [len(core)],
            "rows_counted": [counted],
            "questionnaire": [questionnaire.name],
            "questionnaire_sha256": [questionnaire.sha256],
            "withheld_questions": [", ".join(withheld)],
            "run_id": [run_id],
            "built_at": [pd.Timestamp(built_at).tz_convert("UTC").tz_localize(None)],
        }
    )
    for column in (
        "survey",
        "round",
        "file",
        "sha256",
        "questionnaire",
        "questionnaire_sha256",
        "withheld_questions",
    ):
        frame[column] = frame[column].astype("str")
    frame["run_id"] = frame["run_id"].astype("str")
    for column in ("size_bytes", "rows_read", "rows_counted"):
        frame[column] = frame[column].astype("int64")
    frame["built_at"] = frame["built_at"].astype("datetime64[us]")
    return frame.loc[:, list(ROUND_SOURCES_COLUMNS)]
