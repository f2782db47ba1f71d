"""Countries in free text: names, short forms, the pronoun "us", and counting once per answer."""

import pandas as pd
import pytest

from escp_pipeline.analysis.countries import (
    COUNTRY_MENTIONS_COLUMNS,
    countries_named,
    country_mentions,
)
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline_tests.analysis.frames import core_frame

ESCP_4I = load_codebook("escp-4i")


def _named(text: str) -> set[str]:
    found = countries_named(pd.Series([text], dtype="str"))
    return set(found["country"])


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Missions to the USA", {"US"}),
        ("US market; U.S. partners; U.S.A.; the States", {"US"}),
        ("United States of America and United States", {"US"}),
        ("Let us know; join us; tell US partners", {"US"}),
        ("They asked us to come", set()),
        ("UK, Britain, Great Britain", {"GB"}),
        ("uk is lowercase here", set()),
        ("China, PRC, People's Republic of China, People’s Republic of China", {"CN"}),
        ("South Korea and Korea", {"KR"}),
        ("Russia and the Russian Federation", {"RU"}),
        ("canada", {"CA"}),
        ("Europe, the EU, European Union, Africa, Asia, Latin America, Antarctica", set()),
        ("Romania, Indiana, Omaha", {"RO"}),
        ("New Mexico and New Jersey", set()),
        ("Mexico City and Papua New Guinea", {"MX", "PG"}),
        ("Niger, Nigeria", {"NE", "NG"}),
        ("Northern Ireland", {"GB"}),
        ("Côte d'Ivoire, Viet Nam, Türkiye, Turkey", {"CI", "VN", "TR"}),
        ("UAE", {"AE"}),
    ],
)
def test_countries_named(text: str, codes: set[str]) -> None:
    assert _named(text) == codes


def test_mentions_count_answers_not_occurrences() -> None:
    answers = [
        {  # names the USA three times in two fields of B1, China once
            "partnership_code": "P07",
            "B1[SQ003comment]": "USA, US partners",
            "B1[SQ009comment]": "mission to the United States and China",
        },
        {"partnership_code": "P10", "B1[SQ009comment]": "Canada; US"},
        {"partnership_code": "P12", "B1[other]": "visit to canada", "C1[SQ004comment]": "USA"},
        {"partnership_code": "P15", "B1[SQ001comment]": "us", "A3": "Cluster of Chile"},
        {"partnership_code": "P01", "status": "incomplete", "B1[SQ009comment]": "USA"},
        {"partnership_code": "P03", "status": "superseded", "B1[SQ009comment]": "Japan"},
        {
            "partnership_code": "P16",
            "D4O1[SQ002]": "Brazil",
            "D4O2[SQ002]": "Brazil",
            "H2[SQ001_LOC]": "Tokyo, Japan",
            "H2[SQ002_LOC]": "Osaka, Japan",
        },
    ]
    table = country_mentions(core_frame("escp-4i", "2019-r2", answers), ESCP_4I)

    assert tuple(table.columns) == COUNTRY_MENTIONS_COLUMNS
    counts = {
        (q, c): n
        for q, c, n in zip(table["question"], table["country"], table["mentions"], strict=True)
    }
    assert counts == {
        ("A3", "CL"): 1,
        ("B1", "US"): 2,
        ("B1", "CA"): 2,
        ("B1", "CN"): 1,
        ("C1", "US"): 1,
        ("D4O1", "BR"): 1,
        ("D4O2", "BR"): 1,
        ("H2", "JP"): 1,
    }
    assert table["mentions"].dtype == "int64"
    b1 = table[table["question"] == "B1"]
    assert list(b1["country"]) == ["CA", "US", "CN"]  # most mentions first, then by code


def test_no_free_text_gives_the_empty_table_with_columns() -> None:
    table = country_mentions(
        core_frame("escp-4i", "2019-r2", [{"partnership_code": "P07"}]), ESCP_4I
    )
    assert table.empty and tuple(table.columns) == COUNTRY_MENTIONS_COLUMNS
