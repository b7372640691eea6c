"""Real `manage.py db_worker` processes render PDFs from the test database, and one killed mid-render blocks
nothing. The test settings keep that database in a file so the worker processes share it."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from reports import renders, store
from reports.models import DocumentRender
from reports.tasks import enqueue_render
from tests.conftest import grow_document
from tests.reports.texts import pdf_pages

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]

ROOT = Path(__file__).resolve().parents[2]
STALE_SECONDS = 3


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    return f"postgresql://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPORTS_RENDER_STALE_SECONDS = STALE_SECONDS


@contextmanager
def worker(report_store: Path, **environment):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "budget_perf.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "REPORTS_CACHE_DIR": str(report_store),
        "REPORTS_RENDER_STALE_SECONDS": str(STALE_SECONDS),
        **environment,
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=60)
        process.stderr.close()


def wait_for(condition, what: str, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def current_pdf(document) -> DocumentRender | None:
    render = DocumentRender.objects.filter(document=document).first()
    return render if renders.is_current(render) and render.state == DocumentRender.State.IDLE else None


def test_a_worker_process_renders_the_pdf_after_a_save(seed, database_queue, report_store):
    with worker(report_store):
        seed.projects.filter(position=1).update(purpose="对困难职工帮扶救助（由任务进程排版）")
        render = wait_for(lambda: current_pdf(seed), "the render")
    text = "".join(pdf_pages(store.open_pdf(render.pdf_name).read()))
    assert "由任务进程排版" in text


def test_a_worker_killed_mid_render_leaves_nothing_that_blocks_the_next_render(seed, database_queue, report_store):
    grow_document(seed, copies=2)
    with worker(report_store, REPORTS_TASK_PARTS="6") as doomed:
        enqueue_render(seed.pk)
        wait_for(
            lambda: DocumentRender.objects.filter(document=seed, state=DocumentRender.State.RUNNING).exists(),
            "the render to start",
        )
        doomed.send_signal(signal.SIGKILL)
    killed = DocumentRender.objects.get(document=seed)
    assert killed.state == DocumentRender.State.RUNNING
    time.sleep(STALE_SECONDS + 0.5)
    seed.projects.filter(position=2).update(purpose="杀掉任务进程之后的修改")
    with worker(report_store, REPORTS_TASK_PARTS="6"):
        render = wait_for(lambda: current_pdf(seed), "the render after the killed one")
    assert render.token == ""
    assert "杀掉任务进程之后的修改" in "".join(pdf_pages(store.open_pdf(render.pdf_name).read()))
