"""``round_comparison`` through Dagster on the demo drops plus a round of a changed ESCP-4i
questionnaire (``.lss`` and export written by the project's LimeSurvey writers)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.defs.analyse.option_counts import option_counts
from escp_pipeline.defs.analyse.questionnaire_changes import questionnaire_changes
from escp_pipeline.defs.analyse.respondents import respondents
from escp_pipeline.defs.analyse.round_comparison import round_comparison
from escp_pipeline.defs.ingest.assets import raw_survey_export
from escp_pipeline.defs.ingest.questionnaire import questionnaire
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.schema_checks import SCHEMA_CHECKS
from escp_pipeline.defs.validate.assets import core_responses
from escp_pipeline.defs.validate.expectations import option_counts_checks, respondents_checks
from escp_pipeline_tests.conftest import copy_demo_drops
from escp_pipeline_tests.validation.test_round_questionnaire_core import (
    ROUNDS,
    resources,
    write_changed_round,
)

pytestmark = pytest.mark.integration  # materializes assets with a Dagster instance

PER_ROUND = [
    questionnaire,
    raw_survey_export,
    core_responses,
    SCHEMA_CHECKS["core_responses"],
    respondents,
    *respondents_checks,
    option_counts,
    SCHEMA_CHECKS["option_counts"],
    *option_counts_checks,
    questionnaire_changes,
    SCHEMA_CHECKS["questionnaire_changes"],
]
ASSETS = [*PER_ROUND, round_comparison, SCHEMA_CHECKS["round_comparison"]]


def test_only_like_is_compared_with_like(tmp_path: Path) -> None:
    copy_demo_drops(tmp_path)
    write_changed_round(tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(survey_rounds.name, ROUNDS)
    for key in ROUNDS:
        result = dg.materialize(
            ASSETS,
            selection=PER_ROUND,
            partition_key=key,
            instance=instance,
            resources=resources(tmp_path),
        )
        assert result.success, key
        checks = result.get_asset_check_evaluations()
        names = {c.check_name for c in checks}
        # the new partnerships P35 and P36 are partnerships: no blocking check fails on them
        assert {"respondents_meets_expectations", "option_counts_meets_expectations"} <= names
        assert [c.check_name for c in checks if not c.passed] == [], key
    result = dg.materialize(
        ASSETS, selection=[round_comparison], instance=instance, resources=resources(tmp_path)
    )
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())

    tables = tmp_path / "warehouse" / "tables"
    table = pd.read_parquet(tables / "round_comparison.parquet")
    new = table[(table["round"] == "2020-r3") & (table["strand"] == "all")]
    assert set(new["previous_round"]) == {"2019-r2"}
    c1 = set(new.loc[new["question"] == "C1", "option"])
    assert "SQ007" not in c1 and "SQ006" in c1  # the removed option is not compared
    b1 = new[new["question"] == "B1"].set_index("option")
    # the reworded option is compared by its code
    assert "SQ005" in b1.index
    counts = pd.read_parquet(tables / "option_counts.parquet")
    before = counts[
        (counts["round"] == "2019-r2")
        & (counts["question"] == "B1")
        & (counts["option"] == "SQ005")
        & (counts["strand"] == "all")
    ]
    assert int(b1.loc["SQ005", "previous_selected"]) == int(before["selected"].iloc[0])
    # option_counts of the new round follow its questionnaire: no row for the removed option
    c1_counts = counts[
        (counts["survey"] == "escp-4i")
        & (counts["question"] == "C1")
        & (counts["option"] == "SQ007")
    ]
    assert set(c1_counts["round"]) == {"2018-r1", "2019-r2"}
    # the new question is a yes/no: never in option_counts, never compared
    assert "G5" not in set(table["question"])
    # the demo rounds use the same (shipped) questionnaire: compared as before, SQ007 included
    old = table[(table["round"] == "2019-r2") & (table["question"] == "C1")]
    assert "SQ007" in set(old["option"])
    changes = pd.read_parquet(tables / "questionnaire_changes.parquet")
    assert set(changes["round"]) == {"2020-r3"}
    assert {"option_removed", "option_reworded", "question_added", "option_added"} <= set(
        changes["change"]
    )
