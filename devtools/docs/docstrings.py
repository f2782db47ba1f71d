"""Rewrap the prose of docstrings to the line length, and check that it is wrapped.

``make format-docstrings`` rewrites files in place; ``make lint`` runs ``--check``. The rewrap fills
each prose paragraph up to ``LINE_LENGTH`` columns (counting the indentation and the quotes), so a
line broken too early (``...to`` / ``tables,`` / ``figures...``) is joined again. It is
deterministic and idempotent: a second run changes nothing.

What is prose: consecutive lines with the same indentation. Everything else keeps its lines:

- a list item (``-``, ``*``, ``+``, ``1.``, ``1)``) starts a block whose continuation lines are
  indented to its text; a Google ``Args:`` entry (``name: text``, ``name (type): text``) starts a
  block continued four columns further in;
- a line indented differently from the block before it starts a new block (a reST definition's body
  under its term, an entry of a section);
- section headings (``Args:``, ``Returns:``, ...), doctest lines (``>>>``, ``...``), table rows
  (``|``), directives (``..``) and lines of a code fence stand alone;
- a literal block (the indented lines after a line ending in ``::``) and a fenced code block are
  copied as they are.

Only plain string docstrings are touched (module, class and function docstrings; not f-strings nor
byte strings). Words are never split (no break at hyphens, no break inside a long word).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

LINE_LENGTH = 100

_LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)]|#\.)\s+")
_GOOGLE_ENTRY = re.compile(r"\*{0,2}[A-Za-z_][\w.]*(?: \([^)]*\))?: \S")
_SECTION = re.compile(
    r"(?:Args|Arguments|Attributes|Example|Examples|Keyword Args|Keyword Arguments|Methods|"
    r"Note|Notes|Other Parameters|Parameters|Raises|References|Return|Returns|See Also|Todo|"
    r"Warning|Warnings|Warns|Yield|Yields):\s*$"
)
_STANDALONE = ("|", ">>>", "... ", "..", "```", "~~~")


@dataclass
class _Block:
    first_indent: int
    hanging_indent: int
    words: list[str]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_standalone(text: str) -> bool:
    return text.startswith(_STANDALONE) or text == "..." or bool(_SECTION.fullmatch(text))


def rewrap_body(
    lines: list[str],
    first_width: int,
    last_extra: int,
    line_length: int = LINE_LENGTH,
    base_indent: int = 0,
) -> list[str]:
    """Rewrap the lines of one docstring's body (indentation included, as in the file).

    Args:
        lines: The docstring's lines as they stand in the source; the first without the text before
            it on its line (so its indentation is 0), the others with their indentation.
        first_width: Columns the first line may use (the line length less the indentation and the
            opening quotes).
        last_extra: Columns the closing quotes take on the last line (0 when they stand alone).
        line_length: The longest line allowed, indentation included.
        base_indent: The docstring's indentation (that of its opening quotes).
    """
    out: list[str] = []
    block: _Block | None = None
    verbatim_indent: int | None = None  # inside a literal block: lines indented more than this
    fence: str | None = None

    def flush(narrow: int = 0) -> None:
        nonlocal block
        if block is not None:
            out.extend(_fill(block, first_width - narrow, line_length - narrow, first=not out))
            block = None

    for index, line in enumerate(lines):
        text = line.strip()
        indent = _indent(line) if index else base_indent
        if fence is not None:
            out.append(line.rstrip())
            if text.startswith(fence):
                fence = None
            continue
        if verbatim_indent is not None:
            if not text or indent > verbatim_indent:
                out.append(line.rstrip())
                continue
            verbatim_indent = None
        if not text:
            flush()
            out.append("")
            continue
        if text.startswith(("```", "~~~")):
            flush()
            out.append(line.rstrip())
            fence = text[:3]
            continue
        if _is_standalone(text):
            flush()
            out.append(line.rstrip())
            if text.endswith("::"):
                verbatim_indent = indent
            continue
        item = _LIST_ITEM.match(text)
        if block is not None and item is None and indent == block.hanging_indent:
            block.words.extend(text.split())
        else:
            flush()
            if item is not None:
                hanging = indent + item.end()
            elif indent > base_indent and _GOOGLE_ENTRY.match(text):
                hanging = indent + 4
            else:
                hanging = indent
            block = _Block(indent, hanging, text.split())
        if text.endswith("::"):
            flush()
            verbatim_indent = indent
    if block is not None and last_extra:
        kept = len(out)
        saved = _Block(block.first_indent, block.hanging_indent, list(block.words))
        flush()
        if len(out[-1]) + last_extra > (first_width if len(out) == 1 else line_length):
            # The closing quotes do not fit behind the last word: fill the last block narrower.
            del out[kept:]
            block = saved
            flush(narrow=last_extra)
    flush()
    return out


def _fill(block: _Block, first_width: int, width: int, *, first: bool) -> list[str]:
    """The block's words filled to ``width``; on the docstring's first line, to ``first_width``."""
    options = {"break_long_words": False, "break_on_hyphens": False}
    text = " ".join(block.words)
    hanging = " " * block.hanging_indent
    if not first:
        initial = " " * block.first_indent
        return textwrap.wrap(
            text, width, initial_indent=initial, subsequent_indent=hanging, **options
        )
    head = textwrap.wrap(text, first_width, **options)[0]
    rest = text[len(head) :].strip()
    if not rest:
        return [head]
    tail = textwrap.wrap(rest, width, initial_indent=hanging, subsequent_indent=hanging, **options)
    return [head, *tail]


@dataclass(frozen=True)
class _Docstring:
    start_line: int  # 1-based line of the opening quotes
    end_line: int
    start_col: int
    end_col: int


def _docstrings(tree: ast.Module) -> Iterator[_Docstring]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not node.body or not isinstance(node.body[0], ast.Expr):
            continue
        value = node.body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            assert value.end_lineno is not None and value.end_col_offset is not None
            yield _Docstring(value.lineno, value.end_lineno, value.col_offset, value.end_col_offset)


_OPENING = re.compile(r'(?i)(r?)("""|\'\'\')')


def rewrap_source(source: str) -> str:
    """The source with every plain triple-quoted docstring rewrapped."""
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    # Work from the bottom up so earlier line numbers stay valid.
    for doc in sorted(_docstrings(tree), key=lambda d: d.start_line, reverse=True):
        first = lines[doc.start_line - 1]
        opening = _OPENING.match(first, doc.start_col)
        if opening is None:
            continue  # a single-quoted or prefixed (f, b, u) string: left alone
        quote = opening.group(2)
        head = first[: opening.end()]
        last = lines[doc.end_line - 1]
        closing_at = doc.end_col - 3
        if last[closing_at : doc.end_col] != quote:
            continue
        tail = last[doc.end_col :]
        if doc.start_line == doc.end_line:
            body = [first[opening.end() : closing_at]]
        else:
            body = [first[opening.end() :].rstrip("\n")]
            body += [line.rstrip("\n") for line in lines[doc.start_line : doc.end_line - 1]]
            body.append(last[:closing_at])
        closing_alone = len(body) > 1 and not body[-1].strip()
        if closing_alone:
            closing_indent = body[-1]
            body = body[:-1]
        first_width = LINE_LENGTH - len(head)
        extra = 0 if closing_alone else len(quote)
        if len(body) == 1:
            first_width -= extra
            extra = 0
        new_body = rewrap_body(body, first_width, extra, base_indent=doc.start_col)
        if len(new_body) > 1 and len(body) == 1:
            new_body = body  # a one-line docstring too long for its line: not this tool's job
        text = head + "\n".join(new_body)
        text += ("\n" + closing_indent + quote) if closing_alone else quote
        lines[doc.start_line - 1 : doc.end_line] = [text + tail]
    return "".join(lines)


def python_files(paths: Iterable[Path]) -> list[Path]:
    """Every ``.py`` file under ``paths`` (files given directly are kept), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        else:
            found.add(path)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    """Rewrap the docstrings of the files under the paths given; ``--check`` only reports."""
    parser = argparse.ArgumentParser(prog="python -m devtools.docs.docstrings")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="report files to rewrap; change none")
    args = parser.parse_args(argv)
    unwrapped = []
    for path in python_files(args.paths):
        source = path.read_text(encoding="utf-8")
        rewrapped = rewrap_source(source)
        if rewrapped == source:
            continue
        unwrapped.append(path)
        if not args.check:
            path.write_text(rewrapped, encoding="utf-8")
    verb = "would rewrap" if args.check else "rewrapped"
    for path in unwrapped:
        print(f"{verb} the docstrings of {path}")
    if args.check and unwrapped:
        print(f"{len(unwrapped)} file(s) with docstrings to rewrap: run `make format-docstrings`")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
