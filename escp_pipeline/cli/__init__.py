"""The ``escp-pipeline`` command: ``main`` parses the arguments, ``build`` materializes a data dir.

``python -m escp_pipeline`` (``escp_pipeline/__main__.py``) and the ``escp-pipeline`` console script
both run ``main``; the tests and benchmarks call ``build`` directly.
"""
