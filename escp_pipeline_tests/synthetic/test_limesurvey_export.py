"""The export writer writes exactly LimeSurvey's CSV (and Excel) export, and its variants."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.demo_rounds import DEMO_ROUNDS, demo_round
from devtools.random_rounds import generate_round
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.synthetic import limesurvey_export
from escp_pipeline.synthetic.limesurvey_export import (
    METADATA_COLUMNS,
    export_header,
    write_export,
    write_xlsx_export,
)
from escp_pipeline_tests.limesurvey_reference import LIMESURVEY_DIR
from escp_pipeline_tests.synthetic.codebooks import TEST_CODEBOOK

TRICKY = [
    'He said "hi", twice',
    "line one\r\nline two",
    "only a line feed\nhere",
    "=1+1",
    "Düsseldorf, São Paulo, 中国 and café",
    "<b>bold</b> &amp; <sup>2</sup>",
    "'already quoted",
    " leading and trailing ",
    "semi;colon\ttab",
    "",
    None,
]


def _frame(values: list[str | None]) -> pd.DataFrame:
    size = len(values)
    return pd.DataFrame(
        {
            "id": [str(i) for i in range(1, size + 1)],
            "submitdate": ["2031-05-20 10:00:00"] * size,
            "A1": ["P91"] * size,
            "D2": values,
            "B1[SQ001comment]": list(reversed(values)),
        },
        dtype="str",
    )


def _expected_bytes(frame: pd.DataFrame, header: list[str]) -> bytes:
    """What LimeSurvey writes, built independently with the csv module."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for _, row in frame.reindex(columns=header).iterrows():
        cells = []
        for value in row:
            # LimeSurvey's csvEscape writes every line break inside a value as LF.
            text = re.sub("\r\n?", "\n", value) if isinstance(value, str) else ""
            cells.append("'" + text if text.startswith("=") else text)
        writer.writerow(cells)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _parse(path: Path, *, delimiter: str = ",", encoding: str = "utf-8-sig") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def test_default_export_is_byte_for_byte_limesurvey(tmp_path: Path) -> None:
    frame = _frame(TRICKY)
    path = write_export(frame, TEST_CODEBOOK, tmp_path / "round.csv")
    header = export_header(TEST_CODEBOOK)
    assert header[: len(METADATA_COLUMNS)] == list(METADATA_COLUMNS)
    assert header[len(METADATA_COLUMNS) :] == TEST_CODEBOOK.export_columns()
    assert path.read_bytes() == _expected_bytes(frame, header)


def test_writing_in_chunks_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _frame([*TRICKY, "a unit\x1fseparator", "a record\x1eseparator"])
    expected = _expected_bytes(frame, export_header(TEST_CODEBOOK))
    monkeypatch.setattr(limesurvey_export, "_ROWS_PER_CHUNK", 3)
    assert write_export(frame, TEST_CODEBOOK, tmp_path / "small.csv").read_bytes() == expected


def test_an_empty_round_is_a_header(tmp_path: Path) -> None:
    path = write_export(_frame([]).iloc[0:0], TEST_CODEBOOK, tmp_path / "empty.csv")
    assert _parse(path) == [export_header(TEST_CODEBOOK)]


@pytest.mark.parametrize(
    "options",
    [
        {"delimiter": ";", "bom": False, "line_end": "\n"},
        {"delimiter": "\t", "quote_all": False},
        {"quote_all": False, "empty_as_quotes": False, "delimiter": ";"},
        {"empty_as_quotes": False},
        {"include_personal_metadata": False},
    ],
)
def test_variants_hold_the_same_cells(tmp_path: Path, options: dict[str, object]) -> None:
    frame = _frame(TRICKY)
    path = write_export(frame, TEST_CODEBOOK, tmp_path / "variant.csv", **options)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == options.get("bom", True)
    rows = _parse(path, delimiter=str(options.get("delimiter", ",")))
    header = export_header(
        TEST_CODEBOOK, include_personal_metadata=bool(options.get("include_personal_metadata", 1))
    )
    assert rows[0] == header
    column = header.index("D2")
    written = [row[column] for row in rows[1:]]
    # A line break inside a value is LF whatever the record end (LimeSurvey's csvEscape).
    expected = [v.replace("\r\n", "\n") if v else "" for v in TRICKY]
    assert written == [("'" + v if v.startswith("=") else v) for v in expected]
    if options.get("empty_as_quotes", True) is False:
        assert b'""' not in raw.replace(b'""hi""', b"")
    if options.get("quote_all", True) is False:
        assert b'"P91"' not in raw


def test_cp1252_variant_replaces_what_it_cannot_hold(tmp_path: Path) -> None:
    frame = _frame(["Düsseldorf café", "中国"])
    path = write_export(
        frame, TEST_CODEBOOK, tmp_path / "legacy.csv", encoding="cp1252", delimiter=";"
    )
    rows = _parse(path, delimiter=";", encoding="cp1252")
    column = rows[0].index("D2")
    assert [row[column] for row in rows[1:]] == ["Düsseldorf café", "??"]


def test_missing_columns_are_empty_and_extra_columns_optional(tmp_path: Path) -> None:
    frame = _frame(["x"]).assign(**{"interviewtime": "12.5"})
    plain = _parse(write_export(frame, TEST_CODEBOOK, tmp_path / "plain.csv"))
    assert "interviewtime" not in plain[0]
    assert plain[1][plain[0].index("E1[SQ002_LOC]")] == ""
    extra = _parse(
        write_export(frame, TEST_CODEBOOK, tmp_path / "extra.csv", extra_columns=["interviewtime"])
    )
    assert extra[0][-1] == "interviewtime" and extra[1][-1] == "12.5"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))),
        max_size=6,
    )
)
def test_any_text_survives_a_round_trip(tmp_path: Path, values: list[str]) -> None:
    frame = _frame(list(values))
    path = write_export(frame, TEST_CODEBOOK, tmp_path / "any.csv")
    assert path.read_bytes() == _expected_bytes(frame, export_header(TEST_CODEBOOK))


def test_generated_round_reads_back_through_the_project_reader(tmp_path: Path) -> None:
    frame = generate_round(TEST_CODEBOOK, n_responses=150, seed=11, year=2031)
    path = write_export(frame, TEST_CODEBOOK, tmp_path / "escp-xx" / "2031-r4.csv")
    read = read_export(path, TEST_CODEBOOK).responses
    assert list(read.columns[: len(frame.columns)]) == list(frame.columns)
    pd.testing.assert_frame_equal(
        read[frame.columns].reset_index(drop=True).astype(object).fillna(""),
        frame.reset_index(drop=True).astype(object).fillna(""),
    )


def test_xlsx_export_has_the_csv_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    frame = _frame(TRICKY)
    path = write_xlsx_export(frame, TEST_CODEBOOK, tmp_path / "round.xlsx")
    workbook = load_workbook(path, read_only=True)
    assert len(workbook.sheetnames) == 1
    header = export_header(TEST_CODEBOOK)
    rows = [
        [*row, *[None] * (len(header) - len(row))]  # empty cells at the end are not stored
        for row in workbook.active.iter_rows(values_only=True)
    ]
    assert rows[0] == header
    column = header.index("D2")
    # XML stores a line end as a line feed: the one change an Excel export makes to a cell.
    expected = [
        ("'" + v if v.startswith("=") else v).replace("\r\n", "\n") if v else None for v in TRICKY
    ]
    assert [row[column] for row in rows[1:]] == expected
    read = read_export(path, TEST_CODEBOOK).responses
    assert read["D2"].iloc[3] == "=1+1"


def _cells(path: Path, width: int | None = None) -> list[list[tuple[object, str]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    return [[(cell.value, cell.data_type) for cell in row][:width] for row in sheet.iter_rows()]


@pytest.mark.skipif(LIMESURVEY_DIR is None, reason="shared/limesurvey-6.4.2 is not beside the repo")
@pytest.mark.parametrize(("survey", "round_"), DEMO_ROUNDS)
def test_xlsx_cells_are_limesurveys(tmp_path: Path, survey: str, round_: str) -> None:
    """Cell for cell (value and type) what LimeSurvey 6.4.2 wrote for the same round: the admin UI's
    Excel (equations quoted) and the API's (equations as formulas, cut to 255 columns)."""
    frame, codebook = demo_round(survey, round_), load_codebook(survey)
    real = LIMESURVEY_DIR / "demo" / survey
    ui = write_xlsx_export(frame, codebook, tmp_path / "ui.xlsx")
    assert _cells(ui) == _cells(real / f"{round_}.ui-xls-code-short.xlsx")
    api = write_xlsx_export(frame, codebook, tmp_path / "api.xlsx", quote_equations=False)
    assert _cells(api, 255) == _cells(real / f"{round_}.api-xls-code-short.xlsx")


@pytest.mark.skipif(LIMESURVEY_DIR is None, reason="shared/limesurvey-6.4.2 is not beside the repo")
@pytest.mark.parametrize(("survey", "round_"), DEMO_ROUNDS)
def test_api_csv_is_limesurveys(tmp_path: Path, survey: str, round_: str) -> None:
    """Byte for byte the API's CSV: ``;``, no equation quotes, one extra empty record."""
    path = write_export(
        demo_round(survey, round_), load_codebook(survey), tmp_path / "api.csv", api=True
    )
    real = LIMESURVEY_DIR / "demo" / survey / f"{round_}.api-csv-code-short.csv"
    assert path.read_bytes() == real.read_bytes()
