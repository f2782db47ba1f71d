"""``python -m escp_pipeline.bench`` (``make bench``): run the benchmark and print the table.

It writes ``bench-results.json``. ``--smoke`` runs the tiny version the test suite uses.
"""

import sys

from escp_pipeline.bench.runner import main

sys.exit(main())
