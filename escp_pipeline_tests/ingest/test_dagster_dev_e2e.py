"""End to end through the UI's own services: ``dagster dev``, a drop, the sensor, automation,
Chromium.

Starts ``dagster dev`` (``escp_pipeline_tests/dagster_dev.py``: a temporary data dir and Dagster
home, the project's ``dagster.yaml``, sensors every 2 s), drops the demo exports into ``incoming/``
and follows, through Dagster's GraphQL API, the drop sensor's runs and the cross-round refresh the
automation sensor launches, then checks the analyst table and takes screenshots of the asset graph
with headless Chromium into ``test-artifacts/``. A failed run fails the test with each failed step's
error and stack from the run's event log.

``ESCP_E2E_CPU_LOAD`` (default 0) starts that many CPU-bound processes for the test's duration: the
stress setting the refresh failure under load was looked for with (docs/operations.md).
"""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from dagster import AssetKey

from devtools.dagster_dev import (
    LOCATION,
    ROOT,
    DagsterDev,
    failure_report,
)
from escp_pipeline.definitions import defs
from escp_pipeline.defs.ingest.sensors import survey_drop_sensor
from escp_pipeline_tests.browser import chromium_page
from escp_pipeline_tests.dagster_dev import (
    ARTIFACTS,
    dagster_dev,  # noqa: F401  (the fixture)
    scratch,  # noqa: F401  (the fixture dagster_dev uses)
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(3000)]

DEMO_DROP = "escp-4i/2019-r2.csv"  # the report's second ESCP-4i round: 19 complete answers
CPU_LOAD = int(os.environ.get("ESCP_E2E_CPU_LOAD", "0"))
PIPELINE_SECONDS = 1800  # generous: the deadline only stops a hung test (docs/operations.md)
CHROMIUM_SECONDS = 400  # generous: the page renders slowly on a loaded 2-core machine


MATERIALIZATIONS = """query($keys: [AssetKeyInput!]) { assetNodes(assetKeys: $keys) {
  assetKey { path } assetMaterializations(limit: 5) { runId } } }"""
TICKS = """query($selector: SensorSelector!) { sensorOrError(sensorSelector: $selector) {
  ... on Sensor { sensorState { status ticks(limit: 10) { status skipReason } } } } }"""


@pytest.fixture
def cpu_load() -> Iterator[int]:
    """``ESCP_E2E_CPU_LOAD`` CPU-bound processes competing with dagster dev, killed afterwards."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(CPU_LOAD)
    ]
    try:
        yield len(burners)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def _runs_of(dev: DagsterDev, sensor_name: str) -> list[dict]:
    return dev.runs(**{"dagster/sensor_name": sensor_name})


def _cross_round_assets() -> list[list[str]]:
    graph = defs().resolve_asset_graph()
    return sorted(
        key.path
        for key in graph.materializable_asset_keys
        if graph.get(key).partitions_def is None and graph.get(key).automation_condition
    )


def _groups() -> list[str]:
    graph = defs().resolve_asset_graph()
    return sorted({graph.get(key).group_name for key in graph.materializable_asset_keys})


def _upstream_of(name: str) -> list[str]:
    graph = defs().resolve_asset_graph()
    return sorted(key.to_user_string() for key in graph.upstream_key_iterator(AssetKey(name)))


def _drop_demo_export(incoming: Path) -> bool:
    """Copy the committed demo drop (else write a small round); True for the demo drop."""
    source = ROOT / "data" / "incoming" / DEMO_DROP
    target = incoming / DEMO_DROP
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.exists():
        shutil.copyfile(source, target)
        return True
    from escp_pipeline_tests.exports import write_round

    write_round(target)
    return False


def _wait_for_pipeline(dev: DagsterDev, rounds: list[str], cross_round: list[list[str]]) -> None:
    deadline = time.monotonic() + PIPELINE_SECONDS
    keys = [{"path": path} for path in cross_round]
    state = "nothing yet"
    while time.monotonic() < deadline:
        drop_runs = _runs_of(dev, survey_drop_sensor.name)
        failed = [r for r in drop_runs if r["status"] in ("FAILURE", "CANCELED")]
        assert not failed, f"round runs failed:\n{failure_report(dev, failed)}\n{dev.log_tail()}"
        automation_runs = _runs_of(dev, "cross_round_automation")
        failed = [r for r in automation_runs if r["status"] in ("FAILURE", "CANCELED")]
        assert not failed, (
            f"cross-round refresh failed:\n{failure_report(dev, failed)}\n{dev.log_tail()}"
        )
        nodes = dev.graphql(MATERIALIZATIONS, keys=keys)["assetNodes"] if keys else []
        refreshed = [n for n in nodes if n["assetMaterializations"]]
        state = (
            f"{sum(r['status'] == 'SUCCESS' for r in drop_runs)}/{len(rounds)} round runs, "
            f"{len(refreshed)}/{len(cross_round)} cross-round assets, "
            f"{len(automation_runs)} automation runs"
        )
        rounds_done = len(drop_runs) >= len(rounds) and all(
            r["status"] == "SUCCESS" for r in drop_runs
        )
        automation_done = all(r["status"] == "SUCCESS" for r in automation_runs)
        if rounds_done and automation_done and len(refreshed) == len(cross_round):
            return
        time.sleep(2)
    pytest.fail(f"pipeline not done within {PIPELINE_SECONDS} s: {state}\n{dev.log_tail()}")


def _graph_node(name: str) -> str:
    """A node (or group box) of the asset graph: the UI draws each as HTML inside the graph's SVG
    ``foreignObject``, its name in a ``data-tooltip`` attribute (seen in Dagster 1.13's UI)."""
    return f'svg foreignObject [data-tooltip="{name}"]'


def _screenshot(dev: DagsterDev, path: str, names: list[str], file_name: str) -> Path:
    """Open ``path`` of the UI, wait until the graph shows a node for each of ``names``, and save a
    screenshot into ``test-artifacts/``.

    The page is ready once its graph has drawn those nodes: not at Chromium's load event or an idle
    network (the UI keeps polling, so neither a network-idle wait nor Chromium's own
    ``--virtual-time-budget`` screenshot ever ends on a loaded machine).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / file_name
    target.unlink(missing_ok=True)
    with chromium_page() as page:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        page.set_default_timeout(CHROMIUM_SECONDS * 1000)
        page.goto(f"{dev.url}{path}", wait_until="domcontentloaded")
        for name in names:
            try:
                page.locator(_graph_node(name)).first.wait_for(state="visible")
            except PlaywrightTimeout:
                page.screenshot(path=str(target))  # what the page showed instead
                pytest.fail(
                    f"{path}: no graph node {name!r} within {CHROMIUM_SECONDS} s "
                    f"(expected {names}); the page as it was: {target}"
                )
        page.screenshot(path=str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000  # a blank page is a few kB
    return target


def test_a_dropped_export_flows_to_the_tables_and_the_ui_shows_it(
    dagster_dev: DagsterDev,  # noqa: F811
    cpu_load: int,
) -> None:
    dev = dagster_dev
    data = dev.data
    started = time.monotonic()
    demo = _drop_demo_export(data / "incoming")
    rounds = [DEMO_DROP.removesuffix(".csv")]
    (data / "incoming" / "escp-4i" / "notes.csv").write_text("not a drop\n")
    cross_round = _cross_round_assets()

    _wait_for_pipeline(dev, rounds, cross_round)
    pipeline_seconds = time.monotonic() - started

    drop_runs = _runs_of(dev, survey_drop_sensor.name)
    partitions = sorted(
        tag["value"]
        for run in drop_runs
        for tag in run["tags"]
        if tag["key"] == "dagster/partition"
    )
    assert partitions == sorted(rounds)  # one run per dropped round, none twice
    # the event-log query the failure messages use stays valid: it answers, with no failed step
    assert "failed:" not in failure_report(dev, drop_runs)
    nodes = dev.graphql(MATERIALIZATIONS, keys=[{"path": p} for p in cross_round])["assetNodes"]
    twice = [n["assetKey"]["path"] for n in nodes if len(n["assetMaterializations"]) > 1]
    assert twice == [], "cross-round assets refreshed more than once for one drop"

    respondents = pd.read_parquet(data / "warehouse" / "tables" / "respondents.parquet")
    assert sorted(set(respondents["survey"] + "/" + respondents["round"])) == rounds
    if demo:
        assert (respondents["status"] == "complete").sum() == 19

    selector = {
        "repositoryName": "__repository__",
        "repositoryLocationName": LOCATION,
        "sensorName": survey_drop_sensor.name,
    }
    deadline = time.monotonic() + 30
    reasons: list[str] = []
    while time.monotonic() < deadline and not any("notes.csv" in r for r in reasons):
        ticks = dev.graphql(TICKS, selector=selector)["sensorOrError"]["sensorState"]["ticks"]
        reasons = [tick["skipReason"] or "" for tick in ticks]
        time.sleep(1)
    assert any("escp-4i/notes.csv" in reason for reason in reasons), reasons

    # the global graph shows one box per group (collapsed), the lineage page each asset upstream
    graph = _screenshot(dev, "/asset-groups", _groups(), "dagster-asset-graph.png")
    lineage = _screenshot(
        dev,
        "/assets/respondents?view=lineage&lineageScope=upstream&lineageDepth=4",
        ["respondents", *_upstream_of("respondents")],
        "dagster-respondents-lineage.png",
    )
    print(
        f"pipeline done in {pipeline_seconds:.0f} s ({cpu_load} CPU-bound processes running); "
        f"screenshots: {graph}, {lineage}"
    )
