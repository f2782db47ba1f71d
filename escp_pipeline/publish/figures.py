"""The report's charts: per-question counts, round comparisons, agreements, countries.

Each function takes frames already selected from the analyst tables (see ``publish.data``) and
returns a ``matplotlib.figure.Figure`` in the project style; ``catalog.FigureStore`` writes the PNG
and SVG files. The collaboration network has its own module (``publish.network``), the world maps
``publish.world_map``, and the pieces the charts share ``publish.figure_parts``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from escp_pipeline.analysis.statistics import SIGNIFICANCE_LEVEL
from escp_pipeline.publish import style
from escp_pipeline.publish.data import ALL, QuestionCounts, survey_name
from escp_pipeline.publish.figure_parts import (
    INTERVAL_NOTE,
    LEVEL,
    TITLE_WIDTH,
    add_notes,
    count_interval_whiskers,
    integer_axis,
    is_significant,
    no_data_figure,
    question_title,
    share_interval,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Above this many options, options nobody chose are left out of a chart (and the chart says so).
MAX_OPTIONS_WITH_ZEROS = 16
#: The rounds Table 1's chart draws at most (the latest); the data table keeps every round.
AGREEMENT_ROUNDS_DRAWN = 6


def option_figure(qc: QuestionCounts) -> Figure:
    """Counts per option of one question and round, as the report's Figures 4-23.

    Options run down the vertical axis with their full labels (wrapped), most chosen first (None and
    Other last); ESCP-4i shows one bar per strand side by side, each with a thin whisker for its 95%
    interval in respondents, ESCP-S3 the total (counts only). Every bar carries its count; the
    legend gives ``n`` per strand.
    """
    with style.figure_style():
        if qc.table.empty or qc.total_respondents == 0:
            return no_data_figure(question_title(qc), "No complete answer in this round.")
        table = qc.table
        hidden = 0
        if len(table) > MAX_OPTIONS_WITH_ZEROS:
            keep = table[ALL] > 0
            hidden = int((~keep).sum())
            table = table[keep]
            if table.empty:
                return no_data_figure(
                    question_title(qc), f"No respondent selected any of the {hidden} options."
                )
        series = list(qc.strands) if qc.strands else [ALL]
        labels = [wrap(str(label)) for label in table["label"]]
        lines = [label.count("\n") + 1 for label in labels]
        bar_height = 0.8 / len(series)
        row_heights = [max(0.16 * n_lines, 0.22 * len(series)) + 0.12 for n_lines in lines]
        notes = []
        if hidden:
            notes.append(f"{hidden} options that no respondent selected are not shown.")
        for strand in qc.missing_strands:
            notes.append(f"No {strand} respondent in this round.")
        if len(series) > 1:
            notes.append(INTERVAL_NOTE)
        title = question_title(qc)
        top = 0.12 + (title.count("\n") + 1) * 0.175 + 0.4
        bottom = 0.55 + (0.2 if notes else 0)
        figure = style.new_figure(8.6, top + bottom + max(0.6, sum(row_heights)))
        ax = figure.add_subplot()
        positions = list(range(len(table)))
        # strands are compared by share, so each strand bar carries its interval (in respondents);
        # a single group (ESCP-S3) keeps plain counts, its interval is in option_counts
        whiskers = len(series) > 1
        highest = 0.0
        for index, strand in enumerate(series):
            offsets = [p - 0.4 + bar_height * (index + 0.5) for p in positions]
            n = qc.respondents.get(strand, 0)
            counts = table[strand].to_numpy()
            bars = ax.barh(
                offsets,
                counts,
                height=bar_height * 0.92,
                color=style.STRAND_COLOURS[strand],
                label=f"{style.STRAND_NAMES[strand]} (n = {n})",
            )
            if whiskers and n:
                ends = count_interval_whiskers(ax, offsets, counts, n, bar_height)
                highest = max(highest, float(ends.max()) if len(ends) else 0.0)
                for y, count, end in zip(offsets, counts, ends, strict=True):
                    ax.text(end + 0.12, y, str(int(count)), va="center", fontsize=8)
            else:
                ax.bar_label(bars, padding=2, fontsize=8)
        ax.set_yticks(positions, labels)
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        unranked = [p for p, kind in zip(positions, table["kind"], strict=True) if kind != "option"]
        if unranked and unranked[0] > 0:  # None and Other are not ranked: set them apart
            ax.axhline(unranked[0] - 0.5, color="#999999", linewidth=0.8, linestyle=":")
        counted = float(table[series].to_numpy().max()) if len(table) else 1.0
        integer_axis(ax, max(counted, highest))
        ax.set_xlabel("respondents who selected the option")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series), borderaxespad=0.3)
        style.add_title(figure, title)
        add_notes(figure, notes)
        style.fit_margins(figure, left_labels=ax.get_yticklabels(), top=top, bottom=bottom)
        return figure


def comparison_figure(
    comparison: pd.DataFrame,
    current: QuestionCounts,
    previous: QuestionCounts,
) -> Figure:
    """How the share choosing each option changed between two rounds, one panel per strand.

    Args:
        comparison: the ``round_comparison`` rows of one survey, question and round.
        current: the same question in the later round (order of options, ``n``).
        previous: the same question in the earlier round (``n``).

    A hollow circle marks the earlier round, a filled one the later, each with a thin line for its
    95% interval (above: earlier, below: later); a thick coloured line and a * mark a change
    distinguishable from chance (``change_is_significant``). The text at the right gives the counts,
    earlier → later.
    """
    with style.figure_style():
        title = wrap(
            f"{survey_name(current.survey)} · {current.question}: change from round "
            f"{previous.round} to {current.round} — {current.text}",
            TITLE_WIDTH,
        )
        if comparison.empty:
            return no_data_figure(title, "The question was not asked in both rounds.")
        strands = [s for s in (*current.strands,) if s in set(comparison["strand"])] or [ALL]
        order = [o for o in current.table["option"] if o in set(comparison["option"])]
        order += sorted(set(comparison["option"]) - set(order))
        labels_by_option = dict(zip(current.table["option"], current.table["label"], strict=True))
        for option, label in zip(comparison["option"], comparison["label"], strict=True):
            labels_by_option.setdefault(option, label)
        labels = [wrap(str(labels_by_option[o]), 40) for o in order]
        lines = sum(label.count("\n") + 1 for label in labels)
        top = 0.12 + (title.count("\n") + 1) * 0.175 + 0.35
        bottom = 1.15
        figure = style.new_figure(
            4.3 + 3.4 * len(strands), top + bottom + 0.17 * lines + 0.14 * len(order)
        )
        axes = figure.subplots(1, len(strands), sharey=True, squeeze=False)[0]
        for ax, strand in zip(axes, strands, strict=True):
            rows = comparison[comparison["strand"] == strand].set_index("option")
            colour = style.STRAND_COLOURS[strand]
            n_before = previous.respondents.get(strand, 0)
            n_after = current.respondents.get(strand, 0)
            for y, option in enumerate(order):
                if option not in rows.index:
                    continue
                row = rows.loc[option]
                before = float(row["previous_share"]) * 100
                after = float(row["share"]) * 100
                share_interval(ax, int(row["previous_selected"]), n_before, y - 0.2, colour)
                share_interval(ax, int(row["selected"]), n_after, y + 0.2, colour)
                significant = is_significant(row)
                ax.plot(
                    [before, after],
                    [y, y],
                    color=colour if significant else "#999999",
                    linewidth=3.0 if significant else 1.4,
                    zorder=1,
                )
                ax.scatter(
                    [before],
                    [y],
                    s=38,
                    facecolors="white",
                    edgecolors=colour,
                    linewidths=1.5,
                    zorder=2,
                )
                ax.scatter([after], [y], s=38, color=colour, zorder=3)
                ax.annotate(
                    f"{int(row['previous_selected'])} → {int(row['selected'])}"
                    + (" *" if significant else ""),
                    (104, y),
                    va="center",
                    fontsize=7.5,
                    annotation_clip=False,
                )
            ax.set_title(
                f"{style.STRAND_NAMES[strand]}: n = {n_before} → {n_after}",
                fontsize=9.5,
                color=colour if strand != ALL else style.TEXT_COLOUR,
            )
            ax.set_xlim(-3, 103)
            ax.set_xlabel("share of respondents (%)")
            ax.grid(axis="x", color=style.GRID_COLOUR, linewidth=0.6)
            ax.set_axisbelow(True)
            ax.tick_params(axis="y", length=0)
        axes[0].set_yticks(range(len(order)), labels)
        axes[0].set_ylim(len(order) - 0.5, -0.5)
        from matplotlib.lines import Line2D

        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor="#555555",
                label=f"round {previous.round}",
            ),
            Line2D(
                [], [], marker="o", linestyle="", color="#555555", label=f"round {current.round}"
            ),
            Line2D([], [], color="#555555", linewidth=0.8, label=f"{LEVEL} interval"),
            Line2D([], [], color="#999999", linewidth=1.4, label="change within chance"),
            Line2D(
                [],
                [],
                color="#555555",
                linewidth=3.0,
                label=f"change distinguishable from chance (q < {SIGNIFICANCE_LEVEL:g}, *)",
            ),
        ]
        figure.legend(handles=handles, loc="lower left", ncols=3, bbox_to_anchor=(0.0, 0.0))
        figure.text(
            0.99,
            0.08 / figure.get_size_inches()[1],
            f"numbers at the right: respondents who selected the option, "
            f"{previous.round} → {current.round}",
            ha="right",
            va="bottom",
            fontsize=8,
            color="#555555",
        )
        style.add_title(figure, title)
        style.fit_margins(
            figure,
            left_labels=axes[0].get_yticklabels(),
            top=top,
            bottom=bottom,
            right=0.6,
            wspace=0.25,
        )
        return figure


def agreements_figure(table1: pd.DataFrame, survey: str, rounds: list[str]) -> Figure:
    """Table 1 as a chart: agreements per partnership, one bar per round.

    At most the latest ``AGREEMENT_ROUNDS_DRAWN`` rounds are drawn, and the title says so: a bar per
    round of forty rounds per partnership is unreadable (and a figure metres tall). The data table
    beside the figure and Table 1 keep every round.

    Args:
        table1: one row per partnership with ``partnership``, ``strand`` and one column per round
            (agreements; null where the partnership did not answer that round).
        survey: the survey (for the title).
        rounds: the round columns, earliest first.
    """
    with style.figure_style():
        earlier = len(rounds) - AGREEMENT_ROUNDS_DRAWN
        rounds = rounds[-AGREEMENT_ROUNDS_DRAWN:]
        totals = ", ".join(f"{int(table1[r].fillna(0).sum())} in {r}" for r in rounds)
        title = f"{survey_name(survey)}: cooperation agreements per partnership ({totals})"
        if earlier > 0:
            title += f"; the latest {len(rounds)} rounds, {earlier} earlier in Table 1"
        if table1.empty:
            return no_data_figure(title, "No partnership stated a number of agreements.")
        table = table1.assign(_last=table1[rounds[-1]].fillna(-1)).sort_values(
            ["_last", "partnership"], ascending=[False, True]
        )
        names = [
            f"{p} ({s})" if isinstance(s, str) and s.startswith("strand") else str(p)
            for p, s in zip(table["partnership"], table["strand"], strict=True)
        ]
        bar_height = 0.8 / len(rounds)
        title = wrap(title, TITLE_WIDTH)
        top = 0.12 + (title.count("\n") + 1) * 0.175 + 0.4
        bottom = 0.55
        figure = style.new_figure(8.0, top + bottom + len(table) * (0.2 * len(rounds) + 0.12))
        ax = figure.add_subplot()
        colours = style.round_colours(len(rounds))
        for index, round_ in enumerate(rounds):
            values = table[round_]
            offsets = [p - 0.4 + bar_height * (index + 0.5) for p in range(len(table))]
            bars = ax.barh(
                offsets,
                values.fillna(0).to_numpy(),
                height=bar_height * 0.92,
                color=colours[index],
                label=f"round {round_}",
            )
            ax.bar_label(
                bars,
                labels=["–" if pd.isna(v) else str(int(v)) for v in values],
                padding=2,
                fontsize=8,
            )
        ax.set_yticks(range(len(table)), names)
        ax.set_ylim(len(table) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        integer_axis(ax, float(table[rounds].fillna(0).to_numpy().max()))
        ax.set_xlabel("cooperation agreements or MoUs reported (– : no answer in that round)")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(rounds), borderaxespad=0.3)
        style.add_title(figure, title)
        style.fit_margins(figure, left_labels=ax.get_yticklabels(), top=top, bottom=bottom)
        return figure


def countries_figure(countries: pd.DataFrame, title: str) -> Figure:
    """Countries named in free text, one bar each (``name``, ``mentions``), most named first."""
    with style.figure_style():
        if countries.empty:
            return no_data_figure(wrap(title, TITLE_WIDTH), "No country named.")
        title = wrap(title, 80)
        top = 0.12 + (title.count("\n") + 1) * 0.175 + 0.15
        bottom = 0.55
        figure = style.new_figure(7.0, top + bottom + 0.27 * len(countries))
        ax = figure.add_subplot()
        bars = ax.barh(
            range(len(countries)),
            countries["mentions"].to_numpy(),
            height=0.7,
            color=style.OKABE_ITO["reddish_purple"],
        )
        ax.bar_label(bars, padding=2, fontsize=8)
        ax.set_yticks(range(len(countries)), list(countries["name"]))
        ax.set_ylim(len(countries) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        integer_axis(ax, float(countries["mentions"].max()))
        ax.set_xlabel("respondents naming the country")
        style.add_title(figure, title)
        style.fit_margins(figure, left_labels=ax.get_yticklabels(), top=top, bottom=bottom)
        return figure
