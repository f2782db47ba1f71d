"""What the publish assets share: the figure store of the data directory and figure metadata.

A figure asset writes PNG and SVG files and shows the newest figure in the Dagster UI as a base64
PNG inside markdown (as in Dagster's ``quickstart_etl``), with the paths of every file it wrote.
"""

from __future__ import annotations

import base64

import dagster as dg

from escp_pipeline.publish.catalog import FigureStore, SavedFigure
from escp_pipeline.resources import DataDir

GROUP = "publish"
FIGURE_KINDS = {"matplotlib", "png", "svg"}


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
