"""The drop sensor's tick over a large ``incoming/``, against hashing every file.

``prepare_incoming`` fills a folder with ``n_files`` survey exports (a few generated exports of demo
size, copied under every round name the convention allows). ``measure_sensor_tick`` then brings the
sensor's cursor up to date (``escp_pipeline.ingest.watch``, the sensor's logic without Dagster,
ticked until nothing is waiting), changes a few files as operators do (re-exports with new content,
files touched but identical), and measures, with ``rchar`` of ``/proc/self/io`` for the bytes:

- the tick that sees the changes (the folder is listed by ``stat``; nothing is read yet),
- the next tick, which hashes the changed files once they held still,
- an idle tick (nothing changed),
- and, as the yardstick, hashing every file of the folder.

Each tick includes reading and writing the JSON cursor, as the Dagster sensor does every tick.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from devtools.bench.measure import own_bytes_read

#: responses in the distinct exports copied into ``incoming/`` (demo rounds have tens to hundreds).
EXPORT_SIZES = (40, 80, 160, 320)
CYCLES = 5


def _round_names(n_files: int) -> list[str]:
    """``<survey>/<year>-r<n>.csv`` names, alternating surveys, ``n_files`` of them."""
    names = []
    for index in range(n_files):
        survey = ("escp-4i", "escp-s3")[index % 2]
        year, number = divmod(index // 2, 9)
        names.append(f"{survey}/{2000 + year}-r{number + 1}.csv")
    return names


def prepare_incoming(incoming: Path, n_files: int, seed: int = 7) -> int:
    """Fill ``incoming`` with ``n_files`` exports; return their total size in bytes."""
    from devtools.random_rounds import generate_round
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.synthetic.limesurvey_export import write_export

    templates: dict[str, list[Path]] = {}
    for survey in ("escp-4i", "escp-s3"):
        codebook = load_codebook(survey)
        templates[survey] = []
        for size in EXPORT_SIZES:
            path = incoming.parent / "templates" / survey / f"{size}.csv"
            frame = generate_round(codebook, n_responses=size, seed=seed + size)
            templates[survey].append(write_export(frame, codebook, path))
    total = 0
    for index, name in enumerate(_round_names(n_files)):
        survey = name.split("/")[0]
        target = incoming / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(templates[survey][index // 2 % len(EXPORT_SIZES)], target)
        total += target.stat().st_size
    return total


def _change_files(incoming: Path, names: list[str], cycle: int, changed: int) -> None:
    """Re-export half of ``changed`` files (new content) and touch the other half (same bytes)."""
    step = max(len(names) // max(changed, 1), 1)
    for position, name in enumerate(names[cycle::step][:changed]):
        path = incoming / name
        stat = path.stat()
        if position % 2 == 0:  # a re-export: the same file with one more line at the end
            with path.open("ab") as handle:
                handle.write(b"\r\n")
        later = stat.st_mtime_ns + 10_000_000_000 * (cycle + 1)
        os.utime(path, ns=(later, later))


def _hash_everything(incoming: Path) -> None:
    for path in sorted(incoming.rglob("*.csv")):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)


def measure_sensor_tick(data_dir: Path, changed: int) -> dict[str, Any]:
    """Measure the sensor's ticks over ``<data_dir>/incoming`` (prepared when empty)."""
    from escp_pipeline.ingest.watch import DropCursor, LocalDropFolder

    incoming = data_dir / "incoming"
    names = sorted(str(p.relative_to(incoming)) for p in incoming.rglob("*.csv"))
    folder = LocalDropFolder(incoming)
    total_bytes = sum((incoming / name).stat().st_size for name in names)

    def tick(cursor_json: str) -> tuple[str, Any, float, int]:
        read_before = own_bytes_read()
        started = time.perf_counter()
        outcome = folder.tick(DropCursor.from_json(cursor_json))
        cursor = outcome.cursor.to_json()
        seconds = time.perf_counter() - started
        return cursor, outcome, seconds, own_bytes_read() - read_before

    cursor_json = ""
    for _ in range(100):  # bring the cursor up to date: every file held still and hashed
        cursor_json, outcome, _, _ = tick(cursor_json)
        if not outcome.waiting and not outcome.deferred and outcome.files_hashed == 0:
            break
    rounds_known = len(DropCursor.from_json(cursor_json).rounds)

    seen, hashing, idle, baseline = [], [], [], []
    for cycle in range(CYCLES):
        _change_files(incoming, names, cycle, changed)
        cursor_json, seen_outcome, seconds, read = tick(cursor_json)
        seen.append((seconds, read, seen_outcome.files_hashed, len(seen_outcome.waiting)))
        cursor_json, hash_outcome, seconds, read = tick(cursor_json)
        hashing.append((seconds, read, hash_outcome.files_hashed, len(hash_outcome.requests)))
        cursor_json, _, seconds, read = tick(cursor_json)
        idle.append((seconds, read))
        read_before = own_bytes_read()
        started = time.perf_counter()
        _hash_everything(incoming)
        baseline.append((time.perf_counter() - started, own_bytes_read() - read_before))

    def middle(rows: list[tuple[Any, ...]], column: int) -> float:
        return float(statistics.median(row[column] for row in rows))

    return {
        "files": len(names),
        "bytes_in_folder": total_bytes,
        "rounds_known": rounds_known,
        "changed_per_cycle": changed,
        "cycles": CYCLES,
        "tick_seconds": middle(hashing, 0),
        "tick_bytes_read": middle(hashing, 1),
        "tick_files_hashed": middle(hashing, 2),
        "tick_runs_requested": middle(hashing, 3),
        "seen_tick_seconds": middle(seen, 0),
        "seen_tick_bytes_read": middle(seen, 1),
        "seen_tick_files_waiting": middle(seen, 3),
        "idle_tick_seconds": middle(idle, 0),
        "idle_tick_bytes_read": middle(idle, 1),
        "hash_all_seconds": middle(baseline, 0),
        "hash_all_bytes_read": middle(baseline, 1),
        "cursor_bytes": len(cursor_json),
    }
