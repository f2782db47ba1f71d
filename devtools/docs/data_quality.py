"""Generate ``docs/data-quality.md`` from the expectation suites and the bad-input catalogue.

The rules are written once, where they are enforced: each Great Expectations suite's expectations
(their sentence, severity and what to do) in ``escp_pipeline.validation.expectations``, each bad
input and what the pipeline says about it in the test catalogue
(``escp_pipeline_tests.bad_inputs.catalogue``). This module builds every suite on empty tables (the
expectations do not depend on the rows) and runs the reader and the cleaning on every fixture of the
catalogue to get the real message, then fills the two tables into
``devtools/docs/data-quality.template.md``, the page's prose.

``python -m devtools.docs.data_quality`` (``make docs``) writes the page; ``--check`` fails when the
committed page differs from what would be written.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).with_name("data-quality.template.md")
PAGE = ROOT / "docs" / "data-quality.md"
#: The round the suites are built for: the expectation sentences name its codes and year.
EXAMPLE_ROUND = "escp-4i/2019-r2"

_KEYS = ("survey", "round")
_SEVERITY = {"block": "blocks (ERROR)", "warn": "warns (WARN)"}
_CHECK = {"block": "meets_expectations", "warn": "seems_plausible"}


def _cell(text: str) -> str:
    """Text fit for a Markdown table cell (``<file>`` is text, not an HTML tag)."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "\\<")


def why_blocking_or_warning() -> str:
    """The reasons, from the suites' module docstring: which failures block, which only warn."""
    from escp_pipeline.validation import expectations as ex

    doc = inspect.cleandoc(ex.__doc__ or "")
    start = doc.find("**Blocking vs warning.**")
    if start < 0:
        raise ValueError(
            f"{ex.__name__}'s docstring has no '**Blocking vs warning.**' section to quote"
        )
    return _unwrap(doc[start:])


def _unwrap(text: str) -> str:
    """Paragraphs and list items each on one line, so the page does not follow docstring wraps."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        stripped = line.strip()
        if lines and lines[-1] and stripped and not stripped.startswith("- "):
            lines[-1] += " " + stripped
        else:
            lines.append(stripped)
    return "\n".join(lines)


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype="object") for column in columns})


def suites() -> list[tuple[str, Callable[..., object], object]]:
    """Every table's suite, built on empty tables for ``EXAMPLE_ROUND``: (table, builder, suite)."""
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.contract.drops import SurveyRound
    from escp_pipeline.contract.registry import load_registry
    from escp_pipeline.validation import analyst_suites, core_suites

    survey_round = SurveyRound.from_partition_key(EXAMPLE_ROUND)
    codebook = load_codebook(survey_round.survey)
    registry = load_registry()
    agreements = codebook.agreements_question.code
    respondents = _empty(
        "survey", "round", "response_id", "partnership_code", "partnership", "status", "strand"
    )
    built = [
        (
            "core_responses",
            core_suites.core_responses_suite,
            core_suites.core_responses_suite(
                _empty("response_id", "status", "submitted_at", agreements),
                codebook,
                survey_round,
            ),
        ),
        (
            "respondents",
            core_suites.respondents_suite,
            core_suites.respondents_suite(respondents, registry, survey_round),
        ),
        (
            "option_counts",
            analyst_suites.option_counts_suite,
            analyst_suites.option_counts_suite(
                _empty(*_KEYS, "question", "option", "strand", "respondents", "selected"),
                respondents,
                codebook,
                survey_round,
            ),
        ),
        (
            "cooperation_agreements",
            analyst_suites.cooperation_agreements_suite,
            analyst_suites.cooperation_agreements_suite(
                _empty("partnership", "agreements"), respondents, survey_round
            ),
        ),
        (
            "escp_collaborations",
            analyst_suites.escp_collaborations_suite,
            analyst_suites.escp_collaborations_suite(
                _empty("source", "target", "target_in_registry"),
                respondents,
                registry,
                survey_round,
            ),
        ),
        (
            "country_mentions",
            analyst_suites.country_mentions_suite,
            analyst_suites.country_mentions_suite(
                _empty("survey", "round", "question", "country", "mentions"),
                respondents,
                codebook,
                survey_round,
            ),
        ),
        (
            "round_comparison",
            analyst_suites.round_comparison_suite,
            analyst_suites.round_comparison_suite(
                _empty(*_KEYS, "question", "option", "strand", "previous_round", "share_change")
            ),
        ),
    ]
    return built


def expectations_markdown() -> str:
    """One section per checked table: what its suite says of itself, and a row per expectation."""
    parts = [
        why_blocking_or_warning(),
        f"Expectation sentences as built for the round `{EXAMPLE_ROUND}` (its codebook and year). "
        "A failure of an expectation that *blocks* fails the blocking check "
        "`<table>_meets_expectations` (severity ERROR; the round's downstream assets do not "
        "materialize, the build reports the round as failed); one that *warns* fails only "
        "`<table>_seems_plausible` (severity WARN; the round goes on, the check shows yellow).",
    ]
    for table, builder, suite in suites():
        about = inspect.getdoc(builder) or ""
        description = about.partition("\n\n")[2] or about
        rows = [
            "| expectation | check | GX expectation | what to do when it fails |",
            "| --- | --- | --- | --- |",
        ]
        for expectation in suite.expectations:  # type: ignore[attr-defined]
            check = f"`{table}_{_CHECK[expectation.severity]}`: {_SEVERITY[expectation.severity]}"
            rows.append(
                f"| {_cell(expectation.name)} | {check} | `{expectation.gx_type}` "
                f"| {_cell(expectation.fix)} |"
            )
        parts.append(f"### `{table}`\n\n{' '.join(description.split())}\n\n" + "\n".join(rows))
    return "\n\n".join(parts)


def _reader_says(path: Path, target: str) -> tuple[str, str]:
    """What the reader, then the cleaning, say about one file: (stage, message or '')."""
    from escp_pipeline.contract.codebook import load_codebook
    from escp_pipeline.contract.drops import SurveyRound
    from escp_pipeline.contract.export_reader import ExportError, read_export
    from escp_pipeline.contract.registry import load_registry
    from escp_pipeline.validation.clean import build_core_table

    survey, _, name = target.partition("/")
    codebook = load_codebook(survey)
    try:
        export = read_export(path, codebook)
    except ExportError as error:
        return "raw_survey_export", str(error)
    try:
        round_ = SurveyRound(survey, Path(name).stem)
        build_core_table(export, codebook, load_registry(), round_)
    except ExportError as error:
        return "core_responses", str(error)
    notes = "; ".join(getattr(export, "notes", ()) or ())
    return "", notes


def bad_inputs_markdown() -> str:
    """One row per case of the catalogue: the input, what the pipeline says, what happens."""
    from escp_pipeline.contract.drops import list_drops
    from escp_pipeline.contract.export_reader import MAX_EXPORT_BYTES
    from escp_pipeline_tests.bad_inputs.catalogue import CASES, VERY_LARGE
    from escp_pipeline_tests.bad_inputs.make_fixtures import FIXTURES

    rows = [
        "| input | what the pipeline says | what happens |",
        "| --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory() as scratch:
        for case in CASES:
            target = case.target or "escp-4i/2019-r9.csv"
            path = Path(scratch) / "incoming" / target
            path.parent.mkdir(parents=True, exist_ok=True)
            if case.fixture == VERY_LARGE:
                with path.open("wb") as stream:  # sparse: no byte of it is written
                    stream.truncate(MAX_EXPORT_BYTES + 1)
            else:
                path.write_bytes((FIXTURES / case.fixture).read_bytes())
            if case.outcome == "skipped":
                _, problems = list_drops(path.parents[1])
                said, happens = " ".join(problems), "never becomes a round; nothing else changes"
            else:
                stage, said = _reader_says(path, target)
                if stage:
                    happens = f"the round fails at `{stage}`"
                elif case.outcome == "succeeded":
                    said = f"note on `raw_survey_export`: {said}" if said else "nothing"
                    happens = "**read correctly**: the round builds"
                else:
                    said = f"check `{case.check}`: " + " … ".join(f"`{p}`" for p in case.says)
                    happens = "the blocking check stops the round's analyst tables"
                    if case.check and case.check.startswith("core_responses"):
                        happens += "; the round is withdrawn from the core table"
            path.unlink()
            said = said.replace(str(path), "<file>")
            input_ = f"{case.about} (`{case.fixture}`)" if case.about else f"`{case.fixture}`"
            rows.append(f"| {_cell(input_)} | {_cell(said)} | {happens} |")
    return "\n".join(rows)


def render() -> str:
    """The page: the template with both tables filled in."""
    page = TEMPLATE.read_text(encoding="utf-8")
    page = page.replace("<!-- generated: expectations -->", expectations_markdown())
    return page.replace("<!-- generated: bad inputs -->", bad_inputs_markdown())


def main(argv: list[str] | None = None) -> int:
    """Write ``docs/data-quality.md``; with ``--check``, only say whether it is up to date."""
    parser = argparse.ArgumentParser(prog="python -m devtools.docs.data_quality")
    parser.add_argument("--check", action="store_true", help="fail when the page is stale")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE.relative_to(ROOT)} is stale: run `make docs`")
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
