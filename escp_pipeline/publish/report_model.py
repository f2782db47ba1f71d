"""The report's content as data: sections, sentences, figures and tables, and its HTML rendering.

``report.build_report`` fills a ``Report``; ``render_html`` renders it with the Jinja2 template in
``templates/`` and ``render_docx`` writes the same content as a Word document. The section modules
(follow-up, questionnaire changes, registry, data quality) build ``Section`` objects directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from escp_pipeline.publish.accessibility import FigureData
from escp_pipeline.publish.data import STRANDS

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "report.html.j2"


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


_SCHEME = re.compile(r"(?i)\b(?:https?|ftp)://")


_TAG = re.compile(r"<[^>]+>")


def strand_text(strand: object) -> str:
    """A strand as shown in tables: ``Strand-1``, or a dash where none was answered."""
    return strand.capitalize() if isinstance(strand, str) and strand in STRANDS else "–"


def plain_text(text: str) -> str:
    """Respondents' free text for display: HTML fragments dropped, spaces collapsed, no links."""
    return without_links(" ".join(_TAG.sub("", text).split()))


def without_links(text: str) -> str:
    """Respondents' text with URL schemes removed: shown as words, never as a link or a request."""
    return _SCHEME.sub("", text)


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
    from escp_pipeline.storage.output_files import write_text_atomically

    return write_text_atomically(path, report.html)
