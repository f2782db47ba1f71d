"""How cross-round assets, figures and the report refresh by themselves after a round changes.

The drop sensor runs a round's own assets (``defs/ingest/sensors.py``). Everything that reads every
round (comparisons, report claims, figures, the report) declares ``automation_condition=
CROSS_ROUND_REFRESH`` and the automation sensor below, on by default, evaluates it.

Why not plain ``AutomationCondition.eager()``: eager waits while *any* upstream partition is
missing, and a round whose export failed validation stays missing downstream of its blocking check,
so one bad round would stop the refresh of every good one. ``CROSS_ROUND_REFRESH`` is eager without
that clause:

- it fires after any upstream round (or upstream cross-round asset) was updated, once per update,
  also when the update happened while it could not run;
- it waits while any upstream round is queued or running, and while it is itself in progress: three
  drops at once refresh each cross-round asset once, after the last round it reads;
- a missing or failed round does not hold it back; the refresh covers the rounds that succeeded;
- a run that already materializes the asset together with its parent does not trigger it again.
"""

import dagster as dg

from escp_pipeline.ingest.watch import sensor_interval_seconds

CROSS_ROUND_REFRESH = (
    dg.AutomationCondition.eager()
    .without(~dg.AutomationCondition.any_deps_missing())
    .with_label("cross_round_refresh")
)

automation_sensor = dg.AutomationConditionSensorDefinition(
    name="cross_round_automation",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=sensor_interval_seconds(),
    description="Evaluates the automation conditions of every asset (cross-round tables, figures, "
    "report: cross_round_refresh) and launches the refresh runs.",
)
