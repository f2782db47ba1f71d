"""The pieces the report's charts share: wrapped labels and titles, axes, notes and intervals.

What belongs here: small drawing helpers used by more than one chart (``figures``, ``world_map``):
label wrapping, the integer count axis, the "no data" figure, the note under a chart, and the
Wilson-interval whiskers and lines with the note that explains them. What does not: a chart itself
(``figures``, ``network``, ``world_map``) or the project style (``style``).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pandas as pd

from escp_pipeline.analysis.statistics import CONFIDENCE_LEVEL
from escp_pipeline.publish import style
from escp_pipeline.publish.data import QuestionCounts, survey_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

LABEL_WIDTH = 44
TITLE_WIDTH = 95


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """Wrap a label on word boundaries, never inside a word."""
    lines = textwrap.wrap(text.strip(), width=width, break_long_words=False)
    return "\n".join(lines) if lines else text


def question_title(qc: QuestionCounts) -> str:
    """``ESCP-4i, 2019-r2 · B1: <question text>`` wrapped for a figure title."""
    head = f"{survey_name(qc.survey)}, round {qc.round} · {qc.question}: {qc.text}"
    return wrap(head, TITLE_WIDTH)


def integer_axis(ax: Axes, maximum: float) -> None:
    """A horizontal count axis: whole-number ticks, room for the bar labels, a light grid."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(1.0, maximum) * 1.12 + 0.3)
    ax.grid(axis="x", color=style.GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)


def no_data_figure(title: str, message: str) -> Figure:
    """A small figure with a title and a message in place of a chart."""
    figure = style.new_figure(8, 1.6)
    style.add_title(figure, title)
    figure.text(0.5, 0.35, message, ha="center", va="center", fontsize=10)
    return figure


def add_notes(figure: Figure, notes: list[str]) -> None:
    """Write ``notes`` in small grey text at the bottom left of ``figure``."""
    if notes:
        height = figure.get_size_inches()[1]
        figure.text(
            0.1 / figure.get_size_inches()[0],
            0.08 / height,
            " ".join(notes),
            fontsize=8,
            color="#555555",
            va="bottom",
        )


LEVEL = f"{CONFIDENCE_LEVEL:.0%}"
#: How the whiskers of a strand's bars read, under the chart.
INTERVAL_NOTE = (
    f"Thin lines: {LEVEL} interval of each bar (Wilson), the counts the strand's share could well "
    "have given."
)


def count_interval_whiskers(
    ax: Axes, offsets: list[float], counts: object, n: int, bar_height: float
) -> object:
    """Draw each bar's Wilson interval in respondents; returns where each whisker ends."""
    import numpy as np

    from escp_pipeline.analysis.statistics import wilson_interval

    selected = np.asarray(counts, dtype=np.float64)
    low, high = wilson_interval(selected, np.full(selected.shape, n))
    ax.errorbar(
        selected,
        offsets,
        xerr=[selected - low * n, high * n - selected],
        fmt="none",
        ecolor="#333333",
        elinewidth=0.8,
        capsize=min(2.5, 12 * bar_height),
        capthick=0.8,
        zorder=3,
    )
    return np.maximum(high * n, selected)


def share_interval(ax: Axes, selected: int, n: int, y: float, colour: str) -> None:
    """A thin line from the lower to the upper bound of a share, in percent, at height ``y``."""
    if n <= 0:
        return
    from escp_pipeline.analysis.statistics import wilson_interval

    low, high = wilson_interval([selected], [n])
    ax.plot([low[0] * 100, high[0] * 100], [y, y], color=colour, linewidth=0.8, alpha=0.8)


def is_significant(row: pd.Series) -> bool:
    """Whether a ``round_comparison`` row's change is clear (False when not tested)."""
    value = row.get("change_is_significant")
    return bool(value) if value is not None and not pd.isna(value) else False
