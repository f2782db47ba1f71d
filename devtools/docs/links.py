"""Dangling links in the README and ``docs/``: relative targets that do not exist, unknown anchors.

A link is ``[text](target)`` outside code blocks and code spans. Web addresses (``http:``,
``https:``, ``mailto:``) are not followed. A relative target must name a file or folder of the
repository, relative to the page; a ``#anchor`` (alone, or after a Markdown file) must be the GitHub
anchor of one of that page's headings. Also checked: every ``docs/<page>.md`` that a file outside
``docs/`` names in plain text (``dagster.yaml``'s comments, for example) exists.

``python -m devtools.docs.links`` prints each dangling link; the test suite runs the same check.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_FENCE = re.compile(r"^(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_DOCS_MENTION = re.compile(r"\bdocs/([\w.-]+\.md)\b")


def markdown_pages(root: Path = ROOT) -> list[Path]:
    """The README and every page of ``docs/``."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def _prose_lines(text: str) -> Iterable[tuple[int, str]]:
    """Lines outside fenced code blocks, with code spans blanked, numbered from 1."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            yield number, _CODE_SPAN.sub("", line)


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading anchor of a Markdown page (repeated headings get ``-1``, ``-2``, ...)."""
    seen: dict[str, int] = {}
    found = set()
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match is None:
            continue
        slug = anchor(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def dangling_links(page: Path, root: Path = ROOT) -> list[str]:
    """Each link of ``page`` whose target or anchor does not exist, as ``page:line: target``."""
    problems = []
    for number, line in _prose_lines(page.read_text(encoding="utf-8")):
        for match in _LINK.finditer(line):
            target = match.group(1)
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # http:, https:, mailto:
            path_part, _, fragment = target.partition("#")
            resolved = (page.parent / path_part).resolve() if path_part else page
            where = f"{page.relative_to(root)}:{number}: {target}"
            if not resolved.exists():
                problems.append(f"{where} (no such file)")
            elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
                problems.append(f"{where} (no heading with this anchor)")
    return problems


def dangling_docs_mentions(files: Iterable[Path], root: Path = ROOT) -> list[str]:
    """Each ``docs/<page>.md`` named in the given files that does not exist."""
    problems = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in _DOCS_MENTION.finditer(line):
                if not (root / "docs" / match.group(1)).exists():
                    problems.append(f"{path.relative_to(root)}:{number}: {match.group(0)}")
    return problems


def configuration_files(root: Path = ROOT) -> list[Path]:
    """Files outside ``docs/`` that point readers into it: the Dagster instance configurations."""
    return [root / "dagster.yaml", *sorted((root / "deploy").glob("*.yaml")), root / "Makefile"]


def main() -> int:
    """Print every dangling link; exit 1 if there is one."""
    problems = [p for page in markdown_pages() for p in dangling_links(page)]
    problems += dangling_docs_mentions(configuration_files())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
