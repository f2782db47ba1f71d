"""Tests of the export reader on small hand-written exports, one per variant and refusal."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.export_errors import FIX_ANSWER_CODES, FIX_HEADINGS, ExportError
from escp_pipeline.contract.export_reader import ExportFile, read_export

METADATA = ("id", "submitdate", "lastpage", "startlanguage", "seed")
DEFAULT_METADATA = {"submitdate": "2019-05-03 10:00:00", "lastpage": "4", "startlanguage": "en"}
UNQUOTED_EMPTY = None  # a cell written as nothing at all, not as ""

TRICKY_COMMENT = 'Line one, with "quotes";\r\nline two <b>bold</b> & é€ — 日本 😀\n\tend'


# --- helpers --------------------------------------------------------------------------------------


def export_text(
    codebook: Codebook,
    responses: Sequence[Mapping[str, str | None]],
    *,
    delimiter: str = ",",
    line_end: str = "\r\n",
    quote_all: bool = True,
    metadata: Sequence[str] = METADATA,
    headings: Mapping[str, str] | None = None,
    extra: Sequence[str] = (),
) -> str:
    """A LimeSurvey export of ``responses`` (answers by column) with every codebook column.

    Unanswered columns are written as ``""``; a value of ``None`` is written as an unquoted empty
    field. Each response gets ``id`` 1, 2, … unless it sets its own.
    """
    columns = [*metadata, *codebook.export_columns(), *extra]
    headings = headings or {}
    lines = [_line([headings.get(column, column) for column in columns], delimiter, quote_all)]
    for number, answers in enumerate(responses, start=1):
        row: dict[str, str | None] = {
            "id": str(number),
            "seed": str(1000 + number),
            **DEFAULT_METADATA,
            **answers,
        }
        lines.append(_line([row.get(column, "") for column in columns], delimiter, quote_all))
    return line_end.join(lines) + line_end


def _line(values: Sequence[str | None], delimiter: str, quote_all: bool) -> str:
    cells = []
    for value in values:
        if value is None:
            cells.append("")
        elif quote_all or any(char in value for char in (delimiter, '"', "\r", "\n")):
            cells.append('"' + value.replace('"', '""') + '"')
        else:
            cells.append(value)
    return delimiter.join(cells)


def write(
    directory: Path, content: str | bytes, name: str = "2019-r2.csv", encoding: str = "utf-8-sig"
) -> Path:
    path = directory / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def refusal(path: Path, codebook: Codebook) -> ExportError:
    with pytest.raises(ExportError) as caught:
        read_export(path, codebook)
    assert str(path) in str(caught.value)
    return caught.value


@pytest.fixture(scope="module")
def escp_4i() -> Codebook:
    return load_codebook("escp-4i")


@pytest.fixture(scope="module")
def generic() -> Codebook:
    """A questionnaire unlike ours: other codes, other partnerships, every question kind."""
    return Codebook.model_validate(
        {
            "survey": "test-x",
            "title": "A made-up survey",
            "questions": [
                {
                    "code": "Q1",
                    "type": "!",
                    "kind": "single_choice",
                    "text": "Which network are you?",
                    "answers": [
                        {"code": "N101", "label": "Alpha Net"},
                        {"code": "N102", "label": "Beta Hub"},
                    ],
                    "other": True,
                },
                {
                    "code": "Q2",
                    "type": "M",
                    "kind": "multiple_choice",
                    "text": "Which networks do you work with?",
                    "subquestions": [
                        {"code": "N101", "label": "Alpha Net"},
                        {"code": "N103", "label": "Gamma Ring"},
                    ],
                    "other": True,
                },
                {
                    "code": "Q3",
                    "type": "P",
                    "kind": "multiple_choice_comments",
                    "text": "What did you do?",
                    "subquestions": [
                        {"code": "ACT1", "label": "Fairs"},
                        {"code": "ACT2", "label": "Missions"},
                    ],
                },
                {"code": "Q4", "type": "Y", "kind": "yes_no", "text": "Any agreement?"},
                {"code": "Q5", "type": "N", "kind": "numeric", "text": "How many?", "min": 0},
                {"code": "Q6", "type": "T", "kind": "long_text", "text": "Explain."},
                {
                    "code": "Q7",
                    "type": "Q",
                    "kind": "multiple_short_text",
                    "text": "The partner",
                    "subquestions": [
                        {"code": "NAME", "label": "Name"},
                        {"code": "CTRY", "label": "Country"},
                    ],
                },
                {
                    "code": "Q8",
                    "type": ";",
                    "kind": "array_texts",
                    "text": "Events",
                    "rows": [{"code": "E1", "label": "Event 1"}],
                    "columns": [
                        {"code": "WHAT", "label": "Name"},
                        {"code": "WHERE", "label": "Place"},
                    ],
                },
                {
                    "code": "Q9",
                    "type": "S",
                    "kind": "short_text",
                    "text": "Email",
                    "personal_data": True,
                },
            ],
        }
    )


ESCP_4I_ANSWERS: dict[str, str | None] = {
    "A1": "P07",
    "A2": "S1",
    "A3": "Cluster Org, Ltd.",
    "A6": "Y",
    "B1[SQ001]": "Y",
    "B1[SQ001comment]": TRICKY_COMMENT,
    "B1[SQ002]": UNQUOTED_EMPTY,
    "B1[other]": "'=1+1",
    "D2": "N",
    "D3": "5",
    "D4T1": "-oth-",
    "D4T1[other]": "Chamber",
    "G2[P02]": "Y",
    "H1[SQ001_NAME]": "   ",
    "H3": "NA",
}


def read_4i(directory: Path, escp_4i: Codebook, **options: object) -> ExportFile:
    encoding = str(options.pop("encoding", "utf-8-sig"))
    responses = options.pop("responses", [ESCP_4I_ANSWERS, {"A1": "P01", "A2": "S2"}])
    text = export_text(escp_4i, responses, **options)  # type: ignore[arg-type]
    return read_export(write(directory, text, encoding=encoding), escp_4i)


def assert_4i_values(export: ExportFile) -> None:
    first = export.responses.iloc[0]
    assert first["id"] == "1"
    assert first["A1"] == "P07"
    assert first["A3"] == "Cluster Org, Ltd."
    assert first["B1[SQ001comment]"] == TRICKY_COMMENT
    assert first["B1[other]"] == "=1+1"
    assert first["D3"] == "5"
    assert first["H3"] == "NA"
    assert pd.isna(first["B1[SQ002]"])  # unquoted empty
    assert pd.isna(first["B1[SQ003]"])  # ""
    assert pd.isna(first["H1[SQ001_NAME]"])  # whitespace only
    assert export.responses["A1"].tolist() == ["P07", "P01"]


# --- reading --------------------------------------------------------------------------------------


def test_standard_export_is_read_with_every_column_as_text(
    tmp_path: Path, escp_4i: Codebook
) -> None:
    export = read_4i(tmp_path, escp_4i)
    path = tmp_path / "2019-r2.csv"

    assert list(export.responses.columns) == [*METADATA, *escp_4i.export_columns()]
    assert all(dtype == "str" for dtype in export.responses.dtypes)
    assert len(export.responses) == 2
    assert_4i_values(export)
    assert export.extra_columns == ()
    assert export.notes == ()
    assert export.source.path == path
    assert export.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert export.source.size_bytes == path.stat().st_size
    assert (export.source.format, export.source.encoding, export.source.delimiter) == (
        "csv",
        "utf-8-sig",
        ",",
    )


@pytest.mark.parametrize(
    ("options", "encoding", "delimiter"),
    [
        ({"delimiter": ";"}, "utf-8-sig", ";"),
        ({"delimiter": "\t"}, "utf-8-sig", "\t"),
        ({"line_end": "\n", "encoding": "utf-8"}, "utf-8", ","),
        ({"quote_all": False, "line_end": "\n"}, "utf-8-sig", ","),
        ({"delimiter": ";", "quote_all": False, "encoding": "utf-8"}, "utf-8", ";"),
    ],
)
def test_variants_read_the_same_values(
    tmp_path: Path,
    escp_4i: Codebook,
    options: dict[str, object],
    encoding: str,
    delimiter: str,
) -> None:
    export = read_4i(tmp_path, escp_4i, **options)

    assert_4i_values(export)
    assert (export.source.encoding, export.source.delimiter) == (encoding, delimiter)


def test_spreadsheet_resave_in_cp1252_is_decoded(tmp_path: Path, escp_4i: Codebook) -> None:
    answers = {"A1": "P03", "A3": "Clúster Café €uro", "B1[SQ001comment]": 'say "hé"; ok'}
    text = export_text(escp_4i, [answers], delimiter=";", quote_all=False)
    export = read_export(write(tmp_path, text, encoding="cp1252"), escp_4i)

    first = export.responses.iloc[0]
    assert first["A3"] == "Clúster Café €uro"
    assert first["B1[SQ001comment]"] == 'say "hé"; ok'
    assert (export.source.encoding, export.source.delimiter) == ("cp1252", ";")
    assert any("cp1252" in note and "';'" in note for note in export.notes)


def test_optional_metadata_and_extra_columns(tmp_path: Path, escp_4i: Codebook) -> None:
    metadata = ("id", "token", "submitdate", "ipaddr", "startdate")
    text = export_text(
        escp_4i,
        [{"A1": "P01", "token": "tok", "interviewtime": "93.4"}],
        metadata=metadata,
        extra=("interviewtime", "A1Time"),
    )
    export = read_export(write(tmp_path, text), escp_4i)

    assert list(export.responses.columns[:4]) == ["id", "submitdate", "token", "startdate"]
    assert "ipaddr" in export.responses.columns
    assert export.responses.loc[0, "token"] == "tok"
    assert export.extra_columns == ("interviewtime", "A1Time")
    assert "interviewtime" not in export.responses.columns
    assert any("2 extra column" in note and "A1Time" in note for note in export.notes)


def test_header_only_gives_empty_frame(tmp_path: Path, escp_4i: Codebook) -> None:
    export = read_export(write(tmp_path, export_text(escp_4i, [])), escp_4i)

    assert export.responses.empty
    assert list(export.responses.columns) == [*METADATA, *escp_4i.export_columns()]
    assert "no responses" in export.notes


def test_blank_lines_are_skipped(tmp_path: Path, escp_4i: Codebook) -> None:
    text = export_text(escp_4i, [{"A1": "P01"}, {"A1": "P02"}])
    lines = text.split("\r\n")
    text = "\r\n".join([*lines[:2], "", *lines[2:]]) + "\r\n"
    export = read_export(write(tmp_path, text), escp_4i)

    assert export.responses["A1"].tolist() == ["P01", "P02"]
    assert export.responses.index.tolist() == [0, 1]
    assert any("blank row" in note for note in export.notes)


def test_code_and_text_headings_are_read_by_code(tmp_path: Path, escp_4i: Codebook) -> None:
    headings = {"id": "id. Response ID", "A1": "A1. Name of the ESCP-4i"}
    headings["B1[SQ001]"] = (
        "B1[SQ001]. Please indicate which kind of activities your ESCP-4i has implemented so "
        "far. [Identification of strategic partners in Europe]"
    )
    export = read_4i(tmp_path, escp_4i, headings=headings)

    assert_4i_values(export)
    assert export.responses.loc[0, "B1[SQ001]"] == "Y"
    assert any("Question code & question text" in note for note in export.notes)


def test_xlsx_export_reads_cells_as_text(tmp_path: Path, generic: Codebook) -> None:
    columns = [*METADATA, *generic.export_columns()]
    values: dict[str, object] = {
        "id": 31,
        "submitdate": "2019-05-03 10:00:00",
        "Q1": "N102",
        "Q4": "Y",
        "Q5": 5.0,
        "Q6": "plain text",
        "Q7[NAME]": "Ünï Café\nline",
    }
    second: dict[str, object] = {"id": 32.0, "Q5": 12.5, "Q1": "N101", "Q6": "   "}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in (values, second):
        sheet.append([row.get(column) for column in columns])
    path = tmp_path / "2019-r1.xlsx"
    workbook.save(path)

    export = read_export(path, generic)

    responses = export.responses
    assert responses["id"].tolist() == ["31", "32"]
    assert responses["Q5"].tolist() == ["5", "12.5"]
    assert responses.loc[0, "Q7[NAME]"] == "Ünï Café\nline"
    assert responses.loc[0, "Q1"] == "N102"
    assert pd.isna(responses.loc[1, "Q6"]) and pd.isna(responses.loc[0, "Q2[N101]"])
    assert all(dtype == "str" for dtype in responses.dtypes)
    assert (export.source.format, export.source.encoding, export.source.delimiter) == (
        "xlsx",
        None,
        None,
    )


def test_reader_is_generic(tmp_path: Path, generic: Codebook) -> None:
    answers = {
        "Q1": "-oth-",
        "Q1[other]": "Delta Web",
        "Q2[N103]": "Y",
        "Q3[ACT2]": "Y",
        "Q3[ACT2comment]": "Trade fair in Lyon",
        "Q4": "N",
        "Q5": "0",
        "Q8[E1_WHERE]": "Lyon, FR",
        "Q9": "someone@example.org",
    }
    export = read_export(write(tmp_path, export_text(generic, [answers])), generic)

    assert list(export.responses.columns) == [*METADATA, *generic.export_columns()]
    first = export.responses.iloc[0]
    assert {column: first[column] for column in answers} == answers
    assert pd.isna(first["Q2[N101]"])


def test_full_answers_are_translated_to_codes(tmp_path: Path, escp_4i: Codebook) -> None:
    answers = {
        "A1": "AdPack2",
        "A2": "Strand-1",
        "A6": "Yes",
        "B1[SQ001]": "Yes",
        "B1[SQ002]": "No",
        "B1[SQ003]": "N/A",
        "D2": "No",
        "D3": "7",
        "D4T1": "Other",
        "H3": "No answer",
    }
    export = read_export(write(tmp_path, export_text(escp_4i, [answers])), escp_4i)

    first = export.responses.iloc[0]
    assert (first["A1"], first["A2"], first["A6"], first["D2"]) == ("P01", "S1", "Y", "N")
    assert (first["B1[SQ001]"], first["D3"], first["D4T1"], first["H3"]) == (
        "Y",
        "7",
        "-oth-",
        "NA",
    )
    assert pd.isna(first["B1[SQ002]"]) and pd.isna(first["B1[SQ003]"])
    assert all(dtype == "str" for dtype in export.responses.dtypes)
    assert any("full answers" in note for note in export.notes)


def test_full_answers_on_a_generic_codebook(tmp_path: Path, generic: Codebook) -> None:
    answers = {"Q1": "Beta Hub", "Q2[N103]": "Yes", "Q4": "Yes"}
    export = read_export(write(tmp_path, export_text(generic, [answers])), generic)

    first = export.responses.iloc[0]
    assert (first["Q1"], first["Q2[N103]"], first["Q4"]) == ("N102", "Y", "Y")


# --- refusals -------------------------------------------------------------------------------------


def test_error_message_names_file_row_id_column_and_fix() -> None:
    error = ExportError(
        "incoming/escp-4i/2019-r2.csv",
        "'-3' is not a number >= 0",
        "correct the answer in LimeSurvey and export again.",
        row=7,
        column="D3",
        response_id="31",
    )

    assert str(error) == (
        "incoming/escp-4i/2019-r2.csv, row 7 (id 31), column 'D3': '-3' is not a number >= 0. "
        "What to do: correct the answer in LimeSurvey and export again."
    )
    restored = pickle.loads(pickle.dumps(error))
    assert (restored.file, restored.row, restored.column, restored.fix) == (
        error.file,
        7,
        "D3",
        error.fix,
    )
    assert isinstance(error, ValueError)


def test_unknown_answer_code_is_refused(tmp_path: Path, escp_4i: Codebook) -> None:
    responses = [{"A1": "P01"}, {"A1": "P99", "id": "31"}]
    error = refusal(write(tmp_path, export_text(escp_4i, responses)), escp_4i)

    assert (error.row, error.column, error.response_id) == (3, "A1", "31")
    assert "row 3 (id 31), column 'A1'" in str(error)
    assert "'P99'" in str(error) and "P01" in str(error)


def test_mixed_codes_and_full_answers_are_refused(tmp_path: Path, escp_4i: Codebook) -> None:
    responses = [{"A1": "P01", "B1[SQ001]": "Yes"}]
    error = refusal(write(tmp_path, export_text(escp_4i, responses)), escp_4i)

    assert error.fix == FIX_ANSWER_CODES
    assert "'Answer codes'" in str(error)


def test_full_answer_not_in_codebook_is_refused(tmp_path: Path, generic: Codebook) -> None:
    responses = [{"Q1": "Beta Hub"}, {"Q1": "Réseau Alpha"}]
    error = refusal(write(tmp_path, export_text(generic, responses)), generic)

    assert (error.row, error.column) == (3, "Q1")
    assert "'Answer codes'" in str(error)


def test_full_question_text_headings_are_refused(tmp_path: Path, escp_4i: Codebook) -> None:
    headings = {"id": "Response ID", "submitdate": "Date submitted"}
    headings |= {question.code: question.text for question in escp_4i.questions}
    text = export_text(escp_4i, [{"A1": "P01"}], headings=headings)
    error = refusal(write(tmp_path, text), escp_4i)

    assert error.fix == FIX_HEADINGS
    assert "'Question code'" in str(error) and "Headings" in str(error)


@pytest.mark.parametrize("required", ["id", "submitdate"])
def test_missing_required_metadata_is_refused(
    tmp_path: Path, escp_4i: Codebook, required: str
) -> None:
    metadata = [column for column in METADATA if column != required]
    text = export_text(escp_4i, [{"A1": "P01"}], metadata=metadata)
    error = refusal(write(tmp_path, text), escp_4i)

    assert error.column == required
    assert f"'{required}'" in str(error)


def test_missing_codebook_columns_are_named(tmp_path: Path, escp_4i: Codebook) -> None:
    text = export_text(escp_4i, [{"A1": "P01"}])
    header, rest = text.split("\r\n", 1)
    dropped = {'"A4"', '"A5"', '"B1[SQ003]"'}
    keep = [index for index, cell in enumerate(header.split(",")) if cell not in dropped]
    lines = [",".join(line.split(",")[i] for i in keep) for line in [header, rest.split("\r\n")[0]]]
    error = refusal(write(tmp_path, "\r\n".join(lines) + "\r\n"), escp_4i)

    assert error.column == "A4"
    assert "3 codebook column(s) missing" in str(error)
    assert "'A4', 'A5', 'B1[SQ003]'" in str(error)
    # what to do when the round was run with another questionnaire: its own .lss
    assert "2019-r2.lss (Display/Export > Survey structure" in str(error)


def test_many_missing_columns_are_summarised(tmp_path: Path, escp_4i: Codebook) -> None:
    error = refusal(write(tmp_path, '"id","submitdate","A1"\r\n"1","","P01"\r\n'), escp_4i)

    assert "and " in str(error) and "more" in str(error)
    assert "escp-4i survey?" in str(error)


def test_duplicate_column_is_refused(tmp_path: Path, generic: Codebook) -> None:
    text = export_text(generic, [{}], extra=("Q4",))
    error = refusal(write(tmp_path, text), generic)

    assert error.column == "Q4"
    assert "two columns" in str(error)


def test_duplicate_id_is_refused(tmp_path: Path, generic: Codebook) -> None:
    text = export_text(generic, [{"id": "4"}, {"id": "5"}, {"id": "4"}])
    error = refusal(write(tmp_path, text), generic)

    assert error.column == "id"
    assert "id 4 appears twice, in rows 2 and 4" in str(error)


@pytest.mark.parametrize("bad_id", ["0", "-3", "3.5", "abc"])
def test_id_that_is_not_a_positive_integer_is_refused(
    tmp_path: Path, generic: Codebook, bad_id: str
) -> None:
    text = export_text(generic, [{}, {"id": bad_id}])
    error = refusal(write(tmp_path, text), generic)

    assert (error.row, error.column) == (3, "id")


def test_long_or_multiline_values_are_not_quoted_in_errors(
    tmp_path: Path, generic: Codebook
) -> None:
    text = export_text(generic, [{"id": "Jane Doe\njane@example.org"}])
    error = refusal(write(tmp_path, text), generic)

    assert error.column == "id"
    assert "Jane" not in str(error) and "a value of 25 characters" in str(error)


def test_answers_without_id_are_refused(tmp_path: Path, generic: Codebook) -> None:
    text = export_text(generic, [{}, {"id": UNQUOTED_EMPTY, "Q1": "N101"}])
    error = refusal(write(tmp_path, text), generic)

    assert (error.row, error.column) == (3, "id")


def test_truncated_quoted_field_is_refused_without_quoting_it(
    tmp_path: Path, generic: Codebook
) -> None:
    text = export_text(generic, [{"Q6": "secret text\nthat goes on"}])
    cut = text[: text.index("that goes")]
    error = refusal(write(tmp_path, cut), generic)

    assert "ends inside a quoted value" in str(error)
    assert error.row == 2
    assert "secret" not in str(error)


def test_row_with_too_many_values_is_refused(tmp_path: Path, generic: Codebook) -> None:
    text = export_text(generic, [{}, {}])
    text = text.rstrip("\r\n") + ',"surplus"\r\n'
    error = refusal(write(tmp_path, text), generic)

    assert "header has" in str(error)
    assert error.row == 3


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "2019-r2.csv", "empty"),
        (bytes(range(256)) * 4, "2019-r2.csv", "binary"),
        ("id,submitdate\r\n".encode("utf-16"), "2019-r2.csv", "UTF-16"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 60, "2019-r2.xls", ".xls"),
        (b'"id","submitdate"\r\n', "2019-r2.xlsx", "not an Excel workbook"),
        (b"PK\x03\x04broken zip", "2019-r2.xlsx", "not a readable Excel workbook"),
        (b"\xef\xbb\xbfid,submitdate\r\n1,\xe9\r\n", "2019-r2.csv", "not UTF-8"),
        (b"\x81\x8d\x8f\x90\x9d,x\r\n", "2019-r2.csv", "neither UTF-8 nor Windows-1252"),
        (b"just some text\nand more\n", "2019-r2.csv", "'id' is missing"),
        (b'"id,"submitdate\r\n', "2019-r2.csv", "header row cannot be read"),
    ],
)
def test_unreadable_files_are_refused(
    tmp_path: Path, generic: Codebook, content: bytes, name: str, expected: str
) -> None:
    error = refusal(write(tmp_path, content, name=name), generic)

    assert expected in str(error)
    assert "What to do:" in str(error)


def test_missing_file_is_an_export_error(tmp_path: Path, generic: Codebook) -> None:
    error = refusal(tmp_path / "nope.csv", generic)

    assert "cannot be opened" in str(error)


def test_reader_never_changes_the_file(tmp_path: Path, generic: Codebook) -> None:
    path = write(tmp_path, export_text(generic, [{"Q1": "N101"}, {"Q1": "bad"}]))
    os.utime(path, (1_500_000_000, 1_500_000_000))
    path.chmod(0o444)
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir()))

    with pytest.raises(ExportError):
        read_export(path, generic)
    read_export(write(tmp_path, export_text(generic, [{}]), name="other.csv"), generic)

    assert (path.read_bytes(), path.stat().st_mtime_ns) == before[:2]
    assert sorted(tmp_path.iterdir()) == sorted([*before[2], tmp_path / "other.csv"])


# --- properties -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis")


def _reads_or_refuses(path: Path, codebook: Codebook) -> None:
    try:
        export = read_export(path, codebook)
    except ExportError as error:
        assert error.problem and error.fix
    else:
        assert isinstance(export.responses, pd.DataFrame)
        assert all(dtype == "str" for dtype in export.responses.dtypes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_bytes_are_read_or_refused(
    scratch: Path, generic: Codebook, content: bytes, suffix: str
) -> None:
    _reads_or_refuses(write(scratch, content, name=f"any{suffix}"), generic)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_damaged_exports_are_read_or_refused(
    scratch: Path, generic: Codebook, data: st.DataObject, encoding: str, delimiter: str
) -> None:
    answers = {"Q1": "N101", "Q6": 'a "b",\r\nc;d\te', "Q5": "3", "Q4": "Y"}
    text = export_text(generic, [answers, {"Q2[N103]": "Y"}], delimiter=delimiter)
    content = bytearray(text.encode(encoding))
    for _ in range(data.draw(st.integers(0, 3), label="edits")):
        position = data.draw(st.integers(0, len(content)), label="position")
        edit = data.draw(st.sampled_from(["cut", "insert", "replace"]), label="edit")
        piece = data.draw(st.sampled_from([b'"', b",", b";", b"\n", b"\x00", b"\xe9", b"'="]))
        if edit == "cut":
            del content[position:]
        elif edit == "insert":
            content[position:position] = piece
        else:
            content[position : position + len(piece)] = piece
    _reads_or_refuses(write(scratch, bytes(content), name="damaged.csv"), generic)
