"""Synthetic survey data: LimeSurvey exports written exactly as the tool writes them.

What belongs here: the export writer (``limesurvey_export``), a random but valid round generator
for any codebook (``random_rounds``, used by tests and benchmarks) and the hand-built demo rounds
that reproduce the seed report (``demo_rounds``). What does not: reading or analysing exports.
"""
