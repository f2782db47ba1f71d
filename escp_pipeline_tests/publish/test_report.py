"""The HTML report: self-contained, every figure visible, sentences equal to the tables."""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, datetime

import pandas as pd
import pytest

from escp_pipeline.publish import report as report_module
from escp_pipeline.publish.data import AnalystTables, question_counts
from escp_pipeline.publish.narrative import question_sentences
from escp_pipeline.publish.report_model import write_report
from escp_pipeline_tests.publish.frames import report_like_tables

#: A tiny valid PNG: the report's structure is tested without drawing 30 figures.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def tiny_png(key, tables) -> bytes:
    return TINY_PNG


def claims_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": "4i-activities-events", "source": "2.1", "kind": "counts",
             "text": "Events 18", "reproduced": True, "expected": "18", "actual": "18",
             "conflict": None},
            {"id": "4i-collaborations-table2", "source": "2.3.2", "kind": "collaborations",
             "text": "36 collaborations", "reproduced": False, "expected": "36",
             "actual": "37 (see https://example.org)", "conflict": "Table 2 lists 37 links."},
        ]
    )  # fmt: skip


@pytest.fixture(scope="module")
def tables() -> AnalystTables:
    from escp_pipeline.analysis.agreements import agreements_by_round

    frames = report_like_tables()
    frames["agreements_by_round"] = agreements_by_round(frames["cooperation_agreements"])
    frames["report_claims"] = claims_frame()
    links = frames["escp_collaborations"].copy()
    links.loc[0, "purpose"] = "See https://example.org/mission <script>alert(1)</script> & 5 < 6"
    frames["escp_collaborations"] = links
    return AnalystTables(**frames)


@pytest.fixture(scope="module")
def built(tables):
    return report_module.build_report(
        tables, tiny_png, generated_at=datetime(2019, 7, 1, tzinfo=UTC)
    )


@pytest.fixture(scope="module")
def page(built) -> str:
    return built.html


def assert_self_contained(page: str) -> None:
    """Nothing in the page makes the browser fetch anything."""
    lowered = page.lower()
    assert "http://" not in lowered and "https://" not in lowered
    assert "@import" not in lowered
    assert "<script" not in lowered and "<link" not in lowered and "<iframe" not in lowered
    assert "<object" not in lowered and "<embed" not in lowered
    for match in re.finditer(r"url\(([^)]*)\)", lowered):
        assert match.group(1).strip("'\" ").startswith("data:"), match.group(0)
    for attribute, value in re.findall(
        r"\b(src|href|srcset|action|poster)\s*=\s*\"([^\"]*)\"", page
    ):
        if attribute == "href":
            # in-page anchors, and the figures' data as CSV inside the link itself
            assert value.startswith(("#", "data:text/csv;")), value
        else:
            assert value.startswith("data:image/png;base64,"), value[:40]
        assert not value.startswith("//")


def test_report_references_nothing_outside_itself(page) -> None:
    assert_self_contained(page)
    # a respondent's text is shown without markup or link, and escaped
    assert "See example.org/mission alert(1) &amp; 5 &lt; 6" in page


def test_every_figure_is_embedded_and_counted(built, page) -> None:
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == len(built.figures()) == len(re.findall(r"<img\b", page))
    assert all(base64.b64decode(image)[:8] == b"\x89PNG\r\n\x1a\n" for image in images)
    numbers = [int(n) for n in re.findall(r"<figcaption>Figure (\d+) - ", page)]
    assert numbers == list(range(1, len(images) + 1))


def test_sections_follow_chapters_two_to_five(built) -> None:
    titles = [f"{s.number} {s.title}" for s in built.sections()]
    for expected in (
        "2.1 Activities implemented by the ESCP-4i",
        "2.2 Barriers and difficulties faced by the ESCP-4i",
        "2.3.1 Cooperation agreements established by ESCP-4i",
        "2.3.2 Collaborations initiated between ESCP-4i",
        "3.1 Results achieved by cluster organisations in ESCP-4i",
        "3.2 Results achieved by SMEs involved in ESCP-4i activities",
        "5.1 Barriers and difficulties faced by the ESCP-S3",
        "6 Data quality",
        "7 Method",
    ):
        assert expected in titles
    assert any(t.startswith("2.1.c Compared with the first survey (2018-r1)") for t in titles)


def test_report_sentences_equal_the_tables(tables, built, page) -> None:
    text = html.unescape(re.sub(r"\s+", " ", page))
    for survey, round_, question in (
        ("escp-4i", "2019-r2", "B1"),
        ("escp-4i", "2019-r2", "C1"),
        ("escp-s3", "2019-r1", "B2"),
    ):
        for sentence in question_sentences(
            question_counts(tables.option_counts, survey, round_, question)
        ):
            assert sentence in text
    assert (
        "The most common activity is the organisation of events/ missions, reported by 18 "
        "respondents: 11 of 12 strand-1 and all 7 strand-2."
    ) in text
    assert "Regarding the targeted third countries" in text
    assert "That is 25 more than the 21 of the first survey (2018-r1)." in text


def test_tables_one_and_two(page) -> None:
    tables = re.findall(r"<table>.*?</table>", page, flags=re.S)
    table1 = next(t for t in tables if "Number of cooperation agreements registered, ESCP-4i" in t)
    cells = [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table1)]
    assert cells[:4] == ["ESCP-4i", "Strand", "Round 2018-r1", "Round 2019-r2"]
    row = cells.index("LASER-GO GLOBAL")
    assert cells[row : row + 4] == ["LASER-GO GLOBAL", "Strand-2", "2", "10"]
    assert cells[-4:] == ["Total", "", "21", "46"]
    table2 = next(t for t in tables if "Collaboration registered between ESCP-4i" in t)
    assert table2.count("<tr>") == 1 + 37
    assert "SmartCity Tech*" in table2 and "↔" in table2


def test_data_quality_lists_claims_the_data_does_not_reproduce(page) -> None:
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"\s+", " ", text)
    assert "Of the 2 numbered claims of the seed report, 1 is reproduced by the data; 1 is not" in (
        text
    )
    assert "Table 2 lists 37 links." in text
    assert "1 superseded answer (an earlier complete answer of a partnership that answered " in text
    assert "again: MAGIA)" in text


def test_preview_for_the_ui(built) -> None:
    preview = built.markdown_preview()
    assert preview.startswith("### Progress of the European Strategic Cluster Partnerships")
    assert "reported by 18 respondents" in preview
    assert "data:image" not in preview


def test_a_report_with_one_survey_only(tmp_path) -> None:
    frames = report_like_tables()
    s3_only = {
        name: frame[frame["survey"] == "escp-s3"] if "survey" in frame else frame
        for name, frame in frames.items()
    }
    report = report_module.build_report(AnalystTables(**s3_only), tiny_png)
    chapter2 = report.chapters[0]
    assert chapter2.paragraphs == [["No ESCP-4i round has been processed yet."]]
    path = write_report(report, tmp_path / "r.html")
    assert_self_contained(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_report_with_real_figures(tables, tmp_path) -> None:
    """One report with every figure drawn, opened as a browser would: all images decode."""
    from PIL import Image

    report = report_module.build_report(tables)
    path = write_report(report, tmp_path / "escp-progress-report.html")
    page = path.read_text(encoding="utf-8")
    assert_self_contained(page)
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" width="(\d+)"', page)
    assert len(images) == len(report.figures()) > 20
    import io

    for encoded, width in images:
        with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
            assert image.width > 500
            assert abs(image.width * 96 / 130 - int(width)) <= 1
