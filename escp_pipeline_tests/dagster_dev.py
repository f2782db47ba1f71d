"""A real ``dagster dev`` for end-to-end tests: start, query through GraphQL, stop.

``dagster dev`` runs from the project's virtual environment on a free loopback port, with the
project's ``workspace.yaml`` and ``dagster.yaml`` and a temporary data dir and Dagster home (sensors
tick every 2 s through ``ESCP_SENSOR_INTERVAL_SECONDS``). It runs in its own process group with
default SIGINT/SIGTERM handling (a process started in the background from a script inherits an
ignored SIGINT, and Dagster maps SIGTERM to its SIGINT handler, so it would ignore both); the tests
stop that group, and only it, by its id, and check that no process naming their Dagster home is
left.

Used by the tests of ``escp_pipeline_tests/ingest/test_dagster_dev_*.py``.
"""

from __future__ import annotations

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

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DAGSTER = Path(sys.executable).parent / "dagster"
LOCATION = "escp_pipeline"
STARTUP_SECONDS = 150

RUNS = """query($filter: RunsFilter) { runsOrError(filter: $filter) {
  ... on Runs { results { runId status jobName tags { key value } } } } }"""
FAILURES = """query($runId: ID!) { logsForRun(runId: $runId, limit: 5000) {
  ... on EventConnection { events { __typename
    ... on ExecutionStepFailureEvent { stepKey error { message stack causes { message stack } } }
    ... on RunFailureEvent { message }
    ... on EngineEvent { message error { message } } } } } }"""
ACTIVE = {"QUEUED", "NOT_STARTED", "STARTING", "STARTED", "CANCELING", "MANAGED"}
PARTNERSHIPS = {
    "escp-4i": ["P02", "P05", "P08", "P11", "P13", "P14", "P16", "P17"],
    "escp-s3": ["P27", "P29", "P30", "P33"],
}


@dataclass
class DagsterDev:
    """A running ``dagster dev``: its process, group, port, home, data dir and log."""

    process: subprocess.Popen[bytes]
    port: int
    home: Path
    data: Path
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

    def runs(self, **tags: str) -> list[dict]:
        """Every run (newest first), or those with all the given tags."""
        filter_ = {"tags": [{"key": key, "value": value} for key, value in tags.items()]}
        return self.graphql(RUNS, filter=filter_)["runsOrError"]["results"]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def tag(run: dict, key: str) -> str | None:
    """The value of one tag of a run from :data:`RUNS`."""
    return next((t["value"] for t in run["tags"] if t["key"] == key), None)


def failure_report(dev: DagsterDev, runs: list[dict]) -> str:
    """Each failed run's failed steps with their errors and stacks, and the run's own failure (a
    crashed or interrupted worker), read from the event log."""
    parts = []
    for run in runs:
        parts.append(f"run {run['runId']} ({run['jobName']}, {run['status']}):")
        answer = dev.graphql(FAILURES, runId=run["runId"])["logsForRun"]
        for event in answer.get("events", []):
            if event["__typename"] == "RunFailureEvent":
                parts.append(f"  run failure: {event['message']}")
            elif event["__typename"] == "EngineEvent" and event["error"]:
                parts.append(f"  engine: {event['message']} {event['error']['message']}")
            elif event["__typename"] == "ExecutionStepFailureEvent":
                error = event["error"] or {}
                parts.append(f"  step {event['stepKey']} failed: {error.get('message')}")
                parts.append("".join(error.get("stack") or []))
                for cause in error.get("causes") or []:
                    parts.append(f"  caused by: {cause['message']}{''.join(cause['stack'])}")
    return "\n".join(parts)


def run_messages(dev: DagsterDev, run_id: str) -> list[str]:
    """The engine and run-failure messages of a run (why it ended), from the event log."""
    events = dev.graphql(FAILURES, runId=run_id)["logsForRun"].get("events", [])
    return [e["message"] for e in events if e["__typename"] in ("EngineEvent", "RunFailureEvent")]


def generated_rounds(count: int) -> list[tuple[str, str]]:
    """``count`` rounds, alternating between the surveys, none of them a demo round."""
    rounds = []
    for index in range(count):
        survey = ("escp-4i", "escp-s3")[index % 2]
        number = index // 2 + 3
        rounds.append((survey, f"{2020 + number}-r{number}"))
    return rounds


def stage(staging: Path, rounds: list[tuple[str, str]]) -> list[Path]:
    """Write each round as a LimeSurvey CSV export (20 responses) below ``staging/<survey>/``."""
    from devtools import random_rounds
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.synthetic import limesurvey_export

    files = []
    for seed, (survey, round_) in enumerate(rounds):
        codebook = load_codebook(survey)
        year = int(round_[:4])
        responses = random_rounds.generate_round(
            codebook, n_responses=20, seed=seed, partnerships=PARTNERSHIPS[survey], year=year
        )
        target = staging / survey / f"{round_}.csv"
        files.append(limesurvey_export.write_export(responses, codebook, target))
    return files


def drop(staged: list[Path], incoming: Path) -> None:
    """Move staged exports into ``incoming/<survey>/``, one rename each (all at once)."""
    for file in staged:
        target = incoming / file.parent.name / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        file.rename(target)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _default_signal_handlers() -> None:
    """Run in the child before exec: undo an inherited 'ignore SIGINT' (and SIGTERM)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def processes_with_home(home: Path) -> list[int]:
    """Every process whose environment names this DAGSTER_HOME: only the test's own can."""
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
    return [pid for pid in found if pid != os.getpid()]


def daemon_pid(dev: DagsterDev) -> int:
    """The ``dagster-daemon`` process of ``dagster dev`` (``python -m dagster._daemon run``)."""
    for pid in processes_with_home(dev.home):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"dagster._daemon" in argv and b"run" in argv and os.getpgid(pid) == dev.process.pid:
            return pid
    raise AssertionError(f"no dagster-daemon process of this dagster dev:\n{dev.log_tail()}")


def start(home: Path, data: Path, log: Path) -> DagsterDev:
    """Start ``dagster dev`` on ``home`` and ``data`` and wait until its code location loaded."""
    if not DAGSTER.exists():
        pytest.skip(f"{DAGSTER} not found: the e2e tests run dagster dev from the project's venv")
    if not (home / "dagster.yaml").exists():
        shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ESCP_DATA_DIR": str(data),
        "ESCP_SENSOR_INTERVAL_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("ab") as output:
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
    dev = DagsterDev(process, port, home, data, log)
    try:
        wait_until_serving(dev)
    except BaseException:
        stop(dev)
        raise
    return dev


def wait_until_serving(dev: DagsterDev) -> None:
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


def stop(dev: DagsterDev) -> None:
    """SIGINT the process group, wait, SIGKILL what is left of it."""
    pgid = dev.process.pid  # start_new_session: the child leads its own group
    if group_alive(pgid):
        os.killpg(pgid, signal.SIGINT)
    try:
        dev.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(pgid, signal.SIGKILL)
        dev.process.wait(timeout=30)
    deadline = time.monotonic() + 45
    while group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.5)
    if group_alive(pgid):
        os.killpg(pgid, signal.SIGKILL)
        time.sleep(1)


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A Dagster home and a data dir with an empty ``incoming/``; the log kept as an artifact.

    Not pytest's tmp_path: /proc/<pid>/environ matching and short socket paths want a short, unique
    folder.
    """
    folder = Path(tempfile.mkdtemp(prefix="escp-e2e-"))
    (folder / "dagster_home").mkdir()
    (folder / "data" / "incoming").mkdir(parents=True)
    try:
        yield folder
    finally:
        log = folder / "dagster-dev.log"
        if log.exists():
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copy(log, ARTIFACTS / "dagster-dev.log")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def dagster_dev(scratch: Path) -> Iterator[DagsterDev]:
    """A ``dagster dev`` serving the scratch home and data dir; stopped whole afterwards."""
    home = scratch / "dagster_home"
    dev = start(home, scratch / "data", scratch / "dagster-dev.log")
    try:
        yield dev
    finally:
        stop(dev)
        survivors = processes_with_home(home)
        assert survivors == [], f"processes of this test's dagster dev survived: {survivors}"
