"""No false alarms: on a correct data dir of any shape, no ERROR-severity check fails.

Each shape is built in its own temporary data dir and Dagster instance (every round, then the
cross-round assets that have checks, i.e. not the figures and the report), and every check
evaluation of every run is read back from the instance:

- one round only (the demo ESCP-4i 2019-r2);
- one survey only (the demo ESCP-S3 round; ESCP-4i absent);
- rounds of both surveys that are not the seed report's rounds (the project's synthetic writer);
- real LimeSurvey 6.4.2 exports and ``.lss`` files of the demo rounds filed as two surveys the
  project does not know (``limesurvey_reference.REAL_AS_UNKNOWN``).

Rounds of a survey the project does not ship and of a changed ESCP-4i questionnaire, each with its
``.lss``, are built and their checks read back by ``test_new_questionnaires_build.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline_tests.check_evaluations import check_evaluations, failed_error_checks
from escp_pipeline_tests.conftest import PROJECT
from escp_pipeline_tests.limesurvey_reference import LIMESURVEY_DIR, copy_real_as_unknown

random_rounds = pytest.importorskip("devtools.random_rounds")
limesurvey_export = pytest.importorskip("escp_pipeline.synthetic.limesurvey_export")

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DEMO = PROJECT / "data" / "incoming"
#: generated rounds the seed report does not cover, with partnerships of each survey
GENERATED = {
    ("escp-4i", "2021-r3"): (["P02", "P05", "P08", "P11", "P13", "P14", "P16", "P17"], 2021),
    ("escp-4i", "2022-r4"): (["P02", "P05", "P08", "P11", "P13", "P14", "P16", "P17"], 2022),
    ("escp-s3", "2021-r2"): (["P27", "P29", "P30", "P33"], 2021),
}


def _copy_demo(incoming: Path, survey: str, round_: str) -> None:
    source = DEMO / survey / f"{round_}.csv"
    if not source.exists():
        pytest.skip(f"demo drop {source.name} of {survey} not in data/incoming")
    (incoming / survey).mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, incoming / survey / source.name)


def _write_generated(incoming: Path) -> None:
    for seed, ((survey, round_), (partnerships, year)) in enumerate(GENERATED.items()):
        codebook = load_codebook(survey)
        responses = random_rounds.generate_round(
            codebook, n_responses=24, seed=seed, partnerships=partnerships, year=year
        )
        limesurvey_export.write_export(responses, codebook, incoming / survey / f"{round_}.csv")


def _copy_real_as_unknown(incoming: Path) -> None:
    if LIMESURVEY_DIR is None:
        pytest.skip("shared/limesurvey-6.4.2 (the real LimeSurvey exports) is not beside the repo")
    copy_real_as_unknown(incoming)


SHAPES = {
    "one round": lambda incoming: _copy_demo(incoming, "escp-4i", "2019-r2"),
    "one survey": lambda incoming: _copy_demo(incoming, "escp-s3", "2019-r1"),
    "rounds without the seed report's": _write_generated,
    "real exports of surveys the project does not know": _copy_real_as_unknown,
}


def _build_with_checks(data_dir: Path, instance: dg.DagsterInstance) -> list:
    """Build every round and the checked cross-round assets; every check evaluation."""
    from escp_pipeline.cli.build import QUIET, build
    from escp_pipeline.definitions import build_definitions

    definitions = build_definitions(data_dir)
    report = build(data_dir, instance, progress=lambda line: None, cross_round=False)
    assert report.ok and report.succeeded, report.failed
    graph = definitions.resolve_asset_graph()
    checked_cross_round = [
        key
        for key in graph.materializable_asset_keys
        if graph.get(key).partitions_def is None and graph.get(key).group_name != "publish"
    ]
    result = definitions.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=instance,
        asset_selection=checked_cross_round,
        raise_on_error=False,
        run_config=QUIET,
    )
    assert result.success
    return check_evaluations(instance)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_no_error_check_fails_on_a_correct_data_dir(shape: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    SHAPES[shape](data_dir / "incoming")
    with dg.DagsterInstance.ephemeral() as instance:
        evaluations = _build_with_checks(data_dir, instance)

    failed_errors = [
        (e.check_name, e.description, e.metadata) for e in failed_error_checks(evaluations)
    ]
    assert failed_errors == []
    claims = [e for e in evaluations if e.check_name == "report_claims_reproduced"]
    assert len(claims) == 1 and claims[0].passed
    # the claims about rounds this data dir lacks are counted as not applicable
    assert claims[0].metadata["not_applicable"].value > 0
