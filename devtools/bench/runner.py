"""The benchmark driver: run every workload side by side, print the table, write the JSON.

Each side of each comparison runs in its own fresh process (``measure.run_child``); the two sides
alternate (ours, baseline, ours, baseline, ...) so a burst of load on a shared machine hits both,
and the median of the repetitions is kept. Ratios, not seconds, are what the targets are about.

This module imports only the standard library: the driver's own memory must not count towards a
child's peak (see ``measure``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.bench.measure import ChildProcessFailedError, ChildRun, median
from devtools.bench.measure import run_child as _run_child
from devtools.bench.scale_data import cache_dir, export_path, remove_stale_exports
from escp_pipeline.contract.drops import EXTENSIONS

WORKLOADS = "devtools.bench.workloads"
PLAIN_SCRIPT = "devtools.bench.plain_script"
REPO_ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("load", "demo", "growth", "scale", "sensor", "dev")
SCALE_SURVEY = "escp-4i"
SCALE_SEED = 2019
GROWTH_SURVEY = "escp-s3"

#: the keys the JSON always holds, each a number (issue 7), beside the raw values behind them.
REQUIRED_KEYS: tuple[str, ...] = (
    "load_ratio",
    "demo_build_ratio",
    "incremental_ratio",
    "rounds_growth_ratio",
    "scale_time_ratio_1m",
    "scale_time_ratio_1m_pyarrow",
    "scale_memory_ratio_1m",
    "scale_growth_100k_to_1m",
    "sensor_tick_ratio",
    "sensor_tick_seconds_1000_files",
    "sensor_tick_bytes_read_1000_files",
    "drop_to_report_seconds",
)
#: target name -> (result key, limit): every ratio must be at most its limit.
TARGETS: dict[str, tuple[str, float]] = {
    "code-location load": ("load_ratio", 1.3),
    "demo build vs plain script": ("demo_build_ratio", 2.0),
    "one answer changed": ("incremental_ratio", 0.25),
    "40 rounds vs 3 rounds": ("rounds_growth_ratio", 1.5),
    "scale time at 1M": ("scale_time_ratio_1m", 1.5),
    "scale time at 1M vs pyarrow": ("scale_time_ratio_1m_pyarrow", 3.0),
    "scale memory at 1M": ("scale_memory_ratio_1m", 1.5),
    "scale growth 100k→1M": ("scale_growth_100k_to_1m", 11.0),
    "sensor tick vs hashing all": ("sensor_tick_ratio", 0.2),
}


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full benchmark, or the smoke version the tests run."""

    name: str
    load_repeats: int
    demo_repeats: int
    scale_sizes: tuple[int, ...]
    scale_repeats: dict[int, int]
    sensor_files: int
    sensor_changed: int
    growth_rounds: tuple[int, int]
    growth_repeats: int
    growth_compare: bool


#: Repetitions are what the 15-minute budget on a quiet 2-core machine allows (docs/performance.md):
#: the cheap measures are repeated, the minutes-long ones (demo build, 1M) run once or twice.
FULL = Plan(
    name="full",
    load_repeats=3,
    demo_repeats=2,
    scale_sizes=(10_000, 100_000, 1_000_000),
    scale_repeats={10_000: 1, 100_000: 2, 1_000_000: 1},
    sensor_files=1000,
    sensor_changed=10,
    growth_rounds=(3, 40),
    growth_repeats=2,
    growth_compare=False,
)
SMOKE = Plan(
    name="smoke",
    load_repeats=1,
    demo_repeats=1,
    scale_sizes=(200, 500),
    scale_repeats={200: 1, 500: 1},
    sensor_files=20,
    sensor_changed=2,
    growth_rounds=(2, 3),
    growth_repeats=1,
    growth_compare=True,
)


@dataclass
class Results:
    """The numbers (the JSON), the rows of the printed table, and what went wrong."""

    values: dict[str, Any] = field(default_factory=dict)
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def size_label(n: int) -> str:
    """10000 -> '10k', 1000000 -> '1m', 500 -> '500'."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _bytes(value: float) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value:.0f} B"


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_child(argv: list[str], **options: Any) -> ChildRun:
    """``measure.run_child``, printing the workload's own duration (wall and CPU) when it ends."""
    run = _run_child(argv, **options)
    _log(f"  {_label(argv)}: {run.wall_seconds:.1f} s ({run.cpu_seconds:.1f} CPU s)")
    return run


def _label(argv: list[str]) -> str:
    """What a child runs: the workload's name, or the script's module."""
    if WORKLOADS not in argv:
        return argv[2].rsplit(".", 1)[-1] if argv[1:2] == ["-m"] else argv[0]
    rest = argv[argv.index(WORKLOADS) + 1 :]
    return f"{rest[2]} (profiled)" if rest[:1] == ["--profile"] else rest[0]


def _workload(name: str, *args: str, profile: Path | None = None) -> list[str]:
    options = ["--profile", str(profile)] if profile else []
    return ["python", "-m", WORKLOADS, *options, name, *args]


def _alternate(
    ours: Callable[[], ChildRun], baseline: Callable[[], ChildRun], repeats: int
) -> tuple[list[ChildRun], list[ChildRun]]:
    """Run both sides ``repeats`` times, alternating, baseline first."""
    ours_runs: list[ChildRun] = []
    baseline_runs: list[ChildRun] = []
    for _ in range(repeats):
        baseline_runs.append(baseline())
        ours_runs.append(ours())
    return ours_runs, baseline_runs


# --- 1. code-location load ------------------------------------------------------------------------


def bench_load(plan: Plan, results: Results, profile_dir: Path | None) -> None:
    """Import the definitions module and build Definitions, against ``import dagster, pandas``."""
    _log("code-location load ...")
    run_child(_workload("import-baseline"))  # warm the file-system cache for both sides
    run_child(_workload("load-definitions"))
    ours, baseline = _alternate(
        lambda: run_child(_workload("load-definitions")),
        lambda: run_child(_workload("import-baseline")),
        plan.load_repeats,
    )
    seconds = median([run.report["seconds"] for run in ours])
    base = median([run.report["seconds"] for run in baseline])
    values = results.values
    values["load_seconds_definitions"] = seconds
    values["load_seconds_definitions_import"] = median(
        [run.report["seconds_import"] for run in ours]
    )
    values["load_seconds_definitions_build"] = median([run.report["seconds_build"] for run in ours])
    values["load_seconds_baseline"] = base
    values["load_ratio"] = seconds / base
    values["load_cpu_seconds_definitions"] = median([run.report["cpu_seconds"] for run in ours])
    values["load_cpu_seconds_baseline"] = median([run.report["cpu_seconds"] for run in baseline])
    values["load_cpu_ratio"] = (
        values["load_cpu_seconds_definitions"] / values["load_cpu_seconds_baseline"]
    )
    values["load_process_seconds_definitions"] = median([run.wall_seconds for run in ours])
    values["load_process_seconds_baseline"] = median([run.wall_seconds for run in baseline])
    values["load_peak_rss_bytes_definitions"] = median([run.peak_rss_bytes for run in ours])
    values["load_peak_rss_bytes_baseline"] = median([run.peak_rss_bytes for run in baseline])
    values["load_assets"] = ours[0].report["assets"]
    values["load_heavy_modules_imported"] = ours[0].report["heavy_modules_imported"]
    results.rows.append(
        (
            "code-location load (import + Definitions)",
            _seconds(seconds),
            f"{_seconds(base)} (import dagster, pandas)",
            f"{values['load_ratio']:.2f}× (≤ 1.3×)",
            f"{values['load_cpu_ratio']:.2f}×",
        )
    )
    if profile_dir:
        run_child(_workload("load-definitions", profile=profile_dir / "load-definitions.txt"))


# --- 2. demo build --------------------------------------------------------------------------------


def demo_exports(incoming: Path) -> list[Path]:
    """The current export of every round in ``incoming`` (the latest file per round name)."""
    current: dict[tuple[str, str], Path] = {}
    for path in sorted(incoming.glob("*/*")):
        if path.suffix.lower().lstrip(".") not in EXTENSIONS or path.name.startswith((".", "~$")):
            continue
        key = (path.parent.name, path.stem)
        if key not in current or path.stat().st_mtime > current[key].stat().st_mtime:
            current[key] = path
    return sorted(current.values())


def bench_demo(plan: Plan, results: Results, drops: Path, profile_dir: Path | None) -> None:
    """``build`` over copies of the demo drops, against the plain script on the same files."""
    exports = demo_exports(drops)
    if not exports:
        raise ChildProcessFailedError(f"no demo drops in {drops} (make demo-data writes them)")
    _log(f"demo build: {len(exports)} rounds ...")
    with tempfile.TemporaryDirectory(prefix="escp-bench-demo-") as scratch:
        root = Path(scratch)
        counter = iter(range(1_000_000))

        def fresh_data_dir() -> Path:
            data_dir = root / f"data-{next(counter)}"
            shutil.copytree(drops, data_dir / "incoming")
            return data_dir

        first_data_dir = fresh_data_dir()
        plain_outputs = iter(range(1_000_000))

        def plain(data_dir: Path = first_data_dir) -> ChildRun:
            # a fresh output folder each time: the figure store keeps figures drawn before
            out = root / f"plain-{next(plain_outputs)}"
            return run_child(["python", "-m", PLAIN_SCRIPT, str(data_dir), str(out)])

        data_dirs = iter([first_data_dir])

        def build() -> ChildRun:
            data_dir = next(data_dirs, None) or fresh_data_dir()
            return run_child(_workload("demo-build", str(data_dir)))

        ours, baseline = _alternate(build, plain, plan.demo_repeats)
        compared = run_child(
            _workload("compare-outputs", str(first_data_dir), str(root / "plain-0"))
        ).report
        refreshes = _bench_incremental(plan, results, root, first_data_dir, exports, drops)
        if profile_dir:
            run_child(
                _workload("demo-build", str(fresh_data_dir()), profile=profile_dir / "demo.txt")
            )
    seconds = median([run.wall_seconds for run in ours])
    base = median([run.wall_seconds for run in baseline])
    values = results.values
    values["demo_rounds"] = len(exports)
    values["demo_build_seconds"] = seconds
    values["demo_plain_pandas_seconds"] = base
    values["demo_build_ratio"] = seconds / base
    values["demo_build_seconds_import"] = median([r.report["seconds_import"] for r in ours])
    values["demo_build_seconds_in_process"] = median([r.report["seconds_build"] for r in ours])
    values["demo_build_cpu_seconds"] = median([run.cpu_seconds for run in ours])
    values["demo_plain_pandas_cpu_seconds"] = median([run.cpu_seconds for run in baseline])
    values["demo_build_cpu_ratio"] = (
        values["demo_build_cpu_seconds"] / values["demo_plain_pandas_cpu_seconds"]
    )
    values["demo_build_peak_rss_bytes"] = median([run.peak_rss_bytes for run in ours])
    values["demo_plain_pandas_peak_rss_bytes"] = median([run.peak_rss_bytes for run in baseline])
    values["demo_outputs_match"] = int(bool(compared.get("match")))
    values["demo_outputs_differences"] = compared.get("differences", [])
    values["demo_figures"] = compared.get("figures", 0)
    values["demo_option_counts_match"] = int(
        not any("option_counts" in item for item in compared.get("differences", []))
    )
    incremental = median([run.wall_seconds for run in refreshes])
    values["incremental_seconds"] = incremental
    values["incremental_ratio"] = incremental / seconds
    values["incremental_cpu_seconds"] = median([run.cpu_seconds for run in refreshes])
    values["incremental_cpu_ratio"] = (
        values["incremental_cpu_seconds"] / values["demo_build_cpu_seconds"]
    )
    values["incremental_figures_redrawn"] = refreshes[-1].report["figures_redrawn"]
    values["incremental_figures"] = refreshes[-1].report["figures"]
    values["incremental_progress"] = refreshes[-1].report["progress"]
    values["demo_build_progress"] = ours[len(ours) // 2].report["progress"]
    results.rows.append(
        (
            f"demo build ({len(exports)} rounds, every asset)",
            _seconds(seconds),
            f"{_seconds(base)} (plain script, same outputs)",
            f"{values['demo_build_ratio']:.2f}× (≤ 2×)",
            f"{values['demo_build_cpu_ratio']:.2f}×",
        )
    )
    results.rows.append(
        (
            "one answer of one round changed: rebuild",
            _seconds(incremental),
            f"{_seconds(seconds)} (full demo build)",
            f"{values['incremental_ratio']:.2f}× (≤ 0.25×)",
            f"{values['incremental_cpu_ratio']:.2f}× ({values['incremental_figures_redrawn']} of "
            f"{values['incremental_figures']} figures redrawn)",
        )
    )


def _bench_incremental(
    plan: Plan, results: Results, root: Path, built: Path, exports: list[Path], drops: Path
) -> list[ChildRun]:
    """Change one answer of the last round of a built data dir, then refresh that round, timed.

    The refreshed warehouse must equal what the plain script writes from the changed drops.
    """
    key = "/".join(exports[-1].relative_to(drops).with_suffix("").parts)
    runs = []
    for _ in range(plan.demo_repeats):
        run_child(_workload("change-answer", str(built), key))
        runs.append(run_child(_workload("refresh-round", str(built), key)))
    out = root / "plain-after-change"
    run_child(["python", "-m", PLAIN_SCRIPT, str(built), str(out)])
    compared = run_child(_workload("compare-outputs", str(built), str(out))).report
    results.values["incremental_outputs_match"] = int(bool(compared.get("match")))
    results.values["incremental_outputs_differences"] = compared.get("differences", [])
    return runs


# --- 2b. rounds growth ----------------------------------------------------------------------------


def bench_growth(plan: Plan, results: Results) -> None:
    """One new round + refresh with many rounds built, against the same with a few built.

    Each side: generated rounds of one survey (the synthetic writer), their outputs written by the
    plain script (the same files a build writes, without paying Dagster for the setup), then one
    more round dropped and refreshed (timed, in a fresh process). The refreshes alternate between
    the two sides, each from a copy of its prepared data dir, and the medians are compared.
    """
    few, many = plan.growth_rounds
    values = results.values
    with tempfile.TemporaryDirectory(prefix="escp-bench-growth-") as scratch:
        prepared: dict[int, tuple[Path, Path, str]] = {}
        for count in (few, many):
            _log(f"rounds growth: {count} rounds built, one more ...")
            data_dir = Path(scratch) / f"rounds-{count}"
            run_child(_workload("write-rounds", str(data_dir), GROWTH_SURVEY, "0", str(count)))
            # the setup's figures are drawn on every core: it is not timed, the refresh below is
            jobs = str(os.cpu_count() or 1)
            run_child(["python", "-m", PLAIN_SCRIPT, str(data_dir), str(data_dir), "--jobs", jobs])
            added = run_child(
                _workload("write-rounds", str(data_dir), GROWTH_SURVEY, str(count), "1")
            ).report["keys"][0]
            prepared[count] = (data_dir, Path(scratch) / f"prepared-{count}", added)
            shutil.copytree(data_dir, prepared[count][1])
        runs: dict[int, list[ChildRun]] = {few: [], many: []}
        for repeat in range(plan.growth_repeats):
            for count in (few, many):
                data_dir, pristine, added = prepared[count]
                if repeat:
                    shutil.rmtree(data_dir)
                    shutil.copytree(pristine, data_dir)
                runs[count].append(run_child(_workload("refresh-round", str(data_dir), added)))
        if plan.growth_compare:
            for count in (few, many):
                data_dir = prepared[count][0]
                out = Path(scratch) / f"plain-{count}"
                run_child(["python", "-m", PLAIN_SCRIPT, str(data_dir), str(out)])
                compared = run_child(_workload("compare-outputs", str(data_dir), str(out)))
                values[f"rounds_growth_outputs_match_{count}"] = int(
                    bool(compared.report.get("match"))
                )
    seconds = {count: median([run.wall_seconds for run in side]) for count, side in runs.items()}
    cpu = {count: median([run.cpu_seconds for run in side]) for count, side in runs.items()}
    for count, side in runs.items():
        values[f"rounds_growth_seconds_{count}"] = seconds[count]
        values[f"rounds_growth_seconds_each_{count}"] = [run.wall_seconds for run in side]
        values[f"rounds_growth_cpu_seconds_{count}"] = cpu[count]
        values[f"rounds_growth_figures_redrawn_{count}"] = side[-1].report["figures_redrawn"]
        values[f"rounds_growth_progress_{count}"] = side[-1].report["progress"]
    values["rounds_growth_rounds"] = [few, many]
    values["rounds_growth_ratio"] = seconds[many] / seconds[few]
    values["rounds_growth_cpu_ratio"] = cpu[many] / cpu[few]
    results.rows.append(
        (
            f"one new round + refresh, {many} rounds built",
            _seconds(seconds[many]),
            f"{_seconds(seconds[few])} ({few} rounds built)",
            f"{values['rounds_growth_ratio']:.2f}× (≤ 1.5×)",
            f"{values['rounds_growth_cpu_ratio']:.2f}×",
        )
    )


# --- 3. scale -------------------------------------------------------------------------------------


def ensure_export(n_responses: int, directory: Path) -> Path:
    """The cached generated export of ``n_responses`` (generated now if missing)."""
    path = export_path(directory, SCALE_SURVEY, n_responses, SCALE_SEED)
    for stale in remove_stale_exports(directory, SCALE_SURVEY, n_responses, SCALE_SEED):
        _log(f"removed {stale.name}: made by an earlier version of the generator")
    if not path.exists():
        _log(f"generating {n_responses:,} responses into {path.parent.name} (once) ...")
        run = run_child(
            _workload("generate", SCALE_SURVEY, str(n_responses), str(SCALE_SEED), str(path)),
            timeout_seconds=3600,
        )
        _log(f"generated {_bytes(run.report['bytes'])} in {_seconds(run.wall_seconds)}")
    return path


def bench_scale(plan: Plan, results: Results, directory: Path, profile_dir: Path | None) -> None:
    """Read → clean → validate → option_counts, against ``pandas.read_csv`` of the same file."""
    values = results.values
    values["scale_sizes"] = list(plan.scale_sizes)
    for n in plan.scale_sizes:
        path = ensure_export(n, directory)
        label = size_label(n)
        _log(f"scale {n:,} responses ({_bytes(path.stat().st_size)}) ...")
        ours, baseline = _alternate(
            lambda path=path: run_child(_workload("scale-pipeline", str(path))),
            lambda path=path: run_child(_workload("scale-read-csv", str(path))),
            plan.scale_repeats[n],
        )
        arrow = [
            run_child(_workload("scale-read-pyarrow", str(path)))
            for _ in range(plan.scale_repeats[n])
        ]
        arrow_seconds = median([run.report["seconds"] for run in arrow])
        values[f"scale_read_pyarrow_seconds_{label}"] = arrow_seconds
        values[f"scale_read_pyarrow_peak_bytes_{label}"] = median(
            [run.peak_rss_bytes for run in arrow]
        )
        values[f"scale_rows_match_{label}"] = int(
            ours[0].report["responses"] == baseline[0].report["rows"] == arrow[0].report["rows"]
        )
        seconds = median([run.report["seconds"] for run in ours])
        base = median([run.report["seconds"] for run in baseline])
        peak = median([run.peak_rss_bytes for run in ours])
        base_peak = median([run.peak_rss_bytes for run in baseline])
        values[f"scale_file_bytes_{label}"] = path.stat().st_size
        values[f"scale_pipeline_seconds_{label}"] = seconds
        values[f"scale_read_csv_seconds_{label}"] = base
        values[f"scale_time_ratio_{label}"] = seconds / base
        values[f"scale_time_ratio_{label}_pyarrow"] = seconds / arrow_seconds
        cpu = median([run.report["cpu_seconds"] for run in ours])
        base_cpu = median([run.report["cpu_seconds"] for run in baseline])
        values[f"scale_pipeline_cpu_seconds_{label}"] = cpu
        values[f"scale_read_csv_cpu_seconds_{label}"] = base_cpu
        values[f"scale_cpu_ratio_{label}"] = cpu / base_cpu
        values[f"scale_pipeline_peak_bytes_{label}"] = peak
        values[f"scale_read_csv_peak_bytes_{label}"] = base_peak
        values[f"scale_memory_ratio_{label}"] = peak / base_peak
        for stage in ("read", "clean", "validate", "option_counts"):
            values[f"scale_pipeline_{stage}_seconds_{label}"] = median(
                [run.report["stages"][stage] for run in ours]
            )
            values[f"scale_pipeline_{stage}_cpu_seconds_{label}"] = median(
                [run.report["cpu_stages"][stage] for run in ours]
            )
        values[f"scale_pipeline_import_seconds_{label}"] = median(
            [run.report["stages"]["import"] for run in ours]
        )
        target = " (≤ 1.5×)" if n == plan.scale_sizes[-1] else ""
        results.rows.append(
            (
                f"scale {n:,}: read → validate → count",
                _seconds(seconds),
                f"{_seconds(base)} (read_csv)",
                f"{seconds / base:.2f}×{target}",
                f"{cpu / base_cpu:.2f}×",
            )
        )
        stages = ", ".join(
            f"{stage} {values[f'scale_pipeline_{stage}_seconds_{label}']:.1f}"
            for stage in ("read", "clean", "validate", "option_counts")
        )
        results.rows.append((f"  of which (s): {stages}", "", "", "", ""))
        results.rows.append(
            (
                f"scale {n:,}: same, against pyarrow.csv",
                _seconds(seconds),
                f"{_seconds(arrow_seconds)} (pyarrow.csv)",
                f"{seconds / arrow_seconds:.2f}×" + (" (goal ≤ 3×)" if target else ""),
                "",
            )
        )
        results.rows.append(
            (
                f"scale {n:,}: peak memory",
                _bytes(peak),
                f"{_bytes(base_peak)} (read_csv)",
                f"{peak / base_peak:.2f}×{target}",
                "",
            )
        )
    largest, previous = plan.scale_sizes[-1], plan.scale_sizes[-2]
    top, below = size_label(largest), size_label(previous)
    # The target keys name the full benchmark's sizes; a smoke run fills them from its own two.
    for key in (
        "pipeline_seconds",
        "read_csv_seconds",
        "pipeline_peak_bytes",
        "read_csv_peak_bytes",
    ):
        values[f"scale_{key}_1m"] = values[f"scale_{key}_{top}"]
        values[f"scale_{key}_100k"] = values[f"scale_{key}_{below}"]
    values["scale_time_ratio_1m"] = values[f"scale_time_ratio_{top}"]
    values["scale_memory_ratio_1m"] = values[f"scale_memory_ratio_{top}"]
    values["scale_time_ratio_1m_pyarrow"] = values[f"scale_time_ratio_{top}_pyarrow"]
    values["scale_rows_match"] = int(
        all(values[f"scale_rows_match_{size_label(n)}"] for n in plan.scale_sizes)
    )
    values["scale_growth_100k_to_1m"] = (
        values[f"scale_pipeline_seconds_{top}"] / values[f"scale_pipeline_seconds_{below}"]
    )
    values["scale_cpu_ratio_1m"] = values[f"scale_cpu_ratio_{top}"]
    values["scale_cpu_growth_100k_to_1m"] = (
        values[f"scale_pipeline_cpu_seconds_{top}"] / values[f"scale_pipeline_cpu_seconds_{below}"]
    )
    values["scale_read_csv_growth_100k_to_1m"] = (
        values[f"scale_read_csv_seconds_{top}"] / values[f"scale_read_csv_seconds_{below}"]
    )
    results.rows.append(
        (
            f"scale growth {previous:,} → {largest:,} responses",
            f"{values['scale_growth_100k_to_1m']:.1f}-fold",
            f"{values['scale_read_csv_growth_100k_to_1m']:.1f}-fold (read_csv)",
            f"{values['scale_growth_100k_to_1m']:.1f} (≤ 11)",
            f"{values['scale_cpu_growth_100k_to_1m']:.1f}",
        )
    )
    if profile_dir:
        path = export_path(directory, SCALE_SURVEY, largest, SCALE_SEED)
        run_child(_workload("scale-pipeline", str(path), profile=profile_dir / f"scale-{top}.txt"))


# --- 4. sensor tick -------------------------------------------------------------------------------


def bench_sensor(plan: Plan, results: Results) -> None:
    """The drop sensor's tick over ``sensor_files`` drops, against hashing every file."""
    _log(f"sensor tick over {plan.sensor_files} files ...")
    with tempfile.TemporaryDirectory(prefix="escp-bench-sensor-") as scratch:
        report = run_child(
            _workload(
                "sensor-tick",
                scratch,
                "--files",
                str(plan.sensor_files),
                "--changed",
                str(plan.sensor_changed),
            )
        ).report
    values = results.values
    values["sensor_files"] = report["files"]
    values["sensor_bytes_in_folder"] = report["bytes_in_folder"]
    values["sensor_changed_files_per_tick"] = report["changed_per_cycle"]
    values["sensor_tick_seconds_1000_files"] = report["tick_seconds"]
    values["sensor_tick_bytes_read_1000_files"] = report["tick_bytes_read"]
    values["sensor_tick_files_hashed_1000_files"] = report["tick_files_hashed"]
    values["sensor_seen_tick_seconds_1000_files"] = report["seen_tick_seconds"]
    values["sensor_seen_tick_bytes_read_1000_files"] = report["seen_tick_bytes_read"]
    values["sensor_idle_tick_seconds_1000_files"] = report["idle_tick_seconds"]
    values["sensor_idle_tick_bytes_read_1000_files"] = report["idle_tick_bytes_read"]
    values["sensor_hash_all_seconds_1000_files"] = report["hash_all_seconds"]
    values["sensor_hash_all_bytes_read_1000_files"] = report["hash_all_bytes_read"]
    values["sensor_tick_time_ratio_1000_files"] = (
        report["tick_seconds"] / report["hash_all_seconds"]
    )
    values["sensor_tick_ratio"] = values["sensor_tick_time_ratio_1000_files"]
    values["sensor_tick_bytes_ratio_1000_files"] = (
        report["tick_bytes_read"] / report["hash_all_bytes_read"]
    )
    values["sensor_cursor_bytes"] = report["cursor_bytes"]
    files = report["files"]
    results.rows.append(
        (
            f"sensor tick, {files} files, {plan.sensor_changed} changed: time",
            _seconds(report["tick_seconds"]),
            f"{_seconds(report['hash_all_seconds'])} (hash every file)",
            f"{values['sensor_tick_time_ratio_1000_files']:.3f}×",
            "",
        )
    )
    results.rows.append(
        (
            f"sensor tick, {files} files, {plan.sensor_changed} changed: bytes read",
            _bytes(report["tick_bytes_read"]),
            f"{_bytes(report['hash_all_bytes_read'])} (hash every file)",
            f"{values['sensor_tick_bytes_ratio_1000_files']:.4f}×",
            "",
        )
    )
    results.rows.append(
        (
            f"sensor idle tick, {files} files, nothing changed",
            _seconds(report["idle_tick_seconds"]),
            _bytes(report["idle_tick_bytes_read"]) + " read",
            "",
            "",
        )
    )


# --- 5. drop to report in dagster dev ------------------------------------------------------------


def bench_dev(results: Results, drops: Path) -> None:
    """A drop in ``dagster dev`` (sensors every 5 s) until the report names the round."""
    exports = demo_exports(drops)
    if not exports:
        raise ChildProcessFailedError(f"no demo drops in {drops} (make demo-data writes them)")
    export = exports[-1]
    _log(f"drop to report in dagster dev ({export.name}) ...")
    run = run_child(
        _workload("drop-to-report", str(export), str(export.relative_to(drops))),
        timeout_seconds=900,
    )
    values = results.values
    values["drop_to_report_seconds"] = run.report["seconds"]
    values["drop_to_report_startup_seconds"] = run.report["startup_seconds"]
    values["drop_to_report_sensor_interval_seconds"] = run.report["sensor_interval_seconds"]
    results.rows.append(
        (
            f"drop → report in dagster dev ({run.report['sensor_interval_seconds']} s sensors)",
            _seconds(run.report["seconds"]),
            f"dagster dev started in {_seconds(run.report['startup_seconds'])}",
            "printed",
            "",
        )
    )


# --- the table and the JSON -----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on (no host names, no paths)."""
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "load_average_1min_at_start": load,
    }


def verdicts(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target with its measured ratio and whether it is met."""
    found = {}
    for name, (key, limit) in TARGETS.items():
        if isinstance(values.get(key), int | float):
            ratio = values[key]
            found[name] = {"key": key, "ratio": ratio, "limit": limit, "met": ratio <= limit}
    return found


def print_table(results: Results, info: dict[str, Any]) -> None:
    """The measured table, then the targets and any section that failed."""
    header = ("measure", "escp_pipeline", "baseline", "ratio (target)", "CPU-time ratio")
    rows = [header, *results.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    line = "  ".join("-" * width for width in widths)
    print()
    print(
        f"escp_pipeline benchmark ({info['plan']}): {info['machine']['cores']} cores, "
        f"{_bytes(info['machine']['memory_bytes'])}, Python {info['machine']['python']}"
    )
    print(line)
    for index, row in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print(line)
    print(line)
    for name, verdict in verdicts(results.values).items():
        mark = "met" if verdict["met"] else "MISSED"
        print(f"  {name:<28} {verdict['ratio']:8.3f} ≤ {verdict['limit']:<4} {mark}")
    for section, error in results.errors.items():
        print(f"  {section}: FAILED: {error.splitlines()[0]}")
    spent = ", ".join(
        f"{name} {seconds:.0f} s" for name, seconds in info["seconds_by_section"].items()
    )
    print(f"  time per section: {spent}")
    print()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.bench",
        description="Measure the pipeline against plain Dagster/pandas baselines; write JSON.",
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks the bench runs")
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "bench-results.json", help="JSON file to write"
    )
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument(
        "--cache-dir", type=Path, help="where generated scale exports are kept (default: ~/.cache)"
    )
    parser.add_argument(
        "--demo-drops",
        type=Path,
        default=REPO_ROOT / "data" / "incoming",
        help="the demo drops (default: data/incoming of the repository)",
    )
    parser.add_argument(
        "--profile-dir", type=Path, help="also profile each of our workloads once, into this folder"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a section failed (not when a target is missed)."""
    args = _parser().parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    sections = args.only or list(SECTIONS)
    started = time.perf_counter()
    info: dict[str, Any] = {"plan": plan.name, "machine": machine(), "sections": sections}
    results = Results()
    if args.profile_dir:
        args.profile_dir.mkdir(parents=True, exist_ok=True)
    directory = args.cache_dir or cache_dir()
    if args.smoke and not args.cache_dir:
        directory = Path(tempfile.mkdtemp(prefix="escp-bench-smoke-"))
    steps: dict[str, Callable[[], None]] = {
        "load": lambda: bench_load(plan, results, args.profile_dir),
        "demo": lambda: bench_demo(plan, results, args.demo_drops, args.profile_dir),
        "growth": lambda: bench_growth(plan, results),
        "scale": lambda: bench_scale(plan, results, directory, args.profile_dir),
        "sensor": lambda: bench_sensor(plan, results),
        "dev": lambda: bench_dev(results, args.demo_drops),
    }
    durations: dict[str, float] = {}
    try:
        for section in sections:
            section_started = time.perf_counter()
            try:
                steps[section]()
            except ChildProcessFailedError as error:
                results.errors[section] = str(error)
                _log(f"{section} FAILED: {error}")
            durations[section] = time.perf_counter() - section_started
            _log(f"{section}: {durations[section]:.0f} s")
    finally:
        if args.smoke and not args.cache_dir:
            shutil.rmtree(directory, ignore_errors=True)
    info["seconds_total"] = time.perf_counter() - started
    info["seconds_by_section"] = durations
    document = {
        **results.values,
        "targets": verdicts(results.values),
        "errors": results.errors,
        **info,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print_table(results, info)
    print(f"wrote {args.out} in {info['seconds_total']:.0f} s")
    return 1 if results.errors else 0
