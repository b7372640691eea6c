"""End-to-end tests drive Debian's Chromium (the `chromium` package) through Playwright; nothing is downloaded."""

import os
import shutil
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType

# pytest-django's live_server runs the app in a thread while Playwright's sync API keeps an event loop in the
# test's thread; Django's async-safety check would refuse every ORM call made from the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DATA_MIGRATIONS = [
    ("indicators.migrations.0003_frameworks", "create_frameworks"),
    ("projects.migrations.0002_roles", "create_roles"),
]


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
def migration_data(transactional_db):
    """The roles and indicator frameworks that migrations create.

    The browser tests need committed data (the live server reads through its own connection on PostgreSQL),
    so each one runs in a transactional test whose teardown empties every table, including what data
    migrations made. Django's serialized rollback cannot be relied on here: Playwright's sync API runs the test
    in a context where the connection carrying the serialized copy is not the one in use. Running the
    migrations' own (idempotent) functions again restores exactly what they create.
    """
    ContentType.objects.clear_cache()
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(django_apps, None)
