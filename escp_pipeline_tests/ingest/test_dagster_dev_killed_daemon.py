"""A killed daemon: SIGKILL ``dagster-daemon`` while round runs are in progress, then start again.

Starts ``dagster dev`` (``escp_pipeline_tests/dagster_dev.py``), drops generated rounds of both
surveys at once, and as soon as two round runs have started (the others queued) kills the daemon
process ``dagster dev`` started (``python -m dagster._daemon run``) with SIGKILL, as the OOM killer
or an operator's ``kill -9`` would. ``dagster dev`` then shuts itself down. The test starts
``dagster dev`` again on the same Dagster home and data dir, as the operator would, and follows the
round runs until none is queued or running. It asserts what docs/operations.md tells the operator:

- no round is lost: every dropped round ends with a successful run;
- none runs twice for the same content: one run per run key, one successful run per round;
- the runs in progress at the kill succeed: ``dagster dev``'s code server, which executes them,
  outlives the daemon until they end; the queued ones start from the new daemon's queue.

The cross-round refresh that follows is not waited for (the e2e and burst tests cover it).

``ESCP_KILL_ROUNDS`` (default 4) sets how many rounds are dropped. The test prints what happened to
each run (the figures in docs/operations.md were measured with it).
"""

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.dagster_dev import (
    ACTIVE,
    DagsterDev,
    daemon_pid,
    processes_with_home,
    run_messages,
    stop,
    tag,
)
from escp_pipeline.defs.ingest.sensors import survey_drop_sensor
from escp_pipeline_tests.dagster_dev import (
    drop,
    generated_rounds,
    scratch,  # noqa: F401  (the fixture)
    stage,
    start,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(2400)]

ROUNDS = int(os.environ.get("ESCP_KILL_ROUNDS", "4"))
SECONDS_PER_ROUND = 240  # generous: a loaded 2-core machine; the deadline only stops a hung test
DROP = {"dagster/sensor_name": survey_drop_sensor.name}


def _wait(
    dev: DagsterDev, done: Callable[[list[dict]], bool], seconds: float, what: str
) -> list[dict]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        runs = dev.runs()
        if done(runs):
            return runs
        time.sleep(1)
    summary = sorted((str(tag(r, "dagster/partition")), r["status"]) for r in dev.runs())
    pytest.fail(f"{what} not within {seconds:.0f} s: {summary}\n{dev.log_tail()}")


def _round_runs(runs: list[dict]) -> list[dict]:
    return [r for r in runs if tag(r, "dagster/sensor_name") == survey_drop_sensor.name]


def _describe(processes: list[int]) -> list[str]:
    described = []
    for pid in processes:
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        described.append(f"{pid}: {b' '.join(argv[:6]).decode(errors='replace')[:120]}")
    return described


def test_a_killed_daemon_loses_no_round_and_runs_none_twice(scratch: Path) -> None:  # noqa: F811
    home, data, log = scratch / "dagster_home", scratch / "data", scratch / "dagster-dev.log"
    rounds = [f"{survey}/{round_}" for survey, round_ in generated_rounds(ROUNDS)]
    staged = stage(scratch / "staging", generated_rounds(ROUNDS))
    first = start(home, data, log)
    second = None
    try:
        drop(staged, data / "incoming")
        started = time.monotonic()
        # Both run slots busy (dagster.yaml: two runs at a time): the daemon is launching no run
        # (a launch cut in half would leave a run STARTING until run monitoring fails it).
        _wait(
            first,
            lambda runs: sum(r["status"] == "STARTED" for r in _round_runs(runs)) >= 2,
            120 + SECONDS_PER_ROUND * 2,
            "two round runs started",
        )
        time.sleep(2)  # their first steps are under way
        at_kill = {r["runId"]: r["status"] for r in first.runs()}
        os.kill(daemon_pid(first), signal.SIGKILL)
        killed_after = time.monotonic() - started
        first.process.wait(timeout=180)  # dagster dev sees its daemon gone and shuts down
        left = _describe(processes_with_home(home))
        print(f"daemon killed {killed_after:.0f} s after the drop; runs then: {at_kill}")
        print(f"dagster dev exited with {first.process.returncode}; processes left: {left}")

        second = start(home, data, log)
        restarted_after = time.monotonic() - started
        runs = _wait(
            second,
            lambda runs: (
                len({tag(r, "dagster/partition") for r in _round_runs(runs)}) >= len(rounds)
                and not any(r["status"] in ACTIVE for r in _round_runs(runs))
            ),
            600 + SECONDS_PER_ROUND * len(rounds),
            "every round run ended",
        )
        settled_after = time.monotonic() - started
        for run in runs:
            reason = "" if run["status"] == "SUCCESS" else run_messages(second, run["runId"])[-2:]
            print(
                f"run {run['runId'][:8]} {tag(run, 'dagster/partition')} {run['jobName']}: "
                f"{at_kill.get(run['runId'], 'after the kill')} -> {run['status']} {reason}"
            )
        print(f"restarted after {restarted_after:.0f} s; settled after {settled_after:.0f} s")
    finally:
        if second is not None:
            stop(second)
        stop(first)  # what is left of the first session's process group
    assert processes_with_home(home) == []

    round_runs = _round_runs(runs)
    run_keys = [tag(r, "dagster/run_key") for r in round_runs]
    assert len(run_keys) == len(set(run_keys)), "a run key launched twice"
    succeeded = sorted(tag(r, "dagster/partition") for r in round_runs if r["status"] == "SUCCESS")
    assert succeeded == sorted(rounds), "a round lost or run twice"
    interrupted = [r for r in round_runs if at_kill.get(r["runId"]) in ACTIVE]
    assert interrupted, "the kill interrupted no run: the scenario did not happen"
    assert all(r["status"] == "SUCCESS" for r in interrupted)
