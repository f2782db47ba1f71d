"""The ingest stage without Dagster: what the drop sensor sees in ``incoming/`` and what it runs.

``files`` lists the incoming folder by ``stat`` and hashes files; ``watch`` keeps the sensor's
cursor and decides each tick. A package of its own beside ``contract`` rather than inside it:
``contract`` knows the export format (what a file means), this knows the folder (which files changed
and when to run them), and it mirrors ``defs/ingest/`` the way ``validation`` mirrors
``defs/validate/``.
"""
