"""The sensor's pure logic: what a tick reads, the hashing budget, the cursor's JSON."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from escp_pipeline.ingest.files import FileHash, FileStat, scan_folder
from escp_pipeline.ingest.watch import (
    DropCursor,
    LocalDropFolder,
    evaluate_tick,
    sensor_interval_seconds,
)

INCOMING = Path("/data/incoming")


def _write(folder: Path, relative: str, content: bytes, mtime_s: int) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, ns=(mtime_s * 10**9, mtime_s * 10**9))


def test_a_tick_over_a_thousand_unchanged_files_reads_no_byte(tmp_path: Path) -> None:
    for index in range(1000):
        _write(tmp_path, f"escp-4i/{1000 + index}-r1.csv", b"x" * 100, 1_700_000_000)
    folder = LocalDropFolder(tmp_path)
    first = folder.tick(DropCursor(), max_hash_files=1000)
    second = folder.tick(first.cursor, max_hash_files=1000)
    assert (first.bytes_read, second.bytes_read) == (0, 100_000)
    assert len(second.requests) == 1000

    _write(tmp_path, "escp-4i/1000-r1.csv", b"y" * 100, 1_700_000_100)  # one re-export
    third = folder.tick(second.cursor)
    fourth = folder.tick(third.cursor)
    fifth = folder.tick(fourth.cursor)

    assert (third.files_listed, third.files_hashed, third.bytes_read) == (1000, 0, 0)
    assert (fourth.files_hashed, fourth.bytes_read) == (1, 100)
    assert [r.partition_key for r in fourth.requests] == ["escp-4i/1000-r1"]
    assert (fifth.files_hashed, fifth.bytes_read, fifth.requests) == (0, 0, [])


def test_hashing_is_bounded_per_tick_and_always_makes_progress() -> None:
    listing = [FileStat(f"escp-4i/{2000 + i}-r1.csv", 600, 1) for i in range(10)]
    read: list[str] = []

    def hasher(path: str) -> FileHash:
        read.append(path)
        return FileHash(path[-20:].rjust(32, "0"), 600, 600, 1)

    cursor = evaluate_tick(listing, DropCursor(), hasher, INCOMING).cursor
    ticks = []
    while len(read) < 10:
        outcome = evaluate_tick(
            listing, cursor, hasher, INCOMING, max_hash_files=4, max_hash_bytes=1000
        )
        cursor = outcome.cursor
        ticks.append((outcome.files_hashed, len(outcome.deferred), len(outcome.requests)))
    # 1000 bytes hold one 600-byte file, but one file is always read even over the budget
    assert ticks[0] == (1, 9, 1)
    assert len(ticks) == 10
    assert sorted(read) == sorted(stat.path for stat in listing)


def test_file_written_to_while_it_is_read_waits_again() -> None:
    stat = FileStat("escp-4i/2019-r2.csv", 10, 1)
    cursor = evaluate_tick([stat], DropCursor(), _unused, INCOMING).cursor
    grew = evaluate_tick([stat], cursor, lambda _: FileHash("a" * 32, 12, 12, 2), INCOMING)
    assert grew.requests == []
    assert grew.waiting == ["escp-4i/2019-r2.csv"]
    grown = FileStat("escp-4i/2019-r2.csv", 12, 2)
    done = evaluate_tick([grown], grew.cursor, lambda _: FileHash("b" * 32, 12, 12, 2), INCOMING)
    assert [(r.partition_key, r.sha256) for r in done.requests] == [("escp-4i/2019-r2", "b" * 32)]


def test_vanished_file_is_forgotten_and_the_round_kept() -> None:
    stat = FileStat("escp-4i/2019-r2.csv", 10, 1)
    cursor = evaluate_tick([stat], DropCursor(), _unused, INCOMING).cursor

    def gone(_: str) -> FileHash:
        raise FileNotFoundError("escp-4i/2019-r2.csv")

    outcome = evaluate_tick([stat], cursor, gone, INCOMING)
    assert outcome.unreadable == ["escp-4i/2019-r2.csv"]
    assert outcome.cursor.files == {}
    ran = evaluate_tick([stat], cursor, lambda _: FileHash("c" * 32, 10, 10, 1), INCOMING)
    emptied = evaluate_tick([], ran.cursor, _unused, INCOMING)
    assert emptied.cursor.rounds == ran.cursor.rounds  # the generation survives a removed file


def test_cursor_round_trips_through_json_and_refuses_foreign_text() -> None:
    stat = FileStat("escp-s3/2019-r1.csv", 10, 1)
    cursor = evaluate_tick(
        [stat, FileStat("bad.csv", 1, 1)], DropCursor(), _unused, INCOMING
    ).cursor
    cursor = evaluate_tick([stat], cursor, lambda _: FileHash("d" * 32, 10, 10, 1), INCOMING).cursor
    assert DropCursor.from_json(cursor.to_json()) == cursor
    assert DropCursor.from_json(None) == DropCursor()
    for foreign in ("[]", '{"version": 99}', "{", '{"version": 1}'):
        with pytest.raises(ValueError, match="cursor"):
            DropCursor.from_json(foreign)


def test_scan_lists_every_file_by_stat_and_skips_hidden_folders(tmp_path: Path) -> None:
    _write(tmp_path, "escp-4i/2019-r2.csv", b"abc", 1_700_000_000)
    _write(tmp_path, "deep/er/file.txt", b"", 1_700_000_001)
    _write(tmp_path, ".git/objects/x", b"", 1_700_000_002)
    assert scan_folder(tmp_path) == [
        FileStat("deep/er/file.txt", 0, 1_700_000_001 * 10**9),
        FileStat("escp-4i/2019-r2.csv", 3, 1_700_000_000 * 10**9),
    ]
    assert scan_folder(tmp_path / "missing") == []


def test_sensor_interval_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ESCP_SENSOR_INTERVAL_SECONDS", raising=False)
    assert sensor_interval_seconds() == 30
    monkeypatch.setenv("ESCP_SENSOR_INTERVAL_SECONDS", "3")
    assert sensor_interval_seconds() == 3
    monkeypatch.setenv("ESCP_SENSOR_INTERVAL_SECONDS", "soon")
    assert sensor_interval_seconds() == 30


def _unused(path: str) -> FileHash:
    raise AssertionError(f"{path} must not be read on this tick")
