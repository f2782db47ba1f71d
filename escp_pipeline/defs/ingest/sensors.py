"""The drop sensor: a new or re-exported survey file in ``incoming/`` runs its round, exactly once.

The decisions (what changed, what is stable, what to run) are in ``escp_pipeline.ingest.watch``;
this module turns them into one ``SensorResult``: the new rounds as dynamic partitions, one run
request per round, the cursor, and log lines for files skipped by name (shown with the sensor's
ticks in the UI).

A round's ``.lss`` files and its survey's ``survey.yaml`` are part of the round's content
(``ingest.watch.evaluate_tick``): dropping or changing them reruns the round; a ``.lss`` without
responses runs nothing.
"""

import dagster as dg

from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.ingest.watch import (
    DropCursor,
    TickOutcome,
    evaluate_tick,
    sensor_interval_seconds,
)
from escp_pipeline.storage.resources import DropFolder

#: Every asset partitioned by survey round (ingest, validate and per-round analysis, with their
#: checks), however many other modules add: the only dynamic partitions in the project are rounds,
#: and an asset job over two partitions definitions fails to load, loudly, should that ever change.
ROUND_ASSETS = dg.AssetSelection.from_string('partitions:"dynamic"')

survey_round_job = dg.define_asset_job(
    name="survey_round_job",
    selection=ROUND_ASSETS,
    description="Every per-round asset and check for one survey round (one partition of "
    "survey_rounds). The drop sensor launches it; cross-round assets follow by automation.",
)

DROP_TAGS = ("escp/drop_file", "escp/drop_sha256", "escp/drop_generation")


@dg.sensor(
    name="survey_drop_sensor",
    job=survey_round_job,
    minimum_interval_seconds=sensor_interval_seconds(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Watches <data dir>/incoming/<survey>/<round>.csv|xlsx|json. A file that held still "
        "between two ticks is hashed; a new round, or a round whose content changed (a "
        "re-export), is added as a partition and run once. Temporary names are ignored; badly "
        "named files are skipped and named in the tick log and skip reason."
    ),
)
def survey_drop_sensor(
    context: dg.SensorEvaluationContext, drop_folder: DropFolder
) -> dg.SensorResult:
    """One tick: list by stat, hash what is new and still, request runs for changed rounds."""
    try:
        cursor = DropCursor.from_json(context.cursor)
    except ValueError as error:
        # Starting afresh is safe: every file is hashed again, and rounds whose content was run
        # before get the run key of generation 1 again, which Dagster will not launch twice.
        context.log.warning(f"drop sensor cursor unreadable ({error}); starting from an empty one")
        cursor = DropCursor()
    outcome = evaluate_tick(drop_folder.scan(), cursor, drop_folder.hash, drop_folder.incoming)

    for skipped in outcome.newly_skipped:
        context.log.warning(f"skipped {skipped.path}: {skipped.reason}")
    for path in outcome.unreadable:
        context.log.warning(f"could not read {path}; will try again on the next tick")
    context.log.info(outcome.summary())

    existing = set(context.instance.get_dynamic_partitions(survey_rounds.name))
    new_rounds = sorted({r.partition_key for r in outcome.requests} - existing)
    run_requests = [
        dg.RunRequest(
            run_key=request.run_key,
            partition_key=request.partition_key,
            tags=dict(
                zip(DROP_TAGS, (request.file, request.sha256, str(request.generation)), strict=True)
            ),
        )
        for request in outcome.requests
    ]
    for request in outcome.requests:
        kind = "new round" if request.partition_key in new_rounds else "changed content"
        context.log.info(
            f"run {request.partition_key} ({kind}) for {request.file}, run key {request.run_key}"
        )
    if not run_requests:
        return dg.SensorResult(skip_reason=_skip_reason(outcome), cursor=outcome.cursor.to_json())
    return dg.SensorResult(
        run_requests=run_requests,
        dynamic_partitions_requests=(
            [survey_rounds.build_add_request(new_rounds)] if new_rounds else []
        ),
        cursor=outcome.cursor.to_json(),
    )


def _skip_reason(outcome: TickOutcome) -> str:
    parts = ["no new or changed survey drops"]
    if outcome.waiting or outcome.deferred:
        parts.append(
            f"{len(outcome.waiting) + len(outcome.deferred)} file(s) waiting to hold still or "
            "to be read"
        )
    if outcome.skipped:
        names = ", ".join(s.path for s in outcome.skipped[:5])
        more = f" and {len(outcome.skipped) - 5} more" if len(outcome.skipped) > 5 else ""
        parts.append(
            f"{len(outcome.skipped)} file(s) ignored because of their name: {names}{more} "
            "(expected incoming/<survey>/<year>-r<n>.csv, .xlsx or .json; see the tick log)"
        )
    return "; ".join(parts)
