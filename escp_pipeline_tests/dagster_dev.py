"""``dagster dev`` for the end-to-end tests: the pytest side of ``devtools/dagster_dev.py``.

Fixtures for a scratch Dagster home and data dir and a running ``dagster dev`` (sensors every 2 s),
:func:`start` that skips when ``dagster`` is not in the venv and fails the test when it does not
serve, and generated rounds to drop. Starting, querying and stopping ``dagster dev`` live in
``devtools/dagster_dev.py``, shared with the benchmark; the tests check afterwards that no process
naming their Dagster home is left.

Used by the tests of ``escp_pipeline_tests/ingest/test_dagster_dev_*.py``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.dagster_dev import (
    DAGSTER,
    ROOT,
    DagsterDev,
    DagsterDevError,
    processes_with_home,
    stop,
)
from devtools.dagster_dev import start as start_dagster_dev

ARTIFACTS = ROOT / "test-artifacts"
STARTUP_SECONDS = 150
PARTNERSHIPS = {
    "escp-4i": ["P02", "P05", "P08", "P11", "P13", "P14", "P16", "P17"],
    "escp-s3": ["P27", "P29", "P30", "P33"],
}


def generated_rounds(count: int) -> list[tuple[str, str]]:
    """``count`` rounds, alternating between the surveys, none of them a demo round."""
    rounds = []
    for index in range(count):
        survey = ("escp-4i", "escp-s3")[index % 2]
        number = index // 2 + 3
        rounds.append((survey, f"{2020 + number}-r{number}"))
    return rounds


def stage(staging: Path, rounds: list[tuple[str, str]]) -> list[Path]:
    """Write each round as a LimeSurvey CSV export (20 responses) below ``staging/<survey>/``."""
    from devtools import random_rounds
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.synthetic import limesurvey_export

    files = []
    for seed, (survey, round_) in enumerate(rounds):
        codebook = load_codebook(survey)
        year = int(round_[:4])
        responses = random_rounds.generate_round(
            codebook, n_responses=20, seed=seed, partnerships=PARTNERSHIPS[survey], year=year
        )
        target = staging / survey / f"{round_}.csv"
        files.append(limesurvey_export.write_export(responses, codebook, target))
    return files


def drop(staged: list[Path], incoming: Path) -> None:
    """Move staged exports into ``incoming/<survey>/``, one rename each (all at once)."""
    for file in staged:
        target = incoming / file.parent.name / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        file.rename(target)


def start(home: Path, data: Path, log: Path) -> DagsterDev:
    """Start ``dagster dev`` on ``home`` and ``data`` (sensors every 2 s) until it serves.

    Skips the test without the venv's ``dagster``; fails it when ``dagster dev`` does not serve.
    """
    if not DAGSTER.exists():
        pytest.skip(f"{DAGSTER} not found: the e2e tests run dagster dev from the project's venv")
    try:
        return start_dagster_dev(home, data, log, startup_seconds=STARTUP_SECONDS)
    except DagsterDevError as error:
        pytest.fail(str(error))


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A Dagster home and a data dir with an empty ``incoming/``; the log kept as an artifact.

    Not pytest's tmp_path: /proc/<pid>/environ matching and short socket paths want a short, unique
    folder.
    """
    folder = Path(tempfile.mkdtemp(prefix="escp-e2e-"))
    (folder / "dagster_home").mkdir()
    (folder / "data" / "incoming").mkdir(parents=True)
    try:
        yield folder
    finally:
        log = folder / "dagster-dev.log"
        if log.exists():
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copy(log, ARTIFACTS / "dagster-dev.log")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def dagster_dev(scratch: Path) -> Iterator[DagsterDev]:
    """A ``dagster dev`` serving the scratch home and data dir; stopped whole afterwards."""
    home = scratch / "dagster_home"
    dev = start(home, scratch / "data", scratch / "dagster-dev.log")
    try:
        yield dev
    finally:
        stop(dev)
        survivors = processes_with_home(home)
        assert survivors == [], f"processes of this test's dagster dev survived: {survivors}"
