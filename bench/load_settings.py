"""Production settings for the load test, with the report store in the test's own folder.

The report store has no environment variable of its own; everything else comes from the environment as in
production (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CACHE_DIR).
"""

import os
from pathlib import Path

from budget_perf.settings import *  # noqa: F403

REPORTS_CACHE_DIR = Path(os.environ["REPORTS_CACHE_DIR"])
