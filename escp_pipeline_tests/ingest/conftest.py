"""A real temporary incoming folder and a harness that ticks the drop sensor as the daemon would."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import pytest

from escp_pipeline.defs.ingest.sensors import survey_drop_sensor
from escp_pipeline.defs.partitions import survey_rounds
from escp_pipeline.defs.resources import project_resources

#: File times the tests set explicitly, one second apart: no test depends on the wall clock or on
#: the file system's timestamp granularity.
_START_NS = 1_700_000_000 * 10**9


@dataclass
class SensorHarness:
    """Ticks ``survey_drop_sensor`` with ``build_sensor_context`` on a real folder and instance.

    Between ticks it does what the daemon does with a ``SensorResult``: adds the requested dynamic
    partitions to the instance, keeps the cursor, and launches a run request only if no run with
    that run key was launched before (Dagster remembers run keys forever).
    """

    data_dir: Path
    instance: dg.DagsterInstance
    cursor: str | None = None
    launched: list[dg.RunRequest] = field(default_factory=list)
    ticks: int = 0
    clock_ns: int = _START_NS

    @property
    def incoming(self) -> Path:
        return self.data_dir / "incoming"

    def drop(self, relative: str, content: bytes, *, append: bool = False) -> Path:
        """Write (or append to) a file below incoming/ and give it the next file time."""
        path = self.incoming / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab" if append else "wb") as handle:
            handle.write(content)
        self.touch(relative)
        return path

    def touch(self, relative: str) -> None:
        self.clock_ns += 10**9
        os.utime(self.incoming / relative, ns=(self.clock_ns, self.clock_ns))

    def tick(self) -> dg.SensorResult:
        with dg.build_sensor_context(
            instance=self.instance, cursor=self.cursor, resources=project_resources(self.data_dir)
        ) as context:
            result = survey_drop_sensor(context)
        assert isinstance(result, dg.SensorResult)
        self.ticks += 1
        for request in result.dynamic_partitions_requests or []:
            assert isinstance(request, dg.AddDynamicPartitionsRequest)
            assert request.partitions_def_name == survey_rounds.name
            self.instance.add_dynamic_partitions(
                request.partitions_def_name, list(request.partition_keys)
            )
        known = {request.run_key for request in self.launched}
        for request in result.run_requests or []:
            assert self.instance.has_dynamic_partition(survey_rounds.name, request.partition_key)
            if request.run_key not in known:
                self.launched.append(request)
                known.add(request.run_key)
        self.cursor = result.cursor
        return result

    def runs_for(self, partition_key: str) -> list[dg.RunRequest]:
        return [r for r in self.launched if r.partition_key == partition_key]


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[SensorHarness]:
    (tmp_path / "incoming").mkdir()
    # In memory: the daemon's instance would be SQLite or PostgreSQL; the sensor only asks it for
    # the known partitions.
    yield SensorHarness(tmp_path, dg.DagsterInstance.ephemeral())


@dataclass
class SensorLog:
    """The warnings the sensor wrote with ``context.log`` (its console handler writes to stderr)."""

    capsys: pytest.CaptureFixture[str]
    lines: list[str] = field(default_factory=list)

    def warnings(self) -> list[str]:
        self.lines += self.capsys.readouterr().err.splitlines()
        return [line.split(" - WARNING - ", 1)[1] for line in self.lines if " - WARNING - " in line]


@pytest.fixture
def sensor_log(capsys: pytest.CaptureFixture[str]) -> SensorLog:
    return SensorLog(capsys)
