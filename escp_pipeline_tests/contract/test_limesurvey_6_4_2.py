"""Every export a real LimeSurvey 6.4.2 wrote of the demo rounds, through reader and cleaning.

The files (``shared/limesurvey-6.4.2/demo``, see ``escp_pipeline_tests/limesurvey_reference.py``)
are the outside truth. Each one is either read into a core table **equal** to the one its round's
contract-setting export (``ui-csv-code-short.csv``) gives, or refused for a reason named below;
nothing is read half-way.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.excel_export import read_first_sheet
from escp_pipeline.contract.export_errors import ExportError
from escp_pipeline.contract.export_reader import ExportFile, read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.validation.clean import CoreTable, build_core_table
from escp_pipeline_tests.limesurvey_reference import (
    FILES_PER_ROUND,
    LIMESURVEY_DIR,
    REAL_EXPORTS,
    reference_export,
)

pytestmark = pytest.mark.skipif(
    LIMESURVEY_DIR is None, reason="shared/limesurvey-6.4.2 is not beside the repository"
)

#: (survey, file name pattern) -> what the refusal must say. Everything else must be read.
REFUSED: dict[tuple[str, str], tuple[str, ...]] = {
    # The API cuts Excel exports to their first 255 columns; ESCP-4i has 328.
    ("escp-4i", r"\.api-xls-"): ("exactly 255 columns", "as CSV", "admin UI"),
    # Question-text keys repeat in ESCP-4i, so the JSON file itself has lost answers.
    ("escp-4i", r"\.api-json-(full|abbreviated)-"): ("share their text", "'Question code'"),
    ("escp-s3", r"\.api-json-abbreviated-"): ("share their text", "'Question code'"),
}


def _round(path: Path) -> SurveyRound:
    return SurveyRound(path.parent.name, path.name.split(".")[0])


def _refusal(path: Path) -> tuple[str, ...] | None:
    for (survey, pattern), says in REFUSED.items():
        if path.parent.name == survey and re.search(pattern, path.name):
            return says
    return None


def _clean(export: ExportFile, survey_round: SurveyRound) -> CoreTable:
    codebook = load_codebook(survey_round.survey)
    return build_core_table(export, codebook, load_registry(), survey_round)


@functools.cache
def _reference(survey: str, round_: str) -> tuple[ExportFile, CoreTable]:
    survey_round = SurveyRound(survey, round_)
    export = read_export(reference_export(survey, round_), load_codebook(survey))
    return export, _clean(export, survey_round)


def test_every_route_of_every_round_is_there() -> None:
    rounds = {_round(path) for path in REAL_EXPORTS}
    assert len(rounds) == 3
    assert len(REAL_EXPORTS) == FILES_PER_ROUND * len(rounds)


@pytest.mark.parametrize("path", REAL_EXPORTS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_real_export_reads_as_the_contract_setting_or_is_refused(path: Path) -> None:
    survey_round = _round(path)
    codebook = load_codebook(survey_round.survey)
    says = _refusal(path)
    if says is not None:
        with pytest.raises(ExportError) as refused:
            read_export(path, codebook)
        message = str(refused.value)
        assert str(path) in message
        for phrase in says:
            assert phrase in message
        return
    export = read_export(path, codebook)
    reference_export_file, reference_core = _reference(survey_round.survey, survey_round.round)
    # The reader's frame already holds the same text (answer codes, "" as NA, LF line breaks) ...
    pd.testing.assert_frame_equal(export.responses, reference_export_file.responses)
    # ... and the core table is the same: rows, columns, dtypes and values.
    core = _clean(export, survey_round)
    pd.testing.assert_frame_equal(core.responses, reference_core.responses, check_exact=True)
    pd.testing.assert_frame_equal(core.superseded, reference_core.superseded)
    pd.testing.assert_frame_equal(core.strand_disagreements, reference_core.strand_disagreements)


def test_api_excel_formula_cell_is_read_as_the_answer() -> None:
    """The API writes ``=same as ...`` as ``<f>=same as ...</f>`` with no cached value."""
    path = LIMESURVEY_DIR / "demo" / "escp-4i" / "2019-r2.api-xls-code-short.xlsx"
    cells = read_first_sheet(path)
    frame = cells.frame.set_axis(cells.headings, axis=1)
    reference, _ = _reference("escp-4i", "2019-r2")
    starts_with_equals = reference.responses.apply(lambda column: column.str.startswith("="))
    column = starts_with_equals.any().idxmax()
    row = int(starts_with_equals[column].idxmax())
    assert frame[column].iloc[row] == reference.responses[column].iloc[row]
    assert frame[column].iloc[row].startswith("=same as")
    assert any("formulas" in note for note in cells.notes)


def test_spreadsheet_formula_cell_is_read_as_typed(tmp_path: Path) -> None:
    """A formula a spreadsheet program stores (``<f>x</f>``, no cached value) reads as ``=x``."""
    source = LIMESURVEY_DIR / "demo" / "escp-s3" / "2019-r1.api-xls-code-short.xlsx"
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    column = headings.index("C2") + 1
    sheet.cell(row=2, column=column, value="=3 joint missions, details to follow")
    target = tmp_path / "2019-r1.xlsx"
    workbook.save(target)

    export = read_export(target, load_codebook("escp-s3"))

    assert export.responses["C2"].iloc[0] == "=3 joint missions, details to follow"


def test_json_keeps_nothing_but_lf_line_breaks() -> None:
    path = LIMESURVEY_DIR / "demo" / "escp-4i" / "2019-r2.api-json-code-short.json"
    assert b"\\r\\n" in path.read_bytes()  # LimeSurvey's JSON keeps CR LF inside a value
    export = read_export(path, load_codebook("escp-4i"))
    text = export.responses.drop(columns=["id"]).stack()
    assert text.str.contains("\n").any()
    assert not text.str.contains("\r").any()


def test_text_heading_out_of_place_names_the_column_and_the_expected_text(
    tmp_path: Path,
) -> None:
    source = LIMESURVEY_DIR / "demo" / "escp-s3" / "2019-r1.ui-csv-full-long.csv"
    text = source.read_text(encoding="utf-8-sig")
    header, _, body = text.partition("\r\n")
    fields = header.split('","')
    fields[11], fields[12] = fields[12], fields[11]  # two question columns swapped
    target = tmp_path / "2019-r1.csv"
    target.write_text('","'.join(fields) + "\r\n" + body, encoding="utf-8")

    with pytest.raises(ExportError) as refused:
        read_export(target, load_codebook("escp-s3"))

    error = refused.value
    assert (error.row, error.column) == (1, "A2")
    assert "heading 12" in error.problem and "LimeSurvey writes" in error.problem
    assert "'Question code'" in error.fix


def test_abbreviated_header_cut_short_is_refused_not_read_half_way(tmp_path: Path) -> None:
    source = LIMESURVEY_DIR / "demo" / "escp-s3" / "2019-r1.api-csv-abbreviated-short.csv"
    target = tmp_path / "2019-r1.csv"
    shutil.copyfile(source, target)
    lines = target.read_bytes().split(b"\r\n")
    lines[0] = lines[0].rsplit(b";", 1)[0]  # the last heading gone, its values still there
    target.write_bytes(b"\r\n".join(lines))

    with pytest.raises(ExportError) as refused:
        read_export(target, load_codebook("escp-s3"))

    assert refused.value.column is not None
