"""The Word document: built from the same content as the HTML report, it holds every chapter
heading, sentence, figure (with caption and alt text) and table of it, and opens with
python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from escp_pipeline.publish import render_docx
from escp_pipeline_tests.publish.test_report import built, tables  # noqa: F401


@pytest.fixture(scope="module")
def document(built):  # noqa: F811
    import docx

    return docx.Document(io.BytesIO(render_docx.report_docx(built)))


def _paragraph_texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def test_title_page_and_properties(built, document) -> None:  # noqa: F811
    texts = _paragraph_texts(document)
    assert document.paragraphs[0].style.name == "Title"
    assert texts[0] == built.title
    for line in built.coverage:
        assert line in texts[:8]
    assert document.core_properties.title == built.title


def test_every_chapter_heading_in_order(built, document) -> None:  # noqa: F811
    headings = [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    expected = []

    def walk(section, level):
        expected.append((min(level, 3), render_docx.heading_text(section, level)))
        for child in section.children:
            walk(child, level + 1)

    for chapter in built.chapters:
        walk(chapter, 1)
    assert headings[: len(expected)] == expected
    assert (1, "2 ESCP-4i activities, barriers and achievements") in headings
    assert (2, "2.1 Activities implemented by the ESCP-4i") in headings
    assert (1, "7 Method") in headings
    assert headings[len(expected) :] == [(1, render_docx.FIGURE_DATA_ANNEX)]


def test_every_sentence_and_the_method_note(built, document) -> None:  # noqa: F811
    from escp_pipeline.publish.outline import load_outline
    from escp_pipeline.publish.report_model import plain_text

    text = "\n".join(_paragraph_texts(document))
    for sentence in built.sentences():
        assert plain_text(sentence) in text
    for paragraph in load_outline().method_note:
        assert paragraph in text


def test_every_figure_with_caption_and_alt_text(built, document) -> None:  # noqa: F811
    from docx.oxml.ns import qn

    figures = built.figures()
    pictures = document.inline_shapes
    assert len(pictures) == len(figures) > 10
    for picture, figure in zip(pictures, figures, strict=True):
        properties = picture._inline.docPr
        assert properties.get("descr") == figure.alt
        blip = picture._inline.graphic.graphicData.pic.blipFill.blip
        part = document.part.related_parts[blip.get(qn("r:embed"))]
        assert part.blob == figure.png
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    for figure in figures:
        assert f"Figure {figure.number} - {figure.caption}" in captions


def test_every_table_as_a_word_table(built, document) -> None:  # noqa: F811
    from escp_pipeline.publish.report_model import plain_text

    expected = []
    for section in built.sections():
        expected += section.tables
        expected += [section.details] if section.details is not None else []
    expected += [figure.table for figure in built.figures()]
    word_tables = document.tables
    assert len(word_tables) == len(expected)
    by_caption = {}
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(built.figures()) + len(expected)
    for word_table, table in zip(word_tables, expected, strict=True):
        by_caption[table.caption] = word_table
        cells = [[cell.text for cell in row.cells] for row in word_table.rows]
        assert cells[0] == [plain_text(h) for h in table.header]
        assert len(cells) == 1 + len(table.rows) + len(table.footer)
        assert cells[1:2] == [[plain_text(c) for c in row] for row in table.rows[:1]]
    table1 = next(t for c, t in by_caption.items() if "cooperation agreements registered" in c)
    assert [cell.text for cell in table1.rows[-1].cells] == ["Total", "", "21", "46"]


def test_asset_writes_the_docx_beside_the_html(tmp_path: Path, monkeypatch) -> None:
    import dagster as dg
    import docx
    import pandas as pd

    from escp_pipeline.analysis.agreements import agreements_by_round
    from escp_pipeline.defs.publish.report import progress_report
    from escp_pipeline.publish import catalog
    from escp_pipeline.storage.resources import DataDir
    from escp_pipeline_tests.publish.frames import report_like_tables
    from escp_pipeline_tests.publish.test_assets import (
        report_like_claims,
        report_like_questionnaire_changes,
    )
    from escp_pipeline_tests.publish.test_report import TINY_PNG

    monkeypatch.setattr(catalog, "render_png", lambda key, analyst_tables: TINY_PNG)
    frames = report_like_tables()
    frames["agreements_by_round"] = agreements_by_round(frames["cooperation_agreements"])
    frames["report_claims"] = report_like_claims()
    follow_up = {
        name: pd.DataFrame()
        for name in ("partnership_rounds", "free_text_answers", "round_sources")
    }
    results = list(
        progress_report(
            dg.build_asset_context(),
            data_dir=DataDir(path=str(tmp_path)),
            **frames,
            **follow_up,
            questionnaire_changes=report_like_questionnaire_changes(),
            questionnaire={},
        )
    )
    result = next(r for r in results if r.asset_key.to_user_string() == "progress_report_docx")
    path = Path(result.metadata["path"].path)
    assert path == tmp_path / "warehouse" / "report" / "escp-progress-report.docx"
    opened = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in opened.paragraphs)
    assert "Changes to the questionnaire" in text
    assert len(opened.inline_shapes) == result.metadata["figures"] > 10
    assert result.metadata["headings"] > 20
