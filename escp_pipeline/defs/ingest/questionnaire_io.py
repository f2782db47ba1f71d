"""Where each round's questionnaire is kept: ``warehouse/questionnaires/<survey>/<round>.yaml``.

The YAML has the shipped codebook files' format, so an analyst can read it and a later step (the
reader, cleaning, figures) can load it as the round's ``Codebook``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.output_files import write_text_atomically
from escp_pipeline.resources import DataDir

QUESTIONNAIRES_FOLDER = "questionnaires"


class QuestionnaireIOManager(dg.ConfigurableIOManager):
    """Stores one round's questionnaire (a ``Codebook``) as YAML, loads it back.

    Loading one round gives its ``Codebook``; loading several gives ``{partition key: Codebook}``.
    """

    data_dir: DataDir

    def path(self, partition_key: str) -> Path:
        survey_round = SurveyRound.from_partition_key(partition_key)
        folder = self.data_dir.warehouse / QUESTIONNAIRES_FOLDER / survey_round.survey
        return folder / f"{survey_round.round}.yaml"

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        from escp_pipeline.analysis.questionnaire_rounds import codebook_yaml

        path = self.path(context.asset_partition_key)
        write_text_atomically(path, codebook_yaml(obj))
        context.add_output_metadata({"path": dg.MetadataValue.path(str(path))})

    def load_input(self, context: dg.InputContext) -> Any:
        from escp_pipeline.analysis.questionnaire_rounds import read_codebook_yaml

        keys = list(context.asset_partition_keys)
        if len(keys) == 1:
            return read_codebook_yaml(self.path(keys[0]))
        return {key: read_codebook_yaml(self.path(key)) for key in keys if self.path(key).exists()}
