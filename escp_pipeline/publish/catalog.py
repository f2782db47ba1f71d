"""Every figure the project publishes: its key, its file, the table rows it is drawn from.

A ``FigureKey`` names one figure (a question in a round, a round comparison, Table 1, the network,
the targeted countries) and where it lives under ``warehouse/figures/``. ``fingerprint`` hashes the
rows a figure is drawn from (and the style version), and ``FigureStore`` keeps that hash inside the
PNG, so the report reuses a figure file only when it was drawn from exactly the data it would draw
it from now.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from escp_pipeline.contract.drops import round_sort_key
from escp_pipeline.publish import data
from escp_pipeline.publish.data import AnalystTables, rows_of, survey_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Bump when a figure's look changes, so figures drawn by older code are not reused.
STYLE_VERSION = "4"
#: A column ``with_row_digests`` adds to a table: each row's digest, for ``fingerprint``.
ROW_DIGEST = "_row_digest"
#: The question whose free text names the targeted third countries (report section 2.1).
COUNTRY_QUESTIONS: dict[str, str] = {"escp-4i": "B1"}

FigureKind = Literal["question", "comparison", "agreements", "network", "countries", "country_map"]


@dataclass(frozen=True, order=True)
class FigureKey:
    """One published figure."""

    kind: FigureKind
    survey: str
    round: str = ""
    question: str = ""
    previous_round: str = ""

    @property
    def stem(self) -> str:
        """The file path below ``warehouse/figures/`` without extension."""
        if self.kind == "question":
            return f"{self.survey}/{self.round}/{self.question}"
        if self.kind == "comparison":
            return f"{self.survey}/{self.round}/{self.question}-change-from-{self.previous_round}"
        if self.kind == "agreements":
            return f"{self.survey}/agreements"
        if self.kind == "network":
            return f"{self.survey}/{self.round}/collaborations"
        if self.kind == "country_map":
            return f"{self.survey}/{self.round}/countries-map-{self.question}"
        return f"{self.survey}/{self.round}/countries-{self.question}"

    @property
    def caption(self) -> str:
        name = survey_name(self.survey)
        if self.kind == "question":
            return f"{name}, round {self.round}: answers to {self.question}"
        if self.kind == "comparison":
            return (
                f"{name}: answers to {self.question}, round {self.previous_round} against "
                f"round {self.round}"
            )
        if self.kind == "agreements":
            return f"{name}: cooperation agreements per partnership and round (Table 1)"
        if self.kind == "network":
            return f"{name}, round {self.round}: collaborations between partnerships (Table 2)"
        if self.kind == "country_map":
            return (
                f"{name}, round {self.round}: map of the third countries named in {self.question}"
            )
        return f"{name}, round {self.round}: third countries named in {self.question}"


# --- which figures exist for the tables ---------------------------------------------------------


def question_keys(tables: AnalystTables, survey: str, question: str) -> list[FigureKey]:
    """One figure per processed round of ``survey`` that has counts for ``question``."""
    rows = rows_of(tables.option_counts, survey=survey, question=question)
    return [FigureKey("question", survey, r, question) for r in data.rounds_of(rows, survey)]


def comparison_keys(tables: AnalystTables, survey: str, question: str) -> list[FigureKey]:
    """One figure per round of ``survey`` that ``round_comparison`` compares with an earlier one."""
    rows = rows_of(tables.round_comparison, survey=survey, question=question)
    if rows.empty:
        return []
    pairs = rows.drop_duplicates(["round", "previous_round"])
    keys = [
        FigureKey("comparison", survey, str(r), question, str(p))
        for r, p in zip(pairs["round"], pairs["previous_round"], strict=True)
    ]
    return sorted(keys, key=lambda key: round_sort_key(key.round))


def agreements_keys(tables: AnalystTables) -> list[FigureKey]:
    frame = tables.agreements_by_round
    surveys = set(frame["survey"]) if "survey" in frame else set()
    return [FigureKey("agreements", s) for s in data.SURVEY_NAMES if s in surveys]


def network_keys(tables: AnalystTables) -> list[FigureKey]:
    """One network per processed round of a survey that has a collaboration question."""
    from escp_pipeline.contract.codebook import load_codebook

    keys = []
    for survey in data.SURVEY_NAMES:
        if load_codebook(survey).collaboration_question is None:
            continue
        keys += [FigureKey("network", survey, r) for r in tables.processed_rounds(survey)]
    return keys


def countries_keys(tables: AnalystTables) -> list[FigureKey]:
    """One targeted-countries chart per processed round of a survey in ``COUNTRY_QUESTIONS``."""
    keys = []
    for survey, question in COUNTRY_QUESTIONS.items():
        keys += [
            FigureKey("countries", survey, r, question) for r in tables.processed_rounds(survey)
        ]
    return keys


def country_map_keys(tables: AnalystTables) -> list[FigureKey]:
    """One world map of the targeted countries per round that has a countries chart."""
    return [
        FigureKey("country_map", key.survey, key.round, key.question)
        for key in countries_keys(tables)
    ]


# --- what a figure is drawn from, and drawing it ------------------------------------------------


def inputs(key: FigureKey, tables: AnalystTables) -> list[pd.DataFrame]:
    """The table rows figure ``key`` is drawn from."""
    counts = tables.option_counts
    if key.kind == "question":
        return [rows_of(counts, survey=key.survey, round=key.round, question=key.question)]
    if key.kind == "comparison":
        return [
            rows_of(
                tables.round_comparison, survey=key.survey, question=key.question, round=key.round
            ),
            rows_of(counts, survey=key.survey, round=key.round, question=key.question),
            rows_of(counts, survey=key.survey, round=key.previous_round, question=key.question),
        ]
    if key.kind == "agreements":
        return [
            rows_of(tables.agreements_by_round, survey=key.survey),
            rows_of(tables.cooperation_agreements, survey=key.survey),
        ]
    if key.kind == "network":
        return [
            rows_of(tables.escp_collaborations, survey=key.survey, round=key.round),
            rows_of(tables.respondents, survey=key.survey, round=key.round),
        ]
    return [
        rows_of(tables.country_mentions, survey=key.survey, round=key.round, question=key.question)
    ]


def question_texts(key: FigureKey, tables: AnalystTables) -> list[str]:
    """The question texts a question or comparison figure shows, from its rounds' questionnaires."""
    if key.kind not in ("question", "comparison"):
        return []
    rounds = [key.round, key.previous_round] if key.kind == "comparison" else [key.round]
    texts = []
    for round_ in rounds:
        question = data.question_of(
            key.survey, key.question, tables.questionnaire(key.survey, round_)
        )
        texts.append(question.text if question is not None else "")
    return texts


def titled_caption(key: FigureKey, tables: AnalystTables) -> str:
    """``key.caption`` followed by the question's text in the round's questionnaire, if it has one.

    ``PILOT-SURVEY, round 2025-r2: answers to Q5 (“Which events did you attend?”)``.
    """
    texts = [text for text in question_texts(key, tables) if text and text != key.question]
    return f"{key.caption} (“{texts[0]}”)" if texts else key.caption


def fingerprint(key: FigureKey, tables: AnalystTables) -> str:
    """A hash of the rows ``key`` is drawn from, its question texts, key and the style version.

    The rows count as a set: each row's digest (``row_digests``), sorted. A table that carries
    ``ROW_DIGEST`` (``with_row_digests``) gives the same fingerprint without hashing its rows again.
    """
    return rows_fingerprint(key, question_texts(key, tables), inputs(key, tables))


def rows_fingerprint(key: FigureKey, texts: list[str], frames: list[pd.DataFrame]) -> str:
    """``fingerprint`` from its parts: the question texts and the rows, as ``inputs`` gives them."""
    digest = hashlib.sha256(f"{STYLE_VERSION}|{key}".encode())
    for text in texts:
        digest.update(f"|{text}".encode())
    for frame in frames:
        columns = [str(column) for column in frame.columns if column != ROW_DIGEST]
        digest.update(",".join(columns).encode())
        digest.update(np.sort(row_digests(frame)).tobytes())
    return digest.hexdigest()[:24]


def row_digests(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit digest per row of ``frame``, of its values as text.

    A row's digest depends on that row alone, so the digests of a whole table, computed once, serve
    every subset of its rows (its ``ROW_DIGEST`` column, when it has one).
    """
    if ROW_DIGEST in frame:
        return frame[ROW_DIGEST].to_numpy(dtype="uint64")
    if frame.empty:
        return np.empty(0, dtype="uint64")
    return pd.util.hash_pandas_object(frame.astype("string"), index=False).to_numpy()


def with_row_digests(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``ROW_DIGEST`` column: checking 600 figures hashes each row once."""
    return frame.assign(**{ROW_DIGEST: row_digests(frame)})


def without_row_digests(tables: AnalystTables) -> AnalystTables:
    """``tables`` as they are drawn from: without the ``ROW_DIGEST`` column ``fingerprint`` used."""
    changes = {
        name: frame.drop(columns=ROW_DIGEST)
        for name, frame in vars(tables).items()
        if isinstance(frame, pd.DataFrame) and ROW_DIGEST in frame
    }
    return dataclasses.replace(tables, **changes) if changes else tables


def countries_title(survey: str, round_: str, question: str) -> str:
    return (
        f"{survey_name(survey)}, round {round_}: third countries named in the answers to "
        f"{question} (respondents naming each; EU member states left out)"
    )


def draw(key: FigureKey, tables: AnalystTables) -> Figure:
    """Draw figure ``key`` from the tables."""
    from escp_pipeline.publish import figures, network

    if key.kind == "question":
        return figures.option_figure(tables.question_counts(key.survey, key.round, key.question))
    if key.kind == "comparison":
        return figures.comparison_figure(
            rows_of(
                tables.round_comparison,
                survey=key.survey,
                question=key.question,
                round=key.round,
                previous_round=key.previous_round,
            ),
            tables.question_counts(key.survey, key.round, key.question),
            tables.question_counts(key.survey, key.previous_round, key.question),
        )
    if key.kind == "agreements":
        wide, rounds, _ = data.table_one(tables, key.survey)
        return figures.agreements_figure(wide, key.survey, rounds)
    if key.kind == "network":
        links = rows_of(tables.escp_collaborations, survey=key.survey, round=key.round)
        strands = data.partnership_strands(tables.respondents, key.survey, key.round)
        return network.network_figure(links, strands, key.survey, key.round)
    third, _ = data.third_country_mentions(
        tables.country_mentions, key.survey, key.round, key.question
    )
    if key.kind == "country_map":
        from escp_pipeline.publish import world_map

        return world_map.country_map_figure(
            third, countries_title(key.survey, key.round, key.question)
        )
    return figures.countries_figure(third, countries_title(key.survey, key.round, key.question))


# --- files -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedFigure:
    key: FigureKey
    png: Path
    svg: Path
    png_bytes: bytes
    drawn: bool = True  # False: the files were current and kept


class FigureStore:
    """The figure files under ``warehouse/figures/``, each PNG carrying its data fingerprint."""

    FINGERPRINT_FIELD = "escp-fingerprint"

    def __init__(self, root: Path) -> None:
        self.root = root

    def stem(self, key: FigureKey) -> Path:
        return self.root / key.stem

    def save(
        self,
        key: FigureKey,
        tables: AnalystTables,
        *,
        force: bool = False,
        fingerprint_: str | None = None,
    ) -> SavedFigure:
        """Draw ``key`` and write ``<stem>.png`` and ``<stem>.svg``.

        A figure whose files were drawn from the same rows (same fingerprint) is not drawn again,
        unless ``force``: re-processing one round does not redraw every other round's figures.
        ``fingerprint_`` is ``fingerprint(key, tables)`` when the caller has it already.
        """
        from escp_pipeline.publish import style

        stem = self.stem(key)
        if not force and stem.with_suffix(".svg").exists():
            stored = self.load(key, tables)
            if stored is not None:
                png_path, svg_path = stem.with_suffix(".png"), stem.with_suffix(".svg")
                return SavedFigure(key, png_path, svg_path, stored, drawn=False)
        figure = draw(key, tables)
        stem.parent.mkdir(parents=True, exist_ok=True)
        stamp = fingerprint_ or fingerprint(key, tables)
        png = style.png_bytes(figure, text={self.FINGERPRINT_FIELD: stamp})
        svg = style.svg_text(figure)
        style.close(figure)
        # the PNG carries the fingerprint, so it is written last: a file pair is current only
        # when both were written
        _write_atomically(stem.with_suffix(".svg"), svg.encode("utf-8"))
        _write_atomically(stem.with_suffix(".png"), png)
        return SavedFigure(key, stem.with_suffix(".png"), stem.with_suffix(".svg"), png)

    def load(self, key: FigureKey, tables: AnalystTables) -> bytes | None:
        """The stored PNG of ``key`` if it was drawn from the same rows, else None."""
        path = self.stem(key).with_suffix(".png")
        if not path.exists():
            return None
        from PIL import Image

        content = path.read_bytes()
        try:
            with Image.open(io.BytesIO(content)) as image:
                stored = image.info.get(self.FINGERPRINT_FIELD)
        except OSError:
            return None
        return content if stored == fingerprint(key, tables) else None

    def png_for(self, key: FigureKey, tables: AnalystTables) -> bytes:
        """The PNG of ``key``: the stored file when current, else drawn now (and not written)."""
        stored = self.load(key, tables)
        return stored if stored is not None else render_png(key, tables)


def render_png(key: FigureKey, tables: AnalystTables) -> bytes:
    """Draw ``key`` in memory and return its PNG bytes."""
    from escp_pipeline.publish import style

    figure = draw(key, tables)
    try:
        return style.png_bytes(figure)
    finally:
        style.close(figure)


def _write_atomically(path: Path, content: bytes) -> None:
    """Write next to ``path`` under a unique name, then rename: readers never see half a file."""
    from escp_pipeline.storage.output_files import write_bytes_atomically

    write_bytes_atomically(path, content)
