"""The targeted third countries on a world map, shaded by how many respondents named each.

What belongs here: reading the country shapes that ship inside the ``pygal_maps_world`` package (an
SVG world map whose country groups are keyed by ISO 3166-1 alpha-2 code, LGPL-3.0-or-later; nothing
is downloaded at run time), turning its SVG paths into matplotlib paths (``svgpath2mpl``) and
drawing the choropleth with the ranked list beside it. What does not: finding countries in free text
(``analysis.countries``) or choosing which rows to draw (``publish.data.third_country_mentions``).

Countries the map has no shape for (Kosovo, South Sudan, Qatar and small island states in this map)
stay in the ranked list, marked, with a note under the map.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ElementTree
from importlib import resources
from typing import TYPE_CHECKING

import pandas as pd

from escp_pipeline.publish import style

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.path import Path

GEOMETRY_PACKAGE = "pygal_maps_world"
GEOMETRY_FILE = "worldmap.svg"
#: Left off the drawing: a continent, not a country, and a third of the map's height.
NOT_DRAWN: frozenset[str] = frozenset({"AQ"})
BORDER_DISCLAIMER = (
    "Borders and names on this map do not imply any opinion on the legal status of any country or "
    "territory. Map shapes: pygal_maps_world (LGPL-3.0+)."
)
MISSING_MARK = "†"
#: Countries nobody named.
UNNAMED_COLOUR = "#E6E6E6"
EDGE_COLOUR = "#FFFFFF"
#: At most this many shading classes; above it, counts are grouped in equal ranges.
MAX_CLASSES = 5
#: Rows of the ranked list drawn beside the map (the data table under the figure has all of them).
MAX_LISTED = 22
#: Room below the map for the legend and the notes, in inches.
MAP_BOTTOM_INCHES = 0.95
_SVG = "{http://www.w3.org/2000/svg}"


@functools.cache
def country_shapes() -> dict[str, Path]:
    """ISO alpha-2 code (upper case) -> one compound matplotlib path in the SVG's coordinates."""
    from matplotlib.path import Path as MplPath
    from svgpath2mpl import parse_path

    text = resources.files(GEOMETRY_PACKAGE).joinpath(GEOMETRY_FILE).read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    shapes: dict[str, MplPath] = {}
    for group in root.iter(f"{_SVG}g"):
        classes = group.get("class", "").split()
        if "country" not in classes or not classes:
            continue
        code = classes[0].upper()
        paths = [parse_path(path.get("d", "")) for path in group.iter(f"{_SVG}path")]
        if code in NOT_DRAWN or not paths:
            continue
        shapes[code] = MplPath.make_compound_path(*paths)
    return shapes


def map_extent() -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of every drawn shape, in the SVG's coordinates."""
    import numpy as np

    vertices = np.concatenate([path.vertices for path in country_shapes().values()])
    x0, y0 = vertices.min(axis=0)
    x1, y1 = vertices.max(axis=0)
    return float(x0), float(x1), float(y0), float(y1)


def on_map(code: str) -> bool:
    """Whether the map has a shape for ``code``."""
    return code.upper() in country_shapes()


def shading_classes(maximum: int) -> list[tuple[int, int]]:
    """Inclusive (low, high) ranges of mentions, one per colour: one count each when few."""
    if maximum <= MAX_CLASSES:
        return [(n, n) for n in range(1, maximum + 1)]
    edges = [round(1 + i * (maximum - 1) / MAX_CLASSES) for i in range(MAX_CLASSES + 1)]
    classes = [(edges[0], edges[1])]
    classes += [(edges[i] + 1, edges[i + 1]) for i in range(1, MAX_CLASSES)]
    return [(low, high) for low, high in classes if low <= high]


def class_colours(count: int) -> list[str]:
    """Light to dark blue, one per class: lightness alone orders them, so colour vision need not."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    ramp = colormaps["Blues"]
    if count == 1:
        return [to_hex(ramp(0.75))]
    return [to_hex(ramp(0.3 + 0.65 * i / (count - 1))) for i in range(count)]


def class_label(low: int, high: int) -> str:
    unit = "respondent" if high == 1 else "respondents"
    return f"{low} {unit}" if low == high else f"{low}-{high} {unit}"


def country_map_figure(countries: pd.DataFrame, title: str) -> Figure:
    """The world map of ``countries`` (``country``, ``name``, ``mentions``), most named first.

    The map on the left, shaded by class of mentions (legend below it); the ranked list on the
    right, countries the map has no shape for marked ``†`` and named in a note; a one-line
    disclaimer on borders at the bottom.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Patch

    from escp_pipeline.publish.figure_parts import wrap

    with style.figure_style():
        shapes = country_shapes()
        wrapped = wrap(title, 110)
        title_inches = 0.45 + 0.17 * (wrapped.count("\n") + 1)
        # the map is about 2.35 times as wide as high: 7.7 inches wide, 3.3 high
        height = title_inches + 3.4 + MAP_BOTTOM_INCHES
        figure = style.new_figure(11, height)
        style.add_title(figure, wrapped)
        top = 1 - title_inches / height
        bottom = MAP_BOTTOM_INCHES / height
        ax = figure.add_axes((0.01, bottom, 0.7, top - bottom))
        counts = dict(zip(countries["country"].astype(str), countries["mentions"], strict=True))
        classes = shading_classes(int(max(counts.values(), default=0)))
        colours = class_colours(len(classes)) if classes else []

        def colour_of(code: str) -> str:
            mentions = counts.get(code, 0)
            for (low, high), colour in zip(classes, colours, strict=True):
                if low <= mentions <= high:
                    return colour
            return UNNAMED_COLOUR

        codes = sorted(shapes)
        collection = PathCollection(
            [shapes[code] for code in codes],
            facecolors=[colour_of(code) for code in codes],
            edgecolors=EDGE_COLOUR,
            linewidths=0.25,
        )
        ax.add_collection(collection)
        x0, x1, y0, y1 = map_extent()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y1, y0)  # SVG's y axis points down
        ax.set_aspect("equal")
        ax.set_axis_off()
        if classes:
            handles = [
                Patch(facecolor=colour, edgecolor="#999999", label=class_label(low, high))
                for (low, high), colour in zip(classes, colours, strict=True)
            ]
            handles.append(Patch(facecolor=UNNAMED_COLOUR, edgecolor="#999999", label="not named"))
            ax.legend(
                handles=handles,
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncols=len(handles),
                fontsize=8,
                handlelength=1.2,
            )
        else:
            ax.text(0.5, 0.5, "No third country named in this round.", transform=ax.transAxes)
        _ranked_list(figure, countries, top)
        missing = [name for code, name in zip(countries["country"], countries["name"], strict=True)
                   if not on_map(str(code))]  # fmt: skip
        notes = []
        if missing:
            notes.append(f"{MISSING_MARK} not on the map (no shape for it): {', '.join(missing)}.")
        notes.append(BORDER_DISCLAIMER)
        figure.text(0.01, 0.02, "\n".join(notes), fontsize=7.5, color="#555555", va="bottom")
        return figure


def _ranked_list(figure: Figure, countries: pd.DataFrame, top: float) -> None:
    """The ranked table beside the map: rank (ties share it), country, respondents."""
    shown = countries.head(MAX_LISTED)
    x = 0.74
    figure.text(x, top, "Rank  Country", fontsize=8.5, fontweight="bold", va="top")
    figure.text(0.985, top, "Respondents", fontsize=8.5, fontweight="bold", va="top", ha="right")
    step = min(0.034, (top - 0.2) / max(len(shown), 1))
    mentions = list(countries["mentions"])
    for index, (code, name, n) in enumerate(
        zip(shown["country"], shown["name"], shown["mentions"], strict=True)
    ):
        rank = 1 + sum(other > n for other in mentions)
        y = top - 0.045 - index * step
        mark = "" if on_map(str(code)) else f" {MISSING_MARK}"
        figure.text(x, y, f"{rank:>3}.  {name}{mark}", fontsize=8.5, va="top")
        figure.text(0.985, y, str(int(n)), fontsize=8.5, va="top", ha="right")
    if len(countries) > len(shown):
        y = top - 0.045 - len(shown) * step
        rest = len(countries) - len(shown)
        figure.text(x, y, f"… and {rest} more (see the data table)", fontsize=8, va="top")
