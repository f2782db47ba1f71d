"""The run-failure log: one line per failed run, naming round, step or check and reason, no data."""

from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.definitions import build_definitions
from escp_pipeline.defs.ingest.sensors import survey_round_job
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.resources import project_resources
from escp_pipeline.defs.run_failures import failure_line, failure_log_path, run_failure_log
from escp_pipeline_tests.exports import SMALL_4I_ROUND, write_round

pytestmark = pytest.mark.integration  # runs the round job cut to its first assets

#: The first two assets of a round and their checks: enough for every failure tested here.
UP_TO_CORE = ("raw_survey_export", "core_responses")


def _run_rounds(
    instance: dg.DagsterInstance, data_dir: Path, keys: list[str], assets: tuple[str, ...]
) -> dict[str, bool]:
    """Run the round job as the drop sensor launches it, cut to ``assets`` (and their checks)."""
    instance.add_dynamic_partitions(survey_rounds.name, keys)
    job = build_definitions(data_dir).resolve_job_def(survey_round_job.name)
    selection = [dg.AssetKey(name) for name in assets]
    return {
        key: job.execute_in_process(
            instance=instance, partition_key=key, asset_selection=selection, raise_on_error=False
        ).success
        for key in keys
    }


def _log_failed_runs(instance: dg.DagsterInstance, data_dir: Path) -> list[str]:
    """Run the sensor for every failed run, as the daemon does, and return the log's lines."""
    for record in instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE])):
        failure = instance.all_logs(
            record.dagster_run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE
        )[0].dagster_event
        context = dg.build_run_status_sensor_context(
            sensor_name=run_failure_log.name,
            dagster_instance=instance,
            dagster_run=record.dagster_run,
            dagster_event=failure,
            resources={"data_dir": project_resources(data_dir)["data_dir"]},
        ).for_run_failure()
        run_failure_log(context)
    path = failure_log_path(project_resources(data_dir)["data_dir"])
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_failed_blocking_check_is_logged_with_round_and_check(data_dir: Path) -> None:
    write_round(data_dir / "incoming" / "escp-4i" / "2018-r1.csv")
    broken = {**SMALL_4I_ROUND, "D3": ["3", "", "2", "-3", ""]}
    write_round(data_dir / "incoming" / "escp-4i" / "2019-r2.csv", broken)
    instance = dg.DagsterInstance.ephemeral()
    assert _run_rounds(instance, data_dir, ["escp-4i/2018-r1"], ("raw_survey_export",)) == {
        "escp-4i/2018-r1": True
    }
    assert _run_rounds(instance, data_dir, ["escp-4i/2019-r2"], UP_TO_CORE) == {
        "escp-4i/2019-r2": False
    }

    lines = _log_failed_runs(instance, data_dir)

    assert len(lines) == 1  # the good round is not in the failure log
    line = lines[0]
    assert "partition=escp-4i/2019-r2" in line
    assert "core_responses_match_schema" in line
    assert "blocking asset check failed" in line
    assert "DagsterAssetCheckFailedError" not in line  # the message, not Python's class path
    assert "run=" in line and "job=" in line
    assert line.startswith("20")  # ISO time first, for sorting and grep
    for value in SMALL_4I_ROUND["A5"] + SMALL_4I_ROUND["token"] + SMALL_4I_ROUND["ipaddr"]:
        assert value not in line


def test_refused_export_is_logged_with_our_message(data_dir: Path) -> None:
    columns = {k: v for k, v in SMALL_4I_ROUND.items() if k != "A6"}
    path = data_dir / "incoming" / "escp-4i" / "2019-r2.csv"
    write_round(path, columns)
    text = path.read_text(encoding="utf-8-sig").replace('"A6",', "", 1)
    path.write_text(text, encoding="utf-8-sig")
    instance = dg.DagsterInstance.ephemeral()
    assert _run_rounds(instance, data_dir, ["escp-4i/2019-r2"], UP_TO_CORE) == {
        "escp-4i/2019-r2": False
    }

    lines = _log_failed_runs(instance, data_dir)

    assert len(lines) == 1
    assert "failed=raw_survey_export" in lines[0]
    assert "partition=escp-4i/2019-r2" in lines[0]
    assert "withheld" not in lines[0]  # our own error text is written as it is


def test_unexpected_error_message_is_withheld_as_it_may_quote_data(tmp_path: Path) -> None:
    @dg.op
    def parse_contact() -> None:
        raise ValueError("could not convert string to float: 'escp-p07@example.org'")

    @dg.job
    def parse_job() -> None:
        parse_contact()

    instance = dg.DagsterInstance.ephemeral()
    assert not parse_job.execute_in_process(instance=instance, raise_on_error=False).success

    lines = _log_failed_runs(instance, tmp_path)

    assert len(lines) == 1
    assert "failed=parse_contact" in lines[0]
    assert "ValueError raised in user code" in lines[0]
    assert "example.org" not in lines[0]


def test_a_full_disk_is_logged_with_the_file_it_could_not_write(tmp_path: Path) -> None:
    import errno

    from escp_pipeline.storage.output_files import write_atomically

    target = tmp_path / "warehouse" / "tables" / "option_counts.parquet"

    def full(temporary: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    @dg.op
    def write_counts() -> None:
        write_atomically(target, full)

    @dg.job
    def write_job() -> None:
        write_counts()

    instance = dg.DagsterInstance.ephemeral()
    assert not write_job.execute_in_process(instance=instance, raise_on_error=False).success

    lines = _log_failed_runs(instance, tmp_path)

    assert len(lines) == 1
    assert f"cannot write {target}: No space left on device" in lines[0]
    assert "withheld" not in lines[0]


def test_failure_line_is_one_line_with_a_quoted_reason() -> None:
    from datetime import UTC, datetime

    line = failure_line(
        run_id="abc",
        job_name="survey_round_job",
        partition=None,
        failed_steps=[("core_responses", 'line one\nline "two"')],
        run_message="",
        when=datetime(2019, 5, 20, 10, tzinfo=UTC),
    )
    assert line == (
        "2019-05-20T10:00:00+00:00 run=abc job=survey_round_job partition=- "
        'failed=core_responses reason="core_responses: line one line \\"two\\""'
    )


def test_failure_sensor_is_on_by_default() -> None:
    assert run_failure_log.default_status == dg.DefaultSensorStatus.RUNNING
