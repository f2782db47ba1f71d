"""The performance benchmark: ``python -m devtools.bench`` (``make bench``).

It measures, as ratios that hold on a noisy machine, the code-location load, the demo build, a
rebuild after one changed answer, one new round with 3 and with 40 rounds built, the pipeline at
10,000 to 1,000,000 responses and the drop sensor's tick, each side in fresh subprocesses, and
writes ``bench-results.json`` at the repository root. What belongs here: the driver (``runner``),
the subprocess measurement (``measure``), the workloads run inside the children (``workloads``), the
cached generated exports (``scale_data``), the plain script that writes a build's outputs without
Dagster (``plain_script``), the output comparison (``outputs``) and the refresh workloads
(``refresh``). Nothing here is imported by the pipeline, and nothing here is heavy to import: the
driver never imports pandas or Dagster itself, so the children it starts stay independent.
"""
