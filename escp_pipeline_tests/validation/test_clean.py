"""Raw export to core table: types, statuses, partnership and strand, no personal data."""

from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_errors import ExportError
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.validation.clean import build_core_table
from escp_pipeline_tests.exports import SMALL_4I_ROUND, write_round

ROUND = SurveyRound("escp-4i", "2019-r2")


def _core(tmp_path: Path, columns: dict[str, list[str]] | None = None):
    path = write_round(tmp_path / "escp-4i" / "2019-r2.csv", columns)
    codebook = load_codebook("escp-4i")
    return build_core_table(read_export(path, codebook), codebook, load_registry(), ROUND)


def test_statuses_follow_the_contract(tmp_path: Path) -> None:
    core = _core(tmp_path).responses
    assert core["status"].tolist() == [
        "complete",
        "incomplete",
        "superseded",
        "complete",
        "complete",
    ]
    # the anonymised placeholder is complete with an unknown date
    assert pd.isna(core.loc[4, "submitted_at"])
    assert core.loc[0, "submitted_at"] == pd.Timestamp("2019-05-20 10:00:00")


def test_latest_complete_answer_counts_by_submitdate_then_id(tmp_path: Path) -> None:
    columns = {
        **SMALL_4I_ROUND,
        "submitdate": [
            "2019-05-20 10:00:00",
            "",
            "2019-05-22 11:00:00",
            "2019-05-22 11:00:00",
            "2019-05-23 08:00:00",
        ],
    }
    core = _core(tmp_path, columns)
    # same submit date for ids 3 and 4: the higher id wins
    assert core.responses.set_index("response_id").loc[[3, 4], "status"].tolist() == [
        "superseded",
        "complete",
    ]
    assert core.superseded["response_id"].tolist() == [3]


def test_types_and_derived_columns(tmp_path: Path) -> None:
    core = _core(tmp_path).responses
    assert core["B1[SQ009]"].dtype == bool
    assert core["B1[SQ009]"].tolist() == [True, False, True, False, True]
    assert str(core["D3"].dtype) == "Float64"
    assert core["D3"].tolist()[:1] == [3.0]
    assert str(core["A6"].dtype) == "boolean"
    assert core["partnership"].tolist()[:3] == ["ELBE", "FoodNet", "GCA"]
    assert core["strand"].tolist() == ["strand-1"] * 4 + ["strand-2"]
    assert core.loc[4, "B1[SQ009comment]"] == "=1+1"


def test_personal_data_is_dropped(tmp_path: Path) -> None:
    core = _core(tmp_path).responses
    for column in ("A4", "A5", "token", "ipaddr", "refurl"):
        assert column not in core.columns
    text = core.astype(str).to_csv()
    for value in SMALL_4I_ROUND["A5"] + SMALL_4I_ROUND["token"] + SMALL_4I_ROUND["ipaddr"]:
        assert value not in text


def test_strand_disagreement_with_registry_is_reported(tmp_path: Path) -> None:
    columns = {**SMALL_4I_ROUND, "A2": ["S2", "S1", "S1", "S1", "S2"]}  # ELBE is strand-1
    findings = _core(tmp_path, columns).strand_disagreements
    assert findings[["partnership", "answered_strand", "registry_strand"]].values.tolist() == [
        ["ELBE", "strand-2", "strand-1"]
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("D3", "five", "is not a number"),
        ("B1[SQ009]", "X", "'X'"),
        ("A6", "maybe", "'maybe'"),
        ("submitdate", "yesterday", "date and time"),
    ],
)
def test_untypable_values_name_row_and_column(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    values = list(SMALL_4I_ROUND[column])
    values[3] = value
    with pytest.raises(ExportError) as error:
        _core(tmp_path, {**SMALL_4I_ROUND, column: values})
    text = str(error.value)
    assert message in text and column in text and "2019-r2.csv" in text
    assert error.value.row == 5  # spreadsheet numbering: header row 1
    assert "(id 4)" in text


def test_checkbox_n_means_unchecked(tmp_path: Path) -> None:
    # some LimeSurvey versions write 'N' for an unchecked box in answer-code exports
    columns = {**SMALL_4I_ROUND, "B1[SQ009]": ["Y", "", "N", "N", "Y"]}
    core = _core(tmp_path, columns).responses
    assert core["B1[SQ009]"].tolist() == [True, False, False, False, True]
