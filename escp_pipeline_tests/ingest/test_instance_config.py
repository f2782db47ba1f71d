"""The instance configurations: SQLite under DAGSTER_HOME, and PostgreSQL against a real server.

The PostgreSQL test starts a private, throw-away server from Debian's ``postgresql`` binaries on a
free loopback port (as the ``postgres`` user when the tests run as root) and stops it afterwards;
where the binaries or ``dagster-postgres`` are missing it is skipped, saying so.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.definitions import build_definitions
from escp_pipeline.defs.ingest.sensors import survey_round_job
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline_tests.exports import write_round
from escp_pipeline_tests.ingest.conftest import SensorHarness

pytestmark = pytest.mark.integration  # opens SQLite (and PostgreSQL, e2e) instances and runs a job

ROOT = Path(__file__).resolve().parents[2]


def _instance_from(config: Path, home: Path) -> dg.DagsterInstance:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(config, home / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(home))


def test_project_instance_keeps_sqlite_storage_in_dagster_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / ".dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with _instance_from(ROOT / "dagster.yaml", home) as instance:
        instance.add_dynamic_partitions(survey_rounds.name, ["escp-4i/2019-r2"])
        assert type(instance.run_storage).__name__ == "SqliteRunStorage"
        queue = instance.run_coordinator.get_run_queue_config()
        assert queue.max_concurrent_runs == 2
        assert queue.tag_concurrency_limits == [
            {"key": "dagster/partition", "value": {"applyLimitPerUniqueValue": True}, "limit": 1},
            # one cross-round refresh at a time (two would write the same figures and report)
            {"key": "dagster/from_automation_condition", "limit": 1},
        ]
        # a run whose worker died with the daemon does not stay STARTED for ever
        assert instance.run_monitoring_enabled
        assert instance.run_monitoring_max_runtime_seconds > 0
        assert not instance.telemetry_enabled
    assert (home / "history" / "runs.db").exists()
    assert (home / "schedules" / "schedules.db").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="module")
def postgres_env() -> Iterator[dict[str, str]]:
    """Connection settings (``DAGSTER_PG_*``) of a PostgreSQL server the test may use."""
    pytest.importorskip(
        "dagster_postgres",
        reason="dagster-postgres is not installed (pip install -e '.[postgres]')",
    )
    names = ("HOST", "PORT", "USERNAME", "PASSWORD", "DB")
    if all(os.environ.get(f"DAGSTER_PG_{name}") for name in names):  # a server given from outside
        yield {f"DAGSTER_PG_{name}": os.environ[f"DAGSTER_PG_{name}"] for name in names}
        return
    binaries = _postgres_binaries()
    if binaries is None:
        pytest.skip(
            "no PostgreSQL server to test against: install Debian's postgresql package "
            "(.ci/run does in CI) or set DAGSTER_PG_HOST, _PORT, _USERNAME, _PASSWORD, _DB"
        )
    # initdb refuses to run as root: as root, the server runs as Debian's `postgres` user, in a
    # folder it owns, started from that folder (it may not enter the test's working directory).
    user = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="escp-pg-"))
    data, password, port = folder / "data", "escp-test-password", _free_port()

    def run(*args: str) -> None:
        subprocess.run(
            [str(binaries / args[0]), *args[1:]],
            check=True,
            user=user,
            cwd=folder,
            capture_output=True,
            timeout=120,
            env={**os.environ, "PGPASSWORD": password},
        )

    try:
        (folder / "pw").write_text(password)
        if user:
            shutil.chown(folder, user=user)
            shutil.chown(folder / "pw", user=user)
        run(
            "initdb",
            "-D",
            str(data),
            "-U",
            "dagster",
            "--auth=scram-sha-256",
            f"--pwfile={folder / 'pw'}",
            "--encoding=UTF8",
            "--no-sync",
        )
        run(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off",
            "start",
        )
    except (subprocess.SubprocessError, OSError, LookupError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        detail = getattr(error, "stderr", b"") or b""
        pytest.skip(f"could not start a PostgreSQL server: {error} {detail.decode()[-300:]}")
    try:
        run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "dagster", "escp_dagster")
        yield {
            "DAGSTER_PG_HOST": "127.0.0.1",
            "DAGSTER_PG_PORT": str(port),
            "DAGSTER_PG_USERNAME": "dagster",
            "DAGSTER_PG_PASSWORD": password,
            "DAGSTER_PG_DB": "escp_dagster",
        }
    finally:
        subprocess.run(
            [str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            user=user,
            cwd=folder,
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.e2e  # a PostgreSQL server
def test_postgres_instance_runs_a_dropped_round(
    postgres_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented PostgreSQL configuration: sensor tick, partition, run, all in PostgreSQL."""
    for name, value in postgres_env.items():
        monkeypatch.setenv(name, value)
    data_dir = tmp_path / "data"
    write_round(data_dir / "incoming" / "escp-4i" / "2019-r2.csv")
    home = tmp_path / "home"

    with _instance_from(ROOT / "deploy" / "dagster-postgres.yaml", home) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 4
        harness = SensorHarness(data_dir, instance)
        harness.tick()
        assert [r.partition_key for r in harness.tick().run_requests] == ["escp-4i/2019-r2"]
        # the round job as the sensor would launch it, cut to its first asset: this tests the
        # instance, not the pipeline
        job = build_definitions(data_dir).resolve_job_def(survey_round_job.name)
        result = job.execute_in_process(
            instance=instance,
            partition_key="escp-4i/2019-r2",
            asset_selection=[dg.AssetKey("raw_survey_export")],
        )
        assert result.success

    # a second process (the webserver, the daemon) sees the same partitions and runs
    with dg.DagsterInstance.from_config(str(home)) as other:
        assert other.get_dynamic_partitions(survey_rounds.name) == ["escp-4i/2019-r2"]
        runs = other.get_runs(dg.RunsFilter(tags={"dagster/partition": "escp-4i/2019-r2"}))
        assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS]
