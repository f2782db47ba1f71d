"""Core tables written by hand for analysis tests, in the shape ``core_responses`` produces."""

from __future__ import annotations

from typing import Any

import pandas as pd

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.registry import load_registry


def _dtype(question_kind: str, column: str, is_multiple_choice: bool) -> str:
    if is_multiple_choice and not column.endswith(("comment]", "[other]")):
        return "bool"
    return {"yes_no": "boolean", "numeric": "Float64"}.get(question_kind, "str")


def core_frame(survey: str, round_: str, answers: list[dict[str, Any]]) -> pd.DataFrame:
    """A core table of one round: one row per dict of ``answers``.

    Each dict names ``partnership_code`` and may give ``strand`` (ESCP-4i; default ``strand-1``),
    ``status`` (default ``complete``) and any codebook column by its export name; checkboxes not
    given are unticked, other columns empty.
    """
    codebook = load_codebook(survey)
    registry = load_registry()
    count = len(answers)
    strand_default = "strand-1" if codebook.strand_question is not None else None
    columns: dict[str, pd.Series] = {
        "survey": pd.Series([survey] * count, dtype="str"),
        "round": pd.Series([round_] * count, dtype="str"),
        "response_id": pd.Series(range(1, count + 1), dtype="Int64"),
        "status": pd.Series([a.get("status", "complete") for a in answers], dtype="str"),
        "submitted_at": pd.Series([pd.Timestamp("2019-05-20")] * count, dtype="datetime64[us]"),
        "started_at": pd.Series([pd.NaT] * count, dtype="datetime64[us]"),
        "last_page": pd.Series([9] * count, dtype="Int64"),
        "start_language": pd.Series(["en"] * count, dtype="str"),
        "partnership_code": pd.Series([a["partnership_code"] for a in answers], dtype="str"),
        "partnership": pd.Series(
            [registry.name_of(a["partnership_code"]) for a in answers], dtype="str"
        ),
        "strand": pd.Series([a.get("strand", strand_default) for a in answers], dtype="str"),
    }
    known = set(columns)
    for question in codebook.questions:
        if question.personal_data:
            continue
        for column in question.export_columns():
            known.add(column)
            dtype = _dtype(question.kind, column, question.is_multiple_choice)
            default = False if dtype == "bool" else None
            values = [a.get(column, default) for a in answers]
            columns[column] = pd.Series(values, dtype=dtype)
    unknown = {key for a in answers for key in a} - known
    if unknown:
        raise KeyError(f"not columns of the {survey} core table: {sorted(unknown)}")
    return pd.DataFrame(columns)
