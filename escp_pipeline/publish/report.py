"""The progress report: one self-contained HTML file following the seed report's chapters 2-5.

``build_report`` turns the analyst tables into a ``Report`` (chapters, sections, sentences, figures
as PNG data URIs, tables; the model and its HTML rendering are ``report_model``); chapter 6, data
quality, is ``report_quality``, and the follow-up, questionnaire, registry and personal-data
sections add to it. A survey the outline has no chapter for gets one of its own (``S1``, ...), one
section per multiple-choice question of its latest round's questionnaire, written like the others.
The chapters 2-5 and the method note are data beside it, ``templates/report-outline.yaml``
(``publish.outline``). Nothing in the HTML points outside the file: no web fonts, no scripts, no
style sheets, no images by address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd

from escp_pipeline.analysis.like_with_like import asked_first_time
from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.publish import (
    catalog,
    change_prose,
    narrative,
    narrative_comparison,
    narrative_tables,
    questionnaire_section,
)
from escp_pipeline.publish.accessibility import figure_data
from escp_pipeline.publish.catalog import FigureKey
from escp_pipeline.publish.data import (
    ALL,
    STRANDS,
    AnalystTables,
    QuestionCounts,
    latest_round,
    rows_of,
    survey_name,
    survey_round_name,
    table_one,
    third_country_mentions,
)
from escp_pipeline.publish.outline import Chapter, Part, load_outline
from escp_pipeline.publish.personal_data_section import personal_data_section
from escp_pipeline.publish.report_model import (
    FigureBlock,
    HtmlTable,
    Report,
    Section,
    plain_text,
    strand_text,
)
from escp_pipeline.publish.report_quality import data_quality
from escp_pipeline.publish.sources import source_lines
from escp_pipeline.publish.style import PNG_DPI, data_uri

TITLE = "Progress of the European Strategic Cluster Partnerships"
#: The chapters of surveys without an outline chapter are numbered S1, S2, ... after chapters 2-5.
OWN_CHAPTER_PREFIX = "S"

PngSource = Callable[[FigureKey, AnalystTables], bytes]


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
            self._counts[key] = self.tables.question_counts(*key)
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

    # a survey without an outline chapter ----------------------------------------------------------

    def survey_chapter(self, survey: str, number: str) -> Section:
        """The chapter of a survey the outline has no chapter for: one section per question.

        Titled with the survey's title in its latest round's questionnaire (the ``.lss``); one
        section per multiple-choice question counted in that round, in questionnaire order, each
        written like a question of chapters 2-5 (figure, sentences, comparison or "asked for the
        first time", reworded options).
        """
        round_ = latest_round(self.tables.option_counts, survey)
        questionnaire = self.tables.questionnaire(survey, round_) if round_ else None
        title = questionnaire.title if questionnaire is not None else ""
        section = Section(number, title or survey_name(survey), level=1)
        if round_ is None:
            section.paragraphs.append([f"No {survey_name(survey)} round has been processed yet."])
            return section
        questions = counted_questions(self.tables.option_counts, survey, round_, questionnaire)
        section.paragraphs.append(
            [
                f"Survey {survey_name(survey)}, round {round_}: {len(questions)} "
                f"multiple-choice question{'s' if len(questions) != 1 else ''}, each with its "
                "answers, in the order of the round's questionnaire."
            ]
        )
        for index, (code, text) in enumerate(questions, start=1):
            part = Part(f"{number}.{index}", f"{code}: {short_text(text)}", "question", code)
            section.children.append(self.question(part, survey, round_))
        return section

    # annex, data quality, method ---------------------------------------------------------------

    def other_questions(self, surveys: list[str]) -> Section:
        """Annex A: the multiple-choice questions of ``surveys`` their chapters do not show."""
        section = Section("A", "Other multiple-choice questions", level=1)
        for survey in surveys:
            round_ = latest_round(self.tables.option_counts, survey)
            if round_ is None:
                continue
            questionnaire = self.tables.questionnaire(survey, round_)
            others = [
                (code, text)
                for code, text in counted_questions(
                    self.tables.option_counts, survey, round_, questionnaire
                )
                if (survey, code) not in self.used
            ]
            for code, text in others:
                part = Part(
                    f"A.{len(section.children) + 1}",
                    f"{survey_name(survey)} {code}: {short_text(text)}",
                    "question",
                    code,
                )
                section.children.append(self.question(part, survey, round_))
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


def short_text(text: str, limit: int = 70) -> str:
    """A question text short enough for a section title."""
    return text if len(text) <= limit else text[: limit - 3] + "…"


def counted_questions(
    option_counts: pd.DataFrame, survey: str, round_: str, questionnaire: Codebook | None
) -> list[tuple[str, str]]:
    """(code, text) of the multiple-choice questions counted in a round, in questionnaire order.

    Questions counted but missing from ``questionnaire`` follow in the table's order, their code
    standing for their text.
    """
    counted = list(dict.fromkeys(rows_of(option_counts, survey=survey, round=round_)["question"]))
    asked = questionnaire.multiple_choice_questions if questionnaire is not None else []
    ordered = [(q.code, q.text) for q in asked if q.code in counted]
    known = {code for code, _ in ordered}
    return ordered + [(str(code), str(code)) for code in counted if code not in known]


def count_text(value: object) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))  # type: ignore[arg-type,call-overload]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header (IHDR)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


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
    outlined = {chapter.survey for chapter in outline.chapters}
    # a survey the outline has no chapter for gets its own, after the outline's chapters
    chapters += [
        builder.survey_chapter(survey, f"{OWN_CHAPTER_PREFIX}{index}")
        for index, survey in enumerate((s for s in tables.surveys() if s not in outlined), start=1)
    ]
    own_chapters = len(chapters)
    annex = builder.other_questions([s for s in tables.surveys() if s in outlined])
    quality = data_quality(tables, builder.table_caption)
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
    quality.children.append(
        personal_data_section(
            tables, f"{quality.number}.{len(quality.children) + 1}", builder.table_caption
        )
    )
    follow_up.add_sections(chapters, tables, builder.table_caption)
    if annex.children:
        chapters.insert(own_chapters, annex)
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
