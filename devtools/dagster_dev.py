"""A real ``dagster dev`` for tests and benchmarks: start, query through GraphQL, stop.

``dagster dev`` runs from the project's virtual environment on a free loopback port, with the
project's ``workspace.yaml`` and ``dagster.yaml`` and a given data dir and Dagster home (sensors
tick every ``sensor_interval_seconds`` through ``ESCP_SENSOR_INTERVAL_SECONDS``). It runs in its own
process group with default SIGINT/SIGTERM handling (a process started in the background from a
script inherits an ignored SIGINT, and Dagster maps SIGTERM to its SIGINT handler, so it would
ignore both); :func:`stop` ends that group, and only it, by its id.

Used by the e2e tests (``escp_pipeline_tests/dagster_dev.py`` adds their fixtures and skips) and by
the benchmark's drop-to-report measurement (``devtools/bench/drop_to_report.py``). Knows nothing of
pytest: a failure to start raises :class:`DagsterDevError` with the log's tail.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAGSTER = Path(sys.executable).parent / "dagster"
LOCATION = "escp_pipeline"

RUNS = """query($filter: RunsFilter) { runsOrError(filter: $filter) {
  ... on Runs { results { runId status jobName tags { key value } } } } }"""
FAILURES = """query($runId: ID!) { logsForRun(runId: $runId, limit: 5000) {
  ... on EventConnection { events { __typename
    ... on ExecutionStepFailureEvent { stepKey error { message stack causes { message stack } } }
    ... on RunFailureEvent { message }
    ... on EngineEvent { message error { message } } } } } }"""
LOCATIONS = """{ workspaceOrError { ... on Workspace { locationEntries {
  name locationOrLoadError { __typename } } } } }"""
ACTIVE = {"QUEUED", "NOT_STARTED", "STARTING", "STARTED", "CANCELING", "MANAGED"}


class DagsterDevError(RuntimeError):
    """``dagster dev`` exited, did not serve in time, or its code location failed to load."""


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
    """Each failed run's failed steps, errors and stacks, and the run's own failure.

    The run's own failure names a crashed or interrupted worker; all is read from the event log.
    """
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    """Every process whose environment names this DAGSTER_HOME: only the caller's own can."""
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


def start(
    home: Path,
    data: Path,
    log: Path,
    *,
    sensor_interval_seconds: int = 2,
    startup_seconds: float = 150,
) -> DagsterDev:
    """Start ``dagster dev`` on ``home`` and ``data`` and wait until its code location loaded.

    Raises:
        DagsterDevError: ``dagster dev`` is not installed beside this Python, exited, failed to load
            the code location, or did not serve within ``startup_seconds``.
    """
    if not DAGSTER.exists():
        raise DagsterDevError(f"{DAGSTER} not found: dagster dev runs from the project's venv")
    if not (home / "dagster.yaml").exists():
        shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ESCP_DATA_DIR": str(data),
        "ESCP_SENSOR_INTERVAL_SECONDS": str(sensor_interval_seconds),
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
        wait_until_serving(dev, startup_seconds)
    except BaseException:
        stop(dev)
        raise
    return dev


def wait_until_serving(dev: DagsterDev, startup_seconds: float) -> None:
    """Wait until the webserver answers and every code location has loaded."""
    deadline = time.monotonic() + startup_seconds
    while time.monotonic() < deadline:
        if dev.process.poll() is not None:
            raise DagsterDevError(
                f"dagster dev exited with {dev.process.returncode}:\n{dev.log_tail()}"
            )
        try:
            with urllib.request.urlopen(f"{dev.url}/server_info", timeout=5):
                pass
            entries = dev.graphql(LOCATIONS)["workspaceOrError"]["locationEntries"]
            kinds = [entry["locationOrLoadError"]["__typename"] for entry in entries]
            if "PythonError" in kinds:
                raise DagsterDevError(f"the code location failed to load:\n{dev.log_tail()}")
            if kinds and all(kind == "RepositoryLocation" for kind in kinds):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise DagsterDevError(
        f"dagster dev did not serve within {startup_seconds} s:\n{dev.log_tail()}"
    )


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
