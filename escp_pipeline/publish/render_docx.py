"""The progress report as a Word document that the authors edit into the deliverable.

What belongs here: rendering a ``report_model.Report`` (the content the HTML is rendered from too:
sections, sentences, figures, tables) with python-docx: a title page, chapters as Heading 1-3, the
lead and the sentences, figures as PNG with a caption and alt text (the picture's ``descr``), tables
as Word tables with a repeating header row, and the data of every figure in an annex. What does not:
deciding what the report says (``report``), or reading HTML.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from escp_pipeline.storage.output_files import write_bytes_atomically

if TYPE_CHECKING:
    from docx.document import Document

    from escp_pipeline.publish.report_model import FigureBlock, HtmlTable, Report, Section

#: Text width of an A4 page with the default margins, in inches: wider figures are scaled down.
TEXT_WIDTH_INCHES = 6.3
CSS_PIXELS_PER_INCH = 96
FIGURE_DATA_ANNEX = "Annex: data of the figures"


def report_docx(report: Report) -> bytes:
    """The Word document of ``report``, as bytes."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    properties = document.core_properties
    properties.title = report.title
    properties.subject = "Progress surveys of the ESCP-4i and ESCP-S3"
    properties.author = "escp_pipeline"
    properties.comments = f"Generated {report.generated_at} from the analyst tables."

    document.add_paragraph(report.title, style="Title")
    document.add_paragraph(
        "Progress surveys of the ESCP-4i and ESCP-S3, written from the survey data.",
        style="Subtitle",
    )
    for line in report.coverage:
        document.add_paragraph(line)
    document.add_paragraph(f"Generated {report.generated_at}.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Contents", style="TOC Heading")
    _table_of_contents(document)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for chapter in report.chapters:
        _section(document, chapter, level=1)

    figures = report.figures()
    if any(figure.table is not None for figure in figures):
        document.add_heading(FIGURE_DATA_ANNEX, level=1)
        for figure in figures:
            if figure.table is not None:
                _table(document, figure.table)
    document.add_paragraph(
        "Written by escp_pipeline from the analyst tables; every number above is read from them. "
        f"{len(figures)} figures."
    )
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{report.title} — generated {report.generated_at}"

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table_of_contents(document: Document) -> None:
    """A Word table-of-contents field over Heading 1-3, filled in when Word updates fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'TOC \\o "1-3" \\h \\z \\u')
    field.set(qn("w:dirty"), "true")  # ask Word to update it on opening
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "Right-click here and choose Update Field to list the chapters."
    run.append(text)
    field.append(run)
    document.add_paragraph()._p.append(field)


def heading_text(section: Section, level: int) -> str:
    """Chapters and sections carry their number; the comparisons below a section do not."""
    return section.title if level >= 3 else f"{section.number} {section.title}"


def _section(document: Document, section: Section, level: int) -> None:
    from escp_pipeline.publish.report_model import plain_text

    document.add_heading(heading_text(section, level), level=min(level, 3))
    if section.lead:
        document.add_paragraph().add_run(plain_text(section.lead)).italic = True
    for figure in section.figures[:1]:
        _figure(document, figure)
    for paragraph in section.paragraphs:
        document.add_paragraph(plain_text(" ".join(paragraph)))
    for table in section.tables:
        _table(document, table)
    for figure in section.figures[1:]:
        _figure(document, figure)
    if section.details is not None:
        _table(document, section.details)
    for child in section.children:
        _section(document, child, level + 1)


def _figure(document: Document, figure: FigureBlock) -> None:
    from docx.shared import Inches

    width = min(TEXT_WIDTH_INCHES, figure.width / CSS_PIXELS_PER_INCH)
    shape = document.add_picture(io.BytesIO(figure.png), width=Inches(width))
    properties = shape._inline.docPr  # the picture's alt text lives on wp:docPr
    properties.set("descr", figure.alt)
    properties.set("title", f"Figure {figure.number}")
    document.add_paragraph(f"Figure {figure.number} - {figure.caption}", style="Caption")


def _table(document: Document, table: HtmlTable) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from escp_pipeline.publish.report_model import plain_text

    document.add_paragraph(table.caption, style="Caption")
    rows = [table.header, *table.rows, *table.footer]
    grid = document.add_table(rows=len(rows), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for r, values in enumerate(rows):
        cells = grid.rows[r].cells
        for c, value in enumerate(values[: len(cells)]):
            paragraph = cells[c].paragraphs[0]
            run = paragraph.add_run(plain_text(str(value)))
            if r == 0 or r > len(table.rows):
                run.bold = True
            if c in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # the first row is the header: Word repeats it on every page and screen readers announce it
    header_properties = grid.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    header_properties.append(marker)
    if table.note:
        document.add_paragraph(table.note)


def write_docx(report: Report, path: Path) -> Path:
    """Write the Word document atomically (a reader never opens half a file)."""
    return write_bytes_atomically(path, report_docx(report))
