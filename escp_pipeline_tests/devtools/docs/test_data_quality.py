"""docs/data-quality.md is what its generator writes from the suites and the bad-input catalogue."""

from __future__ import annotations

from devtools.docs.data_quality import PAGE, render, suites
from escp_pipeline_tests.bad_inputs.catalogue import CASES


def test_committed_page_equals_the_generated_one() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), "run `make docs`"


def test_page_lists_every_expectation_and_every_bad_input() -> None:
    page = render()
    built = suites()
    assert {table for table, _, _ in built} >= {"core_responses", "option_counts", "respondents"}
    for table, _, suite in built:
        assert f"### `{table}`" in page
        for expectation in suite.expectations:
            assert expectation.name.replace("<", "\\<") in page
    for case in CASES:
        assert f"`{case.fixture}`" in page
    assert "<!-- generated" not in page
    # Reader messages are the real ones, with the temporary path replaced.
    assert "'five' is not a number" in page
    assert "/tmp" not in page and "\\<file>" in page
