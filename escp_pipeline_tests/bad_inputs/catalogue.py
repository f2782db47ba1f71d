"""The bad-input catalogue, and one real build over it beside a good round (tests only).

Each ``Case`` is a broken drop (a fixture of ``fixtures/``, written by ``make_fixtures.py``; the
very large file is made at run time, sparse) and what the pipeline must say about it.
``catalogue_build`` drops a small good ESCP-4i round and every case into a temporary data directory
and runs the project's ``build`` on it, once per test process. The build runs every per-round asset
and check of the code location, as ``make run`` does; only the cross-round assets (comparisons,
figures, report, workbook) are left out: they read the rounds that succeeded, take most of a build's
time, and ``test_personal_data.py`` builds them on the demo drops.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import logging
import resource
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from escp_pipeline.cli.build import BuildReport, build
from escp_pipeline.contract.export_reader import MAX_EXPORT_BYTES
from escp_pipeline_tests.bad_inputs.make_fixtures import FIXTURES
from escp_pipeline_tests.exports import write_round

#: The small good round (same answers as most fixtures).
GOOD = "escp-4i/2019-r3"
VERY_LARGE = "very_large.csv"


@dataclass(frozen=True)
class Case:
    """One bad input: its fixture, what the message must say, and where the problem is.

    Attributes:
        fixture: The file in ``fixtures/`` (or ``VERY_LARGE``, made at run time).
        says: Phrases the pipeline's message must hold.
        where: ``row``, ``line`` or ``column`` where the message must name one; None for a problem
            of the whole file (empty, binary, too large, no answer at all, a name).
        outcome: ``failed`` (the round fails), ``succeeded`` (read correctly) or ``skipped``.
        target: Where it is dropped, below ``incoming/``; default ``escp-4i/2019-r<n>.csv``.
        about: What the input is, for ``docs/data-quality.md``.
        check: The blocking check that stops the round, for an input the reader accepts.
    """

    fixture: str
    says: tuple[str, ...]
    where: str | None
    outcome: str = "failed"
    target: str | None = None
    about: str = ""
    check: str | None = None


CASES: tuple[Case, ...] = (
    Case("empty.csv", ("the file is empty",), None, about="An empty file"),
    Case(
        "header_only.csv",
        ("at least one complete answer",),
        None,
        about="A header and no response",
        check="core_responses_meets_expectations",
    ),
    Case("binary_garbage.csv", ("binary data",), None, about="Binary garbage"),
    Case(
        "cut_in_quoted_field.csv",
        ("ends inside a quoted value",),
        "row",
        about="A file cut in the middle of a quoted value",
    ),
    Case(
        "escp_s3_export.csv",
        ("is this an export of the escp-4i survey",),
        "column",
        about="An ESCP-S3 export in the ESCP-4i folder",
    ),
    Case(
        "full_text_headings.csv",
        ("set Headings to 'Question code'",),
        "row",
        about="Question-text headings that do not line up with the codebook (``Token`` and "
        "subquestion codes where LimeSurvey writes ``Access code`` and labels); LimeSurvey's own "
        "full, abbreviated and code-and-text headings are read",
    ),
    Case(
        "full_answers.csv",
        (),
        None,
        outcome="succeeded",
        target="escp-4i/2019-r4.csv",
        about="Answers exported as full answers (labels, Yes/No): its tables equal those of the "
        "same answers exported as codes",
    ),
    Case(
        "unknown_answer_code.csv",
        ("'S3' is not an answer code of A2",),
        "column",
        about="An unknown answer code",
    ),
    Case(
        "unknown_partnership_code.csv",
        ("'P99' is not an answer code of A1",),
        "column",
        about="An unknown partnership code (a code of the codebook the registry lacks fails at "
        "``core_responses``, naming partnerships.yaml)",
    ),
    Case("number_five.csv", ("'five' is not a number",), "column", about="A number written five"),
    Case(
        "number_negative.csv",
        ("greater_than_or_equal_to", "response id 4"),
        "column",
        about="A negative number (-3)",
        check="core_responses_match_schema",
    ),
    Case(
        "number_huge.csv",
        ("at most 200", "response_id 4", "1000000000"),
        None,
        about="A huge number (1e9)",
        check="core_responses_meets_expectations",
    ),
    Case("duplicate_ids.csv", ("id 3 appears twice",), "column", about="Duplicate ids"),
    Case(
        "duplicate_column_names.csv",
        ("two columns have this heading",),
        "column",
        about="Duplicate column names",
    ),
    Case(
        "missing_column_submitdate.csv",
        ("required column 'submitdate' is missing",),
        "column",
        about="A required column missing (submitdate)",
    ),
    Case(
        "missing_column_d3.csv",
        ("codebook column(s) missing: 'D3'",),
        "column",
        about="A codebook column missing (D3)",
    ),
    Case(
        "undecodable_bytes.csv",
        ("bytes that are not UTF-8",),
        "line",
        about="A UTF-8 file (byte-order mark) edited in a legacy editor",
    ),
    Case(
        "mixed_encoding.csv",
        ("mixes UTF-8 and Windows-1252",),
        "line",
        about="UTF-8 and Windows-1252 mixed, no byte-order mark (once read as Windows-1252, "
        "which turned Côte d’Ivoire into CÃ´te dâ€™Ivoire)",
    ),
    Case(
        VERY_LARGE,
        (f"has {MAX_EXPORT_BYTES + 1:,} bytes", "MAX_EXPORT_BYTES"),
        None,
        about="A very large file (8 GiB + 1 byte, sparse, made at test time): refused from its "
        "size before a byte is read, so memory does not grow",
    ),
    Case(
        "name_outside_convention.csv",
        ("is not a round name", "rename it to"),
        None,
        outcome="skipped",
        target="escp-4i/2019 round 3.csv",
        about="A file name outside the convention",
    ),
)


@dataclass
class CatalogueBuild:
    """The build over the good round and every case, and what it left behind."""

    data_dir: Path
    report: BuildReport
    instance: dg.DagsterInstance
    targets: dict[str, Path] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    before: dict[Path, tuple[object, ...]] = field(default_factory=dict)
    printed: str = ""
    memory_growth_bytes: int = 0
    large_file_unchanged: bool = False

    def message(self, case: Case) -> str:
        """Everything the build said about a case's file: failure, failed checks, skip note."""
        target = self.targets[case.fixture]
        if case.outcome == "skipped":
            return " ".join(m for m in self.report.skipped_files if target.name in m)
        key = self.keys[case.fixture]
        return " ".join([self.report.failed.get(key, ""), *failed_checks(self.instance, key)])


def identity(path: Path) -> tuple[object, ...]:
    """What must not change: content (of the huge sparse file: size, blocks, head) and mtime."""
    status = path.stat()
    if status.st_size > MAX_EXPORT_BYTES:
        with path.open("rb") as stream:
            head = stream.read(1 << 16)
        return status.st_size, status.st_blocks, status.st_mtime_ns, head
    return path.read_bytes(), status.st_mtime_ns


def failed_checks(instance: dg.DagsterInstance, partition: str) -> list[str]:
    """The description of every failed check evaluation of a round, with check and severity."""
    messages = []
    for run in instance.get_runs(filters=dg.RunsFilter(tags={"dagster/partition": partition})):
        for entry in instance.all_logs(
            run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ):
            evaluation = entry.dagster_event.event_specific_data
            if not evaluation.passed:
                name = f"[{evaluation.check_name}, {evaluation.severity.value}]"
                messages.append(f"{name} {evaluation.description}")
    return messages


def _write_very_large(path: Path) -> None:
    """A real export header, then NUL bytes up to one byte above the limit (a sparse file)."""
    with path.open("wb") as stream:
        stream.write((FIXTURES / "header_only.csv").read_bytes())
        stream.truncate(MAX_EXPORT_BYTES + 1)


@functools.cache
def catalogue_build() -> CatalogueBuild:
    """Build once per process; the folder is removed when the process ends."""
    root = Path(tempfile.mkdtemp(prefix="escp-catalogue-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    data_dir = root / "data"
    incoming = data_dir / "incoming"
    write_round(incoming / f"{GOOD}.csv")
    targets, keys = {}, {}
    for number, case in enumerate(CASES, start=11):
        target = incoming / (case.target or f"escp-4i/2019-r{number}.csv")
        target.parent.mkdir(parents=True, exist_ok=True)
        if case.fixture == VERY_LARGE:
            _write_very_large(target)
        else:
            shutil.copy2(FIXTURES / case.fixture, target)
        targets[case.fixture] = target
        keys[case.fixture] = f"escp-4i/{target.stem}"
    before = {path: identity(path) for path in incoming.rglob("*") if path.is_file()}

    instance = dg.DagsterInstance.ephemeral()
    printed = io.StringIO()
    handler = logging.StreamHandler(printed)
    root_logger = logging.getLogger()
    level = root_logger.level
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.DEBUG)
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            report = build(data_dir, instance, progress=print, cross_round=False)
    finally:
        root_logger.removeHandler(handler)
        root_logger.setLevel(level)
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) * 1024
    large = targets[VERY_LARGE]
    large_unchanged = identity(large) == before.pop(large)
    large.unlink()  # sparse, yet no reason to keep an 8 GiB file around
    return CatalogueBuild(
        data_dir,
        report,
        instance,
        targets,
        keys,
        before,
        printed.getvalue(),
        growth,
        large_unchanged,
    )
