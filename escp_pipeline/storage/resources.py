"""Where the project's data lives, and the IO managers that store assets in the warehouse.

``ESCP_DATA_DIR`` selects the data directory for every way of running the project (the build
command, ``dagster dev``, tests); the default is ``data/`` below the working directory. Layout::

    <data dir>/incoming/<survey>/<round>.<ext>   survey drops (read, never modified)
    <data dir>/warehouse/core/<asset>/<survey>.parquet   validated core tables, one per survey
    <data dir>/warehouse/tables/<name>.parquet   analyst tables (OUTPUTS.md), all rounds in one
    <data dir>/warehouse/figures/, report/       publications
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from escp_pipeline.contract.drops import SurveyRound

DATA_DIR_VARIABLE = "ESCP_DATA_DIR"


def resolve_data_dir(configured: str | None = None) -> Path:
    """The data directory: explicit configuration, else ``$ESCP_DATA_DIR``, else ``./data``."""
    return Path(configured or os.environ.get(DATA_DIR_VARIABLE) or "data").resolve()


class DataDir(dg.ConfigurableResource):
    """The project's data directory and the well-known folders inside it."""

    path: str | None = None

    @property
    def root(self) -> Path:
        return resolve_data_dir(self.path)

    @property
    def incoming(self) -> Path:
        return self.root / "incoming"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def tables(self) -> Path:
        return self.warehouse / "tables"

    @property
    def core(self) -> Path:
        return self.warehouse / "core"

    @property
    def figures(self) -> Path:
        return self.warehouse / "figures"

    @property
    def report(self) -> Path:
        return self.warehouse / "report"

    def table_path(self, name: str) -> Path:
        return self.tables / f"{name}.parquet"


def _survey_rounds(keys: list[str]) -> list[tuple[str, str]]:
    rounds = [SurveyRound.from_partition_key(key) for key in keys]
    return [(r.survey, r.round) for r in rounds]


class AnalystTableIOManager(dg.ConfigurableIOManager):
    """Stores a DataFrame asset as ``warehouse/tables/<asset name>.parquet``.

    A partitioned asset (one survey round) replaces that round's rows and keeps every other round,
    so the file always holds every processed round. Loading a partitioned asset returns the rows of
    the partitions the downstream asset asked for.
    """

    data_dir: DataDir

    def _path(self, asset_key: dg.AssetKey) -> Path:
        return self.data_dir.table_path(asset_key.path[-1])

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        from escp_pipeline.storage.warehouse import write_round_rows, write_table

        path = self._path(context.asset_key)
        if context.has_asset_partitions:
            write_round_rows(obj, path, _survey_rounds(list(context.asset_partition_keys)))
        else:
            write_table(obj, path)
        context.add_output_metadata({"path": dg.MetadataValue.path(str(path))})

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        from escp_pipeline.storage.warehouse import read_table

        path = self._path(context.asset_key)
        if context.has_asset_partitions:
            return read_table(path, _survey_rounds(list(context.asset_partition_keys)))
        return read_table(path)


class CoreTableIOManager(dg.ConfigurableIOManager):
    """Stores a validated core table per survey: ``warehouse/core/<asset>/<survey>.parquet``.

    The two questionnaires have different columns, so each survey keeps its own typed table, holding
    every processed round of that survey; materializing one round replaces that round's rows only.
    """

    data_dir: DataDir

    def _path(self, asset_key: dg.AssetKey, survey: str) -> Path:
        return self.data_dir.core / asset_key.path[-1] / f"{survey}.parquet"

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        from escp_pipeline.storage.warehouse import write_round_rows

        rounds = _survey_rounds(list(context.asset_partition_keys))
        for survey in sorted({survey for survey, _ in rounds}):
            path = self._path(context.asset_key, survey)
            part = obj[obj["survey"] == survey] if len(obj) else obj
            write_round_rows(part, path, [r for r in rounds if r[0] == survey])
            context.add_output_metadata({"path": dg.MetadataValue.path(str(path))})

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        from escp_pipeline.storage.warehouse import read_table

        rounds = _survey_rounds(list(context.asset_partition_keys))
        parts: list[Any] = []
        for survey in sorted({survey for survey, _ in rounds}):
            path = self._path(context.asset_key, survey)
            if not path.exists() and len(rounds) > 1:
                # loading every round for a cross-round asset: a survey whose only round failed
                # has no table yet, and must not stop the other surveys
                context.log.warning(f"{path} does not exist yet: no {survey} round was validated")
                continue
            parts.append(read_table(path, [r for r in rounds if r[0] == survey]))
        if len(parts) == 1:
            return parts[0]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


class DropFolder(dg.ConfigurableResource):
    """The incoming folder as the drop sensor sees it: listed by ``stat``, read only to hash.

    Everything the sensor learns about drops goes through this resource, so a deployment whose drops
    arrive on a mounted share (or a test with a temporary folder) configures it in one place.
    """

    data_dir: DataDir

    @property
    def incoming(self) -> Path:
        return self.data_dir.incoming

    def scan(self) -> list[Any]:
        """Every file below ``incoming/`` with its size and mtime (``ingest.files.FileStat``)."""
        from escp_pipeline.ingest.files import scan_folder

        return scan_folder(self.incoming)

    def hash(self, relative: str) -> Any:
        """The SHA-256 of one file below ``incoming/`` (``ingest.files.FileHash``)."""
        from escp_pipeline.ingest.files import hash_file

        return hash_file(self.incoming / relative)
