"""The bad-input catalogue: every broken drop, through the real build, beside a good round.

One build (``catalogue.catalogue_build``) runs over a data directory holding a small good ESCP-4i
round and one round per catalogue case. For each case the build's message (the failure reason of the
round, the description of the failed asset check, or the note on a skipped file) must name the file,
the row, line or column where the problem has one, and what to do; the good rounds must still
succeed; and every input file must be byte-for-byte unchanged, modification time included.
docs/data-quality.md lists the same cases (generated from ``CASES``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.contract.export_reader import MAX_EXPORT_BYTES
from escp_pipeline_tests.bad_inputs import make_fixtures
from escp_pipeline_tests.bad_inputs.catalogue import (
    CASES,
    GOOD,
    VERY_LARGE,
    Case,
    CatalogueBuild,
    catalogue_build,
    identity,
)
from escp_pipeline_tests.bad_inputs.make_fixtures import FIXTURES, SMALL_S3_ROUND
from escp_pipeline_tests.exports import SMALL_4I_ROUND
from escp_pipeline_tests.leaks import event_log_texts, find_leaks

pytestmark = pytest.mark.integration  # builds every bad-input fixture once (the catalogue fixture)

DOCS = Path(__file__).parents[2] / "docs" / "data-quality.md"


@pytest.fixture(scope="module")
def catalogue() -> CatalogueBuild:
    return catalogue_build()


def test_only_the_good_rounds_succeed(catalogue: CatalogueBuild) -> None:
    good = {GOOD, catalogue.keys["full_answers.csv"]}
    assert set(catalogue.report.succeeded) == good
    failing = {catalogue.keys[c.fixture] for c in CASES if c.outcome == "failed"}
    assert set(catalogue.report.failed) == failing
    tables = {path.stem for path in (catalogue.data_dir / "warehouse/tables").glob("*.parquet")}
    assert {"respondents", "option_counts", "cooperation_agreements"} <= tables
    # Rounds that failed a blocking check of core_responses were withdrawn from the core table.
    core = pd.read_parquet(catalogue.data_dir / "warehouse/core/core_responses/escp-4i.parquet")
    assert {f"escp-4i/{round_}" for round_ in core["round"]} == good
    respondents = pd.read_parquet(catalogue.data_dir / "warehouse/tables/respondents.parquet")
    rounds = {f"{s}/{r}" for s, r in zip(respondents["survey"], respondents["round"], strict=True)}
    assert rounds == good


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.outcome != "succeeded"], ids=lambda c: c.fixture
)
def test_message_names_file_place_and_fix(catalogue: CatalogueBuild, case: Case) -> None:
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
    if case.check is not None:
        assert f"[{case.check}, ERROR]" in message, message


def test_every_input_file_is_unchanged(catalogue: CatalogueBuild) -> None:
    incoming = catalogue.data_dir / "incoming"
    after = {path: identity(path) for path in incoming.rglob("*") if path.is_file()}
    assert after.keys() == catalogue.before.keys()
    changed = [path.name for path, now in after.items() if catalogue.before[path] != now]
    assert changed == []
    assert catalogue.large_file_unchanged


def test_full_answers_are_read_as_the_same_codes(catalogue: CatalogueBuild) -> None:
    tables = catalogue.data_dir / "warehouse" / "tables"
    good_round = GOOD.split("/")[1]
    full_round = catalogue.keys["full_answers.csv"].split("/")[1]
    for name in ("respondents", "option_counts", "cooperation_agreements"):
        table = pd.read_parquet(tables / f"{name}.parquet")
        rounds = [
            table[table["round"] == r].drop(columns="round") for r in (good_round, full_round)
        ]
        good, full = (part.reset_index(drop=True) for part in rounds)
        assert len(good) > 0
        pd.testing.assert_frame_equal(good, full, obj=name)


def test_very_large_file_is_refused_before_it_is_read(catalogue: CatalogueBuild) -> None:
    message = catalogue.message(next(c for c in CASES if c.fixture == VERY_LARGE))
    assert f"{MAX_EXPORT_BYTES:,} (8 GiB)" in message
    # Reading even a tenth of the file would raise this process's peak memory by 800 MB.
    assert catalogue.memory_growth_bytes < 500 << 20


def test_no_personal_data_of_the_broken_drops_in_messages_or_events(
    catalogue: CatalogueBuild,
) -> None:
    personal = [
        value
        for round_ in (SMALL_4I_ROUND, SMALL_S3_ROUND)
        for column in ("token", "ipaddr", "A3", "A4", "A5")
        for value in round_.get(column, [])
        if column in ("token", "ipaddr") or "@" in value or value.startswith("Contact")
    ]
    assert len(personal) >= 20
    messages = [(case.fixture, catalogue.message(case)) for case in CASES]
    texts = [*messages, *event_log_texts(catalogue.instance), ("printed", catalogue.printed)]
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
    assert {c.fixture for c in CASES} - {VERY_LARGE} == set(make_fixtures.CASES)
