"""No dangling link in the README and docs/, and the link checker finds the ones there are."""

from __future__ import annotations

from pathlib import Path

from devtools.docs.links import (
    anchor,
    anchors,
    configuration_files,
    dangling_docs_mentions,
    dangling_links,
    markdown_pages,
)


def test_every_relative_link_and_anchor_of_the_readme_and_docs_resolves() -> None:
    pages = markdown_pages()
    assert len(pages) > 5
    assert [problem for page in pages for problem in dangling_links(page)] == []


def test_the_docs_pages_the_instance_configurations_name_exist() -> None:
    files = configuration_files()
    assert any("docs/operations.md" in path.read_text() for path in files)
    assert dangling_docs_mentions(files) == []


def test_github_anchors() -> None:
    assert anchor("Drop a survey export") == "drop-a-survey-export"
    assert anchor("`questionnaire_changes`") == "questionnaire_changes"
    assert anchor("Output files: permissions, full disk") == "output-files-permissions-full-disk"


def test_dangling_files_and_anchors_are_found(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ops.md").write_text("# Ops\n\n## Run it\n\n## Run it\n")
    page = tmp_path / "README.md"
    page.write_text(
        "[ok](docs/ops.md#run-it) [ok too](docs/ops.md#run-it-1) [web](https://example.org/x)\n"
        "[missing](docs/nope.md) [bad anchor](docs/ops.md#stop-it) [self](#nowhere)\n"
        "```\n[in code](docs/nope.md)\n```\n`[in a span](docs/nope.md)`\n"
    )
    assert anchors(tmp_path / "docs" / "ops.md") == {"ops", "run-it", "run-it-1"}
    assert dangling_links(page, tmp_path) == [
        "README.md:2: docs/nope.md (no such file)",
        "README.md:2: docs/ops.md#stop-it (no heading with this anchor)",
        "README.md:2: #nowhere (no heading with this anchor)",
    ]
    config = tmp_path / "dagster.yaml"
    config.write_text("# see docs/ops.md and docs/missing.md\n")
    assert dangling_docs_mentions([config], tmp_path) == ["dagster.yaml:1: docs/missing.md"]
