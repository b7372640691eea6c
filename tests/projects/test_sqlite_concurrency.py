"""SQLite, the default database, serialises simultaneous saves: one wins, the others get the conflict page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's own locking"
)
def test_simultaneous_saves_of_one_project_give_one_win_and_conflict_pages(tmp_path):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="budget_perf.test_settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
    )
    script = (Path(__file__).parent / "concurrent_saves.py").read_text()
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    outcomes, journal = result.stdout.split("\n")[:2]
    assert outcomes.split() == ["conflict"] * 9 + ["saved"]
    assert journal == "wal"
