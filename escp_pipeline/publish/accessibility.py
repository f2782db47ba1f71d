"""What makes a figure readable without seeing it: a text alternative and the numbers behind it.

What belongs here: for every published figure (``catalog.FigureKey``), a text alternative written
from the rows it is drawn from (what it shows and its top values), the same rows as a table (header
and cells, for the report's collapsed data table and the Word document) and as CSV (the report's
``data:`` download link). What does not: drawing (``figures``, ``world_map``, ``network``) or
rendering (``render_html``, ``render_docx``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from escp_pipeline.publish import data, narrative_words
from escp_pipeline.publish.catalog import FigureKey
from escp_pipeline.publish.data import ALL, STRANDS, AnalystTables, rows_of, survey_name

#: How many top values a text alternative names.
TOP = 5


@dataclass(frozen=True)
class FigureData:
    """A figure's text alternative and the numbers it shows."""

    alt: str
    header: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()
    note: str = ""

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buffer.getvalue()

    def csv_uri(self) -> str:
        """The CSV as a ``data:`` URI: a download that needs no file beside the report."""
        return "data:text/csv;charset=utf-8," + quote(self.csv(), safe="")


def _top(pairs: list[tuple[str, int]], unit: str = "") -> str:
    """``A (4), B (3) and C (1)``; past ``TOP`` values, ``A (4), …, E (1) and 7 more``."""
    shown = [f"{name} ({n}{unit})" for name, n in pairs[:TOP]]
    more = len(pairs) - len(shown)
    return narrative_words.join_words([*shown, f"{more} more"] if more > 0 else shown)


def figure_data(key: FigureKey, tables: AnalystTables) -> FigureData:
    """The text alternative and data table of figure ``key``, from the rows it is drawn from."""
    if key.kind == "question":
        return _question(key, tables)
    if key.kind == "comparison":
        return _comparison(key, tables)
    if key.kind == "agreements":
        return _agreements(key, tables)
    if key.kind == "network":
        return _network(key, tables)
    return _countries(key, tables)


def _question(key: FigureKey, tables: AnalystTables) -> FigureData:
    qc = tables.question_counts(key.survey, key.round, key.question)
    where = f"{survey_name(key.survey)} round {key.round}"
    if qc.table.empty or qc.total_respondents == 0:
        return FigureData(
            f"Bar chart of the answers to {key.question} in {where}: no complete answer.",
            ["Option"],
            [],
        )
    series = [*qc.strands, ALL] if qc.strands else [ALL]
    names = {ALL: "All respondents", **{s: s.capitalize() for s in STRANDS}}
    header = ["Option", *[f"{names[s]} (n = {qc.respondents.get(s, 0)})" for s in series]]
    rows = [
        [str(row["label"]), *[str(int(row[s])) for s in series]] for _, row in qc.table.iterrows()
    ]
    ranked = [(str(r["label"]), int(r[ALL])) for _, r in qc.ranked.iterrows() if int(r[ALL]) > 0]
    split = (
        " (" + ", ".join(f"{qc.respondents.get(s, 0)} {s}" for s in qc.strands) + ")"
        if qc.strands
        else ""
    )
    alt = (
        f"Bar chart of the answers to {key.question} (“{qc.text}”) in {where}, "
        f"{narrative_words.respondents_phrase(qc.total_respondents)}{split}. "
        + (
            f"Most selected: {_top(ranked)}."
            if ranked
            else "No respondent selected any of the options."
        )
    )
    return FigureData(alt, header, rows, tuple(range(1, len(header))))


def _comparison(key: FigureKey, tables: AnalystTables) -> FigureData:
    rows = rows_of(
        tables.round_comparison,
        survey=key.survey,
        question=key.question,
        round=key.round,
        previous_round=key.previous_round,
    )
    header = [
        "Option",
        "Strand",
        f"Selected {key.previous_round}",
        f"Share {key.previous_round} (%)",
        f"Selected {key.round}",
        f"Share {key.round} (%)",
    ]
    table = [
        [
            str(row["label"]),
            str(row["strand"]),
            str(int(row["previous_selected"])),
            f"{float(row['previous_share']) * 100:.0f}",
            str(int(row["selected"])),
            f"{float(row['share']) * 100:.0f}",
        ]
        for _, row in rows.iterrows()
    ]
    what = (
        f"Dot chart of the share of respondents selecting each option of {key.question}, "
        f"{survey_name(key.survey)} round {key.previous_round} against round {key.round}."
    )
    overall = rows[rows["strand"] == ALL] if (rows["strand"] == ALL).any() else rows
    changes = [
        (str(row["label"]), round((float(row["share"]) - float(row["previous_share"])) * 100))
        for _, row in overall.iterrows()
    ]
    rises = sorted((c for c in changes if c[1] > 0), key=lambda c: -c[1])
    falls = sorted((c for c in changes if c[1] < 0), key=lambda c: c[1])
    parts = [what]
    if rises:
        parts.append(f"Largest rises: {_top([(n, v) for n, v in rises][:3], ' points')}.")
    if falls:
        parts.append(f"Largest falls: {_top([(n, -v) for n, v in falls][:3], ' points')}.")
    if not rises and not falls:
        parts.append("No share changed.")
    return FigureData(" ".join(parts), header, table, (2, 3, 4, 5))


def _agreements(key: FigureKey, tables: AnalystTables) -> FigureData:
    wide, rounds, totals = data.table_one(tables, key.survey)
    header = ["Partnership", "Strand", *[f"Round {r}" for r in rounds]]
    rows = [
        [
            str(row["partnership"]),
            str(row["strand"]) if isinstance(row["strand"], str) else "",
            *["" if pd.isna(row[r]) else str(int(row[r])) for r in rounds],
        ]
        for _, row in wide.iterrows()
    ]
    if not rounds:
        return FigureData(
            f"Bar chart of cooperation agreements, {survey_name(key.survey)}: none stated yet.",
            header,
            rows,
        )
    latest = rounds[-1]
    stated = wide[wide[latest].notna()].sort_values(latest, ascending=False)
    top = [(str(p), int(n)) for p, n in zip(stated["partnership"], stated[latest], strict=True)]
    from escp_pipeline.publish.figures import AGREEMENT_ROUNDS_DRAWN

    drawn = (
        "one bar per round"
        if len(rounds) <= AGREEMENT_ROUNDS_DRAWN
        else f"one bar per round of the latest {AGREEMENT_ROUNDS_DRAWN} of {len(rounds)} rounds"
    )
    alt = (
        f"Bar chart of the cooperation agreements each {survey_name(key.survey)} partnership "
        f"stated, {drawn}. Totals: "
        + ", ".join(f"round {r} {totals.get(r, 0)}" for r in rounds)
        + f". Most in round {latest}: {_top(top)}."
    )
    return FigureData(alt, header, rows, tuple(range(2, len(header))))


def _network(key: FigureKey, tables: AnalystTables) -> FigureData:
    from escp_pipeline.publish.network import network_summary

    links = rows_of(tables.escp_collaborations, survey=key.survey, round=key.round)
    header = ["Partnership", "Collaborates with", "Both name each other", "In the registry"]
    rows = [
        [
            str(link["source"]),
            str(link["target"]),
            "yes" if bool(link["reciprocal"]) else "no",
            "yes" if bool(link["target_in_registry"]) else "no",
        ]
        for _, link in links.iterrows()
    ]
    where = f"{survey_name(key.survey)} round {key.round}"
    if links.empty:
        return FigureData(f"Network of collaborations, {where}: none reported.", header, rows)
    summary = network_summary(links)
    named = links["target"].astype(str).value_counts()
    top = [(str(name), int(n)) for name, n in named.items()]
    alt = (
        f"Network of the collaborations between partnerships in {where}: {summary['links']} "
        f"links reported by {summary['reporting']} partnerships, "
        f"{len(summary['reciprocal_pairs'])} pairs naming each other. "  # type: ignore[arg-type]
        f"Named most often: {_top(top)}."
    )
    return FigureData(alt, header, rows)


def _countries(key: FigureKey, tables: AnalystTables) -> FigureData:
    third, _ = data.third_country_mentions(
        tables.country_mentions, key.survey, key.round, key.question
    )
    where = f"{survey_name(key.survey)} round {key.round}"
    kind = "World map" if key.kind == "country_map" else "Bar chart"
    header = ["Country", "ISO code", "Respondents naming it"]
    note = ""
    rows = [
        [str(name), str(code), str(int(n))]
        for code, name, n in zip(third["country"], third["name"], third["mentions"], strict=True)
    ]
    if key.kind == "country_map":
        from escp_pipeline.publish.world_map import on_map

        header.append("On the map")
        for row in rows:
            row.append("yes" if on_map(row[1]) else "no")
        missing = [row[0] for row in rows if row[-1] == "no"]
        if missing:
            note = (
                f"Not on the map, which has no shape for {'it' if len(missing) == 1 else 'them'}: "
                f"{narrative_words.join_words(missing)}; counted here all the same."
            )
    if third.empty:
        alt = f"{kind} of the third countries named in {key.question}, {where}: none named."
        return FigureData(alt, header, rows, (2,), note)
    top = [(str(n), int(m)) for n, m in zip(third["name"], third["mentions"], strict=True)]
    how = (
        "each shaded by how many respondents named it"
        if key.kind == "country_map"
        else "one bar per country, by how many respondents named it"
    )
    alt = (
        f"{kind} of the {len(third)} third countries named in the answers to {key.question}, "
        f"{where}, {how}: {_top(top)}."
    )
    return FigureData(alt, header, rows, (2,), note)
