"""``escp_collaborations``: ticked boxes, free-text partners, purposes and reciprocity."""

import pandas as pd

from escp_pipeline.analysis.collaborations import COLLABORATIONS_COLUMNS, escp_collaborations
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline_tests.analysis.frames import core_frame

ESCP_4I = load_codebook("escp-4i")
REGISTRY = load_registry()


def _links(table: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(table["source"], table["target"], strict=True))


def test_links_from_boxes_and_free_text() -> None:
    answers = [
        {  # LASER-GO GLOBAL: MAGIA ticked, two partners only in free text
            "partnership_code": "P16",
            "G2[P17]": True,
            "G2[P17comment]": "joint mission",
            "G2[other]": "SmartCity Tech; Cosmetic4Wellbeing",
            "G2[othercomment]": "events",
        },
        {"partnership_code": "P17", "G2[P16]": True},  # MAGIA names LASER-GO GLOBAL back
        {"partnership_code": "P15", "G2[other]": "SpaceWave and MAGIA"},  # IDEEO, free text only
        {"partnership_code": "P24", "G2[P15]": True, "status": "incomplete"},  # never counts
        {"partnership_code": "P12", "G2[P12]": True, "G2[other]": "none"},  # itself: no link
    ]
    table = escp_collaborations(core_frame("escp-4i", "2019-r2", answers), ESCP_4I, REGISTRY)

    assert tuple(table.columns) == COLLABORATIONS_COLUMNS
    assert _links(table) == {
        ("LASER-GO GLOBAL", "MAGIA"),
        ("LASER-GO GLOBAL", "SmartCity Tech"),
        ("LASER-GO GLOBAL", "Cosmetics4Wellbeing"),
        ("MAGIA", "LASER-GO GLOBAL"),
        ("IDEEO", "SpaceWave"),
        ("IDEEO", "MAGIA"),
    }
    rows = table.set_index(["source", "target"])
    assert rows.loc[("LASER-GO GLOBAL", "MAGIA"), "purpose"] == "joint mission"
    assert rows.loc[("LASER-GO GLOBAL", "SmartCity Tech"), "purpose"] == "events"
    assert pd.isna(rows.loc[("MAGIA", "LASER-GO GLOBAL"), "purpose"])
    assert not rows.loc[("LASER-GO GLOBAL", "SmartCity Tech"), "target_in_registry"]
    assert rows.loc[("LASER-GO GLOBAL", "Cosmetics4Wellbeing"), "target_in_registry"]
    reciprocal = {link for link, flag in rows["reciprocal"].items() if flag}
    # SpaceWave's answer is incomplete, so IDEEO -> SpaceWave is not reciprocal
    assert reciprocal == {("LASER-GO GLOBAL", "MAGIA"), ("MAGIA", "LASER-GO GLOBAL")}
    assert table["reciprocal"].dtype == bool and table["target_in_registry"].dtype == bool


def test_a_partner_named_twice_is_one_link_with_the_first_purpose() -> None:
    answers = [
        {
            "partnership_code": "P06",
            "G2[P01]": True,
            "G2[other]": "AdPack 2 / NF4",
            "G2[othercomment]": "packaging",
        }
    ]
    table = escp_collaborations(core_frame("escp-4i", "2019-r2", answers), ESCP_4I, REGISTRY)
    assert _links(table) == {("EC2i", "AdPack2"), ("EC2i", "NF4")}
    purposes = dict(zip(table["target"], table["purpose"], strict=True))
    assert purposes["AdPack2"] == "packaging" and purposes["NF4"] == "packaging"


def test_reciprocity_is_within_the_same_round() -> None:
    first = core_frame("escp-4i", "2018-r1", [{"partnership_code": "P15", "G2[P24]": True}])
    second = core_frame("escp-4i", "2019-r2", [{"partnership_code": "P24", "G2[P15]": True}])
    core = pd.concat([first, second], ignore_index=True)
    table = escp_collaborations(core, ESCP_4I, REGISTRY)
    assert len(table) == 2 and not table["reciprocal"].any()


def test_escp_s3_question_has_no_comments() -> None:
    codebook = load_codebook("escp-s3")
    answers = [
        {"partnership_code": "P26", "E2[P27]": True, "E2[other]": "EACN, TRACK"},
        {"partnership_code": "P27", "E2[P26]": True},
    ]
    table = escp_collaborations(core_frame("escp-s3", "2019-r1", answers), codebook, REGISTRY)
    assert _links(table) == {
        ("EACP-EUROSME", "AI4DIAG"),
        ("EACP-EUROSME", "EACN"),
        ("EACP-EUROSME", "TRACK"),
        ("AI4DIAG", "EACP-EUROSME"),
    }
    assert table["purpose"].isna().all()
    assert table["reciprocal"].sum() == 2


def test_no_links_gives_the_empty_table_with_columns() -> None:
    table = escp_collaborations(
        core_frame("escp-4i", "2019-r2", [{"partnership_code": "P07"}]), ESCP_4I, REGISTRY
    )
    assert table.empty and tuple(table.columns) == COLLABORATIONS_COLUMNS
