"""What the publish assets share: the figure store of the data directory and figure metadata.

A figure asset writes PNG and SVG files and shows the newest figure in the Dagster UI as a base64
PNG inside markdown (as in Dagster's ``quickstart_etl``), with the paths of every file it wrote.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dagster as dg

from escp_pipeline.defs.automation import CROSS_ROUND_REFRESH
from escp_pipeline.publish.catalog import FigureStore, SavedFigure
from escp_pipeline.storage.resources import DataDir

if TYPE_CHECKING:
    from escp_pipeline.publish.figure_refresh import FigureOutcome

GROUP = "publish"
FIGURE_KINDS = {"matplotlib", "png", "svg"}


def figure_asset() -> Callable[[Callable[..., Any]], dg.AssetsDefinition]:
    """The decorator of a figure asset: publish group, figure kinds, refreshed across rounds."""
    return dg.asset(group_name=GROUP, kinds=FIGURE_KINDS, automation_condition=CROSS_ROUND_REFRESH)


def figure_store(data_dir: DataDir) -> FigureStore:
    return FigureStore(data_dir.figures)


def figure_markdown(saved: SavedFigure) -> str:
    encoded = base64.b64encode(saved.png_bytes).decode("ascii")
    return f"![{saved.key.caption}](data:image/png;base64,{encoded})"


def figure_metadata(saved: list[SavedFigure], nothing: str) -> dict[str, dg.RawMetadataValue]:
    """The newest figure as a picture, its path, and every file written (or why there is none)."""
    if not saved:
        return {"figure": dg.MetadataValue.md(nothing), "figures_written": 0}
    latest = saved[-1]
    files = "\n".join(f"- `{item.png}` and `.svg` ({item.key.caption})" for item in saved)
    return {
        "figure": dg.MetadataValue.md(figure_markdown(latest)),
        "path": dg.MetadataValue.path(str(latest.png)),
        "svg_path": dg.MetadataValue.path(str(latest.svg)),
        "files": dg.MetadataValue.md(files),
        "figures_written": len(saved),
        "figures_redrawn": sum(item.drawn for item in saved),
    }


#: How many figures the ``figures`` asset shows as pictures (the newest; every one is listed).
PREVIEW_FIGURES = 4


def catalogue_metadata(outcomes: list[FigureOutcome], root: Path) -> dict[str, dg.RawMetadataValue]:
    """Every figure listed (file, title, drawn or unchanged), the counts, the newest as pictures.

    The pictures are the newest round's first figure of each survey among the figures drawn in this
    run (or among all, when nothing was drawn).
    """
    if not outcomes:
        return {
            "figure": dg.MetadataValue.md("No survey round has been processed yet."),
            "figures": 0,
            "figures_drawn": 0,
            "figures_unchanged": 0,
        }
    drawn = [item for item in outcomes if item.drawn]
    newest: dict[str, FigureOutcome] = {}
    for item in drawn or outcomes:  # catalogue order: chronological per survey
        shown = newest.get(item.key.survey)
        if shown is None or shown.key.round != item.key.round:
            newest[item.key.survey] = item
    previews = list(newest.values())[-PREVIEW_FIGURES:]
    pictures = "\n\n".join(
        f"**{item.title or item.key.caption}**\n\n"
        f"![{item.title or item.key.caption}](data:image/png;base64,"
        f"{base64.b64encode(item.png.read_bytes()).decode('ascii')})"
        for item in previews
    )
    rows = "\n".join(
        f"| `{item.png.relative_to(root).with_suffix('')}` | {item.title or item.key.caption} | "
        f"{'drawn' if item.drawn else 'unchanged'} |"
        for item in outcomes
    )
    return {
        "figure": dg.MetadataValue.md(pictures),
        "path": dg.MetadataValue.path(str(previews[-1].png)),
        "svg_path": dg.MetadataValue.path(str(previews[-1].svg)),
        "files": dg.MetadataValue.md(
            "Each as `.png` and `.svg` under `warehouse/figures/`.\n\n"
            "| figure | title | state |\n| --- | --- | --- |\n" + rows
        ),
        "figures": len(outcomes),
        "figures_drawn": len(drawn),
        "figures_unchanged": len(outcomes) - len(drawn),
        "surveys": dg.MetadataValue.text(", ".join(sorted({i.key.survey for i in outcomes}))),
    }
