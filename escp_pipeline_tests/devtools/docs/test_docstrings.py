"""The docstring rewrap: joins lines broken too early, keeps lists, sections and code blocks."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from devtools.docs.docstrings import LINE_LENGTH, main, python_files, rewrap_source

BROKEN = '''\
def build(data_dir):
    """Build everything: LimeSurvey exports to
    tables,
    figures and a report.

    Each round runs as its own run, so a
    bad export fails its round only.

    Args:
        data_dir: The data directory; its ``incoming/`` folder holds the drops and
            its ``warehouse/``
            folder the outputs.

    Returns:
        What was built.
    """
'''

STRUCTURED = '''\
"""Module summary.

Rules:
    - source is the responding partnership's canonical name; a ticked box names the partnership of
      the box, and this line is long enough that the next word would not fit on it.
    - a target named twice counts once.

``counts``
    a list of option counts.
``agreements``
    numbers of agreements.

Example::

    build(Path("data"))
    report =   render(x)

| a | b |
| --- | --- |

>>> 1 + 1
2
"""
'''


def test_joins_lines_broken_too_early_and_fills_to_the_line_length() -> None:
    rewrapped = rewrap_source(BROKEN)
    doc = ast.get_docstring(ast.parse(rewrapped).body[0])
    assert doc is not None
    assert doc.startswith("Build everything: LimeSurvey exports to tables, figures and a report.")
    assert "Each round runs as its own run, so a bad export fails its round only." in doc
    assert (
        "        data_dir: The data directory; its ``incoming/`` folder holds the drops and its\n"
        "            ``warehouse/`` folder the outputs.\n" in rewrapped
    )
    assert "    Returns:\n        What was built.\n" in rewrapped
    assert max(len(line) for line in rewrapped.splitlines()) <= LINE_LENGTH


def test_words_are_kept_in_order_and_the_code_still_parses() -> None:
    rewrapped = rewrap_source(BROKEN)
    before = ast.get_docstring(ast.parse(BROKEN).body[0])
    after = ast.get_docstring(ast.parse(rewrapped).body[0])
    assert before is not None and after is not None
    assert before.split() == after.split()


def test_lists_definitions_literal_blocks_tables_and_doctests_keep_their_lines() -> None:
    assert rewrap_source(STRUCTURED) == STRUCTURED


def test_rewrap_is_idempotent() -> None:
    once = rewrap_source(BROKEN)
    assert rewrap_source(once) == once


def test_closing_quotes_fit_on_the_last_line() -> None:
    words = " ".join(["word"] * 60)
    source = f'def f():\n    """Summary.\n\n    {words}"""\n'
    rewrapped = rewrap_source(source)
    assert max(len(line) for line in rewrapped.splitlines()) <= LINE_LENGTH
    assert rewrapped.rstrip().endswith('word"""')
    assert rewrap_source(rewrapped) == rewrapped


def test_other_strings_are_left_alone() -> None:
    source = textwrap.dedent(
        '''\
        def f():
            x = """not
            a docstring"""
            return x


        def g():
            f"""{1}
            not plain"""
        '''
    )
    assert rewrap_source(source) == source


def test_check_reports_and_changes_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "module.py"
    path.write_text(BROKEN)
    assert main(["--check", str(tmp_path)]) == 1
    assert path.read_text() == BROKEN
    assert "make format-docstrings" in capsys.readouterr().out
    assert main([str(tmp_path)]) == 0
    assert main(["--check", str(tmp_path)]) == 0


def test_the_project_docstrings_are_wrapped() -> None:
    """What ``make lint`` checks, in the suite CI runs: ``make format-docstrings`` is a no-op."""
    root = Path(__file__).parents[3]
    folders = [root / name for name in ("escp_pipeline", "escp_pipeline_tests", "devtools")]
    unwrapped = [
        str(path.relative_to(root))
        for path in python_files(folders)
        if rewrap_source(path.read_text(encoding="utf-8")) != path.read_text(encoding="utf-8")
    ]
    assert unwrapped == [], "run `make format-docstrings`"
