"""From a drop to the report in ``dagster dev``: how long an operator waits (sensors every 5 s).

Starts ``dagster dev`` (the project's ``workspace.yaml`` and ``dagster.yaml``) in its own process
group with a temporary data dir and Dagster home, waits until the code location is loaded, copies
one export into ``incoming/`` and measures the seconds until the HTML report exists and names the
round. The drop sensor launches the round's run; the automation sensor refreshes the cross-round
assets, the report among them. ``dagster dev`` is stopped by its process group (its own id), never
by name.
"""

from __future__ import annotations

import contextlib
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
from pathlib import Path
from typing import Any

REPORT = Path("warehouse") / "report" / "escp-progress-report.html"
SENSOR_INTERVAL_SECONDS = 5
STARTUP_SECONDS = 300
LOADED = "{ workspaceOrError { ... on Workspace { locationEntries { locationOrLoadError { __typename } } } } }"  # noqa: E501


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _loaded(port: int) -> bool:
    body = json.dumps({"query": LOADED}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            entries = json.load(response)["data"]["workspaceOrError"]["locationEntries"]
    except (urllib.error.URLError, ConnectionError, TimeoutError, KeyError, TypeError):
        return False
    kinds = [entry["locationOrLoadError"]["__typename"] for entry in entries if entry]
    if "PythonError" in kinds:
        raise RuntimeError("the code location failed to load in dagster dev")
    return bool(kinds) and all(kind == "RepositoryLocation" for kind in kinds)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGINT the process group dagster dev leads, then SIGKILL what is left of it."""
    group = process.pid
    try:
        os.killpg(group, signal.SIGINT)
        process.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
    process.wait(timeout=30)


def measure_drop_to_report(
    export: Path, relative: str, repo_root: Path, timeout_seconds: float
) -> dict[str, Any]:
    """Drop ``export`` as ``incoming/<relative>`` into ``dagster dev``; time the report."""
    round_ = Path(relative).stem
    scratch = Path(tempfile.mkdtemp(prefix="escp-bench-dev-"))
    home, data = scratch / "home", scratch / "data"
    home.mkdir()
    (data / "incoming").mkdir(parents=True)
    shutil.copy(repo_root / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ESCP_DATA_DIR": str(data),
        "ESCP_SENSOR_INTERVAL_SECONDS": str(SENSOR_INTERVAL_SECONDS),
        "PYTHONUNBUFFERED": "1",
    }
    dagster = Path(sys.executable).parent / "dagster"
    command = [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
    started = time.perf_counter()
    with (scratch / "dagster-dev.log").open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=repo_root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        while not _loaded(port):
            if process.poll() is not None or time.perf_counter() - started > STARTUP_SECONDS:
                raise RuntimeError("dagster dev did not start")
            time.sleep(1)
        serving = time.perf_counter() - started
        target = data / "incoming" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(export, target)
        dropped = time.perf_counter()
        report = data / REPORT
        while True:
            if report.exists() and round_ in report.read_text(encoding="utf-8", errors="replace"):
                break
            if time.perf_counter() - dropped > timeout_seconds:
                raise RuntimeError(f"no report naming {round_} within {timeout_seconds:.0f} s")
            time.sleep(0.5)
        seconds = time.perf_counter() - dropped
    finally:
        _stop(process)
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "seconds": seconds,
        "startup_seconds": serving,
        "sensor_interval_seconds": SENSOR_INTERVAL_SECONDS,
        "round": relative,
    }
