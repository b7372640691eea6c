#!/usr/bin/env bash
# Sets everything up, then runs ruff and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
# The test settings: a throwaway secret key, plain HTTP, DEBUG off as in production.
export DJANGO_SETTINGS_MODULE=budget_perf.test_settings
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/pytest "$@"
