"""Whether two warehouses hold the same outputs: the two sides of a comparison did the same work.

Used by the benchmark (and its smoke test) to check that the plain script and the pipeline wrote the
same outputs, and that a rebuild wrote what a full build of the same drops writes:

- every analyst table of the catalogue, on both sides, with the same columns and the same rows in
  any order, leaving out only the columns that name the run or the time of the build
  (``RUN_SPECIFIC_COLUMNS``);
- each round's questionnaire (``questionnaires/<survey>/<round>.yaml``), the same text;
- the same figure files (same names, same PNG bytes);
- the HTML report with the same text once the generation stamp and the run ids are masked
  (``report_text``), and the Word document and the workbook on both sides.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

FIGURE_SUFFIXES = (".png", ".svg")
REPORT_FILE = "escp-progress-report.html"
#: files of ``warehouse/report/`` that must exist on both sides (the HTML is also compared)
REPORT_FILES = (REPORT_FILE, "escp-progress-report.docx", "escp-analyst-tables.xlsx")
#: The only columns that legitimately differ between two builds of the same drops, by table:
#: ``round_sources`` names the run that built each round (a Dagster run id, or the plain script's
#: ``plain-script``) and when it was built. Every other column of every table must be equal.
RUN_SPECIFIC_COLUMNS: dict[str, tuple[str, ...]] = {"round_sources": ("run_id", "built_at")}
#: What differs between two renderings of the same report: the generation stamp and the run ids
#: (Dagster's are UUIDs; the plain script's is ``plain-script``) in the footer.
RUN_SPECIFIC_TEXT = re.compile(
    r"(?<=Generated )\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC"
    r"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
    r"|\bplain-script\b"
)
#: what ``report_text`` puts in place of run-specific text
MASK = "<run-specific>"
MAX_DIFFERENCES = 20
#: elements whose content is not the report's text
HIDDEN_ELEMENTS = ("script", "style")


def table_differences(name: str, left: Any, right: Any) -> list[str]:
    """What differs between two versions of analyst table ``name`` (empty: the same).

    Rows are compared in any order, every value as text; the table's ``RUN_SPECIFIC_COLUMNS`` are
    left out of the values (they must still be there on both sides).
    """
    if list(left.columns) != list(right.columns):
        return [f"table {name}: columns {list(left.columns)} against {list(right.columns)}"]
    kept = [c for c in left.columns if c not in RUN_SPECIFIC_COLUMNS.get(name, ())]
    if len(left) != len(right):
        return [f"table {name}: {len(left)} rows against {len(right)}"]
    first, second = (
        frame.loc[:, kept].astype("string").sort_values(kept).reset_index(drop=True)
        for frame in (left, right)
    )
    differing = [c for c in kept if not first[c].equals(second[c])]
    return [f"table {name} differs in {', '.join(differing)}"] if differing else []


class _Text(HTMLParser):
    """The text of an HTML page, one piece per element, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.pieces.append(" ".join(data.split()))


def report_text(html: str) -> list[str]:
    """The report's text, one line per text piece, with ``RUN_SPECIFIC_TEXT`` masked."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return [RUN_SPECIFIC_TEXT.sub(MASK, piece) for piece in parser.pieces]


def _report_differences(ours: Path, theirs: Path) -> list[str]:
    differences = []
    for name in REPORT_FILES:
        for side, root in (("pipeline", ours), ("plain", theirs)):
            if not (root / name).exists():
                differences.append(f"{name} missing ({side})")
    if (ours / REPORT_FILE).exists() and (theirs / REPORT_FILE).exists():
        mine, other = (
            report_text((root / REPORT_FILE).read_text(encoding="utf-8")) for root in (ours, theirs)
        )
        if mine != other:
            at = next(
                (i for i, (a, b) in enumerate(zip(mine, other, strict=False)) if a != b),
                min(len(mine), len(other)),
            )
            pipeline, plain = ((t[at] if at < len(t) else "(end)")[:120] for t in (mine, other))
            differences.append(
                f"{REPORT_FILE} text differs from piece {at}: pipeline {pipeline!r}, "
                f"plain {plain!r}"
            )
    return differences


def _figures(warehouse: Path) -> dict[str, Path]:
    root = warehouse / "figures"
    return {
        str(path.relative_to(root)): path
        for path in sorted(root.rglob("*"))
        if path.suffix in FIGURE_SUFFIXES and not path.name.startswith(".")
    }


def _questionnaires(warehouse: Path) -> dict[str, Path]:
    root = warehouse / "questionnaires"
    return {str(path.relative_to(root)): path for path in sorted(root.glob("*/*.yaml"))}


def compare_outputs(ours: Path, theirs: Path) -> dict[str, Any]:
    """Compare ``ours/warehouse`` (the pipeline's) with ``theirs/warehouse``; ``match``: all agree.

    Returns:
        ``match``, the counts compared, and up to 20 ``differences`` (file names, and for a table
        the columns that differ).
    """
    import pandas as pd

    from escp_pipeline.catalogue.tables import ANALYST_TABLES

    differences: list[str] = []
    mine_dir, their_dir = ours / "warehouse", theirs / "warehouse"
    for name in ANALYST_TABLES:
        paths = [root / "tables" / f"{name}.parquet" for root in (mine_dir, their_dir)]
        sides = zip(("pipeline", "plain"), paths, strict=True)
        missing = [side for side, path in sides if not path.exists()]
        if missing:
            differences.append(f"table {name} missing ({', '.join(missing)})")
        else:
            differences += table_differences(name, *(pd.read_parquet(path) for path in paths))
    our_yaml, their_yaml = _questionnaires(mine_dir), _questionnaires(their_dir)
    for name in sorted(set(our_yaml) ^ set(their_yaml)):
        differences.append(f"questionnaire {name} only on one side")
    for name in sorted(set(our_yaml) & set(their_yaml)):
        if our_yaml[name].read_text(encoding="utf-8") != their_yaml[name].read_text("utf-8"):
            differences.append(f"questionnaire {name} differs")
    our_figures, their_figures = _figures(mine_dir), _figures(their_dir)
    for name in sorted(set(our_figures) ^ set(their_figures)):
        differences.append(f"figure {name} only on one side")
    same_png = 0
    for name in sorted(set(our_figures) & set(their_figures)):
        if name.endswith(".png"):
            if our_figures[name].read_bytes() == their_figures[name].read_bytes():
                same_png += 1
            else:
                differences.append(f"figure {name} differs")
    differences += _report_differences(mine_dir / "report", their_dir / "report")
    return {
        "match": not differences and bool(their_figures),
        "tables": len(ANALYST_TABLES),
        "questionnaires": len(their_yaml),
        "figures": len(their_figures),
        "figures_same_png": same_png,
        "differences": differences[:MAX_DIFFERENCES],
    }
