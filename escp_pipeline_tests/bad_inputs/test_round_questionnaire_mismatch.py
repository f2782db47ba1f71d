"""An export whose columns do not match its round's questionnaire: the round fails alone, with a
message naming the export, the missing columns and the ``.lss`` route; no input file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.defs.ingest.assets import raw_survey_export
from escp_pipeline.defs.ingest.questionnaire import questionnaire
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.synthetic.lss_writer import write_lss
from escp_pipeline_tests.conftest import copy_demo_drops
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i
from escp_pipeline_tests.validation.test_round_questionnaire_core import resources

pytestmark = pytest.mark.integration  # materializes assets with a Dagster instance


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_export_without_the_new_question_of_its_lss_fails_its_round_only(
    tmp_path: Path,
) -> None:
    copy_demo_drops(tmp_path)
    incoming = tmp_path / "incoming" / "escp-4i"
    # 2020-r3 says (its .lss) that G5 was asked, but its export is 2019-r2's, without G5
    shutil.copy2(incoming / "2019-r2.csv", incoming / "2020-r3.csv")
    write_lss(changed_escp_4i(), incoming / "2020-r3.lss")
    before = _files(tmp_path / "incoming")
    instance = dg.DagsterInstance.ephemeral()
    keys = ["escp-4i/2019-r2", "escp-4i/2020-r3"]
    instance.add_dynamic_partitions(survey_rounds.name, keys)

    def run(key: str) -> dg.ExecuteInProcessResult:
        return dg.materialize(
            [questionnaire, raw_survey_export],
            partition_key=key,
            instance=instance,
            resources=resources(tmp_path),
            raise_on_error=False,
        )

    failed = run("escp-4i/2020-r3")
    assert not failed.success
    failure = next(e for e in failed.all_events if e.is_step_failure)
    assert failure.step_key == "raw_survey_export"
    message = failure.step_failure_data.error.message  # type: ignore[union-attr]
    assert str(incoming / "2020-r3.csv") in message
    assert "codebook column(s) missing: 'G5'" in message
    assert "2020-r3.lss (Display/Export > Survey structure" in message
    assert run("escp-4i/2019-r2").success  # the other round of the survey is not held back
    assert _files(tmp_path / "incoming") == before
