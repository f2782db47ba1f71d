"""On the demo drops: the HTML report has the map, alt text and a data table under every figure and
passes axe-core; the Word document beside it holds every heading, figure and table of the HTML."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from escp_pipeline_tests.conftest import DemoBuild
from escp_pipeline_tests.publish.test_accessibility import _needs_chromium, axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def report_dir(demo_build: DemoBuild) -> Path:
    assert demo_build.report.ok, (demo_build.report.failed, demo_build.report.cross_round_error)
    return demo_build.data_dir / "warehouse" / "report"


def _html_headings(page: str) -> list[str]:
    found = re.findall(
        r'<h([234])>(?:<span class="num">([^<]*)</span>)?(.*?)</h\1>', page, flags=re.S
    )
    return [
        html.unescape(f"{number} {title}" if level != "4" else title)
        for level, number, title in found
    ]


def test_map_files_for_every_escp_4i_round(demo_build: DemoBuild) -> None:
    figures = demo_build.data_dir / "warehouse" / "figures" / "escp-4i"
    rounds = sorted(p.name for p in figures.iterdir() if p.is_dir())
    assert rounds == ["2018-r1", "2019-r2"]
    for round_ in rounds:
        assert (figures / round_ / "countries-map-B1.png").stat().st_size > 10_000
        assert (figures / round_ / "countries-map-B1.svg").stat().st_size > 10_000


def test_html_report_is_accessible(report_dir: Path) -> None:
    page = (report_dir / "escp-progress-report.html").read_text(encoding="utf-8")
    alts = re.findall(
        r'<img src="data:image/png;base64,[^"]+" width="\d+" height="\d+" alt="([^"]*)"', page
    )
    assert len(alts) == page.count("<img ") > 20
    assert all(len(alt) > 60 and not alt.startswith("Figure ") for alt in alts)
    assert page.count('href="data:text/csv;charset=utf-8,') == len(alts)
    assert "World map of the" in page and "map of the third countries named in B1" in page
    _needs_chromium()
    serious = [
        (v["id"], v["help"])
        for v in axe_violations(report_dir / "escp-progress-report.html")
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_word_document_holds_every_heading_figure_and_table(report_dir: Path) -> None:
    import docx

    page = (report_dir / "escp-progress-report.html").read_text(encoding="utf-8")
    document = docx.Document(str(report_dir / "escp-progress-report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading ")]
    html_headings = _html_headings(page)
    assert len(html_headings) > 20
    assert headings[: len(html_headings)] == html_headings
    assert len(document.inline_shapes) == page.count("<img ")
    assert len(document.tables) == page.count("<table>")
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page)]
    assert descriptions == alts
