"""The two refreshes users meet: a re-export of one round, and one more round after many.

- ``change_one_answer``: re-export one round of a built data dir with one answer of one counted
  response changed (a checkbox of its first multiple-choice question flipped), written as a newer
  file of the same round, as an operator drops it.
- ``write_rounds``: ``n`` generated rounds of one survey (the project's synthetic writer), named
  ``<2000 + i>-r<i + 1>`` so that they sort in order, plus the one "next" round.
- ``refresh``: what the drop sensor and the automation do for one new or changed round, in one
  process: register every drop as a partition of an ephemeral instance, run the round, then the
  cross-round assets over every round (``escp_pipeline.cli.build.build`` restricted to the round).
  The warehouse already holds every other round (built by an earlier ``build`` or by the plain
  script, which writes the same files).
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path
from typing import Any

GROWTH_SURVEY = "escp-s3"
GROWTH_RESPONSES = 30


def round_name(index: int) -> str:
    """The ``index``-th generated round (0-based): ``2000-r1``, ``2001-r2``, ..."""
    return f"{2000 + index}-r{index + 1}"


def write_rounds(incoming: Path, survey: str, first: int, count: int, seed: int = 11) -> list[str]:
    """Write rounds ``first`` to ``first + count - 1`` of ``survey``; return their keys."""
    from devtools.random_rounds import generate_round
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.synthetic.limesurvey_export import write_export

    codebook = load_codebook(survey)
    keys = []
    for index in range(first, first + count):
        frame = generate_round(
            codebook, n_responses=GROWTH_RESPONSES, seed=seed + index, year=2000 + index
        )
        write_export(frame, codebook, incoming / survey / f"{round_name(index)}.csv")
        keys.append(f"{survey}/{round_name(index)}")
    return keys


def change_one_answer(data_dir: Path, partition_key: str) -> dict[str, Any]:
    """Re-export ``partition_key`` with one checkbox of one complete response flipped."""
    import pandas as pd

    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.contract.drops import list_drops

    survey = partition_key.split("/")[0]
    drop = list_drops(data_dir / "incoming")[0][partition_key]
    codebook = load_codebook(survey)
    question = codebook.multiple_choice_questions[0]
    column = next(iter(question.choice_columns().values()))
    frame = pd.read_csv(drop.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # the latest submitted response is never superseded, so its answer counts
    submitted = pd.to_datetime(frame["submitdate"], errors="coerce", format="mixed")
    row = int(submitted.idxmax())
    before = frame.at[row, column]
    frame.at[row, column] = "" if before == "Y" else "Y"
    target = drop.path  # a re-export replaces the round's file
    frame.to_csv(
        target, index=False, quoting=csv.QUOTE_ALL, encoding="utf-8-sig", lineterminator="\r\n"
    )
    later = time.time() + 1
    os.utime(target, (later, later))
    return {"round": partition_key, "column": column, "id": frame.at[row, "id"]}


def figure_stamps(data_dir: Path) -> dict[str, int]:
    """Modification time of every figure file (to count what a refresh redrew)."""
    root = data_dir / "warehouse" / "figures"
    return {str(path): path.stat().st_mtime_ns for path in root.rglob("*.png")}


def refresh(data_dir: Path, partition_key: str) -> dict[str, Any]:
    """Run one round and the cross-round refresh over every drop of ``data_dir``, timed."""
    started = time.perf_counter()
    import dagster as dg

    from escp_pipeline.cli.build import build
    from escp_pipeline.contract.drops import list_drops
    from escp_pipeline.defs.partitions import survey_rounds

    imported = time.perf_counter()
    before = figure_stamps(data_dir)
    lines: list[str] = []
    with dg.DagsterInstance.ephemeral() as instance:
        drops, _ = list_drops(data_dir / "incoming")
        instance.add_dynamic_partitions(survey_rounds.name, sorted(drops))
        result = build(
            data_dir,
            instance,
            partition_keys=[partition_key],
            progress=lambda line: lines.append(f"{time.perf_counter() - started:7.2f} s  {line}"),
        )
    finished = time.perf_counter()
    if not result.ok:
        raise SystemExit(f"refresh failed: {result.failed} {result.cross_round_error}")
    after = figure_stamps(data_dir)
    redrawn = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    return {
        "seconds": finished - started,
        "seconds_import": imported - started,
        "rounds": len(drops),
        "figures": len(after),
        "figures_redrawn": redrawn,
        "progress": lines,
    }
