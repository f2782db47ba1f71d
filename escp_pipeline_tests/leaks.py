"""Search outputs and Dagster event logs for personal-data values (tests only).

Text is searched as it is written and as JSON would escape it; Parquet tables are decoded to text,
workbooks unzipped, every other file read as bytes (UTF-8, errors ignored). A value found anywhere
is a leak.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import dagster as dg
import pandas as pd


def files_below(root: Path, skip: Iterable[str] = ()) -> list[Path]:
    """Every file below ``root``, except those inside a folder named in ``skip``."""
    skipped = set(skip)
    return sorted(p for p in root.rglob("*") if p.is_file() and not skipped & set(p.parts))


def file_texts(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Each file as searchable text (one entry per file, per decoded table, per workbook part)."""
    for path in paths:
        content = path.read_bytes()
        yield path, content.decode("utf-8", errors="ignore")
        if path.suffix == ".parquet":
            table = pd.read_parquet(io.BytesIO(content))
            yield path, " ".join(map(str, table.columns)) + "\n" + table.to_csv(index=False)
        elif zipfile.is_zipfile(io.BytesIO(content)):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for member in archive.namelist():
                    text = archive.read(member).decode("utf-8", errors="ignore")
                    yield path / member, text


def event_log_texts(instance: dg.DagsterInstance) -> Iterator[tuple[str, str]]:
    """Every event of every run (messages, metadata, errors) serialized to text, per run."""
    for run in instance.get_runs():
        records = instance.all_logs(run.run_id)
        yield run.run_id, "\n".join(dg.serialize_value(record) for record in records)


def spellings(value: str) -> set[str]:
    """A value as it would appear in text: as written, and JSON-escaped."""
    return {value, json.dumps(value)[1:-1]}


def find_leaks(values: Iterable[str], texts: Iterable[tuple[object, str]]) -> list[tuple[str, str]]:
    """(where, value) for every personal value found in any text."""
    needles = {spelling: value for value in values if value for spelling in spellings(value)}
    leaks = []
    for where, text in texts:
        for needle, value in needles.items():
            if needle in text:
                leaks.append((str(where), value))
    return sorted(set(leaks))
