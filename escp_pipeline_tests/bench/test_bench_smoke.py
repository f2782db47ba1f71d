"""The benchmark still runs end to end (``--smoke``: tiny sizes) and writes every promised key.

Times are not checked (no test may depend on the machine being fast); only that each section ran,
that the JSON holds every key as a number, and that both sides of each comparison produce the same
outputs: the plain script and the pipeline write the same tables, figures (byte for byte), report
and workbook, a refresh after one changed answer and after one new round writes what the plain
script writes from the same drops, and the scale sides read the same number of rows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.bench.runner import REPO_ROOT, REQUIRED_KEYS
from devtools.random_rounds import generate_round
from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.synthetic.limesurvey_export import write_export

#: three small rounds standing in for the demo drops: the smoke test must not depend on them.
ROUNDS = (("escp-4i", "2019-r1", 1), ("escp-4i", "2021-r2", 2), ("escp-s3", "2019-r1", 3))


def _write_rounds(incoming: Path) -> None:
    for survey, round_, seed in ROUNDS:
        codebook = load_codebook(survey)
        frame = generate_round(codebook, n_responses=40, seed=seed, year=int(round_[:4]))
        write_export(frame, codebook, incoming / survey / f"{round_}.csv")


@pytest.mark.e2e  # builds, refreshes and starts dagster dev
@pytest.mark.timeout(2400)  # builds, refreshes and a dagster dev: minutes on a shared machine
def test_bench_smoke_writes_every_key(tmp_path: Path) -> None:
    incoming = tmp_path / "drops" / "incoming"
    _write_rounds(incoming)
    out = tmp_path / "bench-results.json"

    command = [sys.executable, "-m", "devtools.bench", "--smoke", "--out", str(out)]
    command += ["--demo-drops", str(incoming), "--cache-dir", str(tmp_path / "cache")]
    finished = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=2300,
        check=False,
        cwd=REPO_ROOT,  # devtools/ is imported from the repository root, not installed
    )

    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["errors"] == {}
    assert results["plan"] == "smoke"
    for key in REQUIRED_KEYS:
        assert isinstance(results[key], int | float), key
        assert not isinstance(results[key], bool), key
        assert results[key] >= 0, key
    raw = (
        "load_seconds_definitions",
        "load_seconds_baseline",
        "demo_build_seconds",
        "demo_plain_pandas_seconds",
        "scale_pipeline_seconds_1m",
        "scale_read_csv_seconds_1m",
        "scale_pipeline_peak_bytes_1m",
        "scale_read_csv_peak_bytes_1m",
        "scale_read_pyarrow_seconds_500",
        "incremental_seconds",
        "incremental_cpu_ratio",
        "sensor_hash_all_seconds_1000_files",
        "sensor_hash_all_bytes_read_1000_files",
    )
    for key in raw:
        assert results[key] > 0, key
    assert results["demo_rounds"] == len(ROUNDS)
    assert results["demo_outputs_match"] == 1, results["demo_outputs_differences"]
    assert results["demo_option_counts_match"] == 1
    assert results["incremental_outputs_match"] == 1, results["incremental_outputs_differences"]
    assert 0 < results["incremental_figures_redrawn"] < results["incremental_figures"]
    few, many = results["rounds_growth_rounds"]
    assert results[f"rounds_growth_outputs_match_{few}"] == 1
    assert results[f"rounds_growth_outputs_match_{many}"] == 1
    assert results["scale_rows_match"] == 1
    assert (
        results["sensor_tick_bytes_read_1000_files"]
        < results["sensor_hash_all_bytes_read_1000_files"]
    )
    assert "escp_pipeline benchmark (smoke)" in finished.stdout
