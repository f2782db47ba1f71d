"""The drop sensor treats a round's ``.lss`` and ``survey.yaml`` as part of the round."""

from __future__ import annotations

from pathlib import Path

from escp_pipeline.contract.drops import list_drops
from escp_pipeline.ingest.files import FileHash, FileStat
from escp_pipeline.ingest.watch import DropCursor, evaluate_tick
from escp_pipeline_tests.ingest.conftest import SensorHarness

EXPORT = b'"id","submitdate"\r\n"1","2019-05-20 10:00:00"\r\n'
LSS_A = b'<?xml version="1.0"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>'
LSS_B = LSS_A.replace(b"Survey<", b"Survey <")
INCOMING = Path("/data/incoming")


def _settle(harness: SensorHarness) -> None:
    for _ in range(2):
        harness.tick()


def test_lss_dropped_beside_a_known_round_reruns_that_round(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT)
    _settle(harness)
    assert len(harness.runs_for("escp-4i/2019-r2")) == 1

    harness.drop("escp-4i/2019-r2.lss", LSS_A)
    assert harness.tick().run_requests == []  # the .lss waits until it holds still
    rerun = harness.tick()
    assert [r.partition_key for r in rerun.run_requests] == ["escp-4i/2019-r2"]
    assert rerun.run_requests[0].run_key.startswith("escp-4i/2019-r2#2:")
    assert rerun.skip_reason is None

    harness.drop("escp-4i/2019-r2.lss", LSS_B)  # a changed questionnaire
    _settle(harness)
    assert len(harness.runs_for("escp-4i/2019-r2")) == 3
    _settle(harness)  # and nothing more while nothing changes
    assert len(harness.runs_for("escp-4i/2019-r2")) == 3


def test_lss_alone_requests_nothing_and_is_no_bad_name(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2020-r3.lss", LSS_A)
    harness.drop("escp-4i/survey.yaml", b"title: ESCP-4i\n")
    for _ in range(3):
        result = harness.tick()
        assert result.run_requests == []
        assert "ignored because of their name" not in str(result.skip_reason)
    assert harness.instance.get_dynamic_partitions("survey_rounds") == []
    assert list_drops(harness.incoming) == ({}, [])


def test_round_and_its_lss_dropped_together_run_once(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT)
    harness.drop("escp-4i/2019-r2.lss", LSS_A)
    for _ in range(4):
        harness.tick()
    assert len(harness.runs_for("escp-4i/2019-r2")) == 1


def test_changed_survey_yaml_reruns_every_round_of_its_survey(harness: SensorHarness) -> None:
    harness.drop("escp-4i/2019-r2.csv", EXPORT)
    harness.drop("escp-4i/2020-r3.csv", EXPORT + b'"2",""\r\n')
    harness.drop("escp-s3/2019-r1.csv", EXPORT)
    _settle(harness)
    assert len(harness.launched) == 3

    harness.drop("escp-4i/survey.yaml", b"title: ESCP-4i\n")
    _settle(harness)
    assert sorted(r.partition_key for r in harness.launched[3:]) == [
        "escp-4i/2019-r2",
        "escp-4i/2020-r3",
    ]


def test_lss_of_an_earlier_round_reruns_the_later_rounds() -> None:
    listing = [
        FileStat("escp-4i/2019-r2.csv", 10, 1),
        FileStat("escp-4i/2020-r3.csv", 10, 1),
        FileStat("escp-4i/2021-r4.csv", 10, 1),
        FileStat("escp-4i/2021-r4.lss", 10, 1),
    ]
    hashes = {"escp-4i/2021-r4.lss": "c" * 32}

    def hasher(path: str) -> FileHash:
        return FileHash(hashes.get(path, path[-12:].rjust(32, "0")), 10, 10, 1)

    before = evaluate_tick(listing, DropCursor(), hasher, INCOMING)
    before = evaluate_tick(listing, before.cursor, hasher, INCOMING)
    assert len(before.requests) == 3
    # the r2 export alone: its round's content is the export's hash, as before .lss files
    assert before.cursor.rounds["escp-4i/2019-r2"].sha256 == hasher("escp-4i/2019-r2.csv").sha256

    listing.append(FileStat("escp-4i/2019-r2.lss", 10, 1))  # r2's questionnaire arrives
    after = evaluate_tick(listing, before.cursor, hasher, INCOMING)
    after = evaluate_tick(listing, after.cursor, hasher, INCOMING)
    # r2 reruns; so does r3, whose questionnaire it now is, and r4, whose changes compare with r3's
    assert sorted(r.partition_key for r in after.requests) == [
        "escp-4i/2019-r2",
        "escp-4i/2020-r3",
        "escp-4i/2021-r4",
    ]
    listing.append(FileStat("escp-4i/2022-r5.lss", 10, 1))  # a later round's .lss, no responses
    later = evaluate_tick(listing, after.cursor, hasher, INCOMING)
    later = evaluate_tick(listing, later.cursor, hasher, INCOMING)
    assert later.requests == []


def test_the_round_job_runs_the_questionnaire_assets_and_their_checks() -> None:
    import dagster as dg

    from escp_pipeline.definitions import defs
    from escp_pipeline.defs.ingest.sensors import survey_round_job

    job = defs().resolve_job_def(survey_round_job.name)
    selected = {key.to_user_string() for key in job.asset_layer.selected_asset_keys}
    assert {"questionnaire", "questionnaire_changes"} <= selected
    checks = set(job.asset_layer.asset_graph.asset_check_keys)
    assert dg.AssetCheckKey(dg.AssetKey("questionnaire"), "partnerships_are_in_the_registry") in (
        checks
    )


def test_a_lss_not_named_after_a_round_is_still_a_bad_name(harness: SensorHarness) -> None:
    harness.drop("escp-4i/questionnaire.lss", LSS_A)
    harness.drop("escp-4i/2019-r2.LSS.bak", LSS_A)
    drops, problems = list_drops(harness.incoming)
    assert drops == {}
    assert len(problems) == 2 and all("rename it" in problem for problem in problems)
    assert "2 file(s) ignored because of their name" in str(harness.tick().skip_reason)
