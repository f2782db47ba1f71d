"""A burst of drops into a running ``dagster dev`` while a CPU-bound process competes for the CPU.

Generated rounds of both surveys (the project's synthetic writer) appear in ``incoming/`` at once
(each renamed in from a staging folder). The test follows the runs through GraphQL until the refresh
has converged, and asserts: each round ran exactly once, no run failed (a failed run's steps and
errors are printed from the event log), and the analyst workbook the last refresh wrote holds every
round. It prints how long GraphQL took to answer (the slowest answer, not asserted: the tests do not
time the machine; a request that takes longer than the client's timeout fails).

This is also the stress test of the cross-round refresh: with rounds finishing one after the other
while another process keeps a core busy, automation launches refreshes that would overlap if the run
queue let them (``dagster.yaml``: one ``dagster/from_automation_condition`` run at a time).

Beside them come real LimeSurvey 6.4.2 exports filed as two surveys the project does not know, each
round with its ``.lss`` (``limesurvey_reference.REAL_AS_UNKNOWN``): new surveys picked up by the
running code location with no restart, each with its figures and report chapter, and no ERROR check
failing in any run (the check evaluations are read back from the instance).

``ESCP_BURST_ROUNDS`` (default 4) sets how many rounds are dropped (half per survey); the figures
for 30 in docs/operations.md were measured with it. ``ESCP_BURST_CPU_LOAD`` (default 1) sets how
many CPU-bound processes compete with the pipeline while it runs (0 for none).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from devtools.dagster_dev import (
    ACTIVE,
    RUNS,
    DagsterDev,
    failure_report,
)
from escp_pipeline.defs.ingest.sensors import survey_drop_sensor
from escp_pipeline_tests.check_evaluations import check_evaluations, failed_error_checks
from escp_pipeline_tests.dagster_dev import (
    dagster_dev,  # noqa: F401  (the fixture)
    drop,
    generated_rounds,
    scratch,  # noqa: F401  (the fixture dagster_dev uses)
    stage,
)
from escp_pipeline_tests.limesurvey_reference import LIMESURVEY_DIR, copy_real_as_unknown

ROUNDS = int(os.environ.get("ESCP_BURST_ROUNDS", "4"))
CPU_LOAD = int(os.environ.get("ESCP_BURST_CPU_LOAD", "1"))
SECONDS_PER_ROUND = 240  # generous: a loaded 2-core machine; the deadline only stops a hung test
#: The refresh after the last round: about 10 minutes at a load average of 35 on 2 cores.
REFRESH_SECONDS = 1200

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.timeout(600 + REFRESH_SECONDS + SECONDS_PER_ROUND * ROUNDS),
]


def _timed_runs(dev: DagsterDev, latencies: list[float]) -> list[dict]:
    started = time.monotonic()
    runs = dev.graphql(RUNS, filter={})["runsOrError"]["results"]
    latencies.append(time.monotonic() - started)
    return runs


def _workbook_rounds(data: Path) -> set[tuple[str, str]]:
    workbook = data / "warehouse" / "report" / "escp-analyst-tables.xlsx"
    if not workbook.exists():
        return set()
    counts = pd.read_excel(workbook, sheet_name="option_counts", usecols=["survey", "round"])
    return set(counts.astype(str).itertuples(index=False, name=None))


def _failed_error_checks(home: Path) -> list[tuple[str, str | None]]:
    """Every ERROR-severity check evaluation that failed, in any run of the instance."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        failed = failed_error_checks(check_evaluations(instance))
    return [(evaluation.check_name, evaluation.description) for evaluation in failed]


def test_a_burst_of_drops_runs_each_round_once_and_the_refresh_converges(
    dagster_dev: DagsterDev,  # noqa: F811
) -> None:
    dev = dagster_dev
    data = dev.data
    rounds = generated_rounds(ROUNDS)
    staged = stage(data / "staging", rounds)
    if LIMESURVEY_DIR is not None:  # the .lss of each round before its export
        unknown = copy_real_as_unknown(data / "staging")
        staged = unknown + staged
        rounds += sorted({(path.parent.name, path.stem) for path in unknown})
    unknown_surveys = sorted({survey for survey, _ in rounds} - {"escp-4i", "escp-s3"})
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(CPU_LOAD)
    ]
    latencies: list[float] = []
    try:
        started = time.monotonic()
        drop(staged, data / "incoming")
        deadline = started + REFRESH_SECONDS + SECONDS_PER_ROUND * len(rounds)
        rounds_done_after = None
        while True:
            runs = _timed_runs(dev, latencies)
            failed = [r for r in runs if r["status"] in ("FAILURE", "CANCELED")]
            assert not failed, f"runs failed:\n{failure_report(dev, failed)}\n{dev.log_tail()}"
            drop_runs = [
                r
                for r in runs
                if {"key": "dagster/sensor_name", "value": survey_drop_sensor.name} in r["tags"]
            ]
            done = [r for r in drop_runs if r["status"] == "SUCCESS"]
            if len(done) == len(rounds) and rounds_done_after is None:
                rounds_done_after = time.monotonic() - started
            idle = not any(r["status"] in ACTIVE for r in runs)
            if len(done) == len(rounds) and idle and _workbook_rounds(data) >= set(rounds):
                converged_after = time.monotonic() - started
                break
            assert time.monotonic() < deadline, (
                f"not converged: {len(done)}/{len(rounds)} rounds done, "
                f"{sum(r['status'] in ACTIVE for r in runs)} runs active\n{dev.log_tail()}"
            )
            time.sleep(2)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()

    partitions = sorted(
        tag["value"]
        for run in drop_runs
        for tag in run["tags"]
        if tag["key"] == "dagster/partition"
    )
    assert partitions == sorted(f"{s}/{r}" for s, r in rounds)  # each round once, none twice
    refreshes = [r for r in runs if r not in drop_runs]
    assert refreshes and all(r["status"] == "SUCCESS" for r in refreshes)
    assert _failed_error_checks(dev.home) == []
    report = (data / "warehouse" / "report" / "escp-progress-report.html").read_text("utf-8")
    for survey, round_ in rounds:
        if survey in unknown_surveys:
            assert list((data / "warehouse" / "figures" / survey / round_).glob("*.png"))
    for survey in unknown_surveys:  # a chapter of its own, named by the survey
        assert f"Survey {survey.upper()}, round" in report, survey
    print(
        f"{len(rounds)} rounds: all round runs done after {rounds_done_after:.0f} s, refresh "
        f"converged after {converged_after:.0f} s, {len(refreshes)} refresh runs; GraphQL runs "
        f"query: median {statistics.median(latencies):.2f} s, slowest {max(latencies):.2f} s "
        f"over {len(latencies)} queries ({CPU_LOAD} CPU-bound processes running throughout)"
    )
