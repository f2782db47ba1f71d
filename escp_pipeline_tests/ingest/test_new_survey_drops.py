"""A survey the project does not ship: its rounds run once a ``.lss`` gives their questionnaire."""

from __future__ import annotations

from escp_pipeline_tests.ingest.conftest import SensorHarness, SensorLog

EXPORT = b'"id","submitdate"\r\n"1","2024-05-20 10:00:00"\r\n'
LSS = b'<?xml version="1.0"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>'


def _settle(harness: SensorHarness) -> None:
    for _ in range(2):
        harness.tick()


def test_a_new_survey_round_waits_for_its_lss_then_runs(
    harness: SensorHarness, sensor_log: SensorLog
) -> None:
    harness.drop("pilot-survey/2024-r1.csv", EXPORT)
    _settle(harness)
    assert harness.runs_for("pilot-survey/2024-r1") == []
    warnings = sensor_log.warnings()
    message = [w for w in warnings if w.startswith("skipped pilot-survey/2024-r1.csv:")]
    assert len(message) == 1  # logged once
    assert (
        "add LimeSurvey's survey structure export beside it as pilot-survey/2024-r1.lss"
        in (message[0])
    )

    harness.drop("pilot-survey/2024-r1.lss", LSS)
    _settle(harness)
    assert len(harness.runs_for("pilot-survey/2024-r1")) == 1
    # a later round without its own .lss uses the earlier one's and runs at once
    harness.drop("pilot-survey/2025-r2.csv", EXPORT)
    _settle(harness)
    assert len(harness.runs_for("pilot-survey/2025-r2")) == 1
    _settle(harness)
    assert len(harness.runs_for("pilot-survey/2024-r1")) == 1
