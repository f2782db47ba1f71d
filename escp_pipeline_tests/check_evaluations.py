"""The asset-check evaluations a Dagster instance recorded, read back for the tests' assertions."""

from __future__ import annotations

import dagster as dg


def check_evaluations(instance: dg.DagsterInstance) -> list[dg.AssetCheckEvaluation]:
    """Every check evaluation of every run of ``instance``, runs in the order they were created."""
    records = sorted(instance.get_run_records(), key=lambda record: record.create_timestamp)
    return [
        entry.dagster_event.event_specific_data  # type: ignore[union-attr,misc]
        for record in records
        for entry in instance.all_logs(
            record.dagster_run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        )
    ]


def failed_error_checks(
    evaluations: list[dg.AssetCheckEvaluation],
) -> list[dg.AssetCheckEvaluation]:
    """The evaluations of ERROR-severity checks that failed."""
    return [e for e in evaluations if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
