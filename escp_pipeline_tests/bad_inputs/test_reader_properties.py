"""Property: any cell value, in any export variant, is cleaned or refused with ExportError.

The reader's own tests (``contract/test_export_reader.py``) already feed it arbitrary bytes and
damaged hand-written exports. What they leave out is the path through the validation layer: here
arbitrary text is written into arbitrary cells of a real export by the project's LimeSurvey writer
(every CSV variant the contract lists) and the file goes through ``read_export`` *and*
``build_core_table``. Either both succeed and the core table keeps its promises (no personal data,
one status per response), or one of them raises ``ExportError`` naming the file. Nothing else.

The questionnaire is the real ESCP-4i codebook cut to one or more questions of every kind (the whole
one has 318 columns, which makes each example ten times slower and finds nothing more).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from escp_pipeline.catalogue.vocabularies import PERSONAL_METADATA
from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_errors import ExportError
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.synthetic.limesurvey_export import write_export
from escp_pipeline.validation.clean import STATUSES, build_core_table
from escp_pipeline_tests.exports import SMALL_4I_ROUND

SURVEY_ROUND = SurveyRound("escp-4i", "2019-r2")
#: Columns worth damaging: typed metadata, every kind of question column, personal data.
COLUMNS = (
    "id",
    "submitdate",
    "lastpage",
    "startdate",
    "token",
    "A1",
    "A2",
    "A4",
    "A6",
    "B1[SQ009]",
    "B1[SQ009comment]",
    "B1[other]",
    "D2",
    "D3",
    "E3",
    "D4T1",
    "D4T1[other]",
    "F1B[SQ001]",
    "H1[SQ001_SQ001]",
)
#: The questions kept: every kind the cleaning types differently, and the personal data.
QUESTIONS = ("A1", "A2", "A3", "A4", "A5", "A6", "B1", "D2", "D3", "D4T1", "D4O1", "D4D1", "E3")
QUESTIONS += ("F1B", "H1")
ROWS = len(SMALL_4I_ROUND["id"])

#: Values that are nearly right are more likely to slip through than random text.
NEAR_MISSES = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-0",
        "1.5",
        "1e400",
        "inf",
        "NaN",
        "1,5",
        "٣",
        "Y ",
        "y",
        "Yes",
        "P7",
        "P007",
        "S1\n",
        "2019-02-30 10:00:00",
        "2019-05-20",
        "1980-01-01 00:00:00",
        "9999999999999999999999",
        "'=1+1",
        '"',
        "\r\n",
    ]
)
CELL_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
LIMESURVEY = {
    "delimiter": ",",
    "bom": True,
    "encoding": "utf-8",
    "quote_all": True,
    "line_end": "\r\n",
    "empty_as_quotes": True,
}
VARIANTS = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", ";", "\t"]),
        "bom": st.booleans(),
        "encoding": st.sampled_from(["utf-8", "cp1252"]),
        "quote_all": st.booleans(),
        "line_end": st.sampled_from(["\r\n", "\n"]),
        "empty_as_quotes": st.booleans(),
    }
)


@pytest.fixture(scope="module")
def escp_4i() -> Codebook:
    whole = load_codebook("escp-4i")
    kept = [question.model_dump() for question in whole.questions if question.code in QUESTIONS]
    return Codebook.model_validate({**whole.model_dump(), "questions": kept})


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cells")


def _read_and_clean(path: Path, codebook: Codebook) -> pd.DataFrame | None:
    """The core table, or None when the file was refused with a proper ExportError."""
    try:
        export = read_export(path, codebook)
        return build_core_table(export, codebook, load_registry(), SURVEY_ROUND).responses
    except ExportError as error:
        assert str(path) in str(error)
        assert error.problem and error.fix
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(COLUMNS),
            st.integers(0, ROWS - 1),
            st.one_of(NEAR_MISSES, CELL_TEXT),
        ),
        min_size=1,
        max_size=4,
    ),
    variant=VARIANTS,
)
# Found by this test: non-integer page numbers and ids beyond int64 crashed the cleaning.
@example(edits=[("lastpage", 0, "1.5")], variant=LIMESURVEY)
@example(edits=[("id", 1, "99999999999999999999")], variant=LIMESURVEY)
@example(edits=[("D3", 2, "1e400"), ("submitdate", 2, "0001-01-01 00:00:00")], variant=LIMESURVEY)
def test_any_cell_value_is_cleaned_or_refused(
    scratch: Path,
    escp_4i: Codebook,
    edits: list[tuple[str, int, str]],
    variant: dict[str, object],
) -> None:
    columns = {name: list(values) for name, values in SMALL_4I_ROUND.items()}
    for column, row, value in edits:
        columns.setdefault(column, [""] * ROWS)[row] = value
    path = write_export(
        pd.DataFrame(columns, dtype="str"), escp_4i, scratch / "2019-r2.csv", **variant
    )

    core = _read_and_clean(path, escp_4i)

    if core is not None:
        assert not (set(escp_4i.personal_data_columns) | set(PERSONAL_METADATA)) & set(core)
        assert set(core["status"]) <= set(STATUSES)
        assert core["response_id"].is_unique


def test_a_clean_round_goes_through(scratch: Path, escp_4i: Codebook) -> None:
    """The property's baseline: the unchanged round is read and cleaned (not refused)."""
    target = scratch / "baseline"
    shutil.rmtree(target, ignore_errors=True)
    path = write_export(pd.DataFrame(SMALL_4I_ROUND, dtype="str"), escp_4i, target / "2019-r2.csv")
    core = _read_and_clean(path, escp_4i)
    assert core is not None and len(core) == ROWS
