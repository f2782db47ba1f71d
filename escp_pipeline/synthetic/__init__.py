"""Synthetic survey data: LimeSurvey exports written exactly as the tool writes them.

What belongs here: the export writer (``limesurvey_export``) and the survey-structure writer
(``lss_writer``), which the tests and the development tools use. What does not: reading or analysing
exports, and the round generators (``devtools/random_rounds.py`` for random but valid rounds of any
codebook, ``devtools/demo_rounds.py`` for the demo rounds), which stay out of the package.
"""
