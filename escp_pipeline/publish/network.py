"""The collaboration network of Table 2, drawn without a graph library.

Partnerships sit on a circle, grouped by strand and then alphabetically (partners outside the
registry last), so the picture is the same for the same data. Each "we collaborate with" link is an
arrow from the partnership that reported it to the partner it named; a pair that named each other is
one thick double-headed line. Partners outside the registry are hollow, dashed and starred, as in
the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from escp_pipeline.catalogue.vocabularies import STRANDS
from escp_pipeline.publish import style
from escp_pipeline.publish.data import survey_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

GROUP_ORDER: dict[str | None, int] = {STRANDS[0]: 0, STRANDS[1]: 1, None: 2}


@dataclass(frozen=True)
class Node:
    """One partnership on the circle."""

    name: str
    strand: str | None
    in_registry: bool
    named: int  # partners this one named
    named_by: int  # partnerships that named this one
    x: float
    y: float
    angle: float


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def network_summary(links: pd.DataFrame) -> dict[str, object]:
    """Counts the report's sentences and the title use: links, reporters, reciprocal pairs."""
    reciprocal = sorted(
        {
            _pair(s, t)
            for s, t, r in zip(links["source"], links["target"], links["reciprocal"], strict=True)
            if bool(r)
        }
    )
    return {
        "links": len(links),
        "reporting": int(links["source"].nunique()),
        "distinct_pairs": len(
            {_pair(s, t) for s, t in zip(links["source"], links["target"], strict=True)}
        ),
        "reciprocal_pairs": reciprocal,
        "outside_registry": sorted(
            set(links.loc[~links["target_in_registry"].astype(bool), "target"])
        ),
    }


def layout(links: pd.DataFrame, strand_of: dict[str, str | None]) -> list[Node]:
    """Place every partnership of ``links`` on a circle, clockwise from the top."""
    outside = set(links.loc[~links["target_in_registry"].astype(bool), "target"])
    names = sorted(set(links["source"]) | set(links["target"]))
    named = links.groupby("source")["target"].nunique().to_dict()
    named_by = links.groupby("target")["source"].nunique().to_dict()

    def group(name: str) -> tuple[int, str]:
        if name in outside:
            return (3, name.casefold())
        return (GROUP_ORDER.get(strand_of.get(name), 2), name.casefold())

    names.sort(key=group)
    nodes = []
    for index, name in enumerate(names):
        angle = math.pi / 2 - 2 * math.pi * index / max(1, len(names))
        nodes.append(
            Node(
                name=name,
                strand=None if name in outside else strand_of.get(name),
                in_registry=name not in outside,
                named=int(named.get(name, 0)),
                named_by=int(named_by.get(name, 0)),
                x=math.cos(angle),
                y=math.sin(angle),
                angle=angle,
            )
        )
    return nodes


def _marker_area(node: Node) -> float:
    return 90.0 + 38.0 * node.named


def network_figure(
    links: pd.DataFrame, strand_of: dict[str, str | None], survey: str, round_: str
) -> Figure:
    """The directed collaboration network of one survey round.

    Args:
        links: ``escp_collaborations`` rows of that survey and round.
        strand_of: partnership name -> strand (``strand-1``, ``strand-2`` or None when unknown).
        survey: the survey code.
        round_: the round code.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    with style.figure_style():
        summary = network_summary(links) if len(links) else None
        figure = style.new_figure(9.0, 10.0)
        ax = figure.add_axes((0.02, 0.09, 0.96, 0.84))
        ax.set_aspect("equal")
        ax.set_axis_off()
        if summary is None:
            ax.text(0.5, 0.5, "No collaboration reported.", ha="center", transform=ax.transAxes)
            style.add_title(
                figure,
                f"{survey_name(survey)}, round {round_}: collaborations between partnerships",
            )
            return figure
        nodes = {node.name: node for node in layout(links, strand_of)}
        drawn: set[tuple[str, str]] = set()
        for source, target, reciprocal in zip(
            links["source"], links["target"], links["reciprocal"], strict=True
        ):
            a, b = nodes[source], nodes[target]
            both = bool(reciprocal)
            if both:
                if _pair(source, target) in drawn:
                    continue
                drawn.add(_pair(source, target))
            arrow = FancyArrowPatch(
                (a.x, a.y),
                (b.x, b.y),
                arrowstyle="<|-|>" if both else "-|>",
                mutation_scale=13 if both else 10,
                linewidth=2.4 if both else 0.9,
                color=style.OKABE_ITO["black"] if both else "#8C8C8C",
                connectionstyle="arc3,rad=0.12",
                shrinkA=math.sqrt(_marker_area(a)) / 2 + 2,
                shrinkB=math.sqrt(_marker_area(b)) / 2 + 2,
                zorder=3 if both else 1,
            )
            ax.add_patch(arrow)
        for node in nodes.values():
            colour = style.STRAND_COLOURS.get(node.strand or "", style.UNKNOWN_COLOUR)
            ax.scatter(
                [node.x],
                [node.y],
                s=_marker_area(node),
                color="white" if not node.in_registry else colour,
                edgecolors="#333333",
                linewidths=1.0,
                linestyle="--" if not node.in_registry else "-",
                zorder=4,
            )
            # Radial labels, read left to right on both halves: they never collide at the poles.
            degrees = math.degrees(node.angle)
            right_half = math.cos(node.angle) >= 0
            label = node.name + ("*" if not node.in_registry else "")
            radius = 1.0 + 0.045 + math.sqrt(_marker_area(node)) / 2 / 72 / 3.2
            ax.text(
                radius * node.x,
                radius * node.y,
                label,
                rotation=degrees if right_half else degrees + 180,
                rotation_mode="anchor",
                ha="left" if right_half else "right",
                va="center",
                fontsize=8.5,
                zorder=5,
            )
        ax.set_xlim(-1.62, 1.62)
        ax.set_ylim(-1.62, 1.62)
        present = {node.strand if node.in_registry else "outside" for node in nodes.values()}
        entries = [
            (s, dict(color=style.STRAND_COLOURS[s]), style.STRAND_NAMES[s])
            for s in STRANDS
            if s in present
        ]
        if None in present:
            entries.append((None, dict(color=style.UNKNOWN_COLOUR), "no strand or not known"))
        if "outside" in present:
            entries.append(
                ("outside", dict(markerfacecolor="white"), "* outside the partnership registry")
            )
        handles = [
            Line2D([], [], marker="o", linestyle="", markersize=9, markeredgecolor="#333333",
                   label=label, **colour)
            for _, colour, label in entries
        ] + [
            Line2D([], [], color="#8C8C8C", linewidth=0.9, label="named by one side (→)"),
            Line2D([], [], color="black", linewidth=2.4, label="named by both sides (↔)"),
        ]  # fmt: skip
        figure.legend(handles=handles, loc="lower center", ncols=3, bbox_to_anchor=(0.5, 0.01))
        pairs = len(summary["reciprocal_pairs"])  # type: ignore[arg-type]
        title = (
            f"{survey_name(survey)}, round {round_}: collaborations between partnerships\n"
            f"{summary['links']} links named by {summary['reporting']} partnerships; "
            f"{pairs} reciprocal pair{'' if pairs == 1 else 's'}; "
            "marker size = partners named"
        )
        style.add_title(figure, title)
        return figure
