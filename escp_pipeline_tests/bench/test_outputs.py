"""The benchmark's output comparison: what it ignores between two builds, and what it catches.

Two warehouses are written by hand (every analyst table of the catalogue, one questionnaire, one
figure, the report files), so the rules are tested without building anything: a run id or a build
time never makes two builds differ; any other value, a missing file or a changed sentence does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from devtools.bench import plain_script
from devtools.bench.outputs import (
    MASK,
    REPORT_FILE,
    REPORT_FILES,
    RUN_SPECIFIC_COLUMNS,
    compare_outputs,
    report_text,
    table_differences,
)
from escp_pipeline.catalogue.derive import empty_frame
from escp_pipeline.catalogue.tables import ANALYST_TABLES

RUN_A = "0f6b9c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b"
RUN_B = "7d8e9f00-1a2b-4c3d-9e8f-7a6b5c4d3e2f"


def _round_sources(run_id: str, built_at: str, rows_counted: int = 28) -> pd.DataFrame:
    frame = empty_frame("round_sources")
    row = {
        "survey": "escp-4i",
        "round": "2019-r2",
        "file": "escp-4i/2019-r2.csv",
        "sha256": "a" * 64,
        "size_bytes": 1234,
        "rows_read": 30,
        "rows_counted": rows_counted,
        "questionnaire": "shipped codebook escp-4i.yaml",
        "questionnaire_sha256": "b" * 64,
        "withheld_questions": "",
        "run_id": run_id,
        "built_at": pd.Timestamp(built_at),
    }
    return pd.concat([frame, pd.DataFrame([row])], ignore_index=True).astype(frame.dtypes)


def _report(run_id: str, stamp: str, counted: int = 28) -> str:
    return (
        "<html><head><style>p { color: red }</style></head><body>"
        f"<p>Generated {stamp} UTC.</p><h2>1 Respondents</h2>"
        f"<p>{counted} partnerships answered.</p>"
        f"<table><tr><td>escp-4i/2019-r2.csv</td><td><code>{run_id}</code></td></tr></table>"
        f"<p>This report was built by Dagster run <code>{run_id}</code>.</p></body></html>"
    )


def _warehouse(root: Path, run_id: str, stamp: str) -> Path:
    """A warehouse: every analyst table (``round_sources`` with one row) and the report files."""
    warehouse = root / "warehouse"
    (warehouse / "tables").mkdir(parents=True)
    for name in ANALYST_TABLES:
        table = _round_sources(run_id, stamp) if name == "round_sources" else empty_frame(name)
        table.to_parquet(warehouse / "tables" / f"{name}.parquet", index=False)
    (warehouse / "questionnaires" / "escp-4i").mkdir(parents=True)
    (warehouse / "questionnaires" / "escp-4i" / "2019-r2.yaml").write_text("survey: escp-4i\n")
    (warehouse / "figures" / "escp-4i").mkdir(parents=True)
    (warehouse / "figures" / "escp-4i" / "agreements.png").write_bytes(b"\x89PNG one figure")
    (warehouse / "report").mkdir()
    for name in REPORT_FILES:
        (warehouse / "report" / name).write_bytes(b"a report file")
    (warehouse / "report" / REPORT_FILE).write_text(_report(run_id, stamp), encoding="utf-8")
    return root


@pytest.fixture
def two_builds(tmp_path: Path) -> tuple[Path, Path]:
    """The same outputs from two runs: other run ids, other build times, other report stamps."""
    pipeline = _warehouse(tmp_path / "pipeline", RUN_A, "2026-01-05 10:01")
    plain = _warehouse(tmp_path / "plain", plain_script.PLAIN_RUN_ID, "2026-01-05 10:07")
    return pipeline, plain


def _tables(root: Path) -> Path:
    return root / "warehouse" / "tables"


def test_run_ids_and_build_times_are_the_only_ignored_columns() -> None:
    assert RUN_SPECIFIC_COLUMNS == {"round_sources": ("run_id", "built_at")}


def test_a_run_id_or_a_build_time_is_no_difference() -> None:
    pipeline = _round_sources(RUN_A, "2026-01-05 10:01")
    plain = _round_sources(RUN_B, "2026-02-07 09:00")
    assert table_differences("round_sources", pipeline, plain) == []


def test_a_difference_in_a_real_column_is_caught_and_named() -> None:
    pipeline = _round_sources(RUN_A, "2026-01-05 10:01")
    plain = _round_sources(RUN_A, "2026-01-05 10:01", rows_counted=27)
    assert table_differences("round_sources", pipeline, plain) == [
        "table round_sources differs in rows_counted"
    ]


def test_run_id_columns_are_ignored_only_in_their_own_table() -> None:
    frame = pd.DataFrame({"run_id": ["a", "b"], "n": [1, 2]})
    other = frame.assign(run_id=["a", "c"])
    assert table_differences("option_counts", frame, other) == [
        "table option_counts differs in run_id"
    ]


def test_rows_are_compared_in_any_order_but_not_their_number() -> None:
    frame = pd.DataFrame({"question": ["B1", "B2", "B3"], "selected": [3, 1, 2]})
    assert table_differences("option_counts", frame, frame.iloc[::-1]) == []
    assert table_differences("option_counts", frame, frame.iloc[:2]) == [
        "table option_counts: 3 rows against 2"
    ]
    renamed = frame.rename(columns={"selected": "chosen"})
    assert "columns" in table_differences("option_counts", frame, renamed)[0]


def test_the_report_text_masks_the_stamp_and_the_run_ids_only() -> None:
    text = report_text(_report(RUN_A, "2026-01-05 10:01"))
    assert text == report_text(_report(plain_script.PLAIN_RUN_ID, "2027-12-31 23:59"))
    assert f"Generated {MASK}." in text
    assert "color" not in " ".join(text)  # styles are not text
    assert text != report_text(_report(RUN_A, "2026-01-05 10:01", counted=27))


def test_two_builds_that_differ_only_by_run_match(two_builds: tuple[Path, Path]) -> None:
    result = compare_outputs(*two_builds)
    assert result["differences"] == []
    assert result["match"] is True
    assert result["tables"] == len(ANALYST_TABLES)


def test_a_changed_value_a_missing_table_and_a_missing_document_are_caught(
    two_builds: tuple[Path, Path],
) -> None:
    pipeline, plain = two_builds
    changed = _round_sources(plain_script.PLAIN_RUN_ID, "2026-01-05 10:07", rows_counted=27)
    changed.to_parquet(_tables(plain) / "round_sources.parquet", index=False)
    (_tables(plain) / "free_text_answers.parquet").unlink()
    (plain / "warehouse" / "report" / "escp-progress-report.docx").unlink()

    result = compare_outputs(pipeline, plain)

    assert result["match"] is False
    assert result["differences"] == [
        "table free_text_answers missing (plain)",
        "table round_sources differs in rows_counted",
        "escp-progress-report.docx missing (plain)",
    ]


def test_a_changed_sentence_or_questionnaire_is_caught(two_builds: tuple[Path, Path]) -> None:
    pipeline, plain = two_builds
    report = plain / "warehouse" / "report" / REPORT_FILE
    report.write_text(_report(RUN_B, "2026-01-05 10:07", counted=27), encoding="utf-8")
    yaml = plain / "warehouse" / "questionnaires" / "escp-4i" / "2019-r2.yaml"
    yaml.write_text("survey: escp-4i\nquestions: []\n")

    differences = compare_outputs(pipeline, plain)["differences"]

    assert differences[0] == "questionnaire escp-4i/2019-r2.yaml differs"
    assert differences[1].startswith(f"{REPORT_FILE} text differs")
    assert "27 partnerships answered." in differences[1]
    assert len(differences) == 2


def test_a_figure_on_one_side_only_is_caught(two_builds: tuple[Path, Path]) -> None:
    pipeline, plain = two_builds
    shutil.copy(
        plain / "warehouse" / "figures" / "escp-4i" / "agreements.png",
        plain / "warehouse" / "figures" / "escp-4i" / "extra.png",
    )
    assert compare_outputs(pipeline, plain)["differences"] == [
        "figure escp-4i/extra.png only on one side"
    ]


def test_the_plain_script_writes_every_analyst_table_of_the_catalogue() -> None:
    written = (*plain_script.ROUND_TABLES, *plain_script.CROSS_ROUND_TABLES)
    assert sorted(written) == sorted(ANALYST_TABLES)
