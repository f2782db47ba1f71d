"""Two writers on one data dir: ``escp-pipeline build`` while another process writes the warehouse.

``make run`` while ``make dev`` runs means two processes materializing the same rounds into the same
warehouse, recorded in the same Dagster instance (``.dagster_home``). The test starts two
``escp-pipeline build`` processes at once on one data dir and one SQLite ``DAGSTER_HOME`` (the
second stands for the run workers of ``dagster dev``): both finish, and the tables hold every round
once, with every response (the file locks of ``escp_pipeline.storage.warehouse`` serialise the
writes; every file is replaced whole).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline_tests.conftest import PROJECT

random_rounds = pytest.importorskip("devtools.random_rounds")
limesurvey_export = pytest.importorskip("escp_pipeline.synthetic.limesurvey_export")

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROUNDS = {
    ("escp-4i", "2021-r3"): ["P02", "P05", "P08", "P11", "P13"],
    ("escp-s3", "2021-r2"): ["P27", "P29", "P30", "P33"],
}
RESPONSES = 12


def test_two_builds_at_once_both_finish_with_every_round_once(tmp_path: Path) -> None:
    data, home = tmp_path / "data", tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    for seed, ((survey, round_), partnerships) in enumerate(ROUNDS.items()):
        codebook = load_codebook(survey)
        responses = random_rounds.generate_round(
            codebook, n_responses=RESPONSES, seed=seed, partnerships=partnerships, year=2021
        )
        limesurvey_export.write_export(
            responses, codebook, data / "incoming" / survey / f"{round_}.csv"
        )
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "escp_pipeline", "build", "--data-dir", str(data)]
    writers = [
        subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(2)
    ]
    outputs = [writer.communicate(timeout=1500)[0].decode(errors="replace") for writer in writers]

    for writer, output in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, output[-3000:]
    tables = data / "warehouse" / "tables"
    respondents = pd.read_parquet(tables / "respondents.parquet")
    per_round = respondents.groupby(["survey", "round"]).size().to_dict()
    assert per_round == {key: RESPONSES for key in ROUNDS}
    assert not respondents.duplicated(["survey", "round", "response_id"]).any()
    counts = pd.read_parquet(tables / "option_counts.parquet")
    keys = ["survey", "round", "question", "option", "strand"]
    assert not counts.duplicated(keys).any()
    assert set(counts[["survey", "round"]].itertuples(index=False, name=None)) == set(ROUNDS)
    leftovers = [p for p in (data / "warehouse").rglob("*.tmp")]
    assert leftovers == []
    assert (data / "warehouse" / "report" / "escp-progress-report.html").exists()
