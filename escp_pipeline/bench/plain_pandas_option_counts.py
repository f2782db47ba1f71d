"""The demo build's yardstick: ``option_counts`` of some exports with pandas alone, no Dagster.

What an analyst would write without the pipeline: read each LimeSurvey export with pandas, keep the
complete answers (the latest per partnership), and count, per multiple-choice question, option and
strand (and ``all``), how many respondents chose each option; then write the table as Parquet with
the columns of ``option_counts`` in OUTPUTS.md. The questionnaire (which columns are options, their
labels, which question names the partnership and the strand) comes from the codebook YAML read with
PyYAML. No checks, no typing beyond what counting needs.

Usage: ``python -m escp_pipeline.bench.plain_pandas_option_counts --out counts.parquet
incoming/escp-4i/2019-r2.csv ...`` (the survey and round come from the path, as in ``incoming/``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import yaml

CODEBOOKS = Path(__file__).resolve().parents[1] / "contract" / "reference"
MULTIPLE_CHOICE = ("multiple_choice", "multiple_choice_comments")


def read_export(path: Path) -> pd.DataFrame:
    """Every cell as text, empty cells missing; Excel or CSV (UTF-8 or Windows-1252, , ; or tab)."""
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, dtype=str)
    head = path.read_bytes()[:65536]
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            encoding = "cp1252"
    first_line = head.split(b"\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda sep: first_line.count(sep.encode()))
    return pd.read_csv(
        path, sep=delimiter, dtype=str, encoding=encoding, keep_default_na=False, na_values=[""]
    )


def counted_answers(frame: pd.DataFrame, partnership: str) -> pd.DataFrame:
    """Complete answers (a submit date), the latest per partnership (by submit date, then id)."""
    complete = frame[frame["submitdate"].notna() & frame[partnership].notna()].copy()
    complete["_when"] = pd.to_datetime(complete["submitdate"], errors="coerce", format="mixed")
    complete["_id"] = pd.to_numeric(complete["id"])
    latest = complete.sort_values(["_when", "_id"], na_position="first")
    return latest.drop_duplicates(partnership, keep="last")


def option_counts(path: Path) -> pd.DataFrame:
    """The option counts of one export at ``incoming/<survey>/<round>.<ext>``."""
    survey, round_ = path.parent.name, path.stem
    questions = yaml.safe_load((CODEBOOKS / f"{survey}.codebook.yaml").read_text("utf-8"))
    questions = questions["questions"]
    partnership = next(
        q["code"]
        for q in questions
        if q["kind"] == "single_choice" and all(a["code"][0] == "P" for a in q["answers"])
    )
    strand_question = next(
        (
            q["code"]
            for q in questions
            if q["kind"] == "single_choice"
            and all(a["label"].lower().startswith("strand-") for a in q["answers"])
        ),
        None,
    )
    answers = counted_answers(read_export(path), partnership)
    groups = {"all": answers}
    if strand_question is not None:
        strands = answers[strand_question].map({"S1": "strand-1", "S2": "strand-2"})
        groups = {
            "strand-1": answers[strands == "strand-1"],
            "strand-2": answers[strands == "strand-2"],
            "all": answers,
        }
    rows = []
    for question in questions:
        if question["kind"] not in MULTIPLE_CHOICE:
            continue
        code = question["code"]
        options = [
            (o["code"], o["label"], f"{code}[{o['code']}]") for o in question["subquestions"]
        ]
        if question.get("other"):
            options.append(("other", "Other", f"{code}[other]"))
        for strand, group in groups.items():
            for option, label, column in options:
                values = group[column]
                if option == "other":  # a non-blank ``[other]`` text counts as chosen
                    chosen = values.notna() & values.str.strip().ne("")
                else:
                    chosen = values.eq("Y")
                selected = int(chosen.fillna(False).sum())
                rows.append((survey, round_, code, option, label, strand, len(group), selected))
    columns = [
        "survey",
        "round",
        "question",
        "option",
        "label",
        "strand",
        "respondents",
        "selected",
    ]
    table = pd.DataFrame(rows, columns=columns)
    table["share"] = (table["selected"] / table["respondents"]).where(table["respondents"] > 0)
    return table


def main(argv: list[str] | None = None) -> None:
    """Read every export given, count, write one Parquet table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="Parquet file to write")
    parser.add_argument("exports", nargs="+", type=Path)
    args = parser.parse_args(argv)
    table = pd.concat([option_counts(path) for path in args.exports], ignore_index=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(args.out, index=False)


if __name__ == "__main__":
    main()
