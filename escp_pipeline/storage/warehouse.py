"""Parquet storage of the warehouse: whole tables and per-round slices of one shared file.

Analysts read one file per table (``tables/option_counts.parquet`` holds every processed round),
while Dagster materializes one round at a time, possibly in concurrent runs. ``write_round_rows``
therefore replaces one round's rows under a file lock and swaps the file atomically, so a reader
never sees a half-written table and two rounds never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from filelock import FileLock

from escp_pipeline.storage.output_files import OutputWriteError, write_atomically

ROUND_COLUMNS: tuple[str, str] = ("survey", "round")


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


def _atomic_write(frame: pd.DataFrame, path: Path) -> None:
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
            existing = pd.read_parquet(path)
            kept = existing[~_round_index(existing).isin(list(keys))]
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
        table = pd.read_parquet(path)
    if survey_rounds is None:
        return table
    selected = _round_index(table).isin(list(survey_rounds))
    return table[selected].reset_index(drop=True)


def _round_index(frame: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(frame[list(ROUND_COLUMNS)].astype(str))
