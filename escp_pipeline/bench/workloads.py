"""The workloads the benchmark runs, each in a fresh process: ``python -m
escp_pipeline.bench.workloads NAME ARGS``.

Each workload times its own stages with ``time.perf_counter`` and writes a JSON report (see
``measure.write_report``); heavy imports happen inside the workload, after the clock starts, so
that import time is measured and never paid by the driver. ``--profile FILE`` runs the workload
under pyinstrument (when installed) or cProfile and writes the profile as text.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from escp_pipeline.bench.measure import own_bytes_read, own_peak_rss_bytes, write_report

#: modules that must not be imported by loading the code location (UI time).
HEAVY_MODULES = ("matplotlib", "great_expectations", "pandera", "scipy", "rapidfuzz", "openpyxl")

Report = dict[str, Any]


def import_baseline(args: argparse.Namespace) -> Report:
    """``import dagster, pandas``: the floor under any Dagster code location."""
    started, cpu = time.perf_counter(), time.process_time()
    import dagster  # noqa: F401
    import pandas  # noqa: F401

    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}


def load_definitions(args: argparse.Namespace) -> Report:
    """Import the definitions module and build everything the code server builds from it."""
    import sys

    started, cpu = time.perf_counter(), time.process_time()
    from escp_pipeline.definitions import defs

    imported = time.perf_counter()
    definitions = defs()
    repository = definitions.get_repository_def()
    repository.load_all_definitions()
    graph = definitions.resolve_asset_graph()
    finished = time.perf_counter()
    return {
        "seconds": finished - started,
        "cpu_seconds": time.process_time() - cpu,
        "seconds_import": imported - started,
        "seconds_build": finished - imported,
        "assets": len(graph.get_all_asset_keys()),
        "checks": len(graph.asset_check_keys),
        "heavy_modules_imported": [name for name in HEAVY_MODULES if name in sys.modules],
    }


def demo_build(args: argparse.Namespace) -> Report:
    """``escp_pipeline.build.build`` over a data dir of demo drops, with an ephemeral instance."""
    started = time.perf_counter()
    import dagster as dg

    from escp_pipeline.build import build

    imported = time.perf_counter()
    stamps: list[tuple[float, str]] = []

    def progress(line: str) -> None:
        stamps.append((time.perf_counter() - started, line))

    with dg.DagsterInstance.ephemeral() as instance:
        result = build(Path(args.data_dir), instance, progress=progress)
    finished = time.perf_counter()
    if not result.ok:
        raise SystemExit(f"demo build failed: {result.failed} {result.cross_round_error}")
    return {
        "seconds": finished - started,
        "seconds_import": imported - started,
        "seconds_build": finished - imported,
        "rounds": result.succeeded,
        "progress": [f"{seconds:7.2f} s  {line}" for seconds, line in stamps],
        "peak_rss_bytes": own_peak_rss_bytes(),
    }


def generate(args: argparse.Namespace) -> Report:
    """Write one generated export (see ``scale_data``)."""
    from escp_pipeline.bench.scale_data import generate_export

    started = time.perf_counter()
    path = generate_export(args.survey, args.responses, args.seed, Path(args.path))
    return {"seconds": time.perf_counter() - started, "bytes": path.stat().st_size}


def scale_pipeline(args: argparse.Namespace) -> Report:
    """read → clean → validate (pandera core schema) → option_counts on one export."""
    started = time.perf_counter()
    from escp_pipeline.analysis.option_counts import option_counts
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.contract.drops import SurveyRound
    from escp_pipeline.contract.export_reader import read_export
    from escp_pipeline.contract.registry import load_registry
    from escp_pipeline.validation.clean import build_core_table
    from escp_pipeline.validation.schemas import core_schema

    survey_round = SurveyRound(args.survey, args.round)
    codebook = load_codebook(args.survey)
    registry = load_registry()
    schema = core_schema(args.survey)
    stages: dict[str, float] = {"import": time.perf_counter() - started}
    cpu_stages: dict[str, float] = {"import": time.process_time()}
    memory: dict[str, int] = {"import": own_peak_rss_bytes()}
    clock, cpu_clock = time.perf_counter(), time.process_time()
    work_started, work_cpu = clock, cpu_clock

    def lap(name: str) -> None:
        nonlocal clock, cpu_clock
        now, cpu_now = time.perf_counter(), time.process_time()
        stages[name], cpu_stages[name] = now - clock, cpu_now - cpu_clock
        memory[name], clock, cpu_clock = own_peak_rss_bytes(), now, cpu_now

    export = read_export(args.path, codebook)
    lap("read")
    core = build_core_table(export, codebook, registry, survey_round)
    lap("clean")
    del export  # as in the asset: the raw frame is gone once the core table is built
    validated = schema.validate(core.responses, lazy=True)
    lap("validate")
    counts = _option_counts(option_counts, validated, codebook)
    lap("option_counts")
    finished = time.perf_counter()
    return {
        "seconds": finished - work_started,
        "cpu_seconds": time.process_time() - work_cpu,
        "seconds_with_import": finished - started,
        "stages": stages,
        "cpu_stages": cpu_stages,
        "peak_rss_bytes_after": memory,
        "peak_rss_bytes": own_peak_rss_bytes(),
        "responses": len(validated),
        "option_count_rows": len(counts),
    }


def _option_counts(option_counts: Callable[..., Any], responses: Any, codebook: Any) -> Any:
    """Call the analysis layer's ``option_counts`` with what its signature asks for."""
    import inspect

    names = list(inspect.signature(option_counts).parameters)
    if len(names) >= 2 and names[1] == "codebook":
        return option_counts(responses, codebook)
    return option_counts(responses)


def scale_read_csv(args: argparse.Namespace) -> Report:
    """``pandas.read_csv`` of the same export, with pandas' defaults."""
    started = time.perf_counter()
    import pandas as pd

    imported, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(args.path)
    finished = time.perf_counter()
    return {
        "seconds": finished - imported,
        "cpu_seconds": time.process_time() - cpu,
        "seconds_with_import": finished - started,
        "peak_rss_bytes": own_peak_rss_bytes(),
        "rows": len(frame),
    }


def compare_option_counts(args: argparse.Namespace) -> Report:
    """Whether the pipeline's and the plain script's ``option_counts`` hold the same numbers."""
    import pandas as pd

    keys = ["survey", "round", "question", "option", "strand"]
    values = ["respondents", "selected", "share"]
    frames = []
    for path in (args.pipeline, args.plain):
        frame = pd.read_parquet(path, columns=keys + values)
        frame = frame.astype(dict.fromkeys(keys, "str")).astype(
            {"respondents": "int64", "selected": "int64", "share": "float64"}
        )
        frames.append(frame.sort_values(keys).reset_index(drop=True))
    pipeline, plain = frames
    same_rows = pipeline[keys].equals(plain[keys])
    same_values = (
        same_rows
        and pipeline[["respondents", "selected"]].equals(plain[["respondents", "selected"]])
        and bool(((pipeline["share"] - plain["share"]).abs().fillna(0) < 1e-9).all())
    )
    return {"rows_pipeline": len(pipeline), "rows_plain": len(plain), "match": bool(same_values)}


def sensor_tick(args: argparse.Namespace) -> Report:
    """One tick of the drop sensor over a prepared ``incoming/``, against hashing every file."""
    from escp_pipeline.bench.sensor import measure_sensor_tick, prepare_incoming

    data_dir = Path(args.data_dir)
    if not (data_dir / "incoming").exists():
        prepare_incoming(data_dir / "incoming", args.files)
    return measure_sensor_tick(data_dir, args.changed)


WORKLOADS: dict[str, Callable[[argparse.Namespace], Report]] = {
    "import-baseline": import_baseline,
    "load-definitions": load_definitions,
    "demo-build": demo_build,
    "generate": generate,
    "scale-pipeline": scale_pipeline,
    "scale-read-csv": scale_read_csv,
    "compare-option-counts": compare_option_counts,
    "sensor-tick": sensor_tick,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m escp_pipeline.bench.workloads")
    parser.add_argument("--profile", metavar="FILE", help="write a text profile of the workload")
    commands = parser.add_subparsers(dest="workload", required=True)
    commands.add_parser("import-baseline")
    commands.add_parser("load-definitions")
    demo = commands.add_parser("demo-build")
    demo.add_argument("data_dir")
    gen = commands.add_parser("generate")
    gen.add_argument("survey")
    gen.add_argument("responses", type=int)
    gen.add_argument("seed", type=int)
    gen.add_argument("path")
    for name in ("scale-pipeline", "scale-read-csv"):
        scale = commands.add_parser(name)
        scale.add_argument("path")
        scale.add_argument("--survey", default="escp-4i")
        scale.add_argument("--round", default="2019-r1")
    compare = commands.add_parser("compare-option-counts")
    compare.add_argument("pipeline")
    compare.add_argument("plain")
    sensor = commands.add_parser("sensor-tick")
    sensor.add_argument("data_dir")
    sensor.add_argument("--files", type=int, default=1000)
    sensor.add_argument("--changed", type=int, default=10)
    return parser


def _profiled(work: Callable[[], Report], target: Path) -> Report:
    """Run ``work`` under pyinstrument if it is installed, else cProfile; write the profile."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import io
        import pstats

        profile = cProfile.Profile()
        report = profile.runcall(work)
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(60)
        target.write_text(text.getvalue(), encoding="utf-8")
        return report
    profiler = Profiler(interval=0.002)
    profiler.start()
    try:
        report = work()
    finally:
        profiler.stop()
    target.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> None:
    """Run one workload and write its report."""
    args = _parser().parse_args(argv)
    workload = WORKLOADS[args.workload]
    if args.profile:
        report = _profiled(lambda: workload(args), Path(args.profile))
    else:
        report = workload(args)
    report.setdefault("peak_rss_bytes", own_peak_rss_bytes())
    report.setdefault("bytes_read", own_bytes_read())
    write_report(report)


if __name__ == "__main__":
    main()
