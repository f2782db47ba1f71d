"""``python -m escp_pipeline build``."""

import sys

from escp_pipeline.cli.main import main

sys.exit(main())
