"""The real LimeSurvey 6.4.2 survey structure exports, and edited copies of them for tests.

The two ``.lss`` files under ``fixtures/`` are byte-for-byte copies of
``../shared/limesurvey-6.4.2/structure/`` (a test checks this where ``shared/`` is beside the
repository), so the tests that use them never skip.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_STRUCTURE = Path(__file__).resolve().parents[3] / "shared" / "limesurvey-6.4.2" / "structure"
SURVEYS = ("escp-4i", "escp-s3")


def real_lss(survey: str) -> Path:
    return FIXTURES / f"{survey}.survey-structure.lss"


def edited_lss(
    survey: str, tmp_path: Path, edit: Callable[[ET.Element], None], name: str = "edited.lss"
) -> Path:
    """A copy of the real ``.lss`` of ``survey`` after ``edit`` changed its XML tree."""
    root = ET.fromstring(real_lss(survey).read_bytes())
    edit(root)
    path = tmp_path / name
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    return path


def rows(root: ET.Element, table: str) -> list[ET.Element]:
    return root.findall(f"{table}/rows/row")


def question_row(root: ET.Element, code: str) -> ET.Element:
    return next(row for row in rows(root, "questions") if row.findtext("title") == code)


def text_row(root: ET.Element, code: str, language: str) -> ET.Element:
    qid = question_row(root, code).findtext("qid")
    return next(
        row
        for row in rows(root, "question_l10ns")
        if row.findtext("qid") == qid and row.findtext("language") == language
    )


def set_cell(row: ET.Element, tag: str, value: str) -> None:
    cell = row.find(tag)
    if cell is None:
        cell = ET.SubElement(row, tag)
    cell.text = value
