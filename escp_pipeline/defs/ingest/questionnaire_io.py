"""Where each round's questionnaire is kept: ``warehouse/questionnaires/<survey>/<round>.yaml``.

The YAML has the shipped codebook files' format, so an analyst can read it and a later step (the
reader, cleaning, figures) can load it as the round's ``Codebook``. A run that materializes the
round's responses without its ``questionnaire`` (a selection, a re-execution, a data dir built
before the asset existed) finds no stored YAML: the round's questionnaire is then chosen from its
survey folder exactly as the ``questionnaire`` asset chooses it, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from escp_pipeline.contract.codebook import Codebook, CodebookError
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.storage.output_files import write_text_atomically
from escp_pipeline.storage.resources import DataDir

QUESTIONNAIRES_FOLDER = "questionnaires"


class QuestionnaireIOManager(dg.ConfigurableIOManager):
    """Stores one round's questionnaire (a ``Codebook``) as YAML, loads it back.

    A round's asset loads its own round's ``Codebook``; an asset of every round (figures, the
    report) loads ``{partition key: Codebook}``, even when only one round exists.
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

    def load(self, partition_key: str) -> Codebook:
        """The round's stored questionnaire; else the one its survey folder gives (not stored).

        Raises:
            CodebookError: the stored YAML is unreadable, or no questionnaire is stored and the
                survey folder gives none (``QuestionnaireError`` / ``ProfileError`` naming the file
                and what to do).
        """
        from escp_pipeline.analysis.questionnaire_rounds import read_codebook_yaml
        from escp_pipeline.contract.round_questionnaire import questionnaire_for_round

        path = self.path(partition_key)
        if path.exists():
            return read_codebook_yaml(path)
        survey_round = SurveyRound.from_partition_key(partition_key)
        survey_dir = self.data_dir.incoming / survey_round.survey
        return questionnaire_for_round(survey_dir, survey_round.round).codebook

    def load_input(self, context: dg.InputContext) -> Any:
        keys = list(context.asset_partition_keys)
        if len(keys) == 1 and context.has_partition_key:
            try:
                return self.load(keys[0])
            except CodebookError as error:
                raise dg.Failure(description=str(error)) from error
        loaded: dict[str, Codebook] = {}
        for key in keys:  # one round's unusable questionnaire never fails the others
            try:
                loaded[key] = self.load(key)
            except CodebookError as error:
                context.log.warning(f"{key}: left out, no usable questionnaire: {error}")
        return loaded
