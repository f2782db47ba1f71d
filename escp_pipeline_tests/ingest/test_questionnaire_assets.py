"""``questionnaire`` and ``questionnaire_changes`` on the demo drops with ``.lss`` files beside.

The data dir holds the committed demo drops, the real ESCP-4i survey structure export as the
questionnaire of ``2019-r2``, and a round ``2020-r3`` whose ``.lss`` the project's LimeSurvey writer
made from a changed codebook (a new question, a removed option, a reworded option, two new
partnerships, one partnership labelled otherwise than in the registry).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
import yaml

from escp_pipeline.catalogue.tables import columns
from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.defs.analyse.questionnaire_changes import (
    questionnaire_changes,
)
from escp_pipeline.defs.ingest.questionnaire import (
    partnerships_are_in_the_registry,
    questionnaire,
)
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.resources import project_resources
from escp_pipeline.defs.schema_checks import SCHEMA_CHECKS
from escp_pipeline.synthetic.lss_writer import write_lss
from escp_pipeline_tests.conftest import copy_demo_drops
from escp_pipeline_tests.contract.lss_files import real_lss
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i

pytestmark = pytest.mark.integration  # materializes the questionnaire assets of the demo rounds

ASSETS = [
    questionnaire,
    partnerships_are_in_the_registry,
    questionnaire_changes,
    SCHEMA_CHECKS["questionnaire_changes"],
]
ROUNDS = ["escp-4i/2018-r1", "escp-4i/2019-r2", "escp-4i/2020-r3", "escp-s3/2019-r1"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    copy_demo_drops(tmp_path)
    incoming = tmp_path / "incoming" / "escp-4i"
    shutil.copy2(real_lss("escp-4i"), incoming / "2019-r2.lss")
    shutil.copy2(incoming / "2019-r2.csv", incoming / "2020-r3.csv")
    write_lss(changed_escp_4i(), incoming / "2020-r3.lss")
    return tmp_path


def _materialize(
    data_dir: Path, instance: dg.DagsterInstance, key: str
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        ASSETS,
        partition_key=key,
        instance=instance,
        resources=project_resources(data_dir),
        raise_on_error=False,
    )


def _instance() -> dg.DagsterInstance:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(survey_rounds.name, ROUNDS)
    return instance


def _metadata(result: dg.ExecuteInProcessResult) -> dict[str, object]:
    events = result.asset_materializations_for_node("questionnaire")
    return {key: getattr(value, "value", value) for key, value in events[0].metadata.items()}


def test_each_round_gets_its_questionnaire_and_its_changes(data_dir: Path) -> None:
    instance = _instance()
    results = {key: _materialize(data_dir, instance, key) for key in ROUNDS}
    assert all(result.success for result in results.values())

    first = _metadata(results["escp-4i/2018-r1"])
    assert first["source_kind"] == "shipped codebook"
    assert first["previous_round"] == "none (the survey's first round)"
    real = _metadata(results["escp-4i/2019-r2"])
    assert str(real["source"]).endswith("2019-r2.lss")
    assert len(str(real["sha256"])) == 64
    # the real export with the shipped profile is the shipped codebook: no changes
    assert (real["questions"], real["changes_since_previous_round"]) == (
        len(load_codebook("escp-4i").questions),
        0,
    )
    changed = _metadata(results["escp-4i/2020-r3"])
    assert changed["changes_since_previous_round"] == 6
    assert "Joint communication and marketing actions" in str(changed["changes"])

    stored = data_dir / "warehouse" / "questionnaires" / "escp-4i" / "2020-r3.yaml"
    assert Codebook.model_validate(yaml.safe_load(stored.read_text())) == _read_back(data_dir)

    table = pd.read_parquet(data_dir / "warehouse" / "tables" / "questionnaire_changes.parquet")
    assert tuple(table.columns) == columns("questionnaire_changes")
    rows = [tuple(row) for row in table.drop(columns=["previous_text"]).itertuples(index=False)]
    assert rows == [
        ("escp-4i", "2020-r3", "2019-r2", "A1", "P01", "option_reworded",
         "Cluster Alliance of the North"),
        ("escp-4i", "2020-r3", "2019-r2", "A1", "P35", "option_added", "NEWCO"),
        ("escp-4i", "2020-r3", "2019-r2", "A1", "P36", "option_added", "Ocean Partners"),
        ("escp-4i", "2020-r3", "2019-r2", "B1", "SQ005", "option_reworded",
         "Joint communication and marketing actions"),
        ("escp-4i", "2020-r3", "2019-r2", "C1", "SQ007", "option_removed", ""),
        ("escp-4i", "2020-r3", "2019-r2", "G5", "", "question_added",
         "Do you use the new platform?"),
    ]  # fmt: skip
    assert table.loc[4, "previous_text"] == "Engagement of SMEs in project activities"

    checks = {
        (evaluation.check_name, key): evaluation
        for key, result in results.items()
        for evaluation in result.get_asset_check_evaluations()
    }
    assert all(checks["questionnaire_changes_match_schema", key].passed for key in ROUNDS)
    for key in ("escp-4i/2018-r1", "escp-4i/2019-r2", "escp-s3/2019-r1"):
        assert checks["partnerships_are_in_the_registry", key].passed
    warn = checks["partnerships_are_in_the_registry", "escp-4i/2020-r3"]
    assert not warn.passed
    assert warn.severity == dg.AssetCheckSeverity.WARN
    new = warn.metadata["not_in_registry"].value
    assert new.count("not in the partnership registry") == 2
    assert "P35 'NEWCO'" in new and "P36 'Ocean Partners'" in new
    assert warn.metadata["new_partnership_codes"].value == "P35, P36"
    assert "P01 'Cluster Alliance of the North'" in warn.metadata["label_differs"].value


def _read_back(data_dir: Path) -> Codebook:
    io = project_resources(data_dir)["questionnaire_io_manager"]
    context = dg.build_input_context(
        asset_key=dg.AssetKey("questionnaire"), partition_key="escp-4i/2020-r3"
    )
    return io.load_input(context)


def test_rerun_of_a_round_replaces_only_its_rows(data_dir: Path) -> None:
    instance = _instance()
    for key in ROUNDS:
        assert _materialize(data_dir, instance, key).success
    (data_dir / "incoming" / "escp-4i" / "2020-r3.lss").unlink()  # r3 now uses r2's .lss
    assert _materialize(data_dir, instance, "escp-4i/2020-r3").success
    table = pd.read_parquet(data_dir / "warehouse" / "tables" / "questionnaire_changes.parquet")
    assert table.empty


def test_a_bad_lss_fails_its_round_only_and_names_the_file(data_dir: Path) -> None:
    bad = data_dir / "incoming" / "escp-4i" / "2019-r2.lss"
    bad.write_bytes(b"id,submitdate\n1,2019-05-20\n")
    before = bad.read_bytes()
    instance = _instance()

    failed = _materialize(data_dir, instance, "escp-4i/2019-r2")
    assert not failed.success
    failure = next(e for e in failed.all_events if e.is_step_failure)
    message = failure.step_failure_data.error.message  # type: ignore[union-attr]
    assert str(bad) in message and "not XML" in message
    assert bad.read_bytes() == before
    # other rounds are not held back: r3 has its own .lss, S3 the shipped codebook; only r3's
    # changes, which need r2's questionnaire, wait for it, with a message naming r2's file
    later = _materialize(data_dir, instance, "escp-4i/2020-r3")
    assert later.asset_materializations_for_node("questionnaire")
    assert "not available" in str(_metadata(later)["changes"])
    assert not later.asset_materializations_for_node("questionnaire_changes")
    failure = next(e for e in later.all_events if e.is_step_failure)
    assert failure.step_key == "questionnaire_changes"
    assert str(bad) in failure.step_failure_data.error.message  # type: ignore[union-attr]
    assert _materialize(data_dir, instance, "escp-s3/2019-r1").success


def test_a_bad_survey_yaml_fails_the_rounds_of_its_survey_only(data_dir: Path) -> None:
    profile = data_dir / "incoming" / "escp-4i" / "survey.yaml"
    profile.write_text("roles:\n  partnershp: A1\n", encoding="utf-8")
    instance = _instance()

    failed = _materialize(data_dir, instance, "escp-4i/2018-r1")
    assert not failed.success
    failure = next(e for e in failed.all_events if e.is_step_failure)
    message = failure.step_failure_data.error.message  # type: ignore[union-attr]
    assert str(profile) in message and "roles.partnershp" in message
    assert _materialize(data_dir, instance, "escp-s3/2019-r1").success
