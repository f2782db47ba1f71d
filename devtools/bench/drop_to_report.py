"""From a drop to the report in ``dagster dev``: how long an operator waits (sensors every 5 s).

Starts ``dagster dev`` through ``devtools/dagster_dev.py`` (the project's ``workspace.yaml`` and
``dagster.yaml``, its own process group, stopped by its id) with a temporary data dir and Dagster
home, copies one export into ``incoming/`` and measures the seconds until the HTML report exists and
names the round. The drop sensor launches the round's run; the automation sensor refreshes the
cross-round assets, the report among them.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from devtools.dagster_dev import start, stop

REPORT = Path("warehouse") / "report" / "escp-progress-report.html"
SENSOR_INTERVAL_SECONDS = 5
STARTUP_SECONDS = 300


def _seconds_to_report(data: Path, export: Path, relative: str, timeout_seconds: float) -> float:
    """Copy ``export`` to ``data/incoming/<relative>``; seconds until the report names its round."""
    round_ = Path(relative).stem
    target = data / "incoming" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(export, target)
    dropped = time.perf_counter()
    report = data / REPORT
    while not (report.exists() and round_ in report.read_text(encoding="utf-8", errors="replace")):
        if time.perf_counter() - dropped > timeout_seconds:
            raise RuntimeError(f"no report naming {round_} within {timeout_seconds:.0f} s")
        time.sleep(0.5)
    return time.perf_counter() - dropped


def measure_drop_to_report(export: Path, relative: str, timeout_seconds: float) -> dict[str, Any]:
    """Drop ``export`` as ``incoming/<relative>`` into ``dagster dev``; time the report."""
    scratch = Path(tempfile.mkdtemp(prefix="escp-bench-dev-"))
    home, data = scratch / "home", scratch / "data"
    home.mkdir()
    (data / "incoming").mkdir(parents=True)
    try:
        started = time.perf_counter()
        dev = start(
            home,
            data,
            scratch / "dagster-dev.log",
            sensor_interval_seconds=SENSOR_INTERVAL_SECONDS,
            startup_seconds=STARTUP_SECONDS,
        )
        try:
            serving = time.perf_counter() - started
            seconds = _seconds_to_report(data, export, relative, timeout_seconds)
        finally:
            stop(dev)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "seconds": seconds,
        "startup_seconds": serving,
        "sensor_interval_seconds": SENSOR_INTERVAL_SECONDS,
        "round": relative,
    }
