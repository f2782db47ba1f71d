"""Shared table files: one round's rows are replaced, every other round is kept."""

from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.storage.warehouse import read_table, write_round_rows, write_table


def _rows(survey: str, round_: str, values: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"survey": survey, "round": round_, "value": values})


def test_write_round_rows_replaces_only_that_round(tmp_path: Path) -> None:
    path = tmp_path / "tables" / "t.parquet"
    write_round_rows(_rows("escp-4i", "2018-r1", [1, 2]), path, [("escp-4i", "2018-r1")])
    write_round_rows(_rows("escp-4i", "2019-r2", [3]), path, [("escp-4i", "2019-r2")])
    write_round_rows(_rows("escp-4i", "2018-r1", [9]), path, [("escp-4i", "2018-r1")])
    table = read_table(path)
    assert table.to_dict("list") == {
        "survey": ["escp-4i", "escp-4i"],
        "round": ["2018-r1", "2019-r2"],
        "value": [9, 3],
    }
    only = read_table(path, [("escp-4i", "2019-r2")])
    assert only["value"].tolist() == [3]


def test_write_round_rows_refuses_rows_of_another_round(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2019-r2"):
        write_round_rows(
            _rows("escp-4i", "2019-r2", [1]), tmp_path / "t.parquet", [("escp-4i", "2018-r1")]
        )


def test_empty_round_removes_old_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    write_round_rows(_rows("escp-s3", "2019-r1", [1]), path, [("escp-s3", "2019-r1")])
    write_round_rows(_rows("escp-s3", "2019-r1", []), path, [("escp-s3", "2019-r1")])
    assert read_table(path).empty


def test_write_table_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    write_table(pd.DataFrame({"survey": ["a"], "round": ["b"]}), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", "t.parquet"]


def test_missing_table_says_what_to_materialize(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="materialize"):
        read_table(tmp_path / "nothing.parquet")
