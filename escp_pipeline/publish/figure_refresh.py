"""The question figures the analyst tables call for, and bringing their files up to date.

What belongs here: the list of per-question figures (one per multiple-choice question of every
processed round of every survey in ``option_counts``, one per round comparison in
``round_comparison``), derived from the tables alone, so a survey or a question the project has
never seen gets its figures with no code change; and ``refresh``, which draws only the figures whose
data changed (the fingerprint kept inside each PNG, ``catalog.FigureStore``) and keeps the others.
What does not: drawing (``catalog.draw``, ``figures``) or anything that knows Dagster
(``defs/publish/figures.py``).

Each figure's fingerprint is computed from the rows of its own survey, round and question, split
once from the tables, and every row is hashed once for all figures (``catalog.with_row_digests``),
so checking that a figure is current costs the same with 3 rounds as with 40.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.publish import catalog
from escp_pipeline.publish.catalog import FigureKey, FigureStore
from escp_pipeline.publish.data import AnalystTables

QUESTION_COLUMNS = ["survey", "round", "question"]


@dataclass(frozen=True)
class FigureOutcome:
    """One figure after a refresh: its files and whether it was drawn now or kept as it was."""

    key: FigureKey
    png: Path
    svg: Path
    drawn: bool
    #: the caption with the question's text from the round's questionnaire
    title: str = ""


def _order(key: FigureKey) -> tuple[str, tuple[int, int], int]:
    return key.survey, round_sort_key(key.round), 0 if key.kind == "question" else 1


def question_figure_keys(option_counts: pd.DataFrame) -> list[FigureKey]:
    """One figure per survey, processed round and multiple-choice question in ``option_counts``.

    Questions keep the order of the table (the round questionnaire's); rounds are chronological.
    """
    if option_counts.empty or any(c not in option_counts for c in QUESTION_COLUMNS):
        return []
    triples = option_counts[QUESTION_COLUMNS].astype(str).drop_duplicates()
    keys = [FigureKey("question", s, r, q) for s, r, q in triples.itertuples(index=False)]
    return sorted(keys, key=_order)  # stable: questions keep their order within a round


def comparison_figure_keys(round_comparison: pd.DataFrame) -> list[FigureKey]:
    """One figure per survey, question and round that ``round_comparison`` compares with another."""
    columns = [*QUESTION_COLUMNS, "previous_round"]
    if round_comparison.empty or any(c not in round_comparison for c in columns):
        return []
    rows = round_comparison[columns].astype(str).drop_duplicates()
    keys = [FigureKey("comparison", s, r, q, p) for s, r, q, p in rows.itertuples(index=False)]
    return sorted(keys, key=_order)


def question_figure_catalogue(tables: AnalystTables) -> list[FigureKey]:
    """Every per-question figure the tables call for: each round's figures, then its comparisons."""
    keys = question_figure_keys(tables.option_counts) + comparison_figure_keys(
        tables.round_comparison
    )
    return sorted(keys, key=_order)


class _RowsByQuestion:
    """The figure rows, split once per survey, round and question.

    The rows of ``option_counts`` and ``round_comparison`` split once per survey, round and
    question, so each figure's fingerprint reads its own rows, not the whole table.
    """

    def __init__(self, tables: AnalystTables) -> None:
        self.questionnaires = tables.questionnaires
        self.questionnaire_tables = AnalystTables(questionnaires=tables.questionnaires)
        # each row hashed once here, not once per figure that reads it (600 figures at 40 rounds)
        self.counts = _split(catalog.with_row_digests(tables.option_counts))
        self.comparisons = _split(catalog.with_row_digests(tables.round_comparison))
        self.empty_counts = tables.option_counts.iloc[0:0]
        self.empty_comparisons = tables.round_comparison.iloc[0:0]

    def fingerprint(self, key: FigureKey) -> str:
        """``catalog.fingerprint(key, self.tables_for(key))``, from the rows split once.

        The frames are those ``catalog.inputs`` selects for a question or a comparison, in its
        order, without filtering the split rows again (600 figures at 40 rounds).
        """
        own = self.counts.get((key.survey, key.round, key.question), self.empty_counts)
        frames = [own]
        if key.kind == "comparison":
            earlier = self.counts.get(
                (key.survey, key.previous_round, key.question), self.empty_counts
            )
            comparison = self.comparisons.get(
                (key.survey, key.round, key.question), self.empty_comparisons
            )
            frames = [comparison, own, earlier]
        texts = catalog.question_texts(key, self.questionnaire_tables)
        return catalog.rows_fingerprint(key, texts, frames)

    def tables_for(self, key: FigureKey) -> AnalystTables:
        """Tables holding every row ``catalog.inputs`` and ``catalog.draw`` read for ``key``."""
        own = self.counts.get((key.survey, key.round, key.question), self.empty_counts)
        if key.kind == "question":
            return AnalystTables(option_counts=own, questionnaires=self.questionnaires)
        earlier = self.counts.get((key.survey, key.previous_round, key.question))
        counts = own if earlier is None else pd.concat([own, earlier])
        comparison = self.comparisons.get(
            (key.survey, key.round, key.question), self.empty_comparisons
        )
        return AnalystTables(
            option_counts=counts, round_comparison=comparison, questionnaires=self.questionnaires
        )


def _split(frame: pd.DataFrame) -> dict[tuple[str, str, str], pd.DataFrame]:
    if frame.empty or any(c not in frame for c in QUESTION_COLUMNS):
        return {}
    groups = frame.groupby(QUESTION_COLUMNS, sort=False, observed=True)
    return {(str(s), str(r), str(q)): rows for (s, r, q), rows in groups}


def stored_fingerprint(png: Path) -> str | None:
    """The fingerprint a PNG written by ``FigureStore`` carries (its header only is read)."""
    from PIL import Image

    try:
        with png.open("rb") as handle:
            header = handle.read(64 * 1024)  # the text chunks come before the image data
        with Image.open(io.BytesIO(header)) as image:
            value = image.info.get(FigureStore.FINGERPRINT_FIELD)
    except (OSError, SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None


def refresh(
    store: FigureStore, tables: AnalystTables, keys: Iterable[FigureKey] | None = None
) -> list[FigureOutcome]:
    """Bring the files of ``keys`` (default: ``question_figure_catalogue``) up to date.

    A figure whose PNG carries the fingerprint of the rows it would be drawn from now, and whose SVG
    exists, is kept untouched; any other is drawn once and written as PNG and SVG from that one
    drawing (``FigureStore.save``).
    """
    rows = _RowsByQuestion(tables)
    outcomes = []
    for key in question_figure_catalogue(tables) if keys is None else keys:
        own = rows.tables_for(key)
        stem = store.stem(key)
        png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
        wanted = rows.fingerprint(key)
        current = svg.exists() and stored_fingerprint(png) == wanted
        if not current:
            drawn_from = catalog.without_row_digests(own)
            store.save(key, drawn_from, force=True, fingerprint_=wanted)
        title = catalog.titled_caption(key, own)
        outcomes.append(FigureOutcome(key, png, svg, drawn=not current, title=title))
    return outcomes
