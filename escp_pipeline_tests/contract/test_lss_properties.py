"""Property: any codebook written as a .lss by the project's writer reads back equal."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from escp_pipeline.contract.codebook import Codebook, Question
from escp_pipeline.contract.lss import KIND_OF_TYPE, QuestionnaireError, parse_lss
from escp_pipeline.synthetic.lss_writer import lss_document
from escp_pipeline_tests.contract.lss_files import real_lss
from escp_pipeline_tests.synthetic.codebooks import TEST_CODEBOOK

#: plain one-line texts, as a codebook holds them: any letters, digits, punctuation (& < > ' ")
_TEXT = st.text(alphabet=st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=40).map(
    lambda text: " ".join(text.split())
)
_CODES = st.lists(st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True), min_size=1, max_size=5)


def _options(draw: st.DrawFn, exclusive: bool = False) -> list[dict[str, object]]:
    codes = list(dict.fromkeys(draw(_CODES)))
    return [
        {"code": c, "label": draw(_TEXT), "exclusive": exclusive and draw(st.booleans())}
        for c in codes
    ]


@st.composite
def _question(draw: st.DrawFn, code: str) -> Question:
    type_ = draw(st.sampled_from(sorted(KIND_OF_TYPE)))
    kind = KIND_OF_TYPE[type_]
    data: dict[str, object] = {"code": code, "type": type_, "kind": kind, "text": draw(_TEXT)}
    if kind == "single_choice":
        data.update(answers=_options(draw), other=draw(st.booleans()))
    elif kind in ("multiple_choice", "multiple_choice_comments"):
        data.update(subquestions=_options(draw, exclusive=True), other=draw(st.booleans()))
    elif kind == "multiple_short_text":
        data.update(subquestions=_options(draw))
    elif kind == "array_texts":
        data.update(rows=_options(draw), columns=_options(draw))
        for axis in ("rows", "columns"):
            for item in data[axis]:  # type: ignore[attr-defined]
                del item["exclusive"]
    elif kind == "numeric":
        bound = st.one_of(st.none(), st.integers(-1000, 1000), st.sampled_from([0.5, 12.25]))
        data.update(min=draw(bound), max=draw(bound))
    return Question.model_validate(data)


@st.composite
def _codebooks(draw: st.DrawFn) -> Codebook:
    codes = draw(
        st.lists(
            st.from_regex(r"[A-Z][A-Za-z0-9]{0,5}", fullmatch=True),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    title = draw(_TEXT) or "A survey"  # LimeSurvey requires a title
    questions = tuple(draw(_question(code)) for code in codes)
    return Codebook(survey="generated", title=title, questions=questions)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebook=_codebooks())
def test_written_lss_reads_back_equal(codebook: Codebook) -> None:
    data = lss_document(codebook)
    assert parse_lss(data, source="generated.lss", survey="generated").codebook == codebook


def test_every_kind_reads_back_equal() -> None:
    without_profile = TEST_CODEBOOK.model_copy(
        update={
            "questions": tuple(
                q.model_copy(update={"personal_data": False, "case": None, "label_variants": {}})
                for q in TEST_CODEBOOK.questions
            )
        }
    )
    data = lss_document(without_profile)
    parsed = parse_lss(data, source="test.lss", survey=TEST_CODEBOOK.survey).codebook
    assert parsed == without_profile
    assert {q.kind for q in parsed} == set(KIND_OF_TYPE.values())


_REAL = real_lss("escp-s3").read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=200),
        st.integers(0, len(_REAL) - 1).map(lambda cut: _REAL[:cut]),
        st.tuples(st.integers(0, len(_REAL) - 1), st.binary(min_size=1, max_size=8)).map(
            lambda edit: _REAL[: edit[0]] + edit[1] + _REAL[edit[0] + len(edit[1]) :]
        ),
    )
)
@example(data=b"<?xml version='1.0' encoding='klingon'?><document/>")
def test_any_bytes_give_a_questionnaire_or_a_questionnaire_error(data: bytes) -> None:
    try:
        questionnaire = parse_lss(data, source="dropped.lss", survey="s3")
    except QuestionnaireError as error:
        assert str(error).startswith("survey structure dropped.lss: ")
    else:
        assert questionnaire.base_language
