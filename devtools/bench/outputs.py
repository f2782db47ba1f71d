"""Whether two warehouses hold the same outputs: the two sides of a comparison did the same work.

Used by the benchmark (and its smoke test) to check that the plain script and the pipeline wrote the
same analyst tables (same rows, in any order), the same figure files (same names, same PNG bytes),
the report and the workbook; and that a rebuild wrote what a full build of the same drops writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FIGURE_SUFFIXES = (".png", ".svg")
REPORT_FILES = ("escp-progress-report.html", "escp-analyst-tables.xlsx")


def _same_table(left: Path, right: Path) -> bool:
    import pandas as pd

    frames = []
    for path in (left, right):
        frame = pd.read_parquet(path).astype("string")
        frames.append(frame.sort_values(list(frame.columns)).reset_index(drop=True))
    first, second = frames
    return list(first.columns) == list(second.columns) and first.equals(second)


def _figures(warehouse: Path) -> dict[str, Path]:
    root = warehouse / "figures"
    return {
        str(path.relative_to(root)): path
        for path in sorted(root.rglob("*"))
        if path.suffix in FIGURE_SUFFIXES and not path.name.startswith(".")
    }


def compare_outputs(ours: Path, theirs: Path) -> dict[str, Any]:
    """Compare ``ours/warehouse`` with ``theirs/warehouse``; ``match`` is True when all agree.

    Returns:
        ``match``, the counts compared, and up to 20 ``differences`` (file names only).
    """
    differences: list[str] = []
    tables = sorted(path.name for path in (theirs / "warehouse" / "tables").glob("*.parquet"))
    for name in tables:
        mine = ours / "warehouse" / "tables" / name
        if not mine.exists():
            differences.append(f"table {name} missing")
        elif not _same_table(mine, theirs / "warehouse" / "tables" / name):
            differences.append(f"table {name} differs")
    our_figures, their_figures = _figures(ours / "warehouse"), _figures(theirs / "warehouse")
    for name in sorted(set(our_figures) ^ set(their_figures)):
        differences.append(f"figure {name} only on one side")
    same_png = 0
    for name in sorted(set(our_figures) & set(their_figures)):
        if name.endswith(".png"):
            if our_figures[name].read_bytes() == their_figures[name].read_bytes():
                same_png += 1
            else:
                differences.append(f"figure {name} differs")
    for name in REPORT_FILES:
        for side, root in (("pipeline", ours), ("plain", theirs)):
            if not (root / "warehouse" / "report" / name).exists():
                differences.append(f"{name} missing ({side})")
    return {
        "match": not differences and bool(tables) and bool(their_figures),
        "tables": len(tables),
        "figures": len(their_figures),
        "figures_same_png": same_png,
        "differences": differences[:20],
    }
