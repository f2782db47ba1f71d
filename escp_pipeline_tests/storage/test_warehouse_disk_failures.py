"""A round run on a full or read-only warehouse: the run fails, its error names the file, and no
partial file is left in the warehouse.

The warehouse is a small tmpfs mounted for the test (root only: a chmod-based read-only folder does
not stop root); the tests are skipped with the reason where no tmpfs can be mounted. The file-level
cases (simulated ENOSPC, a folder without write permission) are in ``test_output_files.py``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.definitions import defs
from escp_pipeline.defs.ingest.sensors import survey_round_job
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline_tests.exports import write_round
from escp_pipeline_tests.storage.test_output_files import _mount

pytestmark = pytest.mark.integration  # materializes assets with a Dagster instance

ROUND = "escp-4i/2018-r1"
#: The first two assets of a round: the first writes nothing, the second a core table.
UP_TO_CORE = ("raw_survey_export", "core_responses")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ESCP_DATA_DIR", str(tmp_path))
    write_round(tmp_path / "incoming" / f"{ROUND}.csv")
    return tmp_path


@pytest.fixture
def warehouse_mount(data_dir: Path) -> Iterator[Path]:
    """``<data dir>/warehouse`` as a mount point; the test mounts it, it is unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; test_output_files.py covers a read-only folder")
    warehouse = data_dir / "warehouse"
    warehouse.mkdir()
    try:
        yield warehouse
    finally:
        _mount("umount", "-l", str(warehouse))


def _mount_tmpfs(warehouse: Path, size: str) -> None:
    problem = _mount(
        "mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(warehouse)
    )
    if problem:
        pytest.skip(f"cannot mount a tmpfs here ({problem})")


def _run_round(instance: dg.DagsterInstance) -> list[str]:
    """Run the round job up to the core table; return the failed steps' error messages."""
    instance.add_dynamic_partitions(survey_rounds.name, [ROUND])
    job = defs().resolve_job_def(survey_round_job.name)
    result = job.execute_in_process(
        instance=instance,
        partition_key=ROUND,
        asset_selection=[dg.AssetKey(name) for name in UP_TO_CORE],
        raise_on_error=False,
    )
    assert not result.success
    messages = []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error
            while error is not None:
                messages.append(error.message)
                error = error.cause
    return messages


def _partial_files(warehouse: Path) -> list[str]:
    return sorted(str(p) for p in warehouse.rglob("*") if p.name.endswith(".tmp"))


def test_a_read_only_warehouse_fails_the_run_naming_the_path(warehouse_mount: Path) -> None:
    _mount_tmpfs(warehouse_mount, "1m")
    problem = _mount("mount", "-o", "remount,ro", str(warehouse_mount))
    assert problem is None, problem

    messages = _run_round(dg.DagsterInstance.ephemeral())

    named = [m for m in messages if f"cannot write {warehouse_mount}/" in m]
    assert named, messages
    assert "read-only" in named[0], named[0]
    assert list(warehouse_mount.rglob("*")) == []


def test_a_full_warehouse_disk_fails_the_run_naming_the_path(warehouse_mount: Path) -> None:
    _mount_tmpfs(warehouse_mount, "64k")
    # fill it up but for a few kB: room for the lock files, not for the table
    filler = warehouse_mount / f"filler-{uuid.uuid4().hex[:6]}"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(handle, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(handle)
    os.truncate(filler, filler.stat().st_size - 4 * 4096)

    messages = _run_round(dg.DagsterInstance.ephemeral())

    named = [m for m in messages if f"cannot write {warehouse_mount}/" in m]
    assert named, messages
    assert "No space left on device" in named[0] and "disk is full" in named[0], named[0]
    assert _partial_files(warehouse_mount) == []
    assert sorted(p.suffix for p in warehouse_mount.rglob("*.parquet")) == []
