"""``report_claims``: each claim kind against small tables whose figures the test knows."""

import pandas as pd
import pytest

from escp_pipeline.analysis.agreements import cooperation_agreements
from escp_pipeline.analysis.claim_evaluation import ClaimTables
from escp_pipeline.analysis.claim_kinds import EVALUATORS
from escp_pipeline.analysis.claims import (
    AUXILIARY_KEYS,
    META_KEYS,
    load_report_facts,
    report_claims,
    unexplained_failures,
)
from escp_pipeline.analysis.collaborations import escp_collaborations
from escp_pipeline.analysis.countries import country_mentions
from escp_pipeline.analysis.option_counts import option_counts
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline_tests.analysis.frames import core_frame

ESCP_4I = load_codebook("escp-4i")

# 2019-r2: three strand-1 answers, one strand-2; C1 SQ007 3, SQ004 and SQ005 tie on 2
SECOND = [
    {
        "partnership_code": "P16",
        "C1[SQ007]": True,
        "C1[SQ004]": True,
        "B1[SQ009comment]": "USA and Canada",
        "D3": 10.0,
        "E1[SQ001]": True,
        "E1[SQ002]": True,
        "G2[P17]": True,
        "G2[other]": "SmartCity Tech",
    },
    {
        "partnership_code": "P17",
        "C1[SQ007]": True,
        "C1[SQ005]": True,
        "D3": 1.0,
        "E1[SQ001]": True,
        "G2[P16]": True,
        "B1[SQ003comment]": "us and the US",
    },
    {"partnership_code": "P15", "C1[SQ004]": True, "C1[SQ005]": True, "D3": 2.0, "E1[SQ001]": True},
    {
        "partnership_code": "P01",
        "strand": "strand-2",
        "C1[SQ007]": True,
        "D3": 5.0,
        "E1[SQ003]": True,
        "G2[other]": "LASER GO GLOBAL",
    },
    {"partnership_code": "P10", "status": "incomplete", "C1[SQ001]": True},
]
FIRST = [
    {"partnership_code": "P16", "C1[SQ007]": True, "D3": 2.0, "E1[SQ001]": True},
    {"partnership_code": "P17", "D3": 0.0, "C1[SQ001]": True},
    {"partnership_code": "P01", "strand": "strand-2", "D3": 0.0, "C1[SQ001]": True},
]


@pytest.fixture(scope="module")
def tables() -> ClaimTables:
    core = pd.concat(
        [core_frame("escp-4i", "2018-r1", FIRST), core_frame("escp-4i", "2019-r2", SECOND)],
        ignore_index=True,
    )
    return ClaimTables(
        option_counts=option_counts(core, ESCP_4I),
        cooperation_agreements=cooperation_agreements(core, ESCP_4I),
        escp_collaborations=escp_collaborations(core, ESCP_4I, load_registry()),
        country_mentions=country_mentions(core, ESCP_4I),
        core_responses=core,
    )


def _evaluate(tables: ClaimTables, **kinds: object) -> pd.Series:
    facts = {"claims": [{"id": "c", "source": "test", "text": "a claim", **kinds}]}
    return report_claims(facts, tables).iloc[0]


ROUND = {"survey": "escp-4i", "round": "2019-r2"}


@pytest.mark.parametrize(
    ("count", "reproduced"),
    [
        ({"question": "C1", "option": "SQ007", "strand": "all", "selected": 3, "rank": 1}, True),
        ({"question": "C1", "option": "SQ007", "strand": "strand-1", "selected": 2}, True),
        ({"question": "C1", "option": "SQ007", "strand": "strand-2", "selected": 1}, True),
        ({"question": "C1", "option": "SQ004", "strand": "all", "rank": 2}, True),  # tie 2, 2
        ({"question": "C1", "option": "SQ005", "strand": "all", "rank": 2}, True),
        ({"question": "C1", "option": "SQ001", "strand": "all", "rank": 4}, True),  # 0: after tie
        ({"question": "C1", "option": "SQ004", "strand": "all", "rank_max": 2}, True),
        ({"question": "C1", "option": "SQ004", "strand": "all", "rank": 3}, False),
        (
            {
                "question": "C1",
                "option": "SQ007",
                "strand": "all",
                "share_min": 0.75,
                "share_max": 0.75,
            },
            True,
        ),
        ({"question": "C1", "option": "SQ007", "strand": "all", "share_min": 0.76}, False),
        ({"question": "C1", "option": "SQ001", "strand": "all", "selected": 0}, True),
        (
            {
                "question": "C1",
                "option": "SQ007",
                "strand": "all",
                "selected_min": 3,
                "selected_max": 3,
            },
            True,
        ),
        ({"question": "C1", "option": "other", "strand": "all", "rank": 1}, False),
        ({"question": "C1", "option": "SQ007", "strand": "all", "selectd": 3}, False),
    ],
)
def test_counts(tables: ClaimTables, count: dict, reproduced: bool) -> None:
    row = _evaluate(tables, counts=[{**ROUND, **count}])
    assert row["reproduced"] == reproduced, row["actual"]


def test_counts_of_an_unprocessed_round_are_not_applicable(tables: ClaimTables) -> None:
    count = {
        "survey": "escp-s3",
        "round": "2019-r1",
        "question": "B1",
        "option": "SQ002",
        "strand": "all",
        "selected": 1,
    }
    row = _evaluate(tables, counts=[count])
    assert not row["reproduced"] and not row["applicable"]
    assert row["actual"] == "not applicable: escp-s3 2019-r1 not processed"
    assert unexplained_failures(pd.DataFrame([row])).empty


def test_a_missing_option_of_a_processed_round_still_fails(tables: ClaimTables) -> None:
    count = {**ROUND, "question": "C1", "option": "SQ999", "strand": "all", "selected": 1}
    row = _evaluate(tables, counts=[count])
    assert row["applicable"] and not row["reproduced"] and "no such row" in row["actual"]


@pytest.mark.parametrize(
    "kinds",
    [
        {
            "every_respondent_selects_one_of": {
                "survey": "escp-4i",
                "round": "2017-r0",
                "question": "C1",
            }
        },
        {"agreements": {"2017-r0": {"MAGIA": 1}, "totals": {"2017-r0": 1}}},
        {"collaborations": {"MAGIA": ["LASER-GO GLOBAL"]}, "round": "2017-r0"},
        {
            "country_mentions": {
                "survey": "escp-4i",
                "round": "2017-r0",
                "question": "B1",
                "mentions": {"US": 1},
            }
        },
        {
            "improvement": {
                "survey": "escp-4i",
                "question": "E1",
                "from": "2017-r0",
                "to": "2019-r2",
            }
        },
        {
            "counts": [
                {**ROUND, "question": "C1", "option": "SQ007", "selected": 3},
                {
                    "survey": "escp-4i",
                    "round": "2017-r0",
                    "question": "C1",
                    "option": "SQ007",
                    "selected": 1,
                },
            ]
        },
    ],
)
def test_every_kind_about_an_unprocessed_round_is_not_applicable(
    tables: ClaimTables, kinds: dict
) -> None:
    row = _evaluate(tables, **kinds)
    assert not row["applicable"], row["actual"]
    assert "escp-4i 2017-r0 not processed" in row["actual"]


def test_every_respondent_selects_one_of(tables: ClaimTables) -> None:
    assert _evaluate(tables, every_respondent_selects_one_of={**ROUND, "question": "C1"})[
        "reproduced"
    ]
    row = _evaluate(tables, every_respondent_selects_one_of={**ROUND, "question": "D1"})
    assert not row["reproduced"] and "0 of 4" in row["actual"]


def test_agreements(tables: ClaimTables) -> None:
    claim = {
        "2018-r1": {"LASER-GO GLOBAL": 2, "MAGIA": 0, "AdPack2": 0},
        "2019-r2": {"LASER GO GLOBAL": 10, "MAGIA": 1, "IDEEO": 2, "AdPack2": 5},
        "totals": {"2018-r1": 2, "2019-r2": 18},
    }
    assert _evaluate(tables, agreements=claim)["reproduced"]
    wrong = {**claim, "totals": {"2018-r1": 2, "2019-r2": 46}}
    assert not _evaluate(tables, agreements=wrong)["reproduced"]
    row = _evaluate(tables, agreements={**claim, "2019-r2": {"MAGIA": 2}, "totals": {}})
    assert not row["reproduced"] and "MAGIA 1 (expected 2)" in row["actual"]


def test_collaborations_infer_survey_and_the_report_round(tables: ClaimTables) -> None:
    links = {
        "LASER-GO GLOBAL": ["MAGIA", "SmartCity Tech"],
        "MAGIA": ["LASER-GO GLOBAL"],
        "AdPack2": ["LASER-GO GLOBAL"],
    }
    pairs = [["LASER-GO GLOBAL", "MAGIA"]]
    facts = {
        "rounds": [{"survey": "escp-4i", "round": "2019-r2"}],
        "claims": [
            {"id": "ok", "collaborations": links, "reciprocal_pairs": pairs},
            {"id": "missing", "collaborations": {**links, "MAGIA": ["LASER-GO GLOBAL", "GCA"]}},
            {"id": "pairs", "collaborations": links, "reciprocal_pairs": []},
        ],
    }
    rows = report_claims(facts, tables).set_index("id")
    assert rows.loc["ok", "reproduced"], rows.loc["ok", "actual"]
    assert not rows.loc["missing", "reproduced"] and "MAGIA → GCA" in rows.loc["missing", "actual"]
    assert not rows.loc["pairs", "reproduced"]
    assert rows.loc["ok", "kind"] == "collaborations"


def test_country_mentions(tables: ClaimTables) -> None:
    claim = {**ROUND, "question": "B1", "mentions": {"US": 2, "CA": 1}}
    assert _evaluate(tables, country_mentions=claim)["reproduced"]
    row = _evaluate(tables, country_mentions={**claim, "mentions": {"US": 3}})
    assert not row["reproduced"] and "also named: CA 1" in row["actual"]


def test_improvement(tables: ClaimTables) -> None:
    claim = {
        "survey": "escp-4i",
        "question": "E1",
        "from": "2018-r1",
        "to": "2019-r2",
        "strands": ["strand-1", "strand-2"],
    }
    # E1 per respondent: strand-1 0.5 -> 1.33, strand-2 0 -> 1
    assert _evaluate(tables, improvement=claim)["reproduced"]
    backwards = {**claim, "from": "2019-r2", "to": "2018-r1"}
    assert not _evaluate(tables, improvement=backwards)["reproduced"]


def test_rounds_with_complete_counts_become_claims(tables: ClaimTables) -> None:
    facts = {
        "rounds": [
            {
                "survey": "escp-4i",
                "round": "2019-r2",
                "complete": {"strand-1": 3, "strand-2": 1, "all": 4},
            },
            {"survey": "escp-4i", "round": "2018-r1", "complete": {"all": 5}},
            {"survey": "escp-4i", "round": "2017-r0x"},
        ],
        "claims": [],
    }
    rows = report_claims(facts, tables).set_index("id")
    assert rows.loc["escp-4i-2019-r2-complete", "reproduced"]
    assert not rows.loc["escp-4i-2018-r1-complete", "reproduced"]
    assert len(rows) == 2


def test_unknown_kind_fails_and_conflict_note_explains(tables: ClaimTables) -> None:
    facts = {
        "claims": [
            {"id": "new-kind", "text": "t", "medians": {"x": 1}},
            {
                "id": "explained",
                "text": "t",
                "conflict": "the report contradicts itself",
                "counts": [{**ROUND, "question": "C1", "option": "SQ007", "selected": 99}],
            },
        ]
    }
    table = report_claims(facts, tables)
    assert not table["reproduced"].any()
    assert list(unexplained_failures(table)["id"]) == ["new-kind"]
    assert "unknown claim kind" in table.iloc[0]["actual"]
    from escp_pipeline.catalogue.derive import pandera_schema

    pandera_schema("report_claims").validate(table)


def test_the_project_facts_file_uses_only_known_kinds() -> None:
    facts = load_report_facts()
    for claim in facts["claims"]:
        kinds = set(claim) - META_KEYS - set(AUXILIARY_KEYS)
        assert kinds and kinds <= set(EVALUATORS), claim["id"]
