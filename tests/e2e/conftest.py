"""End-to-end tests drive Debian's Chromium (the `chromium` package) through Playwright; nothing is downloaded."""

import os
import shutil

import pytest

# pytest-django's live_server runs the app in a thread while Playwright's sync API keeps an event loop in the
# test's thread; Django's async-safety check would refuse every ORM call made from the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 768}}


@pytest.fixture(autouse=True)
def browser_test_data(migration_data):
    """Each browser test runs in a transactional test, which empties every table: the data migrations' rows are
    put back first (see tests/conftest.py)."""
