"""End to end through the UI's own services: ``dagster dev``, a drop, the sensor, automation,
Chromium.

Starts ``dagster dev`` from the project's virtual environment on a free loopback port, with a
temporary data dir and Dagster home (the project's ``dagster.yaml``; sensors tick every 2 s through
``ESCP_SENSOR_INTERVAL_SECONDS``), drops the demo exports into ``incoming/`` and follows, through
Dagster's GraphQL API, the drop sensor's runs and the cross-round refresh the automation sensor
launches, then checks the analyst table and takes screenshots of the asset graph with headless
Chromium into ``test-artifacts/``.

``dagster dev`` runs in its own process group with default SIGINT/SIGTERM handling (a process
started in the background from a script inherits an ignored SIGINT, and Dagster maps SIGTERM to its
SIGINT handler, so it would ignore both); the test stops that group, and only it, by its id.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.definitions import defs
from escp_pipeline.defs.ingest.sensors import survey_drop_sensor

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
DAGSTER = Path(sys.executable).parent / "dagster"
DEMO_DROP = "escp-4i/2019-r2.csv"  # the report's second ESCP-4i round: 19 complete answers
LOCATION = "escp_pipeline"
STARTUP_SECONDS = 150
PIPELINE_SECONDS = 360
CHROMIUM_SECONDS = 400  # generous: the page renders slowly on a loaded 2-core machine
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--hide-scrollbars",
    "--window-size=1600,1000",
    "--virtual-time-budget=15000",
)


@dataclass
class DagsterDev:
    """A running ``dagster dev``: its process, group, port, home and log."""

    process: subprocess.Popen[bytes]
    port: int
    home: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def graphql(self, query: str, **variables: object) -> dict:
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        assert not answer.get("errors"), answer["errors"]
        return answer["data"]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _default_signal_handlers() -> None:
    """Run in the child before exec: undo an inherited 'ignore SIGINT' (and SIGTERM)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _processes_with_home(home: Path) -> list[int]:
    """Every process whose environment names this test's DAGSTER_HOME: only ours can."""
    marker = f"DAGSTER_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _stop(dev: DagsterDev) -> list[int]:
    """SIGINT the process group, wait, SIGKILL what is left of it; return survivors (none)."""
    pgid = dev.process.pid  # start_new_session: the child leads its own group
    if _group_alive(pgid):
        os.killpg(pgid, signal.SIGINT)
    try:
        dev.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(pgid, signal.SIGKILL)
        dev.process.wait(timeout=30)
    deadline = time.monotonic() + 45
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.5)
    if _group_alive(pgid):
        os.killpg(pgid, signal.SIGKILL)
        time.sleep(1)
    return [pid for pid in _processes_with_home(dev.home) if pid != os.getpid()]


@pytest.fixture
def dagster_dev() -> Iterator[DagsterDev]:
    if not DAGSTER.exists():
        pytest.skip(f"{DAGSTER} not found: the e2e test runs dagster dev from the project's venv")
    # Not pytest's tmp_path: /proc/<pid>/environ matching and short socket paths want a short,
    # unique folder.
    scratch = Path(tempfile.mkdtemp(prefix="escp-e2e-"))
    home, data = scratch / "dagster_home", scratch / "data"
    home.mkdir()
    (data / "incoming").mkdir(parents=True)
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ESCP_DATA_DIR": str(data),
        "ESCP_SENSOR_INTERVAL_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    log = scratch / "dagster-dev.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(DAGSTER), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_default_signal_handlers,
        )
    dev = DagsterDev(process, port, home, log)
    try:
        _wait_until_serving(dev)
        yield dev
    finally:
        survivors = _stop(dev)
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(log, ARTIFACTS / "dagster-dev.log")
        shutil.rmtree(scratch, ignore_errors=True)
        assert survivors == [], f"processes of this test's dagster dev survived: {survivors}"


def _wait_until_serving(dev: DagsterDev) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if dev.process.poll() is not None:
            pytest.fail(f"dagster dev exited with {dev.process.returncode}:\n{dev.log_tail()}")
        try:
            with urllib.request.urlopen(f"{dev.url}/server_info", timeout=5):
                pass
            data = dev.graphql(
                "{ workspaceOrError { ... on Workspace { locationEntries { "
                "name locationOrLoadError { __typename } } } } }"
            )
            entries = data["workspaceOrError"]["locationEntries"]
            if entries and entries[0]["locationOrLoadError"]["__typename"] == "RepositoryLocation":
                return
            if entries and entries[0]["locationOrLoadError"]["__typename"] == "PythonError":
                pytest.fail(f"the code location failed to load:\n{dev.log_tail()}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    pytest.fail(f"dagster dev did not serve within {STARTUP_SECONDS} s:\n{dev.log_tail()}")


RUNS = """query($filter: RunsFilter) { runsOrError(filter: $filter) {
  ... on Runs { results { runId status jobName tags { key value } } } } }"""
MATERIALIZATIONS = """query($keys: [AssetKeyInput!]) { assetNodes(assetKeys: $keys) {
  assetKey { path } assetMaterializations(limit: 5) { runId } } }"""
FAILURES = """query($runId: ID!) { logsForRun(runId: $runId, limit: 5000) {
  ... on EventConnection { events { __typename
    ... on ExecutionStepFailureEvent { stepKey error { message stack causes { message stack } } }
    ... on RunFailureEvent { message } } } } }"""
TICKS = """query($selector: SensorSelector!) { sensorOrError(sensorSelector: $selector) {
  ... on Sensor { sensorState { status ticks(limit: 10) { status skipReason } } } } }"""


def _runs_of(dev: DagsterDev, sensor_name: str) -> list[dict]:
    filter_ = {"tags": [{"key": "dagster/sensor_name", "value": sensor_name}]}
    return dev.graphql(RUNS, filter=filter_)["runsOrError"]["results"]


def failure_report(dev: DagsterDev, runs: list[dict]) -> str:
    """Each failed run's failed steps with their errors and stacks, read from the event log."""
    parts = []
    for run in runs:
        parts.append(f"run {run['runId']} ({run['jobName']}, {run['status']}):")
        answer = dev.graphql(FAILURES, runId=run["runId"])["logsForRun"]
        for event in answer.get("events", []):
            if event["__typename"] == "RunFailureEvent":
                parts.append(f"  run failure: {event['message']}")
            elif event["__typename"] == "ExecutionStepFailureEvent":
                error = event["error"] or {}
                parts.append(f"  step {event['stepKey']} failed: {error.get('message')}")
                parts.append("".join(error.get("stack") or []))
                for cause in error.get("causes") or []:
                    parts.append(f"  caused by: {cause['message']}{''.join(cause['stack'])}")
    return "\n".join(parts)


def _cross_round_assets() -> list[list[str]]:
    graph = defs().resolve_asset_graph()
    return sorted(
        key.path
        for key in graph.materializable_asset_keys
        if graph.get(key).partitions_def is None and graph.get(key).automation_condition
    )


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


def _screenshot(dev: DagsterDev, path: str, name: str) -> Path:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip(
            "chromium is not installed (Debian package chromium; .ci/run installs it "
            "in CI): the UI screenshot was not taken"
        )
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    target.unlink(missing_ok=True)
    # Chromium in its own process group: on a timeout (a loaded machine) the test kills the whole
    # group, renderers included, before its profile folder is removed.
    with tempfile.TemporaryDirectory(
        prefix="escp-chromium-", ignore_cleanup_errors=True
    ) as profile:
        browser = subprocess.Popen(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={target}",
                f"{dev.url}{path}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            output, _ = browser.communicate(timeout=CHROMIUM_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.communicate()
            pytest.fail(f"chromium took longer than {CHROMIUM_SECONDS} s for {path}")
        finally:
            if _group_alive(browser.pid):
                os.killpg(browser.pid, signal.SIGKILL)
        assert browser.returncode == 0, output.decode(errors="replace")[-2000:]
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000  # a blank page is a few kB
    return target


def test_a_dropped_export_flows_to_the_tables_and_the_ui_shows_it(
    dagster_dev: DagsterDev,
) -> None:
    dev = dagster_dev
    data = Path(dev.home.parent / "data")
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

    graph = _screenshot(dev, "/asset-groups", "dagster-asset-graph.png")
    lineage = _screenshot(
        dev,
        "/assets/respondents?view=lineage&lineageScope=upstream&lineageDepth=4",
        "dagster-respondents-lineage.png",
    )
    print(f"pipeline done in {pipeline_seconds:.0f} s; screenshots: {graph}, {lineage}")
