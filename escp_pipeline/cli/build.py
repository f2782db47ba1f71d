"""Build everything for every drop: register each round as a partition, then materialize the graph.

``dagster asset materialize`` cannot add dynamic partitions, so this is the project's own entry
point (``python -m escp_pipeline build`` / ``escp-pipeline build``). Each round runs as its own run,
so a bad export fails its round only; the cross-round assets run last, over every round that
succeeded. The data directory is an argument: the resources are built on it, the environment is left
alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from escp_pipeline.contract.drops import SurveyRound, list_drops, round_sort_key

Progress = Callable[[str], None]
#: Dagster's console logger only for critical events: the build prints its own progress and failure
#: lines; the full event log stays in the instance (and in the UI).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass
class BuildReport:
    """What a build did: rounds that succeeded, rounds that failed (with why), skipped files."""

    succeeded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped_files: list[str] = field(default_factory=list)
    cross_round_succeeded: bool | None = None
    cross_round_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed and self.cross_round_succeeded is not False


def _load_definitions(data_dir: Path) -> dg.Definitions:
    from escp_pipeline.definitions import build_definitions

    return build_definitions(data_dir)


def _failure_reason(result: dg.ExecuteInProcessResult) -> str:
    """Why a run failed: failed steps, and failed ERROR-severity checks with their description."""
    reasons = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE" and event.step_failure_data:
            error = event.step_failure_data.error
            if error and "blocking asset check failed" in error.message:
                continue  # said better by the check's own evaluation below
            reasons.append(f"{event.step_key}: {error.message.strip() if error else 'failed'}")
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if evaluation.passed or evaluation.severity != dg.AssetCheckSeverity.ERROR:  # type: ignore[union-attr]
                continue
            description = evaluation.description  # type: ignore[union-attr]
            reasons.append(
                f"check {evaluation.check_name} failed"  # type: ignore[union-attr]
                + (f": {description}" if description else "")
            )
    return "; ".join(reasons) or "run failed"


def _order(keys: list[str]) -> list[str]:
    def sort_key(key: str) -> tuple[str, tuple[int, int]]:
        survey_round = SurveyRound.from_partition_key(key)
        return survey_round.survey, round_sort_key(survey_round.round)

    return sorted(keys, key=sort_key)


def build(
    data_dir: Path,
    instance: dg.DagsterInstance,
    *,
    partition_keys: list[str] | None = None,
    progress: Progress = print,
    definitions: dg.Definitions | None = None,
    cross_round: bool = True,
) -> BuildReport:
    """Register every drop in ``<data_dir>/incoming`` as a partition and materialize all assets.

    Args:
        data_dir: the data directory: drops are read from its ``incoming/`` and the resources write
            below it (``ESCP_DATA_DIR`` is neither read nor set).
        instance: the Dagster instance that records partitions and runs.
        partition_keys: only these rounds (default: every drop found).
        progress: where progress lines go.
        definitions: the code location (default: ``build_definitions(data_dir)``); its resources
            decide where outputs go.
        cross_round: also materialize the unpartitioned (cross-round) assets at the end.
    """
    defs = definitions or _load_definitions(data_dir)
    report = BuildReport()
    drops, problems = list_drops(data_dir / "incoming")
    report.skipped_files = problems
    for problem in problems:
        progress(f"skipped: {problem}")
    keys = _order(partition_keys or list(drops))
    if not keys:
        progress(f"no survey drops found in {data_dir / 'incoming'}")
    from escp_pipeline.defs.partitions import survey_rounds

    new = [key for key in keys if not instance.has_dynamic_partition(survey_rounds.name, key)]
    if new:
        instance.add_dynamic_partitions(survey_rounds.name, new)
        progress(f"registered {len(new)} new round(s): {', '.join(new)}")

    graph = defs.resolve_asset_graph()
    partitioned = [
        key for key in graph.materializable_asset_keys if graph.get(key).partitions_def is not None
    ]
    unpartitioned = [
        key for key in graph.materializable_asset_keys if graph.get(key).partitions_def is None
    ]
    job = defs.resolve_implicit_global_asset_job_def()
    for index, key in enumerate(keys, start=1):
        started = time.perf_counter()
        progress(f"[{index}/{len(keys)}] {key}: materializing {len(partitioned)} assets ...")
        result = job.execute_in_process(
            instance=instance,
            partition_key=key,
            asset_selection=partitioned,
            raise_on_error=False,
            run_config=QUIET,
        )
        seconds = time.perf_counter() - started
        if result.success:
            report.succeeded.append(key)
            progress(f"[{index}/{len(keys)}] {key}: done in {seconds:.1f} s")
        else:
            report.failed[key] = _failure_reason(result)
            progress(
                f"[{index}/{len(keys)}] {key}: FAILED in {seconds:.1f} s: {report.failed[key]}"
            )

    if cross_round and unpartitioned and report.succeeded:
        started = time.perf_counter()
        progress(f"cross-round: materializing {len(unpartitioned)} assets ...")
        result = job.execute_in_process(
            instance=instance,
            asset_selection=unpartitioned,
            raise_on_error=False,
            run_config=QUIET,
        )
        report.cross_round_succeeded = result.success
        seconds = time.perf_counter() - started
        if result.success:
            progress(f"cross-round: done in {seconds:.1f} s")
        else:
            report.cross_round_error = _failure_reason(result)
            progress(f"cross-round: FAILED in {seconds:.1f} s: {report.cross_round_error}")
    return report
