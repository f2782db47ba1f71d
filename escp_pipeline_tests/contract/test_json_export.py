"""LimeSurvey's JSON export read like the CSV of the same settings; other JSON refused clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.export_errors import ExportError
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.json_export import read_json_export


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "2019-r1.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_records_become_text_with_lf_line_breaks(tmp_path: Path) -> None:
    records = [
        {"id": 3, "lastpage": 8, "A3": "one\r\ntwo\rthree", "D3": ""},
        {"id": 4, "lastpage": 2, "A3": "", "D3": "12.5"},
    ]
    cells = read_json_export(_write(tmp_path, {"responses": records}))
    assert cells.headings == ["id", "lastpage", "A3", "D3"]
    assert cells.frame.iloc[0].tolist()[:3] == ["3", "8", "one\ntwo\nthree"]
    assert cells.frame.isna().sum().sum() == 2


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ([{"id": 1}], 'no "responses" list'),
        ({"responses": [{"id": 1, "A1": "P01"}, {"A1": "P01", "id": 2}]}, "same keys"),
        ({"responses": [{"id": 1, "A1": ["P01"]}]}, "JSON list"),
        ({"responses": [{"id": 1, "A1": True}]}, "true/false"),
    ],
)
def test_other_json_is_refused(tmp_path: Path, document: object, says: str) -> None:
    with pytest.raises(ExportError, match=says) as refused:
        read_export(_write(tmp_path, document), load_codebook("escp-s3"))
    assert str(tmp_path) in str(refused.value)


def test_repeated_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2019-r1.json"
    path.write_text('{"responses": [{"id": 1, "A1": "P01", "A1": "P02"}]}', encoding="utf-8")
    with pytest.raises(ExportError, match="twice"):
        read_export(path, load_codebook("escp-s3"))


def test_broken_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2019-r1.json"
    path.write_text('{"responses": [{"id": 1, "A1": "P0', encoding="utf-8")
    with pytest.raises(ExportError, match="not valid JSON"):
        read_export(path, load_codebook("escp-s3"))


def test_json_keeps_a_leading_quote_the_api_never_adds(tmp_path: Path) -> None:
    """The API never quotes equations: a ``'=`` in its JSON is the respondent's own text."""
    codebook = load_codebook("escp-s3")
    record = {"id": 1, "submitdate": "2019-05-03 10:00:00", "lastpage": 4, "startlanguage": "en"}
    record |= {column: "" for column in codebook.export_columns()}
    record |= {"A1": "P26", "C2": "'=kept as typed", "D4": "=3 joint missions"}
    export = read_export(_write(tmp_path, {"responses": [record]}), codebook)
    assert export.responses["C2"].iloc[0] == "'=kept as typed"
    assert export.responses["D4"].iloc[0] == "=3 joint missions"
