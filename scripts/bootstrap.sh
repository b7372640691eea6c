#!/usr/bin/env bash
# Installs what the app needs on a fresh Debian machine, into .venv and the system; safe to run again.
# Usage: scripts/bootstrap.sh [test]   ("test" adds the test tools, Chromium and LibreOffice Calc)
set -euo pipefail
cd "$(dirname "$0")/.."

# WeasyPrint needs Pango and HarfBuzz's subsetter (without it font subsetting is about twice as slow);
# the report is Chinese, so it needs a CJK font; poppler-utils turns PDFs into text and pictures.
packages=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils gettext)
if [ "${1:-}" = "test" ]; then
    packages+=(chromium libreoffice-calc-nogui)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
    .venv/bin/python -m pip install -q -e ".[test]"
else
    .venv/bin/python -m pip install -q -e .
fi
