"""From a raw export to the typed core table of one survey round.

What belongs here: typing each codebook column by its question kind, marking responses ``complete``,
``incomplete`` or ``superseded`` as the contract says, attaching partnership and strand, dropping
personal data and masking e-mail addresses and phone numbers typed into free text (``masking``).
Everything is vectorised (one pass per column), so a million responses clean in seconds. Values that
cannot be typed raise the reader's ``ExportError`` naming the row, the column and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from escp_pipeline.catalogue.vocabularies import (
    RESPONSE_STATUSES,
    STRAND_BY_CODE,
)
from escp_pipeline.contract.codebook import Codebook, Question
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_errors import ExportError
from escp_pipeline.contract.export_reader import ExportFile
from escp_pipeline.contract.registry import PartnershipRegistry
from escp_pipeline.validation.masking import MaskCounts, mask_columns
from escp_pipeline.validation.partnership_names import partnership_names

#: LimeSurvey's placeholder submit date of an anonymised survey: complete, date unknown.
ANONYMISED_SUBMITDATE = "1980-01-01 00:00:00"
STATUSES: tuple[str, ...] = RESPONSE_STATUSES
METADATA_COLUMNS: tuple[str, ...] = (
    "survey",
    "round",
    "response_id",
    "status",
    "submitted_at",
    "started_at",
    "last_page",
    "start_language",
    "partnership_code",
    "partnership",
    "strand",
)


@dataclass(frozen=True)
class CoreTable:
    """The typed responses of one round and what the cleaning found worth reporting."""

    responses: pd.DataFrame
    superseded: pd.DataFrame
    strand_disagreements: pd.DataFrame
    notes: tuple[str, ...] = field(default=())
    #: e-mail addresses and phone numbers masked inside free-text answers (counts only)
    masked: MaskCounts = field(default=MaskCounts())


def _shown(value: object) -> str:
    """A value as a message may quote it: short, one line and not an address; else its length.

    Values come from typed columns, but in a damaged file free text can slide into them.
    """
    text = str(value)
    if len(text) <= 30 and text.isprintable() and "@" not in text:
        return repr(text)
    return f"a value of {len(text)} characters"


def _fail(
    export: ExportFile, frame: pd.DataFrame, bad: pd.Series, column: str, problem: str, fix: str
) -> None:
    """Raise an ExportError for the first row flagged in ``bad``, with how many rows share it."""
    positions = np.flatnonzero(bad.to_numpy(dtype=bool))
    if not len(positions):
        return
    first = int(positions[0])
    value = _shown(frame[column].iloc[first])
    more = f" ({len(positions) - 1} more rows like it)" if len(positions) > 1 else ""
    response_id = frame["id"].iloc[first] if "id" in frame else None
    raise ExportError(
        export.source.path,
        f"{value} {problem}{more}",
        fix,
        row=first + 2,  # as a spreadsheet numbers it: the header is row 1
        column=column,
        response_id=None if response_id is None else str(response_id),
    )


def _whole_numbers(values: pd.Series, *, positive: bool) -> pd.Series:
    """True where a text is a whole number that fits int64 (ASCII digits only), else False."""
    pattern = r"0*[1-9][0-9]{0,17}" if positive else r"[0-9]{1,18}"
    return values.str.fullmatch(pattern).fillna(False).astype(bool)


def _parse_timestamps(export: ExportFile, raw: pd.DataFrame, column: str) -> pd.Series:
    if column not in raw:
        return pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    values = raw[column]
    parsed = pd.to_datetime(values, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    retry = parsed.isna() & values.notna()
    if retry.any():  # spreadsheet re-saves drop seconds or use ISO 'T'
        parsed = parsed.fillna(
            pd.to_datetime(values.where(retry), format="ISO8601", errors="coerce")
        )
    _fail(
        export,
        raw,
        parsed.isna() & values.notna(),
        column,
        "is not a date and time",
        "export again from LimeSurvey without editing the dates (YYYY-MM-DD HH:MM:SS)",
    )
    return parsed.astype("datetime64[us]")


def _typed_question_columns(
    export: ExportFile, raw: pd.DataFrame, question: Question
) -> dict[str, pd.Series]:
    columns: dict[str, pd.Series] = {}
    fix_codes = "export again with Responses set to 'Answer codes', or correct the answer"
    for column in question.export_columns():
        values = raw[column]
        is_checkbox = question.is_multiple_choice and not column.endswith(("comment]", "[other]"))
        if is_checkbox:
            _fail(
                export,
                raw,
                values.notna() & ~values.isin(["Y", "N"]),
                column,
                "is not a checkbox value ('Y', or 'N' / empty for unchecked)",
                fix_codes,
            )
            columns[column] = values.eq("Y").fillna(False).astype(bool)
        elif question.kind == "yes_no":
            _fail(
                export,
                raw,
                values.notna() & ~values.isin(["Y", "N"]),
                column,
                "is not a yes/no answer ('Y', 'N' or empty)",
                fix_codes,
            )
            columns[column] = values.map({"Y": True, "N": False}).astype("boolean")
        elif question.kind == "numeric":
            numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
            _fail(
                export,
                raw,
                values.notna() & numbers.isna(),
                column,
                "is not a number",
                "enter a number (digits only) in LimeSurvey and export again",
            )
            columns[column] = numbers.astype("Float64")
        else:
            columns[column] = values.astype("str") if values.dtype != "str" else values
    return columns


def _mark_statuses(responses: pd.DataFrame, submitted: pd.Series) -> pd.Series:
    """Each response's status: complete, incomplete or superseded.

    The latest complete answer of a partnership (by submitdate, then id) counts.
    """
    status = pd.Series(np.where(submitted, "complete", "incomplete"), index=responses.index)
    complete = responses[submitted & responses["partnership_code"].notna()]
    order = complete.assign(
        _when=complete["submitted_at"].fillna(pd.Timestamp.min.as_unit("us"))
    ).sort_values(["partnership_code", "_when", "response_id"])
    earlier = order.duplicated("partnership_code", keep="last")
    status.loc[order.index[earlier.to_numpy()]] = "superseded"
    return status.astype("str")


def _partnership_question(codebook: Codebook) -> Question | None:
    """The question naming the responding partnership; None for a survey without one."""
    try:
        return codebook.partnership_question
    except KeyError:
        return None


def build_core_table(
    export: ExportFile,
    codebook: Codebook,
    registry: PartnershipRegistry,
    survey_round: SurveyRound,
) -> CoreTable:
    """Type, mark and de-identify one round's responses.

    Raises:
        ExportError: a value cannot be typed (names the row, column and fix), or a partnership code
            is not in the registry.
    """
    raw = export.responses
    # Parsed as whole numbers from the digits, never through float: ids beyond 2**53 stay exact.
    _fail(
        export,
        raw,
        ~_whole_numbers(raw["id"], positive=True),
        "id",
        "is not a response id (a positive whole number of at most 18 digits)",
        "export again from LimeSurvey",
    )
    ids = raw["id"].astype("Int64")
    submitdate = raw["submitdate"]
    anonymised = submitdate.eq(ANONYMISED_SUBMITDATE).fillna(False)
    submitted_at = _parse_timestamps(
        export, raw.assign(submitdate=submitdate.mask(anonymised)), "submitdate"
    )
    partnership = _partnership_question(codebook)
    if partnership is None:  # a survey without a partnership question: every answer is its own
        codes = pd.Series(pd.NA, index=raw.index, dtype="object")
        names: dict[str, str] = {}
    else:
        partnership_column = partnership.code
        codes = raw[partnership_column]
        names = partnership_names(codebook, registry)
        unknown = codes.notna() & ~codes.isin(list(names))
        _fail(
            export,
            raw,
            unknown,
            partnership_column,
            f"is not a partnership code of the round's questionnaire ({partnership_column} "
            "answers) or of partnerships.yaml",
            "export the round with its survey structure (.lss) beside it, add the partnership to "
            "the registry (escp_pipeline/contract/reference/partnerships.yaml) or correct the "
            "answer",
        )
    strand_question = codebook.strand_question
    strand = (
        raw[strand_question.code].map(STRAND_BY_CODE)
        if strand_question is not None
        else pd.Series(pd.NA, index=raw.index)
    )
    last_page = None
    if "lastpage" in raw:
        _fail(
            export,
            raw,
            raw["lastpage"].notna() & ~_whole_numbers(raw["lastpage"], positive=False),
            "lastpage",
            "is not a page number (a whole number of at most 18 digits)",
            "export again from LimeSurvey without editing the file",
        )
        last_page = raw["lastpage"].astype("Int64")

    core = pd.DataFrame(
        {
            "survey": pd.Series(survey_round.survey, index=raw.index, dtype="str"),
            "round": pd.Series(survey_round.round, index=raw.index, dtype="str"),
            "response_id": ids.astype("Int64"),
            "submitted_at": submitted_at,
            "started_at": _parse_timestamps(export, raw, "startdate"),
            "last_page": (
                last_page.astype("Int64")
                if last_page is not None
                else pd.Series(pd.NA, index=raw.index, dtype="Int64")
            ),
            "start_language": (
                raw["startlanguage"].astype("str")
                if "startlanguage" in raw
                else pd.Series(pd.NA, index=raw.index, dtype="str")
            ),
            "partnership_code": codes.astype("str"),
            "partnership": codes.map(names).astype("str"),
            "strand": strand.astype("str"),
        }
    )
    submitted = submitdate.notna()
    core.insert(3, "status", _mark_statuses(core, submitted))

    personal = set(codebook.personal_data_columns)
    typed: dict[str, pd.Series] = {}
    free_text: list[str] = []
    for question in codebook.questions:
        if question.personal_data:
            continue
        typed.update(_typed_question_columns(export, raw, question))
        free_text += question.free_text_columns()
    # Contact data typed into an answer is masked here, before the core table exists.
    masked_columns, masked = mask_columns({c: typed[c] for c in free_text if c in typed})
    typed.update(masked_columns)
    core = pd.concat([core, pd.DataFrame(typed, index=raw.index)], axis=1)
    assert not personal & set(core.columns)

    superseded = core.loc[
        core["status"] == "superseded",
        ["survey", "round", "response_id", "partnership", "submitted_at"],
    ]
    registry_strand = codes.map({c: p.strand for c, p in registry.by_code.items()})
    disagree = (
        (core["status"] == "complete")
        & registry_strand.notna()
        & core["strand"].notna()
        & (registry_strand != core["strand"])
    )
    disagreements = pd.DataFrame(
        {
            "survey": core["survey"],
            "round": core["round"],
            "response_id": core["response_id"],
            "partnership": core["partnership"],
            "answered_strand": core["strand"],
            "registry_strand": registry_strand.astype("str"),
        }
    )[disagree.to_numpy()]
    notes = list(export.notes)
    if anonymised.any():
        notes.append(
            f"{int(anonymised.sum())} responses carry the anonymised submit date "
            "1980-01-01: complete, date unknown"
        )
    return CoreTable(
        core.reset_index(drop=True),
        superseded.reset_index(drop=True),
        disagreements.reset_index(drop=True),
        tuple(notes),
        masked,
    )
