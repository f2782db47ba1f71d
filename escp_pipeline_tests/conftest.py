"""Fixtures shared across the suite.

``demo_build`` runs the whole graph on the committed demo drops ONCE per test session, in a
temporary
data directory with its own Dagster instance; every end-to-end test reads from it instead of
building
again (a full build is the most expensive thing the suite does).
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


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBuild]:
    from escp_pipeline.build import build

    if not DEMO_DROPS:
        pytest.skip("no demo drops in data/incoming")
    root = tmp_path_factory.mktemp("demo-build")
    data_dir, home = root / "data", root / "dagster_home"
    home.mkdir()
    copy_demo_drops(data_dir)
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ESCP_DATA_DIR", str(data_dir))
        with dg.DagsterInstance.local_temp(str(home)) as instance:
            report = build(data_dir, instance, progress=lines.append)
            yield DemoBuild(data_dir, home, instance, report, tuple(lines))
