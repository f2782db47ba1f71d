"""``round_sources``: one provenance row per round."""

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from escp_pipeline.analysis.provenance import Questionnaire, display_path, round_source
from escp_pipeline.catalogue.derive import pandera_schema
from escp_pipeline.contract.codebook import codebook_path
from escp_pipeline_tests.analysis.frames import core_frame


def test_a_round_source_row_counts_read_and_counted_rows() -> None:
    core = core_frame(
        "escp-s3",
        "2019-r1",
        [
            {"partnership_code": "P26"},
            {"partnership_code": "P27", "status": "incomplete"},
            {"partnership_code": "P26", "status": "superseded"},
        ],
    )
    questionnaire = Questionnaire.shipped_codebook("escp-s3")
    table = round_source(
        survey="escp-s3",
        round_="2019-r1",
        file="escp-s3/2019-r1.csv",
        sha256="0" * 64,
        size_bytes=123,
        core=core,
        questionnaire=questionnaire,
        run_id="run-1",
        built_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    )
    row = table.iloc[0]
    assert (row["rows_read"], row["rows_counted"]) == (3, 1)
    assert row["questionnaire"] == "shipped codebook escp-s3.codebook.yaml"
    expected = hashlib.sha256(codebook_path("escp-s3").read_bytes()).hexdigest()
    assert row["questionnaire_sha256"] == expected
    pandera_schema("round_sources").validate(table)


def test_display_path_names_the_drop_not_the_machine(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    drop = incoming / "escp-4i" / "2019-r2.csv"
    assert display_path(drop, incoming) == "escp-4i/2019-r2.csv"
    assert display_path(tmp_path / "elsewhere" / "x.csv", incoming) == "x.csv"


def test_the_questionnaire_of_a_round_is_its_lss_else_an_earlier_one_else_the_shipped(
    tmp_path: Path,
) -> None:
    incoming = tmp_path / "incoming"
    survey_dir = incoming / "escp-4i"
    survey_dir.mkdir(parents=True)
    lss = survey_dir / "2019-r2.lss"
    lss.write_bytes(b"<document/>")  # only named and hashed here, never parsed
    digest = hashlib.sha256(b"<document/>").hexdigest()

    first = Questionnaire.of_round(survey_dir, "2018-r1", incoming)
    assert first == Questionnaire.shipped_codebook("escp-4i")
    for round_ in ("2019-r2", "2020-r3"):
        assert Questionnaire.of_round(survey_dir, round_, incoming) == Questionnaire(
            "survey structure escp-4i/2019-r2.lss", digest
        )
