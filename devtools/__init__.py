"""Development tools that are not pipeline code and do not ship in the wheel.

What belongs here: the performance benchmark (``bench``, ``make bench``), the demo-data generator
(``demo_rounds`` with its answers in ``demo_answers/``, ``make demo-data``) and the random round
generator the tests and the benchmark use (``random_rounds``). What does not: anything the pipeline
imports. Run from the repository root (``python -m devtools.bench``); the tests find it through
pytest's ``pythonpath`` setting.
"""
