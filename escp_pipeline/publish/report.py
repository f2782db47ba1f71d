"""The progress report: one self-contained HTML file following the seed report's chapters 2-5.

``build_report`` turns the analyst tables into a ``Report`` (chapters, sections, sentences, figures
as PNG data URIs, tables); ``Report.html`` renders it with the Jinja2 template in ``templates/``.
The chapters 2-5 and the method note are data beside it, ``templates/report-outline.yaml``
(``publish.outline``). Nothing in the HTML points outside the file: no web fonts, no scripts, no
style sheets, no images by address.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from escp_pipeline.analysis.like_with_like import asked_first_time
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.publish import (
    catalog,
    change_prose,
    narrative,
    narrative_comparison,
    narrative_tables,
    questionnaire_section,
)
from escp_pipeline.publish.accessibility import FigureData, figure_data
from escp_pipeline.publish.catalog import FigureKey
from escp_pipeline.publish.data import (
    ALL,
    STRANDS,
    AnalystTables,
    QuestionCounts,
    latest_round,
    question_counts,
    rows_of,
    survey_name,
    survey_round_name,
    table_one,
    third_country_mentions,
)
from escp_pipeline.publish.narrative_words import join_words
from escp_pipeline.publish.outline import Chapter, Part, load_outline
from escp_pipeline.publish.sources import source_lines
from escp_pipeline.publish.style import PNG_DPI, data_uri

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "report.html.j2"
TITLE = "Progress of the European Strategic Cluster Partnerships"

PngSource = Callable[[FigureKey, AnalystTables], bytes]


# --- the report's content ----------------------------------------------------------------------


@dataclass
class FigureBlock:
    number: int
    caption: str
    uri: str
    stem: str
    width: int  # CSS pixels at the figure's size in inches (96 per inch)
    height: int
    data: FigureData | None = None  # text alternative and numbers (``publish.accessibility``)
    png: bytes = b""

    @property
    def alt(self) -> str:
        return self.data.alt if self.data else f"Figure {self.number}: {self.caption}"

    @property
    def table(self) -> HtmlTable | None:
        """The numbers behind the figure, for the collapsed data table and the Word document."""
        if self.data is None:
            return None
        return HtmlTable(
            caption=f"Data of Figure {self.number} - {self.caption}",
            header=self.data.header,
            rows=self.data.rows,
            numeric=self.data.numeric,
            note=self.data.note,
        )

    @property
    def csv_name(self) -> str:
        return (
            f"figure-{self.number}-" + re.sub(r"[^0-9A-Za-z]+", "-", self.stem).strip("-") + ".csv"
        )


@dataclass
class HtmlTable:
    caption: str
    header: list[str]
    rows: list[list[str]]
    footer: list[list[str]] = field(default_factory=list)
    note: str = ""
    numeric: tuple[int, ...] = ()  # columns right-aligned


@dataclass
class Section:
    number: str
    title: str
    level: int = 2
    lead: str = ""
    paragraphs: list[list[str]] = field(default_factory=list)
    figures: list[FigureBlock] = field(default_factory=list)
    tables: list[HtmlTable] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    details: HtmlTable | None = None

    @property
    def anchor(self) -> str:
        return "sec-" + re.sub(r"[^0-9A-Za-z]+", "-", self.number).strip("-")

    def walk(self) -> list[Section]:
        return [self, *(s for child in self.children for s in child.walk())]


@dataclass
class Report:
    title: str
    coverage: list[str]
    chapters: list[Section]
    generated_at: str
    #: provenance for the footer: each round's input (``sources.SourceLine``) and the build's run
    sources: list[Any] = field(default_factory=list)
    run_id: str = ""

    def sections(self) -> list[Section]:
        return [s for chapter in self.chapters for s in chapter.walk()]

    def sentences(self) -> list[str]:
        """Every sentence written from the data, in report order."""
        return [s for section in self.sections() for p in section.paragraphs for s in p]

    def figures(self) -> list[FigureBlock]:
        return [f for section in self.sections() for f in section.figures]

    @property
    def html(self) -> str:
        return render_html(self)

    def markdown_preview(self, max_sentences: int = 12) -> str:
        """A short markdown excerpt for the Dagster UI."""
        lines = [f"### {self.title}", "", *[f"- {c}" for c in self.coverage], ""]
        shown = 0
        for section in self.sections():
            if not section.paragraphs or shown >= max_sentences:
                continue
            lines.append(f"**{section.number} {section.title}**")
            for paragraph in section.paragraphs:
                text = " ".join(paragraph)
                lines.append(text)
                shown += len(paragraph)
            lines.append("")
        lines.append(f"… {len(self.figures())} figures, {len(self.sentences())} sentences in all.")
        return "\n".join(lines)


class _Builder:
    def __init__(self, tables: AnalystTables, png_for: PngSource) -> None:
        self.tables = tables
        self.png_for = png_for
        self.figure_number = 0
        self.table_number = 0
        self.used: set[tuple[str, str]] = set()
        self._counts: dict[tuple[str, str, str], QuestionCounts] = {}

    def counts(self, survey: str, round_: str, question: str) -> QuestionCounts:
        key = (survey, round_, question)
        if key not in self._counts:
            self._counts[key] = question_counts(self.tables.option_counts, *key)
        return self._counts[key]

    def figure(self, key: FigureKey) -> FigureBlock:
        self.figure_number += 1
        png = self.png_for(key, self.tables)
        width, height = png_size(png)
        scale = 96 / PNG_DPI
        return FigureBlock(
            number=self.figure_number,
            caption=key.caption,
            uri=data_uri(png),
            stem=key.stem,
            width=round(width * scale),
            height=round(height * scale),
            data=figure_data(key, self.tables),
            png=png,
        )

    def table_caption(self, text: str) -> str:
        self.table_number += 1
        return f"Table {self.table_number} - {text}"

    # chapters 2-5 ----------------------------------------------------------------------------

    def chapter(self, chapter: Chapter) -> Section:
        section = Section(chapter.number, chapter.title, level=1)
        round_ = latest_round(self.tables.option_counts, chapter.survey)
        if round_ is None:
            section.paragraphs.append(
                [f"No {survey_name(chapter.survey)} round has been processed yet."]
            )
            return section
        for part in chapter.parts:
            if part.kind == "question":
                section.children.append(self.question(part, chapter.survey, round_))
            elif part.kind == "agreements":
                section.children.append(self.agreements(part, chapter.survey))
            else:
                section.children.append(self.collaborations(part, chapter.survey, round_))
        return section

    def question(self, part: Part, survey: str, round_: str) -> Section:
        self.used.add((survey, part.question))
        qc = self.counts(survey, round_, part.question)
        section = Section(part.number, part.title, level=2)
        section.lead = question_lead(qc)
        section.figures.append(self.figure(FigureKey("question", survey, round_, part.question)))
        section.paragraphs.append(narrative.question_sentences(qc))
        if catalog.COUNTRY_QUESTIONS.get(survey) == part.question:
            third, eu = third_country_mentions(
                self.tables.country_mentions, survey, round_, part.question
            )
            section.paragraphs.append(
                narrative_tables.countries_sentence(
                    third, eu, f"the free-text answers to {part.question}"
                )
            )
            if len(third):
                section.figures.append(
                    self.figure(FigureKey("countries", survey, round_, part.question))
                )
                section.figures.append(
                    self.figure(FigureKey("country_map", survey, round_, part.question))
                )
        comparison = self.comparison(survey, round_, part.question, part.number)
        if comparison is not None:
            section.children.append(comparison)
        return section

    def comparison(self, survey: str, round_: str, question: str, number: str) -> Section | None:
        rows = rows_of(self.tables.round_comparison, survey=survey, question=question, round=round_)
        if rows.empty:
            return self.first_asked(survey, round_, question, number)
        previous = str(rows["previous_round"].iloc[0])
        rows = rows[rows["previous_round"] == previous]
        current = self.counts(survey, round_, question)
        before = self.counts(survey, previous, question)
        section = Section(f"{number}.c", f"Compared with {survey_round_name(previous)}", level=3)
        section.figures.append(
            self.figure(FigureKey("comparison", survey, round_, question, previous))
        )
        section.paragraphs.append(narrative_comparison.comparison_sentences(rows, current, before))
        changes = self.tables.questionnaire_changes
        reworded = questionnaire_section.reworded_sentences(changes, survey, round_, question)
        if reworded:
            section.paragraphs.append(reworded)
        return section

    def first_asked(self, survey: str, round_: str, question: str, number: str) -> Section | None:
        """The comparison section of a question new in ``round_``: says so instead of comparing."""
        changes = self.tables.questionnaire_changes
        if not asked_first_time(changes, survey, round_, question):
            return None
        section = Section(f"{number}.c", "Not compared with an earlier survey", level=3)
        section.paragraphs.append([questionnaire_section.first_time_sentence(question, round_)])
        return section

    def agreements(self, part: Part, survey: str) -> Section:
        section = Section(part.number, part.title, level=2)
        wide, rounds, totals = table_one(self.tables, survey)
        question = load_codebook(survey).agreements_question
        section.lead = f"Question {question.code}: “{question.text}”"
        if not rounds:
            section.paragraphs.append(
                ["No partnership stated a number of cooperation agreements yet."]
            )
            return section
        section.paragraphs.append(narrative_tables.agreements_sentences(wide, rounds, totals))
        section.tables.append(
            HtmlTable(
                caption=self.table_caption(
                    f"Number of cooperation agreements registered, {survey_name(survey)}"
                ),
                header=[survey_name(survey), "Strand", *[f"Round {r}" for r in rounds]],
                rows=[
                    [
                        str(row["partnership"]),
                        strand_text(row["strand"]),
                        *[count_text(row[r]) for r in rounds],
                    ]
                    for _, row in wide.iterrows()
                ],
                footer=[["Total", "", *[str(totals.get(r, 0)) for r in rounds]]],
                note="– : the partnership stated no number in that round.",
                numeric=tuple(range(2, 2 + len(rounds))),
            )
        )
        section.figures.append(self.figure(FigureKey("agreements", survey)))
        return section

    def collaborations(self, part: Part, survey: str, round_: str) -> Section:
        section = Section(part.number, part.title, level=2)
        question = load_codebook(survey).collaboration_question
        if question is not None:
            section.lead = f"Question {question.code}: “{question.text}”"
        links = rows_of(self.tables.escp_collaborations, survey=survey, round=round_)
        section.paragraphs.append(narrative_tables.collaboration_sentences(links, round_))
        if links.empty:
            return section
        section.figures.append(self.figure(FigureKey("network", survey, round_)))
        ordered = links.sort_values(["source", "target"], key=lambda s: s.str.casefold())
        rows = []
        previous_source = None
        for _, link in ordered.iterrows():
            source = str(link["source"])
            target = str(link["target"]) + ("" if bool(link["target_in_registry"]) else "*")
            purpose = link["purpose"] if isinstance(link["purpose"], str) else ""
            rows.append(
                [
                    source if source != previous_source else "",
                    target,
                    "↔" if bool(link["reciprocal"]) else "→",
                    plain_text(purpose) or "–",
                ]
            )
            previous_source = source
        section.tables.append(
            HtmlTable(
                caption=self.table_caption(
                    f"Collaboration registered between {survey_name(survey)} partnerships, "
                    f"round {round_}"
                ),
                header=[survey_name(survey), "Collaborates with", "Link", "Purpose (as written)"],
                rows=rows,
                note="* outside the partnership registry; ↔ both name each other; → named by "
                "one side only; – no purpose given.",
            )
        )
        return section

    # annex, data quality, method ---------------------------------------------------------------

    def other_questions(self) -> Section:
        section = Section("A", "Other multiple-choice questions", level=1)
        for survey in self.tables.surveys():
            round_ = latest_round(self.tables.option_counts, survey)
            if round_ is None:
                continue
            others = [
                q
                for q in load_codebook(survey).multiple_choice_questions
                if (survey, q.code) not in self.used
            ]
            for question in others:
                text = question.text if len(question.text) <= 70 else question.text[:67] + "…"
                part = Part(
                    f"A.{len(section.children) + 1}",
                    f"{survey_name(survey)} {question.code}: {text}",
                    "question",
                    question.code,
                )
                section.children.append(self.question(part, survey, round_))
        return section

    def data_quality(self) -> Section:
        section = Section("6", "Data quality", level=1)
        section.children.append(self.responses())
        section.children.append(self.strands())
        section.children.append(self.names())
        section.children.append(self.claims())
        return section

    def responses(self) -> Section:
        section = Section("6.1", "Responses counted, incomplete and superseded", level=2)
        respondents = self.tables.respondents
        if respondents.empty:
            section.paragraphs.append(["The respondents table is not available."])
            return section
        rows, sentences = [], []
        for (survey, round_), group in respondents.groupby(["survey", "round"], sort=False):
            counts = group["status"].value_counts()
            complete = int(counts.get("complete", 0))
            incomplete = int(counts.get("incomplete", 0))
            superseded = int(counts.get("superseded", 0))
            rows.append(
                [
                    survey_name(str(survey)),
                    str(round_),
                    str(len(group)),
                    str(complete),
                    str(incomplete),
                    str(superseded),
                ]
            )
            sentences.append(
                responses_sentence(
                    str(survey), str(round_), group, complete, incomplete, superseded
                )
            )
        order = sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1]))
        section.paragraphs += [[sentences[i]] for i in order]
        section.tables.append(
            HtmlTable(
                caption=self.table_caption("Responses per survey round"),
                header=[
                    "Survey",
                    "Round",
                    "Responses",
                    "Complete (counted)",
                    "Incomplete",
                    "Superseded",
                ],
                rows=[rows[i] for i in order],
                note="Only complete answers that are not superseded enter the counts, tables and "
                "figures of this report.",
                numeric=(2, 3, 4, 5),
            )
        )
        return section

    def strands(self) -> Section:
        section = Section("6.2", "Strand answered against the registry", level=2)
        section.paragraphs.append(strand_sentences(self.tables.respondents))
        return section

    def names(self) -> Section:
        section = Section("6.3", "Partnership names written as free text", level=2)
        section.paragraphs.append(name_sentences(self.tables.escp_collaborations))
        return section

    def claims(self) -> Section:
        section = Section("6.4", "The seed report's numbers against the data", level=2)
        claims = self.tables.report_claims
        if claims.empty or "reproduced" not in claims:
            section.paragraphs.append(["The check of the report's claims is not available."])
            return section
        every_claim = claims
        # claims about rounds this data dir does not hold are not checked (not a failure)
        if "applicable" in claims:
            claims = claims[claims["applicable"].astype(bool)]
        not_applicable = len(every_claim) - len(claims)
        reproduced = claims["reproduced"].astype(bool)
        failed = claims[~reproduced]
        total = len(claims)
        lead = (
            f"Of the {total} numbered claims of the seed report, {int(reproduced.sum())} "
            f"{'is' if int(reproduced.sum()) == 1 else 'are'} reproduced by the data"
        )
        if not_applicable:
            lead = (
                f"{not_applicable} claim(s) of the seed report are about rounds not processed here "
                f"and are not checked. {lead}"
            )
        if claims.empty:
            section.paragraphs.append(
                [
                    f"None of the seed report's {not_applicable} claims is about a round processed "
                    "here, so none was checked."
                ]
            )
        elif failed.empty:
            section.paragraphs.append([f"{lead}, that is all of them."])
        else:
            explained = failed["conflict"].fillna("").astype(str).str.strip() != ""
            unexplained = int((~explained).sum())
            why = (
                "the report contradicts itself there, as its conflict note explains"
                if unexplained == 0
                else f"{unexplained} of them without a note explaining why: check the data"
            )
            section.paragraphs.append(
                [f"{lead}; {len(failed)} {'is' if len(failed) == 1 else 'are'} not ({why})."]
            )
            section.tables.append(
                HtmlTable(
                    caption=self.table_caption(
                        "Claims of the seed report the data does not reproduce"
                    ),
                    header=[
                        "Claim",
                        "Section",
                        "What the report says",
                        "Expected",
                        "In the data",
                        "Why",
                    ],
                    rows=[
                        [
                            str(row["id"]),
                            str(row["source"]),
                            str(row["text"]),
                            str(row["expected"]),
                            str(row["actual"]),
                            str(row["conflict"])
                            if isinstance(row["conflict"], str) and row["conflict"].strip()
                            else "not explained: check the data",
                        ]
                        for _, row in failed.iterrows()
                    ],
                )
            )
        section.details = HtmlTable(
            caption="Every claim",
            header=["Claim", "Section", "Reproduced", "Expected", "In the data"],
            rows=[
                [
                    str(row["id"]),
                    str(row["source"]),
                    "yes" if bool(row["reproduced"]) else "no",
                    str(row["expected"]),
                    str(row["actual"]),
                ]
                for _, row in every_claim.iterrows()
            ],
        )
        return section

    def method(self) -> Section:
        section = Section("7", "Method", level=1)
        section.paragraphs += [[paragraph] for paragraph in load_outline().method_note]
        # what the intervals and tests of the tables mean (issue: numbers a reviewer can trust)
        section.paragraphs += [[paragraph] for paragraph in change_prose.method_paragraphs()]
        return section


# --- small texts -------------------------------------------------------------------------------


def question_lead(qc: QuestionCounts) -> str:
    """The caption of a question's figure.

    ``Question B1: “...” — 19 complete answers (12 strand-1, 7 strand-2), round 2019-r2.``
    """
    n = qc.total_respondents
    answers = "1 complete answer" if n == 1 else f"{n} complete answers"
    strands = [f"{qc.respondents.get(s, 0)} {s}" for s in STRANDS if s in qc.respondents]
    split = f" ({', '.join(strands)})" if strands else ""
    return f"Question {qc.question}: “{qc.text}” — {answers}{split} in round {qc.round}."


def strand_text(strand: object) -> str:
    return strand.capitalize() if isinstance(strand, str) and strand in STRANDS else "–"


def count_text(value: object) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))  # type: ignore[arg-type,call-overload]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header (IHDR)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


_SCHEME = re.compile(r"(?i)\b(?:https?|ftp)://")


_TAG = re.compile(r"<[^>]+>")


def plain_text(text: str) -> str:
    """Respondents' free text for display: HTML fragments dropped, spaces collapsed, no links."""
    return without_links(" ".join(_TAG.sub("", text).split()))


def without_links(text: str) -> str:
    """Respondents' text with URL schemes removed: shown as words, never as a link or a request."""
    return _SCHEME.sub("", text)


def responses_sentence(
    survey: str, round_: str, group: pd.DataFrame, complete: int, incomplete: int, superseded: int
) -> str:
    total = len(group)
    head = (
        f"{survey_name(survey)} round {round_}: {total} "
        f"{'response' if total == 1 else 'responses'}, "
        f"{complete} complete {'answer' if complete == 1 else 'answers'} counted"
    )
    notes = []
    if incomplete:
        notes.append(
            f"{incomplete} incomplete {'response' if incomplete == 1 else 'responses'} "
            "(left before submitting)"
        )
    if superseded:
        names = sorted(set(group.loc[group["status"] == "superseded", "partnership"].astype(str)))
        notes.append(
            f"{superseded} superseded {'answer' if superseded == 1 else 'answers'} (an earlier "
            f"complete answer of a partnership that answered again: {join_words(names)})"
        )
    if not notes:
        return head + "; none incomplete or superseded."
    verb = "is" if incomplete + superseded == 1 else "are"
    return f"{head}; {join_words(notes)} {verb} not counted."


def strand_sentences(respondents: pd.DataFrame) -> list[str]:
    """Partnerships whose answered strand differs from the strand the registry gives."""
    from escp_pipeline.contract.registry import load_registry

    if respondents.empty:
        return ["The respondents table is not available."]
    registry = load_registry()
    complete = respondents[(respondents["status"] == "complete")]
    found = []
    for _, row in complete.iterrows():
        answered = row["strand"] if isinstance(row["strand"], str) else None
        if answered not in STRANDS:
            continue
        partnership = registry.lookup(str(row["partnership"]))
        if partnership is None or partnership.strand is None or partnership.strand == answered:
            continue
        found.append(
            f"{row['partnership']} answered {answered} in {survey_name(str(row['survey']))} round "
            f"{row['round']}, while the report gives {partnership.strand}"
        )
    if not found:
        return [
            "Every complete ESCP-4i answer states the strand the report gives for its partnership "
            "(where the report gives one)."
        ]
    count = len(found)
    return [
        f"{count} complete {'answer states' if count == 1 else 'answers state'} a strand other "
        f"than the report's: {'; '.join(found)}. The counts use the strand as answered."
    ]


def name_sentences(links: pd.DataFrame) -> list[str]:
    """Partners outside the registry and, where the table records it, names matched by spelling."""
    if links.empty:
        return ["No collaboration links to check."]
    out = []
    outside = links[~links["target_in_registry"].astype(bool)]
    if outside.empty:
        out.append("Every partner named in the collaboration questions is in the registry.")
    else:
        groups = []
        for (survey, round_), group in outside.groupby(["survey", "round"]):
            names = join_words(sorted(set(group["target"].astype(str))))
            groups.append(f"{survey_name(str(survey))} round {round_}: {names}")
        out.append(
            "Partners named as free text that are in neither survey list are kept as written and "
            f"marked * in Table 2 and the network: {'; '.join(groups)}."
        )
    if {"target_as_written", "target_match"} <= set(links.columns):
        fuzzy = links[links["target_match"].astype(str) == "fuzzy"]
        if fuzzy.empty:
            out.append("No partnership name needed matching by close spelling.")
        else:
            pairs = sorted(
                {
                    f"“{w}” as {t}"
                    for w, t in zip(fuzzy["target_as_written"], fuzzy["target"], strict=True)
                }
            )
            out.append(f"Read by close spelling (fuzzy matching): {join_words(pairs)}.")
    else:
        out.append(
            "Free-text names are resolved to the registry by code, name, alias and close "
            "spelling; the collaborations table does not record which names needed the close-"
            "spelling match, so they cannot be listed here."
        )
    return out


# --- building and rendering --------------------------------------------------------------------


def build_report(
    tables: AnalystTables,
    png_for: PngSource = catalog.render_png,
    *,
    generated_at: datetime | None = None,
    run_id: str | None = None,
) -> Report:
    """The report's content from the analyst tables.

    Args:
        tables: the analyst tables (every processed round).
        png_for: returns a figure's PNG bytes (default: draw it; the Dagster asset reuses the figure
            files when they are current, ``FigureStore.png_for``).
        generated_at: the time stamp shown in the report (default: now).
        run_id: the Dagster run that builds the report, named in the footer.
    """
    from escp_pipeline.contract.registry import load_registry
    from escp_pipeline.publish import follow_up, registry_section

    builder = _Builder(tables, png_for)
    outline = load_outline()
    chapters = [builder.chapter(chapter) for chapter in outline.chapters]
    annex = builder.other_questions()
    quality = builder.data_quality()
    chapters += [quality, builder.method()]
    quality.children.append(
        questionnaire_section.changes_section(
            tables, f"{quality.number}.{len(quality.children) + 1}", builder.table_caption
        )
    )
    quality.children.append(
        registry_section.registry_section(
            tables,
            f"{quality.number}.{len(quality.children) + 1}",
            builder.table_caption,
            load_registry(),
        )
    )
    follow_up.add_sections(chapters, tables, builder.table_caption)
    if annex.children:
        chapters.insert(len(outline.chapters), annex)
    coverage = []
    for survey in tables.surveys():
        round_ = latest_round(tables.option_counts, survey)
        earlier = [
            r
            for r in sorted(
                set(
                    rows_of(tables.round_comparison, survey=survey)["previous_round"]
                    if "previous_round" in tables.round_comparison
                    else []
                )
            )
        ]
        n = rows_of(tables.option_counts, survey=survey, round=round_, strand=ALL)
        answers = int(n["respondents"].max()) if len(n) else 0
        compared = f", compared with round {earlier[-1]}" if earlier else ""
        coverage.append(
            f"{survey_name(survey)}: round {round_} ({answers} complete answers){compared}"
        )
    stamp = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    sources = source_lines(tables.round_sources)
    return Report(TITLE, coverage, chapters, stamp, sources, run_id or "")


def render_html(report: Report) -> str:
    """Render the report with the Jinja2 template (autoescaped)."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["without_links"] = without_links
    return environment.get_template(TEMPLATE_NAME).render(report=report)


def write_report(report: Report, path: Path) -> Path:
    """Write the HTML atomically (a reader never sees half a report)."""
    from escp_pipeline.output_files import write_text_atomically

    return write_text_atomically(path, report.html)
