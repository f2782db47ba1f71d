"""The ``free_text_answers`` analyst table: every text a counted answer wrote, ready to quote.

What belongs here: turning the free-text columns of one round's core table (comments on an option,
"other" texts, short and long texts, multiple short texts, array texts) into one long table, one row
per non-empty text, labelled with the question, the option and the partnership. What does not:
masking contact data (done once, in ``validation.masking``, when the core table is built, so the
texts here are already masked) or the personal-data questions themselves (never in the core table).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import columns
from escp_pipeline.catalogue.vocabularies import FREE_TEXT_KINDS, OTHER
from escp_pipeline.contract.codebook import Codebook, Question
from escp_pipeline.validation.contact_answers import without_contact_answers

FREE_TEXT_COLUMNS: tuple[str, ...] = columns("free_text_answers")
#: ``kind`` values: a comment on an option, the text of an "Other" answer, a text question's answer.
KINDS: tuple[str, ...] = FREE_TEXT_KINDS


@dataclass(frozen=True)
class TextColumn:
    """One free-text column of an export and what it is an answer to."""

    column: str
    question: str
    option: str
    kind: str
    label: str


def text_columns(question: Question) -> list[TextColumn]:
    """The free-text columns of ``question`` with their option code, kind and label."""
    if question.personal_data:
        return []
    code = question.code
    if question.kind in ("short_text", "long_text"):
        return [TextColumn(code, code, "", "text", "")]
    if question.kind == "multiple_short_text":
        columns = [
            TextColumn(f"{code}[{option.code}]", code, option.code, "text", option.label)
            for option in question.subquestions
        ]
        if question.other:
            columns.append(TextColumn(f"{code}[other]", code, OTHER, OTHER, "Other"))
        return columns
    if question.kind == "array_texts":
        return [
            TextColumn(
                f"{code}[{row.code}_{column.code}]",
                code,
                f"{row.code}_{column.code}",
                "text",
                f"{row.label}: {column.label}",
            )
            for row in question.rows
            for column in question.columns
        ]
    columns = []
    if question.kind == "multiple_choice_comments":
        columns = [
            TextColumn(f"{code}[{option.code}comment]", code, option.code, "comment", option.label)
            for option in question.subquestions
        ]
    if question.other and question.kind in (
        "single_choice",
        "multiple_choice",
        "multiple_choice_comments",
    ):
        columns.append(TextColumn(f"{code}[other]", code, OTHER, OTHER, "Other"))
        if question.kind == "multiple_choice_comments":
            columns.append(TextColumn(f"{code}[othercomment]", code, OTHER, "comment", "Other"))
    return columns


def free_text_answers(core: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per non-empty free text of a counted (complete, not superseded) answer.

    Texts are trimmed; a text of only spaces is no text. ``option`` is the subquestion code of a
    comment or a multiple short text, ``other`` for an "Other" text and its comment, the
    ``<row>_<column>`` code of an array text, and empty for a plain text question; ``label`` says
    the same in words. Rows are in response, questionnaire order. A text question of a survey the
    project does not ship whose answers held contact data is left out whole
    (``validation.contact_answers``).
    """
    codebook = without_contact_answers(core, codebook)
    counted = core[core["status"] == "complete"]
    parts = []
    for order, spec in enumerate(c for q in codebook.questions for c in text_columns(q)):
        if spec.column not in counted:
            continue
        values = counted[spec.column].astype("str").str.strip()
        present = values.notna() & (values != "")
        if not present.any():
            continue
        rows = counted.loc[present, ["survey", "round", "response_id", "partnership", "strand"]]
        parts.append(
            rows.assign(
                question=spec.question,
                option=spec.option,
                kind=spec.kind,
                label=spec.label,
                text=values[present],
                _order=order,
            )
        )
    if not parts:
        return empty_frame("free_text_answers")
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["response_id", "_order"], kind="stable").drop(columns="_order")
    table["response_id"] = table["response_id"].astype("int64")
    for column in (c for c in FREE_TEXT_COLUMNS if c != "response_id"):
        table[column] = table[column].astype("str")
    return table.loc[:, list(FREE_TEXT_COLUMNS)].reset_index(drop=True)
