"""The bad-input catalogue: every broken drop, through the real build, beside a good round.

One build runs over a data directory holding a good ESCP-4i round (``2019-r2``) and one round per
catalogue case (fixtures in ``fixtures/``, written by ``make_fixtures.py``; the very large file is
made here, sparse). For each case the build's message (the failure reason of the round, the
description of the failed asset check, or the note on a skipped file) must name the file, the row,
line or column where the problem has one, and what to do; the good round must still succeed; and
every input file must be byte-for-byte unchanged, modification time included. The table in
``docs/data-quality.md`` lists the same cases.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from escp_pipeline.build import BuildReport, build
from escp_pipeline.contract.export_reader import MAX_EXPORT_BYTES
from escp_pipeline_tests.bad_inputs import make_fixtures
from escp_pipeline_tests.bad_inputs.make_fixtures import FIXTURES, SMALL_S3_ROUND
from escp_pipeline_tests.exports import SMALL_4I_ROUND, write_round
from escp_pipeline_tests.leaks import event_log_texts, find_leaks

GOOD = "escp-4i/2019-r2"
DOCS = Path(__file__).parents[2] / "docs" / "data-quality.md"
VERY_LARGE = "very_large.csv"  # made at test time: sparse, MAX_EXPORT_BYTES + 1 bytes


@dataclass(frozen=True)
class Case:
    """One bad input: its fixture, what the message must say, and where the problem is."""

    fixture: str
    says: tuple[str, ...]
    where: str | None  # "row", "line", "column" or None for a problem of the whole file
    outcome: str = "failed"  # "failed", "succeeded" (read correctly) or "skipped"
    target: str | None = None  # path below incoming/, default escp-4i/2019-r<n>.csv


CASES = (
    Case("empty.csv", ("the file is empty",), None),
    Case("header_only.csv", ("at least one complete answer",), None),
    Case("binary_garbage.csv", ("binary data",), None),
    Case("cut_in_quoted_field.csv", ("ends inside a quoted value",), "row"),
    Case("escp_s3_export.csv", ("is this an export of the escp-4i survey",), "column"),
    Case("full_text_headings.csv", ("set Headings to 'Question code'",), "row"),
    Case("full_answers.csv", (), None, outcome="succeeded"),
    Case("unknown_answer_code.csv", ("'S3' is not an answer code of A2",), "column"),
    Case("unknown_partnership_code.csv", ("'P99' is not an answer code of A1",), "column"),
    Case("number_five.csv", ("'five' is not a number",), "column"),
    Case("number_negative.csv", ("greater_than_or_equal_to", "response id 4"), "column"),
    Case("number_huge.csv", ("at most 200", "response_id 4", "1000000000"), None),
    Case("duplicate_ids.csv", ("id 3 appears twice",), "column"),
    Case("duplicate_column_names.csv", ("two columns have this heading",), "column"),
    Case("missing_column_submitdate.csv", ("required column 'submitdate' is missing",), "column"),
    Case("missing_column_d3.csv", ("codebook column(s) missing: 'D3'",), "column"),
    Case("undecodable_bytes.csv", ("bytes that are not UTF-8",), "line"),
    Case("mixed_encoding.csv", ("mixes UTF-8 and Windows-1252",), "line"),
    Case(VERY_LARGE, (f"has {MAX_EXPORT_BYTES + 1:,} bytes", "MAX_EXPORT_BYTES"), None),
    Case(
        "name_outside_convention.csv",
        ("is not a round name", "rename it to"),
        None,
        outcome="skipped",
        target="escp-4i/2019 round 3.csv",
    ),
)
IDS = [case.fixture.removesuffix(".csv") for case in CASES]


@dataclass
class Catalogue:
    """The build over every case, and what it left behind."""

    data_dir: Path
    report: BuildReport
    instance: dg.DagsterInstance
    targets: dict[str, Path] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    before: dict[Path, tuple[object, ...]] = field(default_factory=dict)
    check_messages: dict[str, list[str]] = field(default_factory=dict)
    memory_growth_bytes: int = 0

    def message(self, case: Case) -> str:
        """Everything the build said about a case's file."""
        target = self.targets[case.fixture]
        if case.outcome == "skipped":
            return " ".join(m for m in self.report.skipped_files if target.name in m)
        key = self.keys[case.fixture]
        return " ".join([self.report.failed.get(key, ""), *self.check_messages.get(key, [])])


def _identity(path: Path) -> tuple[object, ...]:
    """What must not change: the content (or, for the huge sparse file, size, blocks and head)."""
    status = path.stat()
    if status.st_size > MAX_EXPORT_BYTES:
        with path.open("rb") as stream:
            head = stream.read(1 << 16)
        return status.st_size, status.st_blocks, status.st_mtime_ns, head
    return path.read_bytes(), status.st_mtime_ns


def _write_very_large(path: Path) -> None:
    """A real export header, then NUL bytes up to one byte above the limit (a sparse file)."""
    header = (FIXTURES / "header_only.csv").read_bytes()
    with path.open("wb") as stream:
        stream.write(header)
        stream.truncate(MAX_EXPORT_BYTES + 1)


def _failed_check_messages(instance: dg.DagsterInstance) -> dict[str, list[str]]:
    messages: dict[str, list[str]] = {}
    for run in instance.get_runs():
        key = run.tags.get("dagster/partition")
        for entry in instance.all_logs(
            run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ):
            evaluation = entry.dagster_event.event_specific_data
            if not evaluation.passed and key:
                name = f"[{evaluation.check_name}, {evaluation.severity.value}]"
                messages.setdefault(key, []).append(f"{name} {evaluation.description}")
    return messages


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalogue]:
    data_dir = tmp_path_factory.mktemp("catalogue")
    incoming = data_dir / "incoming"
    write_round(incoming / "escp-4i" / "2019-r2.csv")
    targets: dict[str, Path] = {}
    keys: dict[str, str] = {}
    for number, case in enumerate(CASES, start=11):
        target = incoming / (case.target or f"escp-4i/2019-r{number}.csv")
        target.parent.mkdir(parents=True, exist_ok=True)
        if case.fixture == VERY_LARGE:
            _write_very_large(target)
        else:
            shutil.copy2(FIXTURES / case.fixture, target)
        targets[case.fixture] = target
        keys[case.fixture] = f"escp-4i/{target.stem}"
    before = {path: _identity(path) for path in incoming.rglob("*") if path.is_file()}
    previous = os.environ.get("ESCP_DATA_DIR")
    instance = dg.DagsterInstance.ephemeral()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        report = build(data_dir, instance, progress=lambda _: None)
    finally:
        if previous is None:
            os.environ.pop("ESCP_DATA_DIR", None)
        else:
            os.environ["ESCP_DATA_DIR"] = previous
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) * 1024
    yield Catalogue(
        data_dir,
        report,
        instance,
        targets,
        keys,
        before,
        _failed_check_messages(instance),
        growth,
    )
    targets[VERY_LARGE].unlink()  # sparse, but no need to keep an 8 GiB file around


def test_only_the_good_rounds_succeed(catalogue: Catalogue) -> None:
    expected = {GOOD, catalogue.keys["full_answers.csv"]}
    assert set(catalogue.report.succeeded) == expected
    failing = {catalogue.keys[c.fixture] for c in CASES if c.outcome == "failed"}
    assert set(catalogue.report.failed) == failing
    assert catalogue.report.cross_round_succeeded is True
    respondents = pd.read_parquet(catalogue.data_dir / "warehouse/tables/respondents.parquet")
    assert {
        f"{s}/{r}" for s, r in zip(respondents["survey"], respondents["round"], strict=True)
    } == (expected)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.outcome != "succeeded"], ids=lambda c: c.fixture
)
def test_message_names_file_place_and_fix(catalogue: Catalogue, case: Case) -> None:
    message = catalogue.message(case)
    assert catalogue.targets[case.fixture].name in message, message
    for phrase in case.says:
        assert phrase in message, message
    if case.where == "row":
        assert re.search(r"\brow \d+", message), message
    elif case.where == "line":
        assert re.search(r"\bline \d+", message), message
    elif case.where == "column":
        assert re.search(r"\bcolumn '[^']+'", message), message
    fix = "rename it to" if case.outcome == "skipped" else "What to do:"
    assert fix in message, message


def test_every_input_file_is_unchanged(catalogue: Catalogue) -> None:
    incoming = catalogue.data_dir / "incoming"
    after = {path: _identity(path) for path in incoming.rglob("*") if path.is_file()}
    assert after.keys() == catalogue.before.keys()
    changed = [path.name for path, identity in after.items() if catalogue.before[path] != identity]
    assert changed == []


def test_full_answers_are_read_as_the_same_codes(catalogue: Catalogue) -> None:
    tables = catalogue.data_dir / "warehouse" / "tables"
    full_round = catalogue.keys["full_answers.csv"].split("/")[1]
    for name in ("respondents", "option_counts", "cooperation_agreements"):
        table = pd.read_parquet(tables / f"{name}.parquet")
        good = table[table["round"] == "2019-r2"].drop(columns="round").reset_index(drop=True)
        full = table[table["round"] == full_round].drop(columns="round").reset_index(drop=True)
        if "submitted_at" in good:  # same answers, same dates
            pd.testing.assert_series_equal(good["submitted_at"], full["submitted_at"])
        pd.testing.assert_frame_equal(good, full, obj=name)
        assert len(good) > 0


def test_very_large_file_is_refused_before_it_is_read(catalogue: Catalogue) -> None:
    message = catalogue.message(next(c for c in CASES if c.fixture == VERY_LARGE))
    assert f"{MAX_EXPORT_BYTES:,} (8 GiB)" in message
    # Reading even a tenth of the file would raise the peak memory of this process by 800 MB.
    assert catalogue.memory_growth_bytes < 500 << 20


def test_no_personal_data_in_messages_or_event_log(catalogue: Catalogue) -> None:
    personal = [
        value
        for round_ in (SMALL_4I_ROUND, SMALL_S3_ROUND)
        for column in ("token", "ipaddr", "A3", "A4", "A5")
        for value in round_.get(column, [])
        if "@" in value or column in ("token", "ipaddr") or value.startswith("Contact")
    ]
    assert len(personal) > 10
    messages = [(case.fixture, catalogue.message(case)) for case in CASES]
    texts = [*messages, *event_log_texts(catalogue.instance)]
    assert find_leaks(personal, texts) == []


def test_catalogue_is_documented() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    missing = [case.fixture for case in CASES if f"`{case.fixture}`" not in documented]
    assert missing == []


def test_fixtures_are_what_the_generator_writes() -> None:
    stale = [
        name
        for name, write in make_fixtures.CASES.items()
        if (FIXTURES / name).read_bytes() != write()
    ]
    assert stale == [], "run python -m escp_pipeline_tests.bad_inputs.make_fixtures"
