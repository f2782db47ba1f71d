"""Fixtures shared across the suite, and the split of the tests by cost.

Every test is ``unit``, ``integration`` or ``e2e`` (markers registered in ``pyproject.toml``):
``integration`` and ``e2e`` are set by hand on the modules or tests that need them; every other test
is marked ``unit`` here. A unit test runs no Dagster job (no ``materialize``, no
``execute_in_process``, no ``build()``) and opens no Dagster instance with storage (the in-memory
one that ``build_asset_context`` and ``build_sensor_context`` need is allowed); when only unit tests
are selected (``make test-fast`` runs ``pytest -m "unit and not slow"``) a unit test that does
either fails, saying to mark it ``integration``.

``data_dir`` is an empty data directory of the test's own: pass it to ``build()``,
``build_definitions()`` or ``project_resources()`` (the environment is never used to point at it).
``demo_build`` runs the whole graph on the committed demo drops ONCE per test session, in a
temporary data directory with its own Dagster instance; every end-to-end test reads from it instead
of building again (a full build is the most expensive thing the suite does).
"""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

PROJECT = Path(__file__).resolve().parents[1]
DEMO_DROPS = sorted((PROJECT / "data" / "incoming").glob("*/*.csv"))


@dataclass(frozen=True)
class DemoBuild:
    """The outcome of building the demo drops: where the data went, the instance, the report."""

    data_dir: Path
    dagster_home: Path
    instance: dg.DagsterInstance
    report: object
    progress: tuple[str, ...]


def copy_demo_drops(data_dir: Path) -> list[Path]:
    """Copy the committed demo drops into ``data_dir/incoming`` (never touching the originals)."""
    copies = []
    for drop in DEMO_DROPS:
        target = data_dir / "incoming" / drop.parent.name / drop.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(drop, target)
        copies.append(target)
    return copies


#: the markers of tests that are not unit tests, set by hand where they are needed.
COSTLY = ("integration", "e2e")


#: the fixtures of the session's demo build: their tests share one pytest-xdist worker.
DEMO_BUILD_FIXTURES = {"demo_build", "demo_data_dir"}


def _cost_rank(item: pytest.Item) -> int:
    """0 for ``e2e``, 1 for ``integration``, 2 for the rest: the order the tests are handed out."""
    for rank, name in enumerate(("e2e", "integration")):
        if item.get_closest_marker(name):
            return rank
    return 2


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``unit`` every test that is neither ``integration`` nor ``e2e``; order them by cost.

    Under pytest-xdist (``make test``: ``-n auto --dist loadgroup``) the tests that use the demo
    build are one ``xdist_group``, so the build runs once, and the costliest tests come first, so
    that the minutes-long ones start at once on their own workers and the short ones fill in.
    """
    for item in items:
        if not any(item.get_closest_marker(name) for name in COSTLY):
            item.add_marker(pytest.mark.unit)
        if DEMO_BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("demo-build"))
    items.sort(key=_cost_rank)


def _refuse(what: str) -> object:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(
            f"a unit test {what}: mark the test or its module `integration` (or `e2e`), "
            "see escp_pipeline_tests/conftest.py"
        )

    return refuse


@pytest.fixture(autouse=True)
def _unit_tests_run_no_job(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a unit-only session, make running a job or opening a stored instance fail the test."""
    selected = request.config.getoption("markexpr", "") or ""
    if "unit" not in selected or request.node.get_closest_marker("unit") is None:
        return
    from dagster._core.definitions.job_definition import JobDefinition

    monkeypatch.setattr(JobDefinition, "execute_in_process", _refuse("ran a Dagster job"))
    for opener in ("local_temp", "from_config", "get"):
        monkeypatch.setattr(
            dg.DagsterInstance, opener, _refuse(f"opened a Dagster instance ({opener})")
        )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data directory below the test's temporary folder (``incoming/`` not created)."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBuild]:
    from escp_pipeline.cli.build import build

    if not DEMO_DROPS:
        pytest.skip("no demo drops in data/incoming")
    root = tmp_path_factory.mktemp("demo-build")
    data_dir, home = root / "data", root / "dagster_home"
    home.mkdir()
    copy_demo_drops(data_dir)
    lines: list[str] = []
    with dg.DagsterInstance.local_temp(str(home)) as instance:
        report = build(data_dir, instance, progress=lines.append)
        yield DemoBuild(data_dir, home, instance, report, tuple(lines))


@pytest.fixture(scope="session")
def demo_data_dir(demo_build: DemoBuild) -> Path:
    """The data dir of the session's demo build, once the build is known to have succeeded."""
    report = demo_build.report
    assert report.ok, (report.failed, report.cross_round_error)  # type: ignore[attr-defined]
    return demo_build.data_dir
