"""The report outline file: the chapters and method note the report prints, and its refusals."""

from pathlib import Path

import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.publish.change_prose import method_paragraphs
from escp_pipeline.publish.outline import PART_KINDS, OutlineError, load_outline

GOOD = """
chapters:
  - number: "2"
    title: Activities
    survey: escp-4i
    parts:
      - {number: "2.1", title: Activities implemented, kind: question, question: B1}
      - {number: "2.2", title: Agreements, kind: agreements}
method_note:
  - >-
    Every number is read
    from the tables.
statistics_note:
  - "A {level} interval."
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "outline.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_reports_outline_names_multiple_choice_questions_of_its_surveys() -> None:
    outline = load_outline()
    assert [chapter.number for chapter in outline.chapters] == ["2", "3", "4", "5"]
    for chapter in outline.chapters:
        codebook = load_codebook(chapter.survey)
        questions = {question.code for question in codebook.multiple_choice_questions}
        for part in chapter.parts:
            assert part.kind in PART_KINDS
            assert part.number.startswith(f"{chapter.number}.")
            if part.kind == "question":
                assert part.question in questions, (chapter.survey, part)
    numbers = [part.number for chapter in outline.chapters for part in chapter.parts]
    assert len(numbers) == len(set(numbers))


def test_method_paragraphs_fill_every_field_from_the_statistics() -> None:
    paragraphs = method_paragraphs(16, 19)
    assert len(paragraphs) == len(load_outline().statistics_note)
    assert not any("{" in paragraph or "}" in paragraph for paragraph in paragraphs)
    assert "At 16 of 19 (84%)" in paragraphs[0]


def test_a_small_outline_is_read_with_folded_paragraphs(tmp_path: Path) -> None:
    outline = load_outline(_write(tmp_path, GOOD))
    (chapter,) = outline.chapters
    assert (chapter.number, chapter.survey) == ("2", "escp-4i")
    assert [(p.number, p.kind, p.question) for p in chapter.parts] == [
        ("2.1", "question", "B1"),
        ("2.2", "agreements", ""),
    ]
    assert outline.method_note == ("Every number is read from the tables.",)
    assert outline.statistics_note == ("A {level} interval.",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind: agreements", "kind: tables"), "part 2.2 of chapter 2 has kind 'tables'"),
        (("question: B1", "question: "), "part 2.1 of chapter 2 has no 'question'"),
        (('number: "2"', 'numero: "2"'), "chapter 1 has no 'number'"),
        (("method_note:", "method_notes:"), "the file has no 'method_note' list"),
        (("title: Activities\n", "title: [a, b]\n"), "chapter 2 has no 'title'"),
        (("chapters:", "chapters: ["), "cannot be read"),
    ],
)
def test_a_bad_outline_is_refused_naming_the_file_and_entry(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = _write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(OutlineError, match="outline") as raised:
        load_outline(path)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)
