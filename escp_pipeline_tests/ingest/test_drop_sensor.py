"""The drop sensor on a real temporary folder, ticked with ``build_sensor_context``."""

from __future__ import annotations

import hashlib
import json

import dagster as dg
import pytest

from escp_pipeline.definitions import defs
from escp_pipeline.defs.ingest.sensors import survey_drop_sensor, survey_round_job
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline_tests.ingest.conftest import SensorHarness, SensorLog

EXPORT_A = b'"id","submitdate"\r\n"1","2019-05-20 10:00:00"\r\n'
EXPORT_B = b'"id","submitdate"\r\n"1","2019-05-20 10:00:00"\r\n"2",""\r\n'


def test_new_file_is_run_once_after_it_held_still_for_two_ticks(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)

    first = harness.tick()
    assert first.run_requests == []
    assert "waiting" in str(first.skip_reason)

    second = harness.tick()
    assert [r.partition_key for r in second.run_requests] == ["escp-4i/2019-r2"]
    request = second.run_requests[0]
    assert request.run_key.startswith("escp-4i/2019-r2#1:")
    assert request.tags["escp/drop_file"] == "escp-4i/2019-r2.csv"
    assert second.dynamic_partitions_requests == [
        survey_rounds.build_add_request(["escp-4i/2019-r2"])
    ]
    assert harness.instance.get_dynamic_partitions(survey_rounds.name) == ["escp-4i/2019-r2"]


def test_json_export_is_a_drop_too(harness: SensorHarness) -> None:
    """LimeSurvey's API exports JSON; ``<round>.json`` is a round like ``<round>.csv``."""
    harness.drop("escp-s3/2019-r1.json", b'{"responses": [{"id": 1, "submitdate": ""}]}')
    harness.tick()
    result = harness.tick()
    assert [r.partition_key for r in result.run_requests] == ["escp-s3/2019-r1"]
    assert result.run_requests[0].tags["escp/drop_file"] == "escp-s3/2019-r1.json"


def test_unchanged_file_requests_nothing_on_later_ticks(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)
    harness.tick()
    harness.tick()
    for _ in range(5):
        result = harness.tick()
        assert result.run_requests == []
        assert result.dynamic_partitions_requests == []
        assert result.skip_reason is not None
    assert len(harness.launched) == 1


def test_reexport_with_changed_content_runs_the_round_again(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)
    harness.tick()
    harness.tick()

    harness.drop("escp-4i/2019-r2.csv", EXPORT_B)  # late responses: a re-export
    assert harness.tick().run_requests == []  # changed: wait until it holds still
    rerun = harness.tick()

    assert [r.partition_key for r in rerun.run_requests] == ["escp-4i/2019-r2"]
    assert rerun.run_requests[0].run_key.startswith("escp-4i/2019-r2#2:")
    assert rerun.dynamic_partitions_requests == []  # the round is known already
    assert len(harness.runs_for("escp-4i/2019-r2")) == 2


def test_touched_but_identical_file_does_not_run(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)
    harness.tick()
    harness.tick()

    harness.touch("escp-4i/2019-r2.csv")  # opened and saved without a change
    for _ in range(3):
        assert harness.tick().run_requests == []
    assert len(harness.launched) == 1


def test_reexport_back_to_earlier_content_runs_the_third_time(harness: SensorHarness) -> None:
    """A, then B, then A again: the third export must run, so the run key is not the hash alone."""
    for content in (EXPORT_A, EXPORT_B, EXPORT_A):
        harness.drop("escp-4i/2019-r2.csv", content)
        harness.tick()
        harness.tick()

    runs = harness.runs_for("escp-4i/2019-r2")
    assert len(runs) == 3
    assert runs[0].tags["escp/drop_sha256"] == runs[2].tags["escp/drop_sha256"]
    assert len({r.run_key for r in runs}) == 3


def test_repeated_tick_with_the_same_cursor_makes_the_same_run_key(
    harness: SensorHarness,
) -> None:
    """If the daemon dies after launching but before saving the cursor, the retried tick's run key
    is the one already launched, so Dagster does not launch it twice."""
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)
    harness.tick()
    cursor_before = harness.cursor
    launched = harness.tick().run_requests
    harness.cursor = cursor_before  # the cursor update was lost
    retried = harness.tick().run_requests

    assert [r.run_key for r in retried] == [r.run_key for r in launched]
    assert len(harness.launched) == 1


def test_half_written_file_waits_until_size_and_mtime_hold_still(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A[:10])
    assert harness.tick().run_requests == []
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A[10:20], append=True)  # still being copied
    assert harness.tick().run_requests == []
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A[20:], append=True)
    assert harness.tick().run_requests == []  # last growth seen on this tick

    result = harness.tick()  # held still since the previous tick

    assert len(result.run_requests) == 1
    assert result.run_requests[0].tags["escp/drop_sha256"] == _sha(EXPORT_A)


@pytest.mark.parametrize(
    "name",
    [
        "escp-4i/.2019-r2.csv",
        "escp-4i/~$2019-r2.xlsx",
        "escp-4i/2019-r2.csv.part",
        "escp-4i/2019-r2.csv.tmp",
        ".sync/escp-4i/2019-r2.csv",
    ],
)
def test_temporary_names_are_ignored(harness: SensorHarness, name: str) -> None:
    harness.drop(name, EXPORT_A)
    for _ in range(3):
        result = harness.tick()
        assert result.run_requests == []
        assert "ignored" not in str(result.skip_reason)
    assert harness.instance.get_dynamic_partitions(survey_rounds.name) == []


def test_bad_names_are_skipped_with_a_log_line_and_do_not_stop_other_files(
    harness: SensorHarness, sensor_log: SensorLog
) -> None:
    harness.drop("escp-4i/2019.csv", EXPORT_A)  # not <year>-r<n>
    harness.drop("ESCP_x9/2019-r1.csv", EXPORT_A)  # not a survey name
    harness.drop("escp-s3/2019-r1.pdf", EXPORT_A)  # not csv or xlsx
    harness.drop("2019-r1.csv", EXPORT_A)  # not in a survey folder
    harness.drop("escp-s3/2019-r1.csv", EXPORT_A)  # fine

    harness.tick()
    result = harness.tick()

    assert [r.partition_key for r in result.run_requests] == ["escp-s3/2019-r1"]
    warnings = sensor_log.warnings()
    for bad in ("escp-4i/2019.csv", "ESCP_x9/2019-r1.csv", "escp-s3/2019-r1.pdf", "2019-r1.csv"):
        assert sum(w.startswith(f"skipped {bad}:") for w in warnings) == 1, bad  # logged once
    assert any("survey folder 'ESCP_x9' is not a survey name" in w for w in warnings)

    idle = harness.tick()  # the visible record stays on every idle tick, in the skip reason
    assert "4 file(s) ignored because of their name" in str(idle.skip_reason)
    assert "ESCP_x9/2019-r1.csv" in str(idle.skip_reason)
    assert sensor_log.warnings() == warnings  # not logged again


def test_two_hundred_files_at_once_each_run_exactly_once_within_four_ticks(
    harness: SensorHarness,
) -> None:
    keys = set()
    for index in range(200):
        survey = "escp-4i" if index % 2 else "escp-s3"
        name = f"{survey}/{1900 + index}-r{1 + index % 7}.csv"
        harness.drop(name, EXPORT_A + str(index).encode())
        keys.add(f"{survey}/{1900 + index}-r{1 + index % 7}")

    requested: list[str] = []
    for _ in range(4):
        requested += [r.partition_key for r in harness.tick().run_requests]
    for _ in range(3):  # and nothing more afterwards
        assert harness.tick().run_requests == []

    assert sorted(requested) == sorted(keys)  # each exactly once
    assert set(harness.instance.get_dynamic_partitions(survey_rounds.name)) == keys
    assert len(harness.launched) == 200


def test_restart_with_the_serialised_cursor_keeps_what_was_run(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)
    harness.drop("escp-s3/2019-r1.csv", EXPORT_A)
    harness.tick()
    harness.tick()
    saved = json.loads(json.dumps(harness.cursor))  # stored as text by the instance

    restarted = SensorHarness(
        harness.data_dir,
        harness.instance,
        cursor=saved,
        launched=list(harness.launched),
        clock_ns=harness.clock_ns,
    )
    assert restarted.tick().run_requests == []
    restarted.drop("escp-4i/2019-r2.csv", EXPORT_B)
    restarted.tick()
    rerun = restarted.tick().run_requests

    assert [r.partition_key for r in rerun] == ["escp-4i/2019-r2"]
    assert rerun[0].run_key.startswith("escp-4i/2019-r2#2:")


def test_daemon_killed_mid_burst_loses_no_round_and_runs_none_twice(
    harness: SensorHarness,
) -> None:
    """SIGKILL while the tick of a burst was launching its runs: one run was launched, the tick (and
    its cursor) was never stored. Meanwhile a round was re-exported and a new one dropped. After the
    restart every round runs once per content, the interrupted ones with the run keys the lost tick
    had requested."""
    rounds = ["escp-4i/2019-r2", "escp-4i/2020-r3", "escp-s3/2019-r1"]
    for key in rounds:
        harness.drop(f"{key}.csv", EXPORT_A)
    harness.tick()
    before_kill = harness.cursor
    requested = harness.tick().run_requests
    assert sorted(r.partition_key for r in requested) == sorted(rounds)
    launched_before_kill = [r for r in harness.launched if r.partition_key == rounds[0]]

    # while the daemon is down: a re-export of a launched round, a new round
    harness.drop(f"{rounds[0]}.csv", EXPORT_B)
    harness.drop("escp-s3/2020-r2.csv", EXPORT_A)
    restarted = SensorHarness(
        harness.data_dir,
        harness.instance,
        cursor=json.loads(json.dumps(before_kill)),
        launched=launched_before_kill,
        clock_ns=harness.clock_ns,
    )
    for _ in range(4):
        restarted.tick()

    keys = [r.run_key for r in restarted.launched]
    assert len(keys) == len(set(keys))  # nothing launched twice
    by_round = {key: restarted.runs_for(key) for key in [*rounds, "escp-s3/2020-r2"]}
    # the re-exported round: its first content (launched before the kill), then its new content
    hashes = [r.tags["escp/drop_sha256"] for r in by_round[rounds[0]]]
    assert len(hashes) == 2
    assert hashlib.sha256(EXPORT_A).hexdigest().startswith(hashes[0])
    assert hashlib.sha256(EXPORT_B).hexdigest().startswith(hashes[1])
    # the rounds whose runs the kill interrupted: launched once, with the lost tick's run keys
    lost = {r.partition_key: r.run_key for r in requested if r.partition_key != rounds[0]}
    for key, run_key in lost.items():
        assert [r.run_key for r in by_round[key]] == [run_key]
    assert len(by_round["escp-s3/2020-r2"]) == 1


def test_unreadable_cursor_starts_afresh_without_relaunching(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)
    harness.tick()
    harness.tick()
    harness.cursor = "not json"
    harness.tick()
    result = harness.tick()
    # the same content under generation 1 again: the run key Dagster has already launched
    assert [r.run_key for r in result.run_requests] == [harness.launched[0].run_key]
    assert len(harness.launched) == 1


def test_newest_of_two_files_of_a_round_is_the_current_export(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT_A)
    harness.tick()
    harness.tick()
    harness.drop("escp-4i/2019-r2.xlsx", EXPORT_B)  # a later export in the other format
    harness.tick()
    result = harness.tick()
    assert [r.tags["escp/drop_file"] for r in result.run_requests] == ["escp-4i/2019-r2.xlsx"]


def test_round_job_selects_every_asset_partitioned_by_survey_round() -> None:
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    partitioned = {
        key
        for key in graph.materializable_asset_keys
        if graph.get(key).partitions_def == survey_rounds
    }
    job = definitions.resolve_job_def(survey_round_job.name)
    assert {"raw_survey_export", "core_responses", "respondents"} <= {
        k.to_user_string() for k in partitioned
    }
    assert set(job.asset_layer.selected_asset_keys) == partitioned
    assert job.partitions_def == survey_rounds
    checks = set(job.asset_layer.asset_graph.asset_check_keys)
    assert dg.AssetCheckKey(dg.AssetKey("core_responses"), "core_responses_match_schema") in checks


def test_sensor_is_on_by_default_and_targets_the_round_job() -> None:
    definitions = defs()
    sensor = definitions.resolve_sensor_def(survey_drop_sensor.name)
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.job_name == survey_round_job.name


def _sha(content: bytes) -> str:
    import hashlib

    from escp_pipeline.ingest.files import HASH_CHARS

    return hashlib.sha256(content).hexdigest()[:HASH_CHARS]
