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


def test_a_table_read_again_is_read_from_the_file_it_now_is(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    write_round_rows(_rows("escp-4i", "2018-r1", [1]), path, [("escp-4i", "2018-r1")])
    first = read_table(path)
    first.loc[0, "value"] = 99  # the caller's copy: what is kept for the next read is unchanged
    assert read_table(path)["value"].tolist() == [1]
    write_round_rows(_rows("escp-4i", "2018-r1", [2]), path, [("escp-4i", "2018-r1")])
    assert read_table(path)["value"].tolist() == [2]
    # another process replaces the file: the new file is read, not the one kept in memory
    other = tmp_path / "other.parquet"
    _rows("escp-4i", "2018-r1", [3]).to_parquet(other, index=False)
    other.replace(path)
    assert read_table(path)["value"].tolist() == [3]


def test_rounds_are_selected_by_survey_and_round_together(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    table = pd.concat(
        [
            _rows("escp-4i", "2018-r1", [1]),
            _rows("escp-s3", "2019-r1", [2]),
            _rows("escp-4i", "2019-r1", [3]),
            pd.DataFrame({"survey": [None], "round": ["2019-r1"], "value": [4]}),
        ]
    )
    write_table(table, path)
    selected = read_table(path, [("escp-4i", "2018-r1"), ("escp-s3", "2019-r1")])
    assert selected["value"].tolist() == [1, 2]
    assert read_table(path, [])["value"].tolist() == []
