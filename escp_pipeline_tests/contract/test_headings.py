"""Question-text headings: the texts LimeSurvey writes, mapped by position, checked one by one."""

from __future__ import annotations

import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.export_errors import FIX_HEADINGS
from escp_pipeline.contract.headings import (
    EXCEL_API_COLUMN_LIMIT,
    FIX_TEXT_HEADINGS,
    HeadingMismatchError,
    abbreviate,
    duplicated_texts,
    expected_headings,
    is_excel_api_cut,
    map_text_headings,
)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Contact person", "Contact person"),
        ("CYBER SECURE LIGHT", "CYBER SECURE LIGHT"),  # 18 characters: kept whole
        ("Name of the ESCP-4i", "Name of the ESC.. "),  # 19: 15 kept, then '.. '
        ("Research &amp; Development", "Research &amp; .. "),
    ],
)
def test_abbreviated_text_is_limesurveys_ellipsize(text: str, written: str) -> None:
    assert abbreviate(text) == written


def test_escp_4i_headings_repeat_as_measured() -> None:
    codebook = load_codebook("escp-4i")
    assert duplicated_texts(codebook, "full") == 54
    assert duplicated_texts(codebook, "abbreviated") == 99
    full = expected_headings(codebook, "full")
    assert full["token"] == "Access code"
    assert full["B1[SQ001comment]"].endswith(
        "[Identification of strategic partners in Europe][Comment]"
    )
    assert full["D1[SQ009]"].endswith("[Knowledge sharing &amp; information exchange]")
    assert full["D4T1[other]"].endswith(" [Other]")
    assert full["H1[SQ001_LOC]"].endswith(" [Event 1][Event location (city/ country)]")


def test_repeated_texts_are_mapped_by_position() -> None:
    codebook = load_codebook("escp-4i")
    texts = expected_headings(codebook, "full")
    columns = ["id", "submitdate", *codebook.export_columns()]
    mapped = map_text_headings([texts[column] for column in columns], codebook)
    assert mapped.style == "full"
    assert mapped.names == columns


def test_a_missing_column_is_refused_at_the_first_heading_that_differs() -> None:
    codebook = load_codebook("escp-4i")
    texts = expected_headings(codebook, "abbreviated")
    columns = ["id", "submitdate", *codebook.export_columns()]
    columns.remove("B1[SQ002]")  # its comment column now sits where B1[SQ002] is expected
    with pytest.raises(HeadingMismatchError) as refused:
        map_text_headings([texts[column] for column in columns], codebook)
    assert refused.value.column == "B1[SQ002]"
    assert "heading 11" in refused.value.problem  # id, submitdate, A1..A6, B1[SQ001], comment
    assert "[Comment]" in refused.value.problem  # what was found
    assert FIX_TEXT_HEADINGS == FIX_HEADINGS


def test_the_api_excel_cut_is_exactly_255_leading_columns() -> None:
    expected = [f"c{index}" for index in range(300)]
    assert is_excel_api_cut(expected[:EXCEL_API_COLUMN_LIMIT], expected)
    assert not is_excel_api_cut(expected[:254], expected)
    assert not is_excel_api_cut(expected[1:256], expected)
    assert not is_excel_api_cut(expected[:255], expected[:255])
