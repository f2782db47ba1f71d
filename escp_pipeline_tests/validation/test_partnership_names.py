"""New partnerships of a round's questionnaire are counted under their questionnaire label."""

from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_reader import ExportError, read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.synthetic.limesurvey_export import write_export
from escp_pipeline.validation.clean import build_core_table
from escp_pipeline.validation.partnership_names import partnership_names
from escp_pipeline_tests.exports import SMALL_4I_ROUND
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i

ROUND = SurveyRound("escp-4i", "2020-r3")


@pytest.mark.parametrize("survey", ["escp-4i", "escp-s3"])
def test_the_shipped_questionnaires_keep_the_registry_names(survey: str) -> None:
    registry = load_registry()
    names = partnership_names(load_codebook(survey), registry)
    assert names == {code: registry.name_of(code) for code in names}


def test_a_new_code_counts_under_its_label_and_a_relabelled_code_under_the_shown_label() -> None:
    registry = load_registry()
    names = partnership_names(changed_escp_4i(), registry)
    assert names["P35"] == "NEWCO"
    assert names["P36"] == "Ocean Partners"
    assert names["P01"] == "Cluster Alliance of the North"
    assert names["P07"] == registry.name_of("P07")


def _core(tmp_path: Path, codes: list[str]):
    codebook = changed_escp_4i()
    frame = pd.DataFrame({**SMALL_4I_ROUND, "A1": codes}, dtype="str")
    path = write_export(frame, codebook, tmp_path / "escp-4i" / "2020-r3.csv")
    return build_core_table(read_export(path, codebook), codebook, load_registry(), ROUND)


def test_new_partnerships_are_counted_like_any_other(tmp_path: Path) -> None:
    core = _core(tmp_path, ["P35", "P36", "P12", "P12", "P01"]).responses
    assert core["partnership_code"].tolist() == ["P35", "P36", "P12", "P12", "P01"]
    assert core["partnership"].tolist() == [
        "NEWCO",
        "Ocean Partners",
        "GCA",
        "GCA",
        "Cluster Alliance of the North",
    ]
    assert core["status"].tolist()[0] == "complete"


def test_a_code_the_questionnaire_lacks_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="P99"):
        _core(tmp_path, ["P99", "P36", "P12", "P12", "P01"])
