"""The table catalogue: every table the project writes, and the vocabularies they share, once.

What belongs here: ``vocabularies`` (surveys, strands, statuses, the ``all`` and ``other`` options,
the round pattern, personal-data columns), ``fields`` (columns shared by several tables), ``tables``
(one entry per table: description, layer, partitioning, primary key, fields, checks), ``rules``
(named table-level checks such as ``share = selected / respondents``) and ``derive`` (pandera
schemas, empty frames, Dagster column schemas and the docs' table list, built from the entries).
What does not: computing the tables (``analysis``, ``validation``) or Dagster assets.

Importing ``vocabularies``, ``fields`` or ``tables`` is cheap (no pandera, no Dagster), so the code
location, the contract and the analysis all read the same declarations.
"""
