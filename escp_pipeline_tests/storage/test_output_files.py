"""Output files: the umask's permissions, whole or not at all, a clear error on a full or read-only
disk.

The full-disk and read-only cases use a small tmpfs mounted for the test when the test runs as root
and ``mount`` works (CI runs as root, and a chmod-based read-only folder does not stop root); as
another user, the read-only case uses a folder without write permission and the full-disk case is
skipped with the reason. ENOSPC is also simulated, by a writer that raises it, everywhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.storage.output_files import (
    OutputWriteError,
    write_atomically,
    write_bytes_atomically,
)
from escp_pipeline.storage.warehouse import read_table, write_round_rows, write_table

TABLE = pd.DataFrame({"survey": ["escp-4i"] * 3, "round": ["2019-r2"] * 3, "n": [1, 2, 3]})


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_tables_figures_and_text_get_the_umask_permissions(tmp_path: Path, umask_022) -> None:
    table = tmp_path / "tables" / "option_counts.parquet"
    write_table(TABLE, table)
    assert _mode(table) == 0o644
    rows = tmp_path / "tables" / "respondents.parquet"
    write_round_rows(TABLE, rows, [("escp-4i", "2019-r2")])
    assert _mode(rows) == 0o644
    figure = write_bytes_atomically(tmp_path / "figures" / "b1.png", b"\x89PNG")
    assert _mode(figure) == 0o644
    assert _leftovers(tmp_path / "tables") == []


def test_a_group_umask_gives_group_writable_files(tmp_path: Path) -> None:
    previous = os.umask(0o002)
    try:
        path = write_bytes_atomically(tmp_path / "report.html", b"<html></html>")
    finally:
        os.umask(previous)
    assert _mode(path) == 0o664


def test_the_report_and_workbook_get_the_umask_permissions(tmp_path: Path, umask_022) -> None:
    from escp_pipeline.publish.workbook import write_workbook

    workbook = write_workbook({"option_counts": TABLE}, tmp_path / "report" / "escp.xlsx")
    assert _mode(workbook) == 0o644
    assert _leftovers(tmp_path / "report") == []


def test_a_full_disk_names_the_file_and_keeps_the_old_table(tmp_path: Path) -> None:
    """ENOSPC simulated: the writer raises it half-way, as pyarrow does on a full disk."""
    path = tmp_path / "option_counts.parquet"
    write_table(TABLE, path)

    def half_then_full(temporary: Path) -> None:
        temporary.write_bytes(b"PAR1 half a table")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OutputWriteError, match=r"option_counts\.parquet.*disk is full") as raised:
        write_atomically(path, half_then_full)
    assert raised.value.errno == errno.ENOSPC
    assert str(path) in str(raised.value)
    assert _leftovers(tmp_path) == []
    pd.testing.assert_frame_equal(read_table(path), TABLE)


def test_a_failing_writer_leaves_no_file_behind(tmp_path: Path) -> None:
    def broken(temporary: Path) -> None:
        temporary.write_bytes(b"partial")
        raise ValueError("not an OS error")

    with pytest.raises(ValueError, match="not an OS error"):
        write_atomically(tmp_path / "new.parquet", broken)
    assert list(tmp_path.iterdir()) == []


# --- a real tmpfs -------------------------------------------------------------------------------


def _mount(*arguments: str) -> str | None:
    """Run mount/umount; None on success, else why it failed."""
    command = shutil.which(arguments[0])
    if command is None:
        return f"{arguments[0]} is not installed"
    result = subprocess.run([command, *arguments[1:]], capture_output=True, text=True, check=False)
    return None if result.returncode == 0 else result.stderr.strip() or "failed"


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 kB tmpfs mounted for this test (root only), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the full-disk case is simulated above")
    mountpoint = tmp_path / f"tmpfs-{uuid.uuid4().hex[:8]}"
    mountpoint.mkdir()
    problem = _mount("mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", str(mountpoint))
    if problem:
        pytest.skip(f"cannot mount a tmpfs here ({problem}); the full-disk case is simulated")
    try:
        yield mountpoint
    finally:
        _mount("umount", "-l", str(mountpoint))


def test_a_real_full_disk_fails_with_the_path_and_leaves_no_partial_file(
    tiny_tmpfs: Path,
) -> None:
    path = tiny_tmpfs / "tables" / "big.parquet"
    big = pd.DataFrame({"text": [uuid.uuid4().hex * 8 for _ in range(20_000)]})
    with pytest.raises(OutputWriteError, match=r"big\.parquet") as raised:
        write_table(big, path)
    assert raised.value.errno == errno.ENOSPC
    assert not path.exists()
    assert _leftovers(path.parent) == []


def test_a_read_only_warehouse_fails_with_the_path_and_keeps_the_old_file(
    tmp_path: Path,
) -> None:
    if os.geteuid() == 0:
        mountpoint = tmp_path / "ro"
        mountpoint.mkdir()
        problem = _mount("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mountpoint))
        if problem:
            pytest.skip(f"root ignores file modes and no tmpfs can be mounted here ({problem})")
        tables = mountpoint / "tables"
    else:
        mountpoint, tables = None, tmp_path / "tables"
    try:
        path = tables / "option_counts.parquet"
        write_table(TABLE, path)
        if mountpoint is not None:
            problem = _mount("mount", "-o", "remount,ro", str(mountpoint))
            assert problem is None, problem
        else:
            tables.chmod(0o555)
        with pytest.raises(OutputWriteError, match=r"option_counts\.parquet") as raised:
            write_table(TABLE.iloc[:1], path)
        assert raised.value.errno in (errno.EROFS, errno.EACCES)
        assert "run again" in str(raised.value) or "permissions" in str(raised.value)
        pd.testing.assert_frame_equal(pd.read_parquet(path), TABLE)
        assert _leftovers(tables) == []
    finally:
        if mountpoint is not None:
            _mount("umount", "-l", str(mountpoint))
        else:
            tables.chmod(0o755)
