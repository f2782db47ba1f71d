"""The survey data contract: codebooks, partnership registry, drop naming and the export reader.

Also each round's questionnaire from LimeSurvey's survey structure export (``lss``), survey profiles
(``survey_profile``) and the changes between rounds (``questionnaire_diff``). Knows LimeSurvey and
the two questionnaires; knows nothing of Dagster.
"""
