#!/usr/bin/env bash
# Sets everything up and serves the app with the demo data on http://127.0.0.1:8000 (SQLite by default).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The demo is a development server: DEBUG on (a development secret key, static files served), unless set.
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv
.venv/bin/python manage.py setup_demo
# One task worker beside the web server (PDFs, summaries, the library); both stop together on Ctrl+C or when
# this script is stopped. The server runs in the background so that the trap runs as soon as a signal arrives.
# The worker does not restart itself on code changes (stopping a reloading one would kill its task mid-way).
.venv/bin/python manage.py db_worker --no-startup-delay --no-reload &
worker=$!
echo "打开 http://127.0.0.1:8000/ （Ctrl+C 停止）"
.venv/bin/python manage.py runserver 127.0.0.1:8000 &
server=$!
trap 'trap - EXIT INT TERM; kill "$server" "$worker" 2>/dev/null; wait "$server" "$worker" 2>/dev/null' EXIT INT TERM
wait "$server"
