"""Write a codebook as LimeSurvey's survey structure export (``.lss``), for test rounds.

What belongs here: turning a (possibly modified) codebook into the ``.lss`` XML that LimeSurvey 6
writes under Display/Export > Survey structure, with the tables and columns that
``escp_pipeline.contract.lss`` reads (the real exports in ``../shared/limesurvey-6.4.2/structure``
show the shape), so that tests can make rounds of changed questionnaires. Bounds of numeric
questions and exclusive options are written as LimeSurvey's question attributes
(``min_num_value_n``, ``max_num_value_n``, ``exclude_all_others``); what a ``.lss`` cannot hold
(personal data, cases, earlier wordings) belongs to the survey profile and is not written. Texts are
written as LimeSurvey stores them, as HTML: the codebook's plain ``&`` and ``<`` are escaped, so
they read back unchanged. What does not: survey settings beyond the base language and title, or
anything LimeSurvey would need to run the survey (no themes, e-mail texts, conditions).
"""

from __future__ import annotations

import html
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

from escp_pipeline.contract.codebook import Codebook, Question

_QUESTION_FIELDS = ("qid", "parent_qid", "sid", "gid", "type", "title", "other", "question_order")
_QUESTION_FIELDS += ("scale_id", "mandatory", "encrypted", "relevance")


class _Table:
    """One ``<name><fields/><rows/></name>`` section of the document."""

    def __init__(self, document: ET.Element, name: str, fields: tuple[str, ...]) -> None:
        section = ET.SubElement(document, name)
        header = ET.SubElement(section, "fields")
        for field in fields:
            ET.SubElement(header, "fieldname").text = field
        self.rows = ET.SubElement(section, "rows")
        self.fields = fields

    def add(self, **cells: object) -> None:
        row = ET.SubElement(self.rows, "row")
        for field in self.fields:
            value = cells.get(field)
            if value is not None:
                ET.SubElement(row, field).text = str(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def lss_document(
    codebook: Codebook,
    *,
    base_language: str = "en",
    translations: Mapping[str, Codebook] | None = None,
    survey_id: int = 100001,
) -> bytes:
    """The ``.lss`` of ``codebook`` as UTF-8 XML bytes.

    Args:
        codebook: The questionnaire, its texts in the base language.
        base_language: The survey's base language.
        translations: Other languages: the same questionnaire with translated texts (looked up by
            question and option code; a text missing there is written empty).
        survey_id: LimeSurvey's survey id (``sid``).
    """
    translations = dict(translations or {})
    languages = {base_language: codebook, **translations}
    document = ET.Element("document")
    ET.SubElement(document, "LimeSurveyDocType").text = "Survey"
    ET.SubElement(document, "DBVersion").text = "620"
    listed = ET.SubElement(document, "languages")
    for language in languages:
        ET.SubElement(listed, "language").text = language
    answers = _Table(document, "answers", ("aid", "qid", "code", "sortorder", "scale_id"))
    answer_texts = _Table(document, "answer_l10ns", ("id", "aid", "answer", "language"))
    groups = _Table(document, "groups", ("gid", "sid", "group_order"))
    group_texts = _Table(document, "group_l10ns", ("id", "gid", "group_name", "language"))
    questions = _Table(document, "questions", _QUESTION_FIELDS)
    subquestions = _Table(document, "subquestions", _QUESTION_FIELDS)
    texts = _Table(document, "question_l10ns", ("id", "qid", "question", "help", "language"))
    attributes = _Table(document, "question_attributes", ("qid", "attribute", "value", "language"))
    ids = itertools.count(1)

    def text_of(
        language: str, question: Question, option: str | None = None, scale: int = 0
    ) -> str:
        """The text as LimeSurvey stores it: HTML, so the codebook's plain text is escaped.

        ``scale`` 1 is an array's columns, 0 anything else (a row and a column may share a code).
        """
        try:
            other = languages[language].question(question.code)
            if option is None:
                return html.escape(other.text, quote=False)
            items = other.columns if scale == 1 else (*other.options, *other.rows)
            label = next(item.label for item in items if item.code == option)
            return html.escape(label, quote=False)
        except (KeyError, StopIteration):
            return ""

    def add_texts(qid: int, question: Question, option: str | None = None, scale: int = 0) -> None:
        for language in languages:
            texts.add(
                id=next(ids),
                qid=qid,
                question=text_of(language, question, option, scale),
                language=language,
            )

    gid, letter, qid, aid, order = 0, "", 1000, 5000, 0
    for question in codebook.questions:
        if question.code[0] != letter:  # a new group whenever the section letter changes
            gid, letter, order = gid + 1, question.code[0], 0
            groups.add(gid=gid, sid=survey_id, group_order=gid)
            for language in languages:
                group_texts.add(
                    id=next(ids), gid=gid, group_name=f"Section {letter}", language=language
                )
        qid, order = qid + 1, order + 1
        parent = qid
        common = {"sid": survey_id, "gid": gid, "mandatory": "N", "encrypted": "N", "relevance": 1}
        questions.add(
            qid=parent,
            parent_qid=0,
            type=question.type,
            title=question.code,
            other="Y" if question.other else "N",
            question_order=order,
            scale_id=0,
            **common,
        )
        add_texts(parent, question)
        scales = [(0, question.subquestions), (0, question.rows), (1, question.columns)]
        for scale, items in scales:
            for position, item in enumerate(items, start=1):
                qid += 1
                subquestions.add(
                    qid=qid,
                    parent_qid=parent,
                    type=question.type,
                    title=item.code,
                    other="N",
                    question_order=position,
                    scale_id=scale,
                    **common,
                )
                add_texts(qid, question, item.code, scale)
        for position, option in enumerate(question.answers, start=1):
            aid += 1
            answers.add(aid=aid, qid=parent, code=option.code, sortorder=position, scale_id=0)
            for language in languages:
                label = text_of(language, question, option.code)
                answer_texts.add(id=next(ids), aid=aid, answer=label, language=language)
        exclusive = [option.code for option in question.subquestions if option.exclusive]
        for name, value in (
            ("min_num_value_n", None if question.min is None else _number(question.min)),
            ("max_num_value_n", None if question.max is None else _number(question.max)),
            ("exclude_all_others", ";".join(exclusive) or None),
        ):
            if value is not None:
                attributes.add(qid=parent, attribute=name, value=value)
    settings = _Table(document, "surveys", ("sid", "language", "additional_languages"))
    settings.add(sid=survey_id, language=base_language, additional_languages=" ".join(translations))
    titles = _Table(
        document,
        "surveys_languagesettings",
        ("surveyls_survey_id", "surveyls_language", "surveyls_title"),
    )
    for language, translated in languages.items():
        titles.add(
            surveyls_survey_id=survey_id,
            surveyls_language=language,
            surveyls_title=translated.title,
        )
    ET.indent(document, space=" ")
    return ET.tostring(document, encoding="utf-8", xml_declaration=True)


def write_lss(
    codebook: Codebook,
    path: Path,
    *,
    base_language: str = "en",
    translations: Mapping[str, Codebook] | None = None,
) -> Path:
    """Write the ``.lss`` of ``codebook`` (see ``lss_document``) to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(lss_document(codebook, base_language=base_language, translations=translations))
    return path
