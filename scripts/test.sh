#!/usr/bin/env bash
# Sets everything up, then runs ruff and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/pytest "$@"
