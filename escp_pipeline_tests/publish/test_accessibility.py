"""A report everyone can read: text alternatives and data tables written from the figures' rows, CSV
downloads inside the page, header cells, nested headings, colours that survive colour-vision
deficiencies, and axe-core run over the page in Debian's headless Chromium."""

from __future__ import annotations

import csv
import io
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from escp_pipeline.publish import accessibility, style, world_map
from escp_pipeline.publish.catalog import FigureKey
from escp_pipeline_tests.browser import chromium_page, chromium_path
from escp_pipeline_tests.publish.test_report import built, page, tables  # noqa: F401


def test_text_alternative_names_the_top_values(tables) -> None:  # noqa: F811
    b1 = accessibility.figure_data(FigureKey("question", "escp-4i", "2019-r2", "B1"), tables)
    assert b1.alt.startswith("Bar chart of the answers to B1 (“Please indicate which kind")
    assert "19 respondents (12 strand-1, 7 strand-2)" in b1.alt
    assert "Most selected: Organisation of events/ missions (18)" in b1.alt
    assert b1.header == [
        "Option",
        "Strand-1 (n = 12)",
        "Strand-2 (n = 7)",
        "All respondents (n = 19)",
    ]
    events = next(row for row in b1.rows if row[0] == "Organisation of events/ missions")
    assert events[1:] == ["11", "7", "18"]

    countries = accessibility.figure_data(
        FigureKey("country_map", "escp-4i", "2019-r2", "B1"), tables
    )
    assert countries.alt.startswith("World map of the 12 third countries named in the answers")
    assert "USA (4), Canada (3), China (3), Chile (2), Mexico (2) and 7 more" in countries.alt
    assert countries.header[-1] == "On the map"

    agreements = accessibility.figure_data(FigureKey("agreements", "escp-4i"), tables)
    assert "Totals: round 2018-r1 21, round 2019-r2 46." in agreements.alt


def test_country_missing_from_the_map_stays_in_the_table_with_a_note(tables) -> None:  # noqa: F811
    import pandas as pd

    from escp_pipeline.publish.data import AnalystTables

    mentions = pd.DataFrame(
        {"survey": "escp-4i", "round": "2019-r2", "question": "B1",
         "country": ["US", "SS"], "mentions": [2, 1]}
    )  # fmt: skip
    data = accessibility.figure_data(
        FigureKey("country_map", "escp-4i", "2019-r2", "B1"),
        AnalystTables(country_mentions=mentions),
    )
    assert data.rows == [["USA", "US", "2", "yes"], ["South Sudan", "SS", "1", "no"]]
    assert "South Sudan" in data.note and "no shape" in data.note


def test_csv_download_holds_the_table(tables) -> None:  # noqa: F811
    data = accessibility.figure_data(FigureKey("network", "escp-4i", "2019-r2"), tables)
    assert data.csv_uri().startswith("data:text/csv;charset=utf-8,")
    decoded = unquote(data.csv_uri().split(",", 1)[1])
    assert list(csv.reader(io.StringIO(decoded))) == [data.header, *data.rows]
    assert len(data.rows) == 37


class _Outline(HTMLParser):
    """Headings, header cells, images and the links and tables inside each figure's details."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.header_cells: list[dict[str, str | None]] = []
        self.images: list[dict[str, str | None]] = []
        self.csv_links: list[str] = []
        self.tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "th":
            self.header_cells.append(dict(attrs))
        elif tag == "img":
            self.images.append(dict(attrs))
        elif tag == "a" and (dict(attrs).get("href") or "").startswith("data:text/csv"):
            self.csv_links.append(dict(attrs)["href"] or "")
        elif tag == "table":
            self.tables += 1


def test_every_figure_has_alt_text_a_data_table_and_a_csv(built, page) -> None:  # noqa: F811
    outline = _Outline()
    outline.feed(page)
    figures = built.figures()
    assert len(outline.images) == len(figures) > 10
    for image, figure in zip(outline.images, figures, strict=True):
        assert image["alt"] == figure.alt and len(figure.alt) > 60
    assert len(outline.csv_links) == len(figures)
    for number in range(1, len(figures) + 1):
        block = page.split(f'<figure id="figure-{number}">', 1)[1].split("</details>", 1)[0]
        assert f"<summary>Data of Figure {number} (" in block
        assert f"<caption>Data of Figure {number} - " in block


def test_headings_nest_and_tables_have_header_cells(page) -> None:  # noqa: F811
    outline = _Outline()
    outline.feed(page)
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    for before, after in itertools.pairwise(outline.headings):
        assert after <= before + 1, (before, after)
    assert outline.header_cells and all(cell.get("scope") == "col" for cell in outline.header_cells)
    assert page.count("<thead>") == outline.tables


def _simulated(colour: str, deficiency: str):
    import numpy as np
    from colorspacious import cspace_convert
    from matplotlib.colors import to_rgb

    cvd = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cspace_convert(to_rgb(colour), cvd, "sRGB1"), 0, 1)


#: Least perceptual distance (CAM02-UCS delta E) two series colours keep under a full deficiency.
MIN_DELTA_E = 10.0


@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
@pytest.mark.parametrize(
    "palette",
    [
        list(style.STRAND_COLOURS.values()),
        [*style.STRAND_COLOURS.values(), style.UNKNOWN_COLOUR],
        list(style.ROUND_COLOURS),
        [world_map.UNNAMED_COLOUR, *world_map.class_colours(world_map.MAX_CLASSES)],
        [world_map.UNNAMED_COLOUR, *world_map.class_colours(2)],
    ],
    ids=["strands", "network", "rounds", "map-5-classes", "map-2-classes"],
)
def test_series_colours_stay_apart_for_colour_blind_readers(palette, deficiency) -> None:
    pytest.importorskip("colorspacious")
    from colorspacious import deltaE

    simulated = [_simulated(colour, deficiency) for colour in palette]
    closest = min(
        float(deltaE(a, b, input_space="sRGB1")) for a, b in itertools.combinations(simulated, 2)
    )
    assert closest >= MIN_DELTA_E, (palette, deficiency, closest)


def test_the_colour_check_can_fail() -> None:
    """Red and green, the classic pair a deuteranope confuses, fail the same check."""
    pytest.importorskip("colorspacious")
    from colorspacious import deltaE

    red, green = (_simulated(c, "deuteranomaly") for c in ("#D62728", "#2CA02C"))
    assert float(deltaE(red, green, input_space="sRGB1")) < MIN_DELTA_E


def axe_violations(path: Path) -> list[dict]:
    """axe-core's violations of the page at ``path``, opened in Debian's headless Chromium."""
    from axe_playwright_python.sync_playwright import Axe

    with chromium_page() as browser_page:
        browser_page.goto(path.as_uri())
        results = Axe().run(browser_page)
    assert results.response["passes"], "axe-core ran no rule"
    return results.response["violations"]


def _needs_chromium() -> None:
    chromium_path()
    pytest.importorskip("axe_playwright_python")


@pytest.mark.e2e  # Chromium
def test_axe_finds_no_serious_or_critical_violation(built, tmp_path) -> None:  # noqa: F811
    _needs_chromium()
    from escp_pipeline.publish.report_model import write_report

    path = write_report(built, tmp_path / "escp-progress-report.html")
    serious = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in axe_violations(path)
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


@pytest.mark.e2e  # Chromium
def test_axe_catches_a_page_that_is_not_accessible(tmp_path) -> None:
    """The same harness on a page with an image without alt text and no language: it fails."""
    _needs_chromium()
    path = tmp_path / "bad.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        '<img src="data:image/png;base64,iVBORw0KGgo="></body></html>',
        encoding="utf-8",
    )
    found = {v["id"]: v["impact"] for v in axe_violations(path)}
    assert found.get("image-alt") == "critical"
    assert "html-has-lang" in found


def test_the_agreements_text_says_which_rounds_the_chart_draws() -> None:
    import pandas as pd

    from escp_pipeline.publish.data import AnalystTables
    from escp_pipeline.publish.figures import AGREEMENT_ROUNDS_DRAWN

    rounds = [f"{2000 + index}-r{index + 1}" for index in range(AGREEMENT_ROUNDS_DRAWN + 2)]
    by_round = pd.DataFrame(
        [
            {"survey": "escp-4i", "round": r, "partnership": p, "agreements": 2, "round_total": 4}
            for r in rounds
            for p in ("P01", "P02")
        ]
    )
    data = accessibility.figure_data(
        FigureKey("agreements", "escp-4i"), AnalystTables(agreements_by_round=by_round)
    )
    assert f"the latest {AGREEMENT_ROUNDS_DRAWN} of {len(rounds)} rounds" in data.alt
    assert data.header[2:] == [f"Round {r}" for r in rounds]  # the data table keeps every round
