"""The columnar CSV parse gives the frame the pandas parse gives, and hands it irregular files.

The pandas parse (``export_csv.read_csv_body_with_pandas``) is the reference: for any file, the
columnar parse either returns an equal frame (same names, index, dtype, values, NA) or the file went
to the pandas parse. A hypothesis test writes arbitrary cells with arbitrary quoting, delimiters,
line ends and encodings and compares the two.
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from escp_pipeline.contract import csv_columnar
from escp_pipeline.contract.csv_columnar import header_end, normalise_values, read_csv_body
from escp_pipeline.contract.export_csv import read_csv_body_with_pandas
from escp_pipeline.contract.export_errors import ExportError

ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252"}


class _Calls:
    """The pandas parse, counting how often the columnar parse handed a file to it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: object) -> pd.DataFrame:
        self.count += 1
        return read_csv_body_with_pandas(*args)  # type: ignore[arg-type]


def _both(path: Path, names: list[str], encoding: str, delimiter: str) -> tuple[object, object]:
    def attempt(parse: object) -> object:
        try:
            return parse()  # type: ignore[operator]
        except ExportError as error:
            return str(error)

    reference = attempt(lambda: read_csv_body_with_pandas(path, path, names, encoding, delimiter))
    columnar = attempt(
        lambda: read_csv_body(
            path, path, names, encoding, delimiter, fallback=read_csv_body_with_pandas
        )
    )
    return reference, columnar


def _assert_same(reference: object, columnar: object) -> None:
    if isinstance(reference, str) or isinstance(columnar, str):
        assert reference == columnar
        return
    assert isinstance(reference, pd.DataFrame) and isinstance(columnar, pd.DataFrame)
    pd.testing.assert_frame_equal(columnar, reference)
    assert all(dtype == "str" for dtype in columnar.dtypes)


CELLS = st.one_of(
    st.sampled_from(["", " ", "'=1+1", "a,b", 'say "hi"', "x\ny", "x\r\ny", "NA", "é€", "0012"]),
    st.text(alphabet=st.sampled_from("ab ,;\t\"\n\r'=é€"), max_size=8),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(CELLS, min_size=3, max_size=3), max_size=5),
    delimiter=st.sampled_from([",", ";", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL]),
    line_end=st.sampled_from(["\r\n", "\n"]),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    tail=st.sampled_from(["", "\n", "\n\n", '"', "1", "a\n"]),
)
def test_columnar_parse_equals_the_pandas_parse(
    tmp_path: Path,
    rows: list[list[str]],
    delimiter: str,
    quoting: int,
    line_end: str,
    encoding: str,
    tail: str,
) -> None:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, quoting=quoting, lineterminator=line_end)
    writer.writerow(["id", "A\nB", "C"])
    writer.writerows(rows)
    path = tmp_path / "export.csv"
    path.write_bytes((text.getvalue() + tail).encode(encoding))

    reference, columnar = _both(path, ["id", "A", "C"], encoding, delimiter)

    _assert_same(reference, columnar)


def test_regular_file_is_read_by_arrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes('\ufeff"id","A"\r\n"1","x\r\ny"\r\n"2",""\r\n"3",\r\n'.encode())
    calls = _Calls()

    frame = read_csv_body(path, path, ["id", "A"], "utf-8-sig", ",", fallback=calls)

    assert calls.count == 0
    assert frame["A"].tolist()[0] == "x\r\ny"
    assert frame["A"].isna().tolist() == [False, True, True]
    assert isinstance(frame.index, pd.RangeIndex)


@pytest.mark.parametrize(
    "body",
    [
        "1,x,extra\n",  # more values than headings
        '1,"x\n',  # cut inside a quoted value
        "1\n",  # fewer values than headings
    ],
)
def test_irregular_files_go_to_the_pandas_parse(tmp_path: Path, body: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,A\n" + body, encoding="utf-8")
    calls = _Calls()

    with contextlib.suppress(ExportError):
        read_csv_body(path, path, ["id", "A"], "utf-8", ",", fallback=calls)

    assert calls.count == 1


def test_blank_line_is_a_row_of_na_as_in_the_pandas_parse(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,A\r\n1,x\r\n\r\n2,y\r\n", encoding="utf-8")
    calls = _Calls()

    frame = read_csv_body(path, path, ["id", "A"], "utf-8", ",", fallback=calls)

    assert calls.count == 0
    pd.testing.assert_frame_equal(
        frame, read_csv_body_with_pandas(path, path, ["id", "A"], "utf-8", ",")
    )
    assert frame["id"].isna().tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("data", "end"),
    [
        (b"id,A\n1,2\n", 5),
        (b'\xef\xbb\xbf"id","A\r\nB"\r\n1,2\r\n', 16),
        (b'id,"say ""a,\nb"""\r1', 18),
        (b"id,A", None),
        (b'id,"A\n', None),
        (b'id,x"y\n1,2', 7),  # a quote inside an unquoted heading is a character
    ],
)
def test_header_end(data: bytes, end: int | None) -> None:
    assert header_end(data, ",") == end


def test_normalise_values_blanks_and_formula_quote() -> None:
    frame = pd.DataFrame(
        {"a": ["'=1+1", " ", None, "x", "''=2"], "b": ["y", "y", "y", None, "z"]}, dtype="str"
    )

    result = normalise_values(frame)

    assert result["a"].tolist()[0] == "=1+1"
    assert result["a"].isna().tolist() == [False, True, True, False, False]
    assert result["a"].tolist()[4] == "''=2"  # only one quote before = is LimeSurvey's
    assert result["b"] is frame["b"] or result["b"].equals(frame["b"])
    assert all(dtype == "str" for dtype in result.dtypes)
    assert csv_columnar.normalise_values(result.iloc[:0]).empty
