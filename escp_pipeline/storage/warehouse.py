"""Parquet storage of the warehouse: whole tables and per-round slices of one shared file.

Analysts read one file per table (``tables/option_counts.parquet`` holds every processed round),
while Dagster materializes one round at a time, possibly in concurrent runs. ``write_round_rows``
therefore replaces one round's rows under a file lock and swaps the file atomically, so a reader
never sees a half-written table and two rounds never overwrite each other.

A run reads the same file many times (every asset and check that takes ``core_responses`` loads it
again), so a file read once is kept in memory, with the identity of the file it came from (inode,
size, modification and change times), and read again only when that identity changed: a write always
replaces the file (a new inode), here or in another process. Only files up to ``CACHED_FILE_BYTES``
are kept, so a large table costs no more memory than before. pandas' copy-on-write keeps the kept
frame unchanged whatever a caller does with the frame it is given.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from filelock import FileLock

from escp_pipeline.storage.output_files import OutputWriteError, write_atomically

ROUND_COLUMNS: tuple[str, str] = ("survey", "round")
#: Files up to this size are kept in memory once read (see the module docstring).
CACHED_FILE_BYTES = 32 * 1024 * 1024
#: How many files are kept at most (the least recently read goes first).
CACHED_FILES = 32

FileIdentity = tuple[int, int, int, int, int]
_cache: OrderedDict[Path, tuple[FileIdentity, pd.DataFrame]] = OrderedDict()
_cache_lock = threading.Lock()


def _lock(path: Path) -> FileLock:
    """A lock file per table, kept in a hidden folder so analysts only see the tables."""
    locks = path.parent / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    return FileLock(str(locks / f"{path.name}.lock"), timeout=300)


@contextmanager
def _write_lock(path: Path) -> Iterator[None]:
    """Hold the table's lock; a lock that cannot be created (read-only, full) names the table."""
    try:
        lock = _lock(path)
        lock.acquire()
    except OSError as error:
        raise OutputWriteError(path, error) from error
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _read_lock(path: Path) -> Iterator[None]:
    """Hold the table's lock to read.

    On a read-only warehouse (no lock file can be made) read without it, which is safe since every
    write replaces the file whole.
    """
    lock: FileLock | None = None
    try:
        lock = _lock(path)
        lock.acquire()
    except OSError:
        lock = None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


def _identity(path: Path) -> FileIdentity:
    status = os.stat(path)
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _read_parquet(path: Path) -> pd.DataFrame:
    """The whole table file, from memory when this process read the same file before.

    The file's identity is taken before it is read: a file replaced in between (a reader without the
    lock, on a read-only warehouse) is kept under the old identity and so read again next time.
    """
    identity = _identity(path)
    with _cache_lock:
        kept = _cache.get(path)
        if kept is not None and kept[0] == identity:
            _cache.move_to_end(path)
            return kept[1].copy(deep=False)
    table = pd.read_parquet(path)
    if identity[2] <= CACHED_FILE_BYTES:
        with _cache_lock:
            _cache[path] = (identity, table)
            _cache.move_to_end(path)
            while len(_cache) > CACHED_FILES:
                _cache.popitem(last=False)
    return table.copy(deep=False)


def _atomic_write(frame: pd.DataFrame, path: Path) -> None:
    with _cache_lock:
        _cache.pop(path, None)
    write_atomically(path, lambda temporary: frame.to_parquet(temporary, index=False))


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Replace a whole table file atomically."""
    with _write_lock(path):
        _atomic_write(frame, path)


def write_round_rows(
    frame: pd.DataFrame, path: Path, survey_rounds: Iterable[tuple[str, str]]
) -> pd.DataFrame:
    """Replace the rows of the given survey rounds in a shared table file, keeping the others.

    Args:
        frame: the new rows; every row must belong to one of ``survey_rounds``.
        path: the table file (created if missing).
        survey_rounds: the (survey, round) pairs whose old rows are dropped.

    Returns:
        The whole table as written.
    """
    keys = set(survey_rounds)
    if len(frame):
        stray = set(_round_index(frame)) - keys
        if stray:
            raise ValueError(f"rows for {sorted(stray)} written as part of {sorted(keys)}")
    with _write_lock(path):
        if path.exists():
            existing = _read_parquet(path)
            kept = existing[~_in_rounds(existing, keys)]
            table = pd.concat([kept, frame], ignore_index=True) if len(kept) else frame
        else:
            table = frame
        table = table.sort_values(list(ROUND_COLUMNS), kind="stable").reset_index(drop=True)
        _atomic_write(table, path)
    return table


def read_table(path: Path, survey_rounds: Iterable[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Read a table, optionally only the rows of some survey rounds.

    Raises:
        FileNotFoundError: the table was never written; the message says what to materialize.
    """
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist yet: materialize the asset that writes it")
    with _read_lock(path):
        table = _read_parquet(path)
    if survey_rounds is None:
        return table
    return table[_in_rounds(table, survey_rounds)].reset_index(drop=True)


def _in_rounds(frame: pd.DataFrame, survey_rounds: Iterable[tuple[str, str]]) -> pd.Series:
    """Which rows belong to one of ``survey_rounds`` (survey and round compared as text)."""
    survey, round_ = (frame[column].astype(str) for column in ROUND_COLUMNS)
    selected = pd.Series(False, index=frame.index)
    for wanted_survey, wanted_round in set(survey_rounds):  # isin: a missing value is never in
        selected |= survey.isin([wanted_survey]) & round_.isin([wanted_round])
    return selected


def _round_index(frame: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(frame[list(ROUND_COLUMNS)].astype(str))
