"""Failed runs, one line each, in ``<data dir>/warehouse/logs/run-failures.log`` for ops to tail.

A line holds the time, run id, job, partition (survey round), the failed steps or checks and why.
The reason is the text of our own errors (``dg.Failure`` descriptions, which name files, rows and
columns, never cell values), an ``OutputWriteError`` (a full or read-only disk: it names only the
file), or Dagster's own message (a blocking check that failed, a run worker that died). The message
of any other exception raised in user code is withheld, since a library's message may quote a cell
value; its class is logged and the UI shows the whole error.
"""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from escp_pipeline.ingest.watch import sensor_interval_seconds
from escp_pipeline.storage.resources import DataDir

LOG_NAME = "run-failures.log"
_MAX_REASON = 600
#: our own errors whose message names a path and a reason, never data: logged in full
SAFE_ERRORS = frozenset({"OutputWriteError"})
_ERROR_CLASS = re.compile(r"^(?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception): ")


def failure_log_path(data_dir: DataDir) -> Path:
    """Where the failure log lives: ``<data dir>/warehouse/logs/run-failures.log``."""
    return data_dir.warehouse / "logs" / LOG_NAME


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_REASON else flat[: _MAX_REASON - 3] + "..."


def step_failure_reason(event: dg.DagsterEvent) -> str:
    """Why a step failed, safe to write to a log file (see the module docstring)."""
    data = event.step_failure_data
    if data is None:
        return _one_line(event.message or "step failed")
    if data.user_failure_data is not None and data.user_failure_data.description:
        return _one_line(data.user_failure_data.description)
    error = data.error
    if error is None:
        return "step failed"
    if data.error_source.value == "USER_CODE_ERROR":
        cause = error.cause or error
        while cause.cause is not None:
            if cause.cls_name in SAFE_ERRORS:
                break
            cause = cause.cause
        if cause.cls_name in SAFE_ERRORS:
            return _one_line(_ERROR_CLASS.sub("", cause.message.strip(), count=1))
        return (
            f"{cause.cls_name} raised in user code (message withheld from this log as it may "
            "quote data; open the run in the UI)"
        )
    return _one_line(_ERROR_CLASS.sub("", error.message.strip(), count=1))


def failure_line(
    *,
    run_id: str,
    job_name: str,
    partition: str | None,
    failed_steps: list[tuple[str, str]],
    run_message: str,
    when: datetime,
) -> str:
    """Format one log line: ``<time> run=... job=... partition=... failed=... reason="..."``."""
    steps = ",".join(step for step, _ in failed_steps) or "-"
    reason = _one_line(" | ".join(f"{step}: {why}" for step, why in failed_steps) or run_message)
    return (
        f"{when.astimezone(UTC).isoformat(timespec='seconds')} run={run_id} job={job_name} "
        f"partition={partition or '-'} failed={steps} reason={json.dumps(reason)}"
    )


@dg.run_failure_sensor(
    name="run_failure_log",
    minimum_interval_seconds=sensor_interval_seconds(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Appends one line per failed run (run id, round, failed steps or checks, reason) "
    "to <data dir>/warehouse/logs/run-failures.log.",
)
def run_failure_log(context: dg.RunFailureSensorContext, data_dir: DataDir) -> None:
    """Write the failed run's line to the failure log."""
    run = context.dagster_run
    failed_steps = [
        (event.step_key or "run", step_failure_reason(event))
        for event in context.get_step_failure_events()
    ]
    line = failure_line(
        run_id=run.run_id,
        job_name=run.job_name,
        partition=run.tags.get("dagster/partition"),
        failed_steps=failed_steps,
        run_message=context.failure_event.message or "run failed",
        when=datetime.now(UTC),
    )
    path = failure_log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(line + "\n")
    context.log.info(f"logged failed run {run.run_id} to {path}")
