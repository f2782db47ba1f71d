"""Write the bad-input catalogue's fixture files (deterministic; the files are committed).

Run ``python -m escp_pipeline_tests.bad_inputs.make_fixtures`` after changing a case; the test
``test_fixtures_are_what_the_generator_writes`` fails when the committed files and this script
disagree. Every fixture starts from the small ESCP-4i round of ``escp_pipeline_tests.exports`` (fake
personal data) written by the project's LimeSurvey writer, and breaks one thing. The very large file
is not here: the test makes it at run time.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.synthetic.limesurvey_export import write_export
from escp_pipeline_tests.exports import SMALL_4I_ROUND, write_round

FIXTURES = Path(__file__).parent / "fixtures"

#: A small ESCP-S3 round, to be dropped in the ESCP-4i folder by mistake.
SMALL_S3_ROUND = {
    "id": ["1", "2"],
    "submitdate": ["2019-06-03 09:00:00", "2019-06-04 09:30:00"],
    "lastpage": ["7", "7"],
    "startlanguage": ["en", "en"],
    "seed": ["21", "22"],
    "token": ["tokS3AAA", "tokS3BBB"],
    "ipaddr": ["198.51.100.21", "198.51.100.22"],
    "A1": ["P26", "P27"],
    "A3": ["Contact person, S3 one", "Contact person, S3 two"],
    "A4": ["escp-p26@example.org", "escp-p27@example.org"],
    "A5": ["Y", "N"],
    "D3": ["1", "4"],
}

#: LimeSurvey's headings for the metadata columns under Headings "Full question text".
FULL_TEXT_METADATA = {
    "id": "Response ID",
    "submitdate": "Date submitted",
    "lastpage": "Last page",
    "startlanguage": "Start language",
    "seed": "Seed",
    "token": "Token",
    "startdate": "Date started",
    "datestamp": "Date last action",
    "ipaddr": "IP address",
    "refurl": "Referrer URL",
}


def _good_bytes(columns: dict[str, list[str]] | None = None, survey: str = "escp-4i") -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        return write_round(Path(scratch) / "round.csv", columns, survey).read_bytes()


def _with(**changes: list[str]) -> bytes:
    return _good_bytes({**SMALL_4I_ROUND, **changes})


def _header_and_body(content: bytes) -> tuple[bytes, bytes]:
    header, _, body = content.partition(b"\r\n")
    return header, body


def header_only() -> bytes:
    return _header_and_body(_good_bytes())[0] + b"\r\n"


def binary_garbage() -> bytes:
    noise = random.Random(6).randbytes(1500)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise


def cut_in_quoted_field() -> bytes:
    content = _good_bytes()
    return content[: content.index(b"Missions to China") + len(b"Missions")]


def full_text_headings() -> bytes:
    codebook = load_codebook("escp-4i")
    header, body = _header_and_body(_good_bytes())
    names = [name.strip('"') for name in header.decode("utf-8-sig").split('","')]
    texts = {}
    for question in codebook.questions:
        for column in question.export_columns():
            _, _, sub = column.partition("[")
            texts[column] = f"{question.text} [{sub.rstrip(']')}]" if sub else question.text
    headings = [FULL_TEXT_METADATA.get(name) or texts.get(name, name) for name in names]
    line = ",".join('"' + heading.replace('"', '""') + '"' for heading in headings)
    return b"\xef\xbb\xbf" + line.encode() + b"\r\n" + body


def full_answers() -> bytes:
    """Responses exported as 'Full answers': labels and Yes/No instead of codes."""
    codebook = load_codebook("escp-4i")
    labels = {
        question: {option.code: option.label for option in codebook.question(question).answers}
        for question in ("A1", "A2")
    }
    yes_no = {"Y": "Yes", "N": "No", "": ""}
    changed = {
        "A1": [labels["A1"][code] for code in SMALL_4I_ROUND["A1"]],
        "A2": [labels["A2"][code] for code in SMALL_4I_ROUND["A2"]],
        "A6": [yes_no[value] for value in SMALL_4I_ROUND["A6"]],
        "D2": [yes_no[value] for value in SMALL_4I_ROUND["D2"]],
        "B1[SQ009]": ["Yes" if value == "Y" else "No" for value in SMALL_4I_ROUND["B1[SQ009]"]],
    }
    return _with(**changed)


def duplicate_column_names() -> bytes:
    header, body = _header_and_body(_good_bytes())
    lines = body.split(b"\r\n")
    extended = [line + b',"7"' if line else line for line in lines]
    return header + b',"D3"\r\n' + b"\r\n".join(extended)


def missing_column(name: str) -> Callable[[], bytes]:
    def write() -> bytes:
        header, body = _header_and_body(_good_bytes())
        fields = header.split(b",")
        position = fields.index(f'"{name}"'.encode())
        rows = [fields[:position] + fields[position + 1 :]]
        # The small round has no line breaks inside values: every record is one line.
        for line in body.split(b"\r\n"):
            if line:
                cells = line.split(b'","')
                cells = [cells[0][1:], *cells[1:-1], cells[-1][:-1]]
                kept = cells[:position] + cells[position + 1 :]
                rows.append([b'"' + cell + b'"' for cell in kept])
        return b"\r\n".join(b",".join(row) for row in rows) + b"\r\n"

    return write


def undecodable_bytes() -> bytes:
    """A UTF-8 export (with byte-order mark) where one comment was re-typed in a legacy editor."""
    content = _good_bytes()
    return content.replace(b"Missions to China", b"Missions \xe0 la Chine \x81", 1)


def mixed_encoding() -> bytes:
    """UTF-8 without byte-order mark, plus one comment typed in a Windows-1252 editor."""
    comments = ["Missions to Côte d’Ivoire", "", "USA", "", "=1+1"]
    frame = pd.DataFrame({**SMALL_4I_ROUND, "B1[SQ009comment]": comments}, dtype="str")
    with tempfile.TemporaryDirectory() as scratch:
        path = write_export(frame, load_codebook("escp-4i"), Path(scratch) / "round.csv", bom=False)
        content = path.read_bytes()
    return content.replace(b"USA", "México".encode("cp1252"), 1)


#: fixture file name -> how to write it.
CASES: dict[str, Callable[[], bytes]] = {
    "empty.csv": lambda: b"",
    "header_only.csv": header_only,
    "binary_garbage.csv": binary_garbage,
    "cut_in_quoted_field.csv": cut_in_quoted_field,
    "escp_s3_export.csv": lambda: _good_bytes(SMALL_S3_ROUND, "escp-s3"),
    "full_text_headings.csv": full_text_headings,
    "full_answers.csv": full_answers,
    "unknown_answer_code.csv": lambda: _with(A2=["S1", "S1", "S3", "S1", "S2"]),
    "unknown_partnership_code.csv": lambda: _with(A1=["P07", "P10", "P99", "P12", "P01"]),
    "number_five.csv": lambda: _with(D3=["3", "", "five", "4", ""]),
    "number_negative.csv": lambda: _with(D3=["3", "", "2", "-3", ""]),
    "number_huge.csv": lambda: _with(D3=["3", "", "2", "1e9", ""]),
    "duplicate_ids.csv": lambda: _with(id=["1", "2", "3", "3", "5"]),
    "duplicate_column_names.csv": duplicate_column_names,
    "missing_column_submitdate.csv": missing_column("submitdate"),
    "missing_column_d3.csv": missing_column("D3"),
    "undecodable_bytes.csv": undecodable_bytes,
    "mixed_encoding.csv": mixed_encoding,
    "name_outside_convention.csv": _good_bytes,
}


def main() -> None:
    """(Re)write every fixture file."""
    FIXTURES.mkdir(exist_ok=True)
    for name, write in CASES.items():
        (FIXTURES / name).write_bytes(write())
        print(f"wrote {FIXTURES / name}")


if __name__ == "__main__":
    main()
