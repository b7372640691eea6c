"""The slowest SQL statements behind the province benchmark's pages, with their PostgreSQL plans.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bureau_bench DEBUG=1 \\
        .venv/bin/python bench/slowest_queries.py [--top 3]

Requests each page of bench/province_bench.py in-process, one at a time (Django's test client, no server), as
the same logins; records every statement with its time, and prints the --top slowest distinct SELECT statements with
EXPLAIN (ANALYZE, BUFFERS) as Markdown. Run it against a province made by `generate_province`."""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budget_perf.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.province_bench import ADMIN_SEARCHES, YEAR  # noqa: E402
from projects.models import Document, Project  # noqa: E402


def pages() -> list[tuple[str, str]]:
    code = Document.objects.filter(year=YEAR).exclude(department__code="711").order_by("department__code")[500]
    code = code.department.code
    project = Project.objects.filter(document__department__code=code, document__year=YEAR).first()
    return [
        ("filler", "/"),
        ("bureau_reviewer", f"/bureau/{YEAR}/"),
        ("bureau_reviewer", f"/bureau/{YEAR}/?page=12&sort=-errors"),
        ("bureau_reviewer", f"/bureau/{YEAR}/?has_errors=yes&department=模拟部门3"),
        ("bureau_reviewer", f"/documents/{code}/{YEAR}/"),
        ("bureau_reviewer", f"/projects/{project.pk}/"),
        ("bureau_reviewer", f"/review/{code}/{YEAR}/"),
        ("bureau_reviewer", f"/reports/{code}/{YEAR}/"),
        *(("admin", url) for url in ADMIN_SEARCHES),
        ("admin", "/admin/indicators/indicator/"),
        ("auditor", "/"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    users = get_user_model().objects
    timings: dict[str, tuple[float, str]] = {}
    for username, url in pages():
        client = Client()
        client.force_login(users.get(username=username))
        client.get(url)  # warm caches, as a page a user opens twice
        started = time.monotonic()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        wall = time.monotonic() - started
        total = sum(float(q["time"]) for q in captured.captured_queries)
        print(
            f"- `{url}` ({username}): {status}, {wall * 1000:.0f} ms, "
            f"{len(captured)} queries taking {total * 1000:.0f} ms"
        )
        for query in captured.captured_queries:
            if not query["sql"].startswith("SELECT"):
                continue  # COMMIT, SAVEPOINT: their time is the transaction's, not a plan's
            seconds = float(query["time"])
            if seconds > timings.get(query["sql"], (0, ""))[0]:
                timings[query["sql"]] = (seconds, url)
    slowest = sorted(timings.items(), key=lambda item: -item[1][0])[: args.top]
    with connection.cursor() as cursor:
        for number, (sql, (seconds, url)) in enumerate(slowest, 1):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n### {number}. {seconds * 1000:.0f} ms, from `{url}`\n\n```sql\n{sql}\n```\n\n```\n{plan}\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
