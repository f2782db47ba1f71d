"""The questionnaire IO manager: the stored YAML, else the round's questionnaire chosen from its
survey folder as the ``questionnaire`` asset chooses it, never written by loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.round_questionnaire import questionnaire_for_round
from escp_pipeline.defs.ingest.questionnaire_io import QuestionnaireIOManager
from escp_pipeline.storage.resources import DataDir
from escp_pipeline.synthetic.lss_writer import write_lss
from escp_pipeline_tests.contract.lss_files import real_lss
from escp_pipeline_tests.synthetic.codebooks import changed_escp_4i


def _io(data_dir: Path) -> QuestionnaireIOManager:
    return QuestionnaireIOManager(data_dir=DataDir(path=str(data_dir)))


def _load(data_dir: Path, *keys: str) -> object:
    if len(keys) == 1:
        context = dg.build_input_context(
            asset_key=dg.AssetKey("questionnaire"), partition_key=keys[0]
        )
    else:
        context = dg.build_input_context(
            asset_key=dg.AssetKey("questionnaire"),
            asset_partitions_def=dg.StaticPartitionsDefinition(list(keys)),
            asset_partition_key_range=dg.PartitionKeyRange(keys[0], keys[-1]),
        )
    return _io(data_dir).load_input(context)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_without_a_stored_questionnaire_the_round_gets_the_one_its_folder_gives(
    tmp_path: Path,
) -> None:
    incoming = tmp_path / "incoming" / "escp-4i"
    incoming.mkdir(parents=True)
    write_lss(changed_escp_4i(), incoming / "2019-r2.lss")
    before = _files(tmp_path)

    # no .lss up to 2018-r1: the shipped codebook; 2019-r2 its own .lss; 2020-r3 the latest earlier
    assert _load(tmp_path, "escp-4i/2018-r1") == load_codebook("escp-4i")
    own = questionnaire_for_round(incoming, "2019-r2").codebook
    assert _load(tmp_path, "escp-4i/2019-r2") == own
    assert _load(tmp_path, "escp-4i/2020-r3") == own
    assert own.question("G5").text == "Do you use the new platform?"
    assert _files(tmp_path) == before  # loading writes nothing, not even the warehouse folder


def test_a_stored_questionnaire_wins_over_the_folder(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming" / "escp-4i"
    incoming.mkdir(parents=True)
    shutil.copy2(real_lss("escp-4i"), incoming / "2019-r2.lss")
    io = _io(tmp_path)
    stored = changed_escp_4i()
    io.handle_output(
        dg.build_output_context(
            asset_key=dg.AssetKey("questionnaire"), partition_key="escp-4i/2019-r2"
        ),
        stored,
    )
    assert io.path("escp-4i/2019-r2").exists()
    assert _load(tmp_path, "escp-4i/2019-r2") == stored


def test_an_unusable_lss_fails_naming_the_file(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming" / "escp-4i"
    incoming.mkdir(parents=True)
    bad = incoming / "2019-r2.lss"
    bad.write_bytes(b"id,submitdate\n1,2019-05-20\n")
    with pytest.raises(dg.Failure) as failure:
        _load(tmp_path, "escp-4i/2019-r2")
    message = str(failure.value.description)
    assert str(bad) in message and "not XML" in message
    assert bad.read_bytes() == b"id,submitdate\n1,2019-05-20\n"


def test_several_rounds_leave_out_only_the_one_without_a_questionnaire(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming" / "escp-4i"
    incoming.mkdir(parents=True)
    (incoming / "2019-r2.lss").write_text("not xml", encoding="utf-8")
    loaded = _load(tmp_path, "escp-4i/2018-r1", "escp-4i/2019-r2")
    assert loaded == {"escp-4i/2018-r1": load_codebook("escp-4i")}
