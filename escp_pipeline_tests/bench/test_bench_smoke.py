"""The benchmark still runs end to end (``--smoke``: tiny sizes) and writes every promised key.

Times are not checked (no test may depend on the machine being fast); only that each section ran,
that the JSON holds every key as a number, and that both sides of each comparison produce the same
outputs: the plain script and the pipeline write the same analyst tables (all of them, run ids and
build times aside), questionnaires, figures (byte for byte) and report text, and both write the Word
document and the workbook (``devtools/bench/outputs.py``); a refresh after one changed answer and
after one new round writes what the plain script writes from the same drops, and the scale sides
read the same number of rows. The sections run in three groups (``--only``), one test each, so that
the test workers run them side by side.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.bench.runner import REPO_ROOT, REQUIRED_KEYS, SECTIONS
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


#: The sections in three runs that pytest-xdist can hand to different workers: the demo build and
#: its refresh, the rounds growth, and the short rest (together every section of the benchmark).
SECTION_GROUPS = (("demo",), ("growth",), ("load", "scale", "sensor", "dev"))
#: result key prefix -> the section that writes it
KEY_SECTIONS = {
    "load_": "load",
    "demo_": "demo",
    "incremental_": "demo",
    "rounds_growth_": "growth",
    "scale_": "scale",
    "sensor_": "sensor",
    "drop_to_report_": "dev",
}
#: raw values behind the ratios, each a positive number
RAW_KEYS = (
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


def _section(key: str) -> str:
    return next(section for prefix, section in KEY_SECTIONS.items() if key.startswith(prefix))


def test_the_groups_cover_every_section_and_every_key() -> None:
    assert sorted(s for group in SECTION_GROUPS for s in group) == sorted(SECTIONS)
    assert {_section(key) for key in (*REQUIRED_KEYS, *RAW_KEYS)} == set(SECTIONS)


@pytest.mark.e2e  # builds, refreshes and starts dagster dev
@pytest.mark.timeout(2400)  # builds, refreshes and a dagster dev: minutes on a shared machine
@pytest.mark.parametrize("sections", SECTION_GROUPS, ids="+".join)
def test_bench_smoke_writes_every_key(sections: tuple[str, ...], tmp_path: Path) -> None:
    incoming = tmp_path / "drops" / "incoming"
    _write_rounds(incoming)
    out = tmp_path / "bench-results.json"

    command = [sys.executable, "-m", "devtools.bench", "--smoke", "--out", str(out)]
    command += ["--demo-drops", str(incoming), "--cache-dir", str(tmp_path / "cache")]
    for section in sections:
        command += ["--only", section]
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
    assert results["sections"] == list(sections)
    for key in REQUIRED_KEYS:
        if _section(key) in sections:
            assert isinstance(results[key], int | float), key
            assert not isinstance(results[key], bool), key
            assert results[key] >= 0, key
    for key in RAW_KEYS:
        if _section(key) in sections:
            assert results[key] > 0, key
    assert "escp_pipeline benchmark (smoke)" in finished.stdout
    if "demo" in sections:
        assert results["demo_rounds"] == len(ROUNDS)
        assert results["demo_outputs_match"] == 1, results["demo_outputs_differences"]
        assert results["demo_option_counts_match"] == 1
        assert results["incremental_outputs_match"] == 1, results["incremental_outputs_differences"]
        assert 0 < results["incremental_figures_redrawn"] < results["incremental_figures"]
    if "growth" in sections:
        few, many = results["rounds_growth_rounds"]
        assert results[f"rounds_growth_outputs_match_{few}"] == 1
        assert results[f"rounds_growth_outputs_match_{many}"] == 1
    if "scale" in sections:
        assert results["scale_rows_match"] == 1
    if "sensor" in sections:
        assert (
            results["sensor_tick_bytes_read_1000_files"]
            < results["sensor_hash_all_bytes_read_1000_files"]
        )
