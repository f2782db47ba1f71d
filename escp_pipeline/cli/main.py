"""Command line: ``escp-pipeline build`` (or ``python -m escp_pipeline build``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from escp_pipeline.storage.resources import resolve_data_dir


def _instance(ephemeral: bool):
    import dagster as dg

    if ephemeral:
        return dg.DagsterInstance.ephemeral()
    if not os.environ.get("DAGSTER_HOME"):
        config = Path.cwd() / "dagster.yaml"
        if not config.exists():
            print(
                "DAGSTER_HOME is not set and ./dagster.yaml is missing: using a throw-away "
                "instance (runs will not show in the UI)",
                file=sys.stderr,
            )
            return dg.DagsterInstance.ephemeral()
        home = Path.cwd() / ".dagster_home"
        home.mkdir(exist_ok=True)
        if not (home / "dagster.yaml").exists():
            (home / "dagster.yaml").symlink_to(Path("..") / "dagster.yaml")
        os.environ["DAGSTER_HOME"] = str(home)
    return _open_serialised(Path(os.environ["DAGSTER_HOME"]))


def _open_serialised(home: Path):
    """Open the instance in ``home`` under a file lock there.

    Opening a SQLite instance creates its databases on first use, and Dagster's run storage does not
    retry when two processes create them at once ("table secondary_indexes already exists"). Two
    ``escp-pipeline build`` started together on a fresh ``DAGSTER_HOME`` therefore take turns to
    open it; once the databases exist the lock is held for milliseconds.
    """
    import dagster as dg
    from filelock import FileLock

    home.mkdir(parents=True, exist_ok=True)
    with FileLock(str(home / ".escp-instance-open.lock"), timeout=300):
        return dg.DagsterInstance.get()


def _build(args: argparse.Namespace) -> int:
    from escp_pipeline.cli.build import build

    data_dir = resolve_data_dir(args.data_dir)
    print(f"data dir: {data_dir}")
    with _instance(args.ephemeral) as instance:
        report = build(data_dir, instance, partition_keys=args.rounds or None)
    warehouse = data_dir / "warehouse"
    print()
    print(f"rounds built: {len(report.succeeded)}; failed: {len(report.failed)}")
    for key, reason in report.failed.items():
        print(f"  FAILED {key}: {reason}")
    print(f"analyst tables: {warehouse / 'tables'}")
    report_file = warehouse / "report" / "escp-progress-report.html"
    if report_file.exists():
        print(f"figures:        {warehouse / 'figures'}")
        print(f"report:         {report_file}")
    word = warehouse / "report" / "escp-progress-report.docx"
    if word.exists():
        print(f"word document:  {word}")
    workbook = warehouse / "report" / "escp-analyst-tables.xlsx"
    if workbook.exists():
        print(f"workbook:       {workbook}")
    return 0 if report.ok else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``escp-pipeline`` console script."""
    parser = argparse.ArgumentParser(prog="escp-pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser(
        "build", help="register every drop in incoming/ as a round and materialize every asset"
    )
    build_parser.add_argument(
        "--data-dir", help="data directory (default: $ESCP_DATA_DIR or ./data)"
    )
    build_parser.add_argument(
        "--round",
        dest="rounds",
        action="append",
        metavar="SURVEY/ROUND",
        help="only this round, e.g. escp-4i/2019-r2 (repeatable)",
    )
    build_parser.add_argument(
        "--ephemeral",
        action="store_true",
        help="record nothing in the Dagster instance (for a quick check)",
    )
    build_parser.set_defaults(handler=_build)
    args = parser.parse_args(argv)
    return args.handler(args)
