"""Benchmark of PDFs rendered by task workers: how long after a save the PDF is ready, and a download.

    DEBUG=1 .venv/bin/python bench/queue_bench.py [--projects 200] [--repeat 3] [--write docs/benchmarks.md]

Builds its own SQLite database and report store in a temporary folder (the seed grown to --projects projects),
starts real `manage.py db_worker` processes (one layout process each, polling every 0.1 s) and measures:

- a cold render (empty store) with 1 and with 2 workers, from enqueueing to the PDF being recorded as ready:
  the render fans its parts out as layout tasks, the last one joins;
- with 2 workers and a warm store, from saving one project's 资金用途 (or its name, which changes the 目录)
  to the new PDF being ready;
- a download of the current PDF through the view (Django's test client, no network), and its revalidation.

Chromium printing the same standalone HTML is timed for comparison. Results are printed as Markdown and, with
--write, replace the figures between the queue-bench markers of the given file.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- queue-bench:start -->", "<!-- queue-bench:end -->"
sys.path.insert(0, str(ROOT))
from bench.report_bench import chromium, load  # noqa: E402


def setup(work: Path, projects: int) -> dict:
    env = dict(
        os.environ,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="budget_perf.settings",
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        REPORTS_CACHE_DIR=str(work / "store"),
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from projects.models import Document
    from tests.conftest import grow_document

    call_command("migrate", verbosity=0)
    call_command("loaddata", "zhengding_union_2022", verbosity=0)
    document = Document.objects.get(department__code="711", year=2022)
    grow_document(document, copies=-(-(projects - 6) // 6))
    extra = document.projects.order_by("-position")[: document.projects.count() - projects]
    document.projects.filter(pk__in=[p.pk for p in extra]).delete()
    return env


@contextmanager
def workers(env: dict, count: int):
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=dict(env, REPORTS_LAYOUT_PROCESSES="1"), stderr=subprocess.DEVNULL)
        for _ in range(count)
    ]
    try:
        yield
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=120)


def wait_until_ready(document) -> float:
    from reports import renders
    from reports.models import DocumentRender

    while True:
        render = DocumentRender.objects.filter(document=document).first()
        if render is not None and render.state == DocumentRender.State.IDLE and renders.is_current(render):
            return time.perf_counter()
        time.sleep(0.01)


def empty_store(env: dict) -> None:
    from reports.models import DocumentRender, ReportChunk

    ReportChunk.objects.all().delete()
    DocumentRender.objects.all().delete()
    shutil.rmtree(env["REPORTS_CACHE_DIR"], ignore_errors=True)


def cold(env: dict, document, count: int, repeat: int) -> float:
    from reports.tasks import enqueue_render

    times = []
    with workers(env, count):
        # The first render is not counted: the workers are still starting, which long-running ones are not.
        for _ in range(repeat + 1):
            empty_store(env)
            started = time.perf_counter()
            enqueue_render(document.pk)
            times.append(wait_until_ready(document) - started)
    return statistics.median(times[1:])


def after_saves(env: dict, document, repeat: int) -> dict:
    from reports.tasks import enqueue_render

    middle = document.projects.order_by("position")[document.projects.count() // 2]
    results = {}
    with workers(env, 2):
        enqueue_render(document.pk)
        wait_until_ready(document)
        for field in ("purpose", "name"):
            times = []
            for n in range(repeat):
                started = time.perf_counter()
                # The edit lock announces the change when it commits; the receiver enqueues the render.
                document.projects.filter(pk=middle.pk).update(**{field: f"{getattr(middle, field)}（修改{n}）"})
                times.append(wait_until_ready(document) - started)
            results[field] = statistics.median(times)
    return results


def download(document, repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench", password="bench-only-password")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/reports/{document.department.code}/{document.year}/pdf/"
    full, revalidate, size, etag = [], [], 0, None
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        size = len(b"".join(response.streaming_content))
        full.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        etag = response["ETag"]
        started = time.perf_counter()
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
        revalidate.append(time.perf_counter() - started)
    return {"full": statistics.median(full), "revalidate": statistics.median(revalidate), "bytes": size}


def chromium_seconds(work: Path, document, repeat: int) -> dict:
    from projects.selectors import document_report
    from reports.pdf import document_sources, standalone_html

    html = work / "document.html"
    html.write_text(standalone_html(document_sources(document_report(document))), encoding="utf-8")
    runs = [chromium(html, work / "chromium.pdf") for _ in range(repeat)]
    return {"seconds": statistics.median(run["seconds"] for run in runs), "pages": runs[0]["pages"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", help="Markdown file whose queue-bench section is replaced with the results")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="queue-bench-"))
    load_before = load()
    try:
        env = setup(work, args.projects)
        from projects.models import Document

        document = Document.objects.select_related("department").get(department__code="711", year=2022)
        figures = {
            "cold1": cold(env, document, 1, args.repeat),
            "cold2": cold(env, document, 2, args.repeat),
            **after_saves(env, document, args.repeat),
            "download": download(document, max(args.repeat, 10)),
            "chromium": chromium_seconds(work, document, args.repeat),
        }
        from reports.models import DocumentRender

        pages = DocumentRender.objects.get(document=document).pdf_pages
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = markdown(figures, args.projects, pages, load_before, load(), args.repeat)
    print(report)
    if args.write:
        write_section(Path(args.write), report)
    return 0


def markdown(f: dict, projects: int, pages: int, load_before: str, load_after: str, repeat: int) -> str:
    chrome = f["chromium"]["seconds"]

    def row(what: str, seconds: float, against: bool = True) -> str:
        return f"| {what} | {seconds:.2f} s | {f'{seconds / chrome:.2f}×' if against else ''} |"

    download = f["download"]
    lines = [
        START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `bench/queue_bench.py` on this machine "
        f"({os.cpu_count()} cores, shared); load average (1, 5, 15 min) {load_before} before, {load_after} after. "
        f"{projects} projects, {pages} pages; SQLite; `db_worker` processes with one layout process each, polling "
        f"every 0.1 s; medians of {repeat} runs. Chromium printing the same HTML: {chrome:.2f} s, "
        f"{f['chromium']['pages']} pages.",
        "",
        "| what | time | / Chromium |",
        "|---|---|---|",
        row("cold render, 1 worker (enqueue to PDF ready)", f["cold1"]),
        row("cold render, 2 workers", f["cold2"]),
        row("save of one project's 资金用途 to PDF ready, 2 workers", f["purpose"]),
        row("save renaming one project (目录 changes) to PDF ready, 2 workers", f["name"]),
        f"| download of the current PDF ({download['bytes'] / 1e6:.1f} MB, test client) | "
        f"{download['full'] * 1000:.0f} ms | |",
        f"| revalidation of the current PDF (304) | {download['revalidate'] * 1000:.0f} ms | |",
        END,
    ]
    return "\n".join(lines)


def write_section(path: Path, report: str) -> None:
    text = path.read_text(encoding="utf-8")
    if START in text:
        text = text[: text.index(START)] + report + text[text.index(END) + len(END) :]
    else:
        text = f"{text.rstrip()}\n\n## Renders on the task queue\n\n{report}\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
