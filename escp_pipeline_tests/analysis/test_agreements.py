"""``cooperation_agreements`` and Table 1 (``agreements_by_round``)."""

import pandas as pd
import pytest

from escp_pipeline.analysis.agreements import (
    AGREEMENTS_BY_ROUND_COLUMNS,
    AGREEMENTS_COLUMNS,
    AgreementsError,
    agreements_by_round,
    cooperation_agreements,
    table_one,
)
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline_tests.analysis.frames import core_frame

ESCP_4I = load_codebook("escp-4i")


def _round(round_: str, stated: dict[str, float | None], **statuses: str) -> pd.DataFrame:
    answers = [
        {"partnership_code": code, "D3": number, "status": statuses.get(code, "complete")}
        for code, number in stated.items()
    ]
    return core_frame("escp-4i", round_, answers)


def test_only_complete_answers_with_a_number_count_and_zero_is_a_number() -> None:
    core = _round(
        "2019-r2",
        {"P12": 3.0, "P17": 0.0, "P07": None, "P10": 5.0, "P15": 2.0},
        P10="incomplete",
    )
    table = cooperation_agreements(core, ESCP_4I)
    assert tuple(table.columns) == AGREEMENTS_COLUMNS
    assert dict(zip(table["partnership"], table["agreements"], strict=True)) == {
        "GCA": 3,
        "MAGIA": 0,
        "IDEEO": 2,
    }
    assert table["agreements"].dtype == "int64" and str(table["strand"].dtype) == "str"


def test_a_fractional_number_is_refused_with_the_partnership_named() -> None:
    with pytest.raises(AgreementsError, match="GCA"):
        cooperation_agreements(_round("2019-r2", {"P12": 2.5}), ESCP_4I)


def test_a_round_whose_questionnaire_asks_no_d3_has_no_agreements() -> None:
    core = _round("2019-r2", {"P12": 3.0})
    assert len(cooperation_agreements(core, ESCP_4I)) == 1
    without = ESCP_4I.model_copy(
        update={"questions": tuple(q for q in ESCP_4I.questions if q.code != "D3")}
    )
    table = cooperation_agreements(core, without)
    assert table.empty and tuple(table.columns) == AGREEMENTS_COLUMNS


def test_table_one_sets_rounds_side_by_side_with_totals() -> None:
    first = cooperation_agreements(_round("2018-r1", {"P12": 0.0, "P10": 4.0}), ESCP_4I)
    second = cooperation_agreements(
        _round("2019-r2", {"P12": 3.0, "P10": 5.0, "P17": 1.0}), ESCP_4I
    )
    table = agreements_by_round(pd.concat([second, first], ignore_index=True))

    assert tuple(table.columns) == AGREEMENTS_BY_ROUND_COLUMNS
    assert len(table) == 3 * 2  # every partnership in every round
    cells = table.set_index(["partnership", "round"])["agreements"]
    assert cells[("GCA", "2018-r1")] == 0 and cells[("FoodNet", "2019-r2")] == 5
    assert pd.isna(cells[("MAGIA", "2018-r1")])
    totals = table.drop_duplicates("round").set_index("round")["round_total"]
    assert totals.to_dict() == {"2018-r1": 4, "2019-r2": 9}

    wide = table_one(table, "escp-4i")
    assert list(wide.columns) == ["partnership", "2018-r1", "2019-r2"]
    assert wide.iloc[-1].tolist() == ["Total", 4, 9]


def test_schemas_accept_the_tables() -> None:
    from escp_pipeline.catalogue.derive import pandera_schema

    agreements = cooperation_agreements(_round("2019-r2", {"P12": 3.0, "P17": 0.0}), ESCP_4I)
    pandera_schema("cooperation_agreements").validate(agreements)
    pandera_schema("agreements_by_round").validate(agreements_by_round(agreements))
