"""The header of an export: which columns the headings name, checked against the codebook.

What belongs here: the contract's metadata columns, mapping headings (question codes, or "code.
text") to column names for every format, and refusing a header that lacks a required or codebook
column or repeats one. Headings in question texts are ``headings``' job. What does not: finding the
CSV delimiter or parsing rows (``export_csv``), or checking values (``export_values``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.export_errors import FIX_EXPORT_AGAIN, FIX_HEADINGS, ExportError

METADATA_COLUMNS: tuple[str, ...] = (
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
)
REQUIRED_METADATA: tuple[str, ...] = ("id", "submitdate")
TEXT_DTYPE = "str"

_FULL_TEXT_HEADINGS = ("response id", "date submitted", "last page", "start language")
#: How many names or codes a message lists before it says how many more there are.
LISTED = 5


@dataclass(frozen=True)
class Header:
    """The header row as found: the names to give pandas and what the reader learned reading it."""

    names: list[str]
    extra_columns: tuple[str, ...]
    notes: tuple[str, ...]


def known_columns(codebook: Codebook) -> set[str]:
    """Every column an export of ``codebook`` may name: the metadata and codebook columns."""
    return set(METADATA_COLUMNS) | set(codebook.export_columns())


def clean_name(raw: str, known: set[str]) -> tuple[str, bool]:
    """The column a heading names, and whether it was a "Question code & question text" heading."""
    name = raw.replace("\ufeff", "").strip()
    if name in known:
        return name, False
    code, separator, _ = name.partition(". ")
    if separator and code.strip() in known:
        return code.strip(), True
    return name, False


def resolve_header(
    path: Path | str, raw_names: Sequence[object], codebook: Codebook, source: str = "csv"
) -> Header:
    """Map headings to column names and check the contract's column rules."""
    from escp_pipeline.contract.headings import is_text_header, resolve_text_header

    known = known_columns(codebook)
    texts = [
        "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
        for raw in raw_names
    ]
    if is_text_header(texts):
        return Header(*resolve_text_header(path, texts, codebook, source))
    names: list[str] = []
    with_text = 0
    for position, text in enumerate(texts, start=1):
        name, had_text = clean_name(text, known)
        names.append(name or f"(unnamed column {position})")
        with_text += had_text
    present = set(names)
    for required in REQUIRED_METADATA:
        if required not in present:
            _refuse_headings(path, names, codebook, missing=required)
    if len(present) < len(names):
        duplicated = next(name for position, name in enumerate(names) if name in names[:position])
        raise ExportError(
            path,
            "two columns have this heading, so their answers cannot be told apart",
            "remove the duplicated column or " + FIX_EXPORT_AGAIN,
            row=1,
            column=duplicated,
        )
    notes: list[str] = []
    codebook_columns = codebook.export_columns()
    missing = [column for column in codebook_columns if column not in present]
    if missing and source == "xlsx":
        from escp_pipeline.contract.headings import refuse_excel_api_cut

        metadata = [column for column in METADATA_COLUMNS if column in present]
        refuse_excel_api_cut(path, names, metadata + codebook_columns)
    if missing:
        found = len(codebook_columns) - len(missing)
        listed = ", ".join(repr(column) for column in missing[:LISTED])
        more = f" and {len(missing) - LISTED} more" if len(missing) > LISTED else ""
        survey_hint = (
            f"; only {found} of {len(codebook_columns)} are there: is this an export of the "
            f"{codebook.survey} survey?"
            if found < len(codebook_columns) / 2
            else ""
        )
        raise ExportError(
            path,
            f"{len(missing)} codebook column(s) missing: {listed}{more}{survey_hint}",
            "export with all columns selected (Responses > Export > Columns); if the round was "
            "run with a changed questionnaire, its survey structure export belongs beside it as "
            f"{Path(path).with_suffix('.lss').name} (Display/Export > Survey structure (.lss)): "
            "add it, or check that the one there is this round's.",
            column=missing[0],
        )
    if with_text:
        notes.append(
            "headings exported as 'Question code & question text': read by their question codes"
        )
    extra = tuple(name for name in names if name not in known)
    if extra:
        listed = ", ".join(extra[:10]) + (f" and {len(extra) - 10} more" if len(extra) > 10 else "")
        notes.append(f"{len(extra)} extra column(s) not in the codebook, left out: {listed}")
    return Header(names=names, extra_columns=extra, notes=tuple(notes))


def _refuse_headings(path: Path | str, names: list[str], codebook: Codebook, missing: str) -> None:
    """Raise for a header without a required column, saying which export setting to change."""
    texts = [_normalise_text(question.text) for question in codebook.questions]
    for name in names:
        heading = _normalise_text(name)
        if heading in _FULL_TEXT_HEADINGS or any(
            text and heading.startswith(text[:40]) for text in texts
        ):
            raise ExportError(
                path,
                "the headings are question texts (Headings 'Full question text' or "
                "'Abbreviated question text') that do not start with LimeSurvey's 'Response ID'",
                FIX_HEADINGS,
                row=1,
            )
    raise ExportError(
        path,
        f"the required column {missing!r} is missing; the header does not look like a LimeSurvey "
        "response export with question codes",
        "check that the right file was dropped; " + FIX_EXPORT_AGAIN,
        row=1,
        column=missing,
    )


def _normalise_text(text: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", text).split()).lower()
