"""The values of an export: the contract's columns kept, ids checked, full answers made codes.

What belongs here: the format-independent step after parsing: keeping the metadata and codebook
columns, missing values to NA (``csv_columnar.normalise_values``), dropping blank rows, refusing bad
or repeated ids, and checking that choice columns hold answer codes (a file of full answers is
translated as a whole). What does not: typing and checking the answers further (the validation
layer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.csv_columnar import normalise_values
from escp_pipeline.contract.export_errors import FIX_ANSWER_CODES, FIX_EXPORT_AGAIN, ExportError
from escp_pipeline.contract.export_header import LISTED, METADATA_COLUMNS, TEXT_DTYPE, Header

_CHECKBOX_FULL = {"Yes": "Y", "No": None, "N/A": None}
_YES_NO_FULL = {"Yes": "Y", "No": "N", "N/A": None}
_SHOWN_CHARS = 30


@dataclass(frozen=True)
class _ChoiceColumn:
    """A column whose values come from a fixed list: its codes and its full-answer spellings."""

    column: str
    question: str
    codes: frozenset[str]
    full_answers: dict[str, str | None]
    ambiguous_labels: frozenset[str]


def responses_of(
    path: Path | str,
    frame: pd.DataFrame,
    header: Header,
    codebook: Codebook,
    notes: list[str],
    equation_quotes: bool = True,
) -> pd.DataFrame:
    """Keep the contract's columns, normalise missing values, check ids, translate full answers."""
    metadata = [column for column in METADATA_COLUMNS if column in frame.columns]
    columns = metadata + codebook.export_columns()
    frame = normalise_values(frame[columns], equation_quotes)
    frame = _drop_blank_rows(path, frame, notes)
    _check_ids(path, frame)
    frame = _answer_codes(path, frame, codebook, notes)
    if frame.empty:
        notes.append("no responses")
    return frame.reset_index(drop=True)


def _with_columns(frame: pd.DataFrame, changed: dict[str, pd.Series]) -> pd.DataFrame:
    if not changed:
        return frame
    result = frame.copy(deep=False)
    for column, values in changed.items():
        result[column] = values
    return result


def _drop_blank_rows(path: Path | str, frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Drop rows with no value at all (blank lines); a row with values but no id is refused."""
    no_id = frame["id"].isna()
    if not no_id.any():
        return frame
    has_values = frame.loc[no_id].notna().any(axis=1)
    if has_values.any():
        position = int(has_values[has_values].index[0])
        raise ExportError(
            path,
            "the response has answers but no id",
            "check that the file was not edited by hand (a line break or delimiter out of place), "
            "or " + FIX_EXPORT_AGAIN,
            row=_row_number(position),
            column="id",
        )
    notes.append(f"{int(no_id.sum())} blank row(s) skipped")
    return frame.loc[~no_id]


def _check_ids(path: Path | str, frame: pd.DataFrame) -> None:
    """Every ``id`` is a positive whole number and appears once."""
    ids = frame["id"]
    valid = ids.str.fullmatch(r"[0-9]+") & ids.str.contains(r"[1-9]")
    if not valid.all():
        label = valid.index[~valid.to_numpy()][0]
        raise ExportError(
            path,
            f"{_shown(ids.loc[label])} is not a response id (a positive whole number)",
            "check that the file was not edited by hand, or " + FIX_EXPORT_AGAIN,
            row=_row_number(label),
            column="id",
        )
    canonical = ids.str.lstrip("0")
    repeated = canonical.duplicated(keep=False)
    if repeated.any():
        first = canonical[repeated].iloc[0]
        rows = [_row_number(label) for label in canonical.index[canonical == first][:2]]
        raise ExportError(
            path,
            f"id {first} appears twice, in rows {rows[0]} and {rows[1]}: the file joins "
            "two exports or was edited",
            FIX_EXPORT_AGAIN,
            row=rows[1],
            column="id",
            response_id=str(first),
        )


def _choice_columns(codebook: Codebook) -> list[_ChoiceColumn]:
    """Every column whose values come from a fixed list, with codes and full-answer spellings."""
    choices: list[_ChoiceColumn] = []
    for question in codebook.questions:
        if question.kind == "single_choice":
            codes = {option.code for option in question.answers}
            labels: dict[str, str | None] = {}
            ambiguous: set[str] = set()
            for option in question.answers:
                if option.label in labels:
                    ambiguous.add(option.label)
                labels[option.label] = option.code
            if question.other:
                codes.add("-oth-")
                labels.setdefault("Other", "-oth-")
            labels.setdefault("N/A", None)
            choices.append(
                _ChoiceColumn(
                    question.code, question.code, frozenset(codes), labels, frozenset(ambiguous)
                )
            )
        elif question.is_multiple_choice:
            for column in question.choice_columns().values():
                choices.append(
                    _ChoiceColumn(
                        column, question.code, frozenset({"Y", "N"}), _CHECKBOX_FULL, frozenset()
                    )
                )
        elif question.kind == "yes_no":
            choices.append(
                _ChoiceColumn(
                    question.code,
                    question.code,
                    frozenset({"Y", "N"}),
                    _YES_NO_FULL,
                    frozenset(),
                )
            )
    return choices


def _answer_codes(
    path: Path | str, frame: pd.DataFrame, codebook: Codebook, notes: list[str]
) -> pd.DataFrame:
    """Check choice columns hold codes; a file of full answers is translated to codes as a whole."""
    choices = _choice_columns(codebook)
    distinct = {
        choice.column: set(pc.unique(pc.drop_null(pa.array(frame[choice.column]))).to_pylist())
        for choice in choices
    }
    code_evidence = _evidence(choices, distinct, full=False)
    full_evidence = _evidence(choices, distinct, full=True)
    if code_evidence and full_evidence:
        (code_column, code_value), (full_column, full_value) = code_evidence, full_evidence
        raise ExportError(
            path,
            f"column {code_column!r} holds answer codes ({_shown(code_value)}) but column "
            f"{full_column!r} holds full answers ({_shown(full_value)}); a file holds one kind",
            FIX_ANSWER_CODES,
            column=full_column,
        )
    full = full_evidence is not None
    changed: dict[str, pd.Series] = {}
    for choice in choices:
        values = distinct[choice.column]
        allowed = set(choice.full_answers) - choice.ambiguous_labels if full else choice.codes
        unknown = values - allowed
        if unknown:
            _refuse_value(path, frame, codebook, choice, unknown, full)
        if full and values:
            mapping = {value: choice.full_answers[value] for value in values}
            changed[choice.column] = frame[choice.column].map(mapping).astype(TEXT_DTYPE)
    if full:
        notes.append(
            "answers exported as full answers (Responses 'Full answers'), translated to codes"
        )
    return _with_columns(frame, changed)


def _evidence(
    choices: Iterable[_ChoiceColumn], distinct: dict[str, set[str]], *, full: bool
) -> tuple[str, str] | None:
    """The first column and value that only answer codes (or only full answers) would hold."""
    for choice in choices:
        labels = set(choice.full_answers)
        only = labels - choice.codes if full else choice.codes - labels
        found = sorted(distinct[choice.column] & only)
        if found:
            return choice.column, found[0]
    return None


def _refuse_value(
    path: Path | str,
    frame: pd.DataFrame,
    codebook: Codebook,
    choice: _ChoiceColumn,
    unknown: set[str],
    full: bool,
) -> None:
    values = frame[choice.column]
    label = values.index[values.isin(sorted(unknown)).to_numpy()][0]
    value = values.loc[label]
    response_id = frame["id"].loc[label]
    if full and value in choice.ambiguous_labels:
        problem = f"the full answer {_shown(value)} is the label of more than one answer code"
    elif full:
        problem = (
            f"the file holds full answers and {_shown(value)} is not an answer of "
            f"{choice.question} in the {codebook.survey} codebook"
        )
    else:
        problem = (
            f"{_shown(value)} is not an answer code of {choice.question} "
            f"(valid: {_brief(sorted(choice.codes))})"
        )
    fix = (
        FIX_ANSWER_CODES
        if full
        else "correct the answer in LimeSurvey and export again; if the questionnaire gained an "
        f"answer option, add it to the {codebook.survey} codebook."
    )
    raise ExportError(
        path,
        problem,
        fix,
        row=_row_number(label),
        column=choice.column,
        response_id=str(response_id),
    )


def _row_number(label: object) -> int:
    """The spreadsheet row of the response at frame position ``label`` (header is row 1)."""
    return int(label) + 2  # type: ignore[call-overload]


def _shown(value: object) -> str:
    """A value as an error message shows it: a short one-line value quoted, else only its length.

    Values shown come from the ``id`` and choice columns, but in a damaged file free text can slide
    into them; long or multi-line text is therefore described, not quoted.
    """
    text = str(value)
    if len(text) <= _SHOWN_CHARS and text.isprintable():
        return repr(text)
    return f"a value of {len(text)} characters"


def _brief(codes: list[str]) -> str:
    if len(codes) <= 2 * LISTED:
        return ", ".join(codes)
    return f"{', '.join(codes[:LISTED])} … {', '.join(codes[-2:])}"
