"""Opening one fresh SQLite ``DAGSTER_HOME`` from several processes at once.

Dagster creates the instance's databases on first open and its run storage does not retry when two
processes race to create them; ``escp-pipeline build`` opens the instance under a file lock, so
builds started together on a fresh home all get a working instance.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from escp_pipeline_tests.conftest import PROJECT

pytestmark = [pytest.mark.integration]

PROCESSES = 4


def _open_and_count_runs(home: str) -> int:
    import os

    os.environ["DAGSTER_HOME"] = home
    from escp_pipeline.cli.main import _open_serialised

    with _open_serialised(Path(home)) as instance:
        return instance.get_runs_count()


def test_processes_opening_a_fresh_home_at_once_all_get_a_working_instance(
    tmp_path: Path,
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    with ProcessPoolExecutor(PROCESSES, mp_context=get_context("spawn")) as pool:
        counts = list(pool.map(_open_and_count_runs, [str(home)] * PROCESSES))
    assert counts == [0] * PROCESSES
    assert (home / "history" / "runs.db").exists()
