"""Cross-round refresh: fires after a round updates, once, and a failed round does not block it."""

import dagster as dg
import pytest

from escp_pipeline.definitions import defs
from escp_pipeline.defs.automation import CROSS_ROUND_REFRESH, automation_sensor
from escp_pipeline.defs.partitions import survey_rounds

pytestmark = pytest.mark.integration  # materializes toy assets to test the automation conditions

rounds = dg.DynamicPartitionsDefinition(name="rounds_under_test")


@dg.asset(partitions_def=rounds)
def round_export(context: dg.AssetExecutionContext) -> None:
    """Stands in for ingest and validation: the round ``bad`` fails, as a blocking check would."""
    if context.partition_key == "bad":
        raise dg.Failure("bad data in this round")


@dg.asset(partitions_def=rounds, deps=[round_export])
def round_table() -> None:
    """A per-round analyst table."""


def _graph(condition: dg.AutomationCondition) -> list[dg.AssetsDefinition]:
    @dg.asset(deps=[round_table], automation_condition=condition)
    def comparison() -> None:
        """A cross-round comparison."""

    @dg.asset(deps=[comparison], automation_condition=condition)
    def figure() -> None:
        """A figure of the comparison."""

    return [round_export, round_table, comparison, figure]


def _run_round(instance: dg.DagsterInstance, key: str) -> bool:
    return dg.materialize(
        [round_export, round_table], instance=instance, partition_key=key, raise_on_error=False
    ).success


@pytest.fixture
def instance() -> dg.DagsterInstance:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(rounds.name, ["good", "bad"])
    return instance


def _requested(result: dg.EvaluateAutomationConditionsResult) -> set[str]:
    names = ("round_export", "round_table", "comparison", "figure")
    return {name for name in names if result.get_num_requested(dg.AssetKey(name))}


def test_a_failed_round_does_not_block_the_refresh_of_the_good_ones(
    instance: dg.DagsterInstance,
) -> None:
    assets = _graph(CROSS_ROUND_REFRESH)
    first = dg.evaluate_automation_conditions(defs=assets, instance=instance)
    assert first.total_requested == 0  # nothing has changed yet: no refresh on start-up

    assert _run_round(instance, "good")
    assert not _run_round(instance, "bad")  # round_table[bad] stays missing
    refresh = dg.evaluate_automation_conditions(defs=assets, instance=instance, cursor=first.cursor)

    assert _requested(refresh) == {"comparison", "figure"}  # the chain on one tick

    dg.materialize(assets, instance=instance, selection=["comparison", "figure"])
    after = dg.evaluate_automation_conditions(defs=assets, instance=instance, cursor=refresh.cursor)
    assert after.total_requested == 0  # refreshed once, not again

    assert _run_round(instance, "good")  # a re-export of the good round
    again = dg.evaluate_automation_conditions(defs=assets, instance=instance, cursor=after.cursor)
    assert _requested(again) == {"comparison", "figure"}


def test_plain_eager_would_wait_for_the_failed_round_forever(
    instance: dg.DagsterInstance,
) -> None:
    """Why the project does not use ``eager()`` on cross-round assets."""
    assets = _graph(dg.AutomationCondition.eager())
    first = dg.evaluate_automation_conditions(defs=assets, instance=instance)
    assert _run_round(instance, "good")
    assert not _run_round(instance, "bad")
    refresh = dg.evaluate_automation_conditions(defs=assets, instance=instance, cursor=first.cursor)
    assert refresh.total_requested == 0


def test_cross_round_assets_use_the_cross_round_condition_and_the_sensor_is_on() -> None:
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    per_round = {
        k for k in graph.materializable_asset_keys if graph.get(k).partitions_def == survey_rounds
    }
    for key in graph.materializable_asset_keys - per_round:
        node = graph.get(key)
        if node.partitions_def is None and graph.get(key).parent_keys:
            assert node.automation_condition == CROSS_ROUND_REFRESH, key.to_user_string()
    for key in per_round:  # the drop sensor runs these; automation must not run them again
        assert graph.get(key).automation_condition is None, key.to_user_string()
    sensor = definitions.resolve_sensor_def(automation_sensor.name)
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
