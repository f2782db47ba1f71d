"""Run one workload in a fresh Python process and measure it from outside and from inside.

Each measurement is a new interpreter, so import time and peak memory start from nothing. From
outside: wall-clock seconds, CPU seconds and peak resident memory of that one child (``os.wait4``
returns the child's own ``rusage``, not the running maximum of every child as ``RUSAGE_CHILDREN``
does). From inside: the workload writes a JSON report (stage timings, its own peak memory ``VmHWM``
from ``/proc/self/status``, bytes read from ``/proc/self/io``) to the file named by
``ESCP_BENCH_REPORT``.

Only the standard library is imported here: the driver must stay small, because a child's peak
memory on Linux starts at the size of the process it was forked from.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPORT_VARIABLE = "ESCP_BENCH_REPORT"


class ChildProcessFailedError(RuntimeError):
    """A workload process exited with an error; the message ends with its last stderr lines."""


@dataclass(frozen=True)
class ChildRun:
    """What one workload process cost, and what it reported about itself.

    Attributes:
        wall_seconds: From starting the process to its exit, as the parent saw it.
        cpu_seconds: User plus system CPU time of the process.
        peak_rss_bytes: The process's peak resident memory (``ru_maxrss``).
        report: The JSON report the workload wrote (empty for a script that writes none).
    """

    wall_seconds: float
    cpu_seconds: float
    peak_rss_bytes: int
    report: dict[str, Any] = field(default_factory=dict)


def run_child(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout_seconds: float = 1800.0,
    cwd: Path | None = None,
) -> ChildRun:
    """Run ``argv`` as a child process and measure it.

    Args:
        argv: The command; ``python`` as first element means this interpreter.
        env: Extra environment variables (added to a copy of this process's environment).
        timeout_seconds: The child is killed after this long (``ChildProcessFailedError``).
        cwd: Working directory of the child.

    Raises:
        ChildProcessFailedError: The child exited with a non-zero status or was killed.
    """
    command = [sys.executable if argv[0] == "python" else argv[0], *argv[1:]]
    with (
        tempfile.NamedTemporaryFile(prefix="escp-bench-", suffix=".json") as report_file,
        tempfile.TemporaryFile() as output,
    ):
        child_env = {**os.environ, **(env or {}), REPORT_VARIABLE: report_file.name}
        child_env.setdefault("PYTHONHASHSEED", "0")
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=child_env, cwd=cwd
        )
        watchdog = threading.Timer(timeout_seconds, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            tail = output.read().decode("utf-8", "replace").splitlines()[-25:]
            raise ChildProcessFailedError(
                f"{' '.join(argv)} exited with {process.returncode}:\n" + "\n".join(tail)
            )
        text = Path(report_file.name).read_text(encoding="utf-8")
    return ChildRun(
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_bytes=usage.ru_maxrss * 1024,  # kilobytes on Linux
        report=json.loads(text) if text.strip() else {},
    )


def median(values: Sequence[float]) -> float:
    """The median of the measured values (robust to one slow repetition on a busy machine)."""
    return float(statistics.median(values))


def write_report(report: Mapping[str, Any]) -> None:
    """Inside a workload: write its JSON report where the parent asked for it (if it did)."""
    target = os.environ.get(REPORT_VARIABLE)
    if target:
        Path(target).write_text(json.dumps(report), encoding="utf-8")


def own_peak_rss_bytes() -> int:
    """This process's peak resident memory so far (``VmHWM``), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def own_bytes_read() -> int:
    """Bytes this process has read through ``read``-like system calls so far (``rchar``)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return 0
