"""Run the benchmark: ``python -m devtools.bench`` (``make bench``).

``python -m devtools.bench`` (``make bench``): run the benchmark, print the table, write
``bench-results.json``. ``--smoke`` runs the tiny version the test suite uses.
"""

import sys

from devtools.bench.runner import main

sys.exit(main())
