"""Publications built from the analyst tables: figures, the HTML report, the Excel workbook.

What belongs here: pure functions that take the analyst tables of ``OUTPUTS.md`` as DataFrames and
return figures, sentences, HTML or a workbook, testable without Dagster. What does not: reading
exports, computing the analyst tables (``escp_pipeline.analysis``) or anything that knows Dagster
(``defs/publish``). Matplotlib, Jinja2 and openpyxl are imported inside the functions that use them.
"""
