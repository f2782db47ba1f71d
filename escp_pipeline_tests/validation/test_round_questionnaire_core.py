"""``core_responses`` reads, types and validates a round with the round's own questionnaire.

The data dir holds the committed demo drops and a round ``2020-r3`` of a changed ESCP-4i
questionnaire (a new question, a removed option, a reworded option, two new partnerships, one
partnership labelled otherwise than in the registry): its ``.lss`` written by the project's
LimeSurvey writer, its responses by the project's LimeSurvey export writer.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.defs.ingest.assets import raw_survey_export
from escp_pipeline.defs.ingest.questionnaire import questionnaire
from escp_pipeline.defs.ingest.questionnaire_io import QuestionnaireIOManager
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.schema_checks import SCHEMA_CHECKS
from escp_pipeline.defs.validate.assets import core_responses
from escp_pipeline.storage.resources import AnalystTableIOManager, CoreTableIOManager, DataDir
from escp_pipeline.synthetic.limesurvey_export import write_export
from escp_pipeline.synthetic.lss_writer import write_lss
from escp_pipeline_tests.conftest import copy_demo_drops
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i

pytestmark = pytest.mark.integration  # materializes assets with a Dagster instance

ASSETS = [questionnaire, raw_survey_export, core_responses, SCHEMA_CHECKS["core_responses"]]
ROUNDS = ["escp-4i/2018-r1", "escp-4i/2019-r2", "escp-4i/2020-r3", "escp-s3/2019-r1"]
#: the partnerships of the first three responses of 2020-r3: two new ones, one relabelled
NEW_CODES = ["P35", "P36", "P01"]


def write_changed_round(data_dir: Path) -> pd.DataFrame:
    """Write ``2020-r3`` (``.lss`` and export) from the demo ``2019-r2`` answers; return them."""
    incoming = data_dir / "incoming" / "escp-4i"
    answers = read_export(incoming / "2019-r2.csv", load_codebook("escp-4i")).responses.copy()
    answers = answers[~answers["A1"].isin(NEW_CODES)].reset_index(drop=True)
    answers.loc[: len(NEW_CODES) - 1, "A1"] = NEW_CODES
    answers["G5"] = ["Y" if index % 2 else "N" for index in range(len(answers))]
    changed = changed_escp_4i()
    write_lss(changed, incoming / "2020-r3.lss")
    write_export(answers, changed, incoming / "2020-r3.csv")
    return answers


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    copy_demo_drops(tmp_path)
    write_changed_round(tmp_path)
    return tmp_path


def resources(data_dir: Path) -> dict[str, object]:
    where = DataDir(path=str(data_dir))
    return {
        "data_dir": where,
        "core_io_manager": CoreTableIOManager(data_dir=where),
        "table_io_manager": AnalystTableIOManager(data_dir=where),
        "questionnaire_io_manager": QuestionnaireIOManager(data_dir=where),
        "io_manager": dg.FilesystemIOManager(base_dir=str(data_dir / "storage")),
    }


def _materialize(data_dir: Path, instance: dg.DagsterInstance, key: str) -> None:
    result = dg.materialize(
        ASSETS, partition_key=key, instance=instance, resources=resources(data_dir)
    )
    assert result.success, key
    checks = result.get_asset_check_evaluations()
    assert [(c.check_name, c.passed) for c in checks] == [("core_responses_match_schema", True)]


def test_a_round_of_a_changed_questionnaire_is_read_with_it(data_dir: Path) -> None:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(survey_rounds.name, ROUNDS)
    for key in ROUNDS:
        _materialize(data_dir, instance, key)
    # an earlier round validated again once the survey's table holds the changed round's columns
    _materialize(data_dir, instance, "escp-4i/2019-r2")

    core = pd.read_parquet(data_dir / "warehouse" / "core" / "core_responses" / "escp-4i.parquet")
    new = core[core["round"] == "2020-r3"].set_index("partnership_code")
    earlier = core[core["round"] == "2019-r2"]
    # the new question is a typed column of the new round only
    assert new["G5"].notna().all() and earlier["G5"].isna().all()
    assert set(new["G5"]) == {True, False}
    # the removed option has no answers in the new round; the earlier round keeps its answers
    assert new["C1[SQ007]"].isna().all() and earlier["C1[SQ007]"].notna().all()
    # the two new partnerships count under their questionnaire labels, P01 under the shown label
    assert new.loc["P35", "partnership"] == "NEWCO"
    assert new.loc["P36", "partnership"] == "Ocean Partners"
    assert new.loc["P01", "partnership"] == "Cluster Alliance of the North"
    # the earlier round keeps the registry's name for P01
    assert set(earlier.loc[earlier["partnership_code"] == "P01", "partnership"]) == {"AdPack2"}


def test_round_rows_keeps_a_foreign_column_with_values_and_restores_checkboxes() -> None:
    from escp_pipeline.validation.round_columns import round_rows

    codebook = changed_escp_4i()  # lacks C1 SQ007
    frame = pd.DataFrame(
        {
            "round": ["2020-r3", "2020-r3"],
            "C1[SQ001]": pd.Series([True, False], dtype="object"),
            "C1[SQ007]": [None, None],
            "Z9": ["a value", None],
        }
    )
    rows = round_rows(frame, codebook, {"round"})
    assert list(rows.columns) == ["round", "C1[SQ001]", "Z9"]
    assert rows["C1[SQ001]"].dtype == bool
