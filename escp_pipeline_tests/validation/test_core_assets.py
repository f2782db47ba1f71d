"""The validate layer in Dagster: the blocking pandera check stops bad data; other rounds go on."""

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.cli.build import build
from escp_pipeline_tests.check_evaluations import check_evaluations
from escp_pipeline_tests.exports import SMALL_4I_ROUND, write_round

pytestmark = pytest.mark.integration  # builds small rounds (no cross-round assets)


def _check_results(instance: dg.DagsterInstance) -> dict[str, list[bool]]:
    results: dict[str, list[bool]] = {}
    for evaluation in check_evaluations(instance):
        results.setdefault(evaluation.check_name, []).append(evaluation.passed)
    return results


def test_impossible_number_fails_the_blocking_check_and_only_its_round(data_dir: Path) -> None:
    write_round(data_dir / "incoming" / "escp-4i" / "2018-r1.csv")
    broken = {**SMALL_4I_ROUND, "D3": ["3", "", "2", "-3", ""]}
    write_round(data_dir / "incoming" / "escp-4i" / "2019-r2.csv", broken)
    before = (data_dir / "incoming" / "escp-4i" / "2019-r2.csv").read_bytes()
    instance = dg.DagsterInstance.ephemeral()
    lines: list[str] = []

    report = build(data_dir, instance, progress=lines.append, cross_round=False)

    assert report.succeeded == ["escp-4i/2018-r1"]
    assert "escp-4i/2019-r2" in report.failed
    assert "core_responses_match_schema" in report.failed["escp-4i/2019-r2"]
    assert _check_results(instance)["core_responses_match_schema"] == [True, False]
    respondents = pd.read_parquet(data_dir / "warehouse" / "tables" / "respondents.parquet")
    assert set(respondents["round"]) == {"2018-r1"}  # the bad round never reached the analysis
    core = pd.read_parquet(data_dir / "warehouse" / "core" / "core_responses" / "escp-4i.parquet")
    assert set(core["round"]) == {"2018-r1"}  # and was withdrawn from the core table
    assert (data_dir / "incoming" / "escp-4i" / "2019-r2.csv").read_bytes() == before
    assert any("FAILED" in line and "2019-r2" in line for line in lines)


def test_check_failure_metadata_names_column_check_and_values(data_dir: Path) -> None:
    broken = {**SMALL_4I_ROUND, "D3": ["3", "", "2", "-3", ""]}
    write_round(data_dir / "incoming" / "escp-4i" / "2019-r2.csv", broken)
    instance = dg.DagsterInstance.ephemeral()
    build(data_dir, instance, progress=lambda _: None, cross_round=False)
    (evaluation,) = [
        e for e in check_evaluations(instance) if e.check_name == "core_responses_match_schema"
    ]
    metadata = evaluation.metadata
    failures = metadata["failures"].value
    assert "D3" in failures and "greater_than_or_equal_to" in failures and "-3" in failures


def test_unreadable_drop_fails_with_the_reader_message(data_dir: Path) -> None:
    path = data_dir / "incoming" / "escp-s3" / "2019-r1.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00\x01garbage\xff")
    report = build(
        data_dir, dg.DagsterInstance.ephemeral(), progress=lambda _: None, cross_round=False
    )
    assert "2019-r1.csv" in report.failed["escp-s3/2019-r1"]
    assert path.read_bytes() == b"\x00\x01garbage\xff"
