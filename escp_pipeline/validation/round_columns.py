"""One round's rows of a survey's core table, with the columns of the round's own questionnaire.

What belongs here: undoing what sharing one table per survey does to a round's rows. The core table
of a survey holds every round (``warehouse/core/core_responses/<survey>.parquet``); when rounds'
questionnaires differ, the table has the union of their columns, a round's rows are empty in the
columns of questions or options its questionnaire lacks, and a checkbox column another round lacks
is widened from ``bool`` to ``object``. What does not: typing or validating (``clean``,
``schemas``).
"""

from __future__ import annotations

import pandas as pd

from escp_pipeline.contract.codebook import Codebook


def questionnaire_columns(codebook: Codebook) -> set[str]:
    """Every export column of the codebook's questions (personal data included)."""
    return {name for question in codebook.questions for name in question.export_columns()}


def checkbox_columns(codebook: Codebook) -> set[str]:
    """The bool columns of the core table: the options of multiple-choice questions."""
    return {
        name
        for question in codebook.questions
        if question.is_multiple_choice and not question.personal_data
        for name in question.export_columns()
        if not name.endswith(("comment]", "[other]"))
    }


def round_rows(frame: pd.DataFrame, codebook: Codebook, fixed: set[str]) -> pd.DataFrame:
    """``frame`` (one round's rows of a shared core table) as the round's questionnaire has it.

    A column that is neither one of ``fixed`` (the table's own columns: survey, round, status, ...)
    nor a column of ``codebook`` is left out when it is empty in every row (another round's question
    or option); one with values stays, so a strict schema still refuses it. Checkbox columns without
    a missing value are ``bool`` again.
    """
    known = questionnaire_columns(codebook) | fixed
    foreign = [c for c in frame.columns if c not in known and frame[c].isna().all()]
    frame = frame.drop(columns=foreign)
    for column in checkbox_columns(codebook) & set(frame.columns):
        series = frame[column]
        if series.dtype != bool and series.notna().all():
            frame[column] = series.astype(bool)
    return frame
