"""The workloads the benchmark runs, each in a fresh process.

``python -m devtools.bench.workloads NAME ARGS`` runs one.

Each workload times its own stages with ``time.perf_counter`` and writes a JSON report (see
``measure.write_report``); heavy imports happen inside the workload, after the clock starts, so that
import time is measured and never paid by the driver. ``--profile FILE`` runs the workload under
pyinstrument (when installed) or cProfile and writes the profile as text.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devtools.bench.measure import own_bytes_read, own_peak_rss_bytes, write_report

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
    """``escp_pipeline.cli.build.build`` over copies of the demo drops, ephemeral instance."""
    started = time.perf_counter()
    import dagster as dg

    from escp_pipeline.cli.build import build

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
    from devtools.bench.scale_data import generate_export

    started = time.perf_counter()
    path = generate_export(args.survey, args.responses, args.seed, Path(args.path))
    return {"seconds": time.perf_counter() - started, "bytes": path.stat().st_size}


def scale_pipeline(args: argparse.Namespace) -> Report:
    """Read → clean → validate (pandera core schema) → option_counts on one export."""
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


def scale_read_pyarrow(args: argparse.Namespace) -> Report:
    """``pyarrow.csv.read_csv`` of the same export (defaults, quoted line breaks allowed)."""
    started = time.perf_counter()
    import pyarrow.csv as pa_csv

    imported, cpu = time.perf_counter(), time.process_time()
    options = pa_csv.ParseOptions(newlines_in_values=True)
    table = pa_csv.read_csv(args.path, parse_options=options)
    finished = time.perf_counter()
    return {
        "seconds": finished - imported,
        "cpu_seconds": time.process_time() - cpu,
        "seconds_with_import": finished - started,
        "peak_rss_bytes": own_peak_rss_bytes(),
        "rows": table.num_rows,
    }


def compare_outputs(args: argparse.Namespace) -> Report:
    """Whether two data dirs hold the same tables, figures, report and workbook."""
    from devtools.bench.outputs import compare_outputs as compare

    return compare(Path(args.pipeline), Path(args.plain))


def refresh_round(args: argparse.Namespace) -> Report:
    """One round and the cross-round refresh over an already built data dir (see ``refresh``)."""
    from devtools.bench.refresh import refresh

    return refresh(Path(args.data_dir), args.partition_key)


def drop_to_report(args: argparse.Namespace) -> Report:
    """A drop in ``dagster dev`` until the report names its round (see ``drop_to_report``)."""
    from devtools.bench.drop_to_report import measure_drop_to_report

    return measure_drop_to_report(Path(args.export), args.relative, args.timeout)


def change_answer(args: argparse.Namespace) -> Report:
    """Re-export one round of a data dir with one answer changed (see ``refresh``)."""
    from devtools.bench.refresh import change_one_answer

    return change_one_answer(Path(args.data_dir), args.partition_key)


def write_rounds(args: argparse.Namespace) -> Report:
    """Write generated rounds into a data dir's ``incoming/`` (see ``refresh``)."""
    from devtools.bench.refresh import write_rounds as write

    keys = write(Path(args.data_dir) / "incoming", args.survey, args.first, args.count)
    return {"keys": keys}


def sensor_tick(args: argparse.Namespace) -> Report:
    """One tick of the drop sensor over a prepared ``incoming/``, against hashing every file."""
    from devtools.bench.sensor import measure_sensor_tick, prepare_incoming

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
    "scale-read-pyarrow": scale_read_pyarrow,
    "compare-outputs": compare_outputs,
    "refresh-round": refresh_round,
    "change-answer": change_answer,
    "drop-to-report": drop_to_report,
    "write-rounds": write_rounds,
    "sensor-tick": sensor_tick,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devtools.bench.workloads")
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
    for name in ("scale-pipeline", "scale-read-csv", "scale-read-pyarrow"):
        scale = commands.add_parser(name)
        scale.add_argument("path")
        scale.add_argument("--survey", default="escp-4i")
        scale.add_argument("--round", default="2019-r1")
    outputs = commands.add_parser("compare-outputs")
    outputs.add_argument("pipeline")
    outputs.add_argument("plain")
    refresh = commands.add_parser("refresh-round")
    refresh.add_argument("data_dir")
    refresh.add_argument("partition_key")
    dev = commands.add_parser("drop-to-report")
    dev.add_argument("export")
    dev.add_argument("relative")
    dev.add_argument("--timeout", type=float, default=600.0)
    change = commands.add_parser("change-answer")
    change.add_argument("data_dir")
    change.add_argument("partition_key")
    rounds = commands.add_parser("write-rounds")
    rounds.add_argument("data_dir")
    rounds.add_argument("survey")
    rounds.add_argument("first", type=int)
    rounds.add_argument("count", type=int)
    sensor = commands.add_parser("sensor-tick")
    sensor.add_argument("data_dir")
    sensor.add_argument("--files", type=int, default=1000)
    sensor.add_argument("--changed", type=int, default=10)
    return parser


def _profiled(work: Callable[[], Report], target: Path) -> Report:
    """Run ``work`` under pyinstrument if installed, else cProfile; write the profile.

    cProfile also leaves its raw statistics beside the text (``FILE`` with suffix ``.prof``).
    """
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import io
        import pstats

        profile = cProfile.Profile()
        report = profile.runcall(work)
        profile.dump_stats(target.with_suffix(".prof"))  # for callers and callees (pstats)
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
