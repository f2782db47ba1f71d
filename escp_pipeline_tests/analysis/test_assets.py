"""The analyse assets in Dagster: one round alone, re-processing a round, cross-round tables."""

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.defs.analyse.option_counts import option_counts
from escp_pipeline.defs.analyse.questionnaire_changes import questionnaire_changes
from escp_pipeline.defs.analyse.round_comparison import round_comparison
from escp_pipeline.defs.ingest.assets import raw_survey_export
from escp_pipeline.defs.ingest.questionnaire import questionnaire
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.resources import project_resources
from escp_pipeline.defs.schema_checks import SCHEMA_CHECKS
from escp_pipeline.defs.validate.assets import core_responses
from escp_pipeline_tests.exports import SMALL_4I_ROUND, write_round

pytestmark = pytest.mark.integration  # materializes a few assets of small rounds

FIRST, SECOND = "escp-4i/2018-r1", "escp-4i/2019-r2"
ASSETS = [
    raw_survey_export,
    core_responses,
    option_counts,
    SCHEMA_CHECKS["option_counts"],
    questionnaire,
    questionnaire_changes,
    round_comparison,
]


def _materialize(
    data_dir: Path,
    instance: dg.DagsterInstance,
    key: str | None,
    selection: list[dg.AssetsDefinition],
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        ASSETS,
        selection=selection,
        partition_key=key,
        instance=instance,
        resources=project_resources(data_dir),
    )


def _table(data_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(data_dir / "warehouse" / "tables" / "option_counts.parquet")


def _cell(table: pd.DataFrame, round_: str, option: str, strand: str = "all") -> tuple[int, int]:
    row = table.set_index(["round", "question", "option", "strand"]).loc[
        (round_, "B1", option, strand)
    ]
    return int(row["selected"]), int(row["respondents"])


def test_one_round_alone_then_reprocessing_replaces_only_that_round(data_dir: Path) -> None:
    incoming = data_dir / "incoming" / "escp-4i"
    write_round(incoming / "2018-r1.csv")
    write_round(incoming / "2019-r2.csv", {**SMALL_4I_ROUND, "B1[SQ001]": ["Y", "", "", "Y", ""]})
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(survey_rounds.name, [FIRST, SECOND])
    for key in (FIRST, SECOND):  # each round's questionnaire (here: the shipped codebook)
        assert _materialize(data_dir, instance, key, [questionnaire]).success
    assert _materialize(data_dir, instance, FIRST, [raw_survey_export, core_responses]).success

    # an analyst materializes one round's option_counts, nothing else
    result = _materialize(data_dir, instance, FIRST, [option_counts])
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert [(c.check_name, c.passed) for c in checks] == [("option_counts_match_schema", True)]
    table = _table(data_dir)
    assert set(table["round"]) == {"2018-r1"}
    # complete answers: ELBE and GCA (strand-1), AdPack2 (strand-2); GCA's first answer superseded
    assert _cell(table, "2018-r1", "SQ009") == (2, 3)
    assert _cell(table, "2018-r1", "SQ009", "strand-1") == (1, 2)

    selection = [raw_survey_export, core_responses, option_counts]
    assert _materialize(data_dir, instance, SECOND, selection).success
    both = _table(data_dir)
    assert set(both["round"]) == {"2018-r1", "2019-r2"}
    assert _cell(both, "2019-r2", "SQ001") == (2, 3)
    second_before = both[both["round"] == "2019-r2"].reset_index(drop=True)

    # a corrected re-export of the first round: its rows change, the second round's do not
    write_round(incoming / "2018-r1.csv", {**SMALL_4I_ROUND, "B1[SQ009]": ["Y", "", "Y", "Y", ""]})
    assert _materialize(data_dir, instance, FIRST, selection).success
    after = _table(data_dir)
    assert len(after) == len(both)
    assert _cell(after, "2018-r1", "SQ009") == (2, 3)  # ELBE and GCA now, AdPack2 not
    assert _cell(after, "2018-r1", "SQ009", "strand-2") == (0, 1)
    second_after = after[after["round"] == "2019-r2"].reset_index(drop=True)
    pd.testing.assert_frame_equal(second_after, second_before)

    # the cross-round comparison reads every round of option_counts (and of questionnaire_changes)
    for key in (FIRST, SECOND):
        assert _materialize(data_dir, instance, key, [questionnaire_changes]).success
    assert _materialize(data_dir, instance, None, [round_comparison]).success
    comparison = pd.read_parquet(data_dir / "warehouse" / "tables" / "round_comparison.parquet")
    assert set(zip(comparison["round"], comparison["previous_round"], strict=True)) == {
        ("2019-r2", "2018-r1")
    }
    assert len(comparison) == len(second_after)


def test_definitions_hold_the_analyse_assets_and_checks() -> None:
    from escp_pipeline.definitions import defs

    graph = defs().resolve_asset_graph()
    per_round = [
        "option_counts",
        "cooperation_agreements",
        "escp_collaborations",
        "country_mentions",
        "partnership_rounds",
        "partnership_selections",
        "free_text_answers",
        "round_sources",
    ]
    cross_round = ["round_comparison", "agreements_by_round", "report_claims"]
    for name in per_round + cross_round:
        node = graph.get(dg.AssetKey(name))
        assert node.group_name == "analyse", name
        assert node.kinds >= {"pandas", "parquet"}, name
        assert (node.partitions_def == survey_rounds) == (name in per_round), name
        if name in cross_round:  # refreshes by itself when a round changes
            assert node.automation_condition is not None, name
    checks = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    for name in per_round + cross_round:
        assert (name, f"{name}_match_schema") in checks
    assert ("report_claims", "report_claims_reproduced") in checks
