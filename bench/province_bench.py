"""Province-scale benchmark: the pages a county's staff and its finance bureau use, over 1,000 departments on
PostgreSQL, with concurrent clients through gunicorn on the loopback address.

    .venv/bin/python bench/province_bench.py [--database-url URL] [--clients 50] [--seconds 15] [--workers 5]
        [--departments 1000] [--pages bureau,document,...]

1. Migrates the database (default postgresql://postgres@127.0.0.1:5432/bureau_bench; create it first), loads the
   demo logins (`setup_demo`) and fills the province with `generate_province` up to --departments departments of
   20 projects × 15 indicators (skipped when they are there). The demo 填报人 is made a member of the first three
   generated departments that are still editable, so the editor save has 50 projects of its own to save.
2. Serves the app with gunicorn in production settings (DEBUG=0) on 127.0.0.1.
3. For each page in turn, --clients clients request it back to back (no think time) for --seconds seconds,
   sharing one session per login (logging 50 clients in would only measure password hashing):
   dashboard (the 填报人's /), bureau (the bureau's list, random page, some with filters), document (a random
   department's document page), save (GET the editor of the client's own project, then POST it with a changed
   资金用途; only the POST is timed), admin (project, indicator and document changelists with a search),
   review (a random department's review page), report (a random department's report as HTML).
4. Prints one Markdown table of p50/p95/max per page, with the requests per second and the load average.
"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_test import HOST, ROOT, Browser, FormReader, LoadSampler, Server, free_port, percentile  # noqa: E402

DEFAULT_DATABASE = f"postgresql://postgres@{HOST}:5432/bureau_bench"
YEAR = 2022
LOGINS = {
    "filler": ("filler", "demo-filler-2022"),
    "bureau": ("bureau_reviewer", "demo-bureau-2022"),
    "admin": ("admin", "demo-admin-2022"),
}
ADMIN_SEARCHES = [
    "/admin/projects/project/?q=培训",
    "/admin/projects/project/?q=130123",
    "/admin/indicators/indicator/?q=满意度",
    "/admin/projects/document/?q=模拟部门12",
]
BUREAU_FILTERS = ["", "&status=submitted", "&has_errors=yes", "&department=模拟部门3"]
PAGES = ["dashboard", "bureau", "document", "save", "admin", "review", "report"]


def environment(database_url: str, workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "budget_perf.settings",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_DIR": str(workdir / "cache"),
        "REPORTS_CACHE_DIR": str(workdir / "reports"),
        "WORKBOOK_UPLOAD_DIR": str(workdir / "uploads"),
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


PREPARE = """
from projects.models import Department, Document, Project
from django.contrib.auth import get_user_model
filler = get_user_model().objects.get(username="filler")
editable = Document.objects.filter(year={year}, status__in=["draft", "returned"]).exclude(department__code="711")
for document in editable.order_by("department__code")[:3]:
    document.department.members.add(filler)
projects = Project.objects.filter(document__department__members=filler, document__year={year})
projects = projects.exclude(document__department__code="711").order_by("document__department__code", "position")
codes = Document.objects.filter(year={year}).values_list("department__code", flat=True)
print(" ".join(str(pk) for pk in projects.values_list("pk", flat=True)))
print(" ".join(codes))
"""


def prepare(env: dict, departments: int) -> tuple[list[int], list[str]]:
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "setup_demo")
    print(manage(env, "generate_province", "--departments", str(departments)).strip(), file=sys.stderr)
    projects, codes = manage(env, "shell", "-v", "0", "-c", PREPARE.format(year=YEAR)).strip().splitlines()[-2:]
    return [int(pk) for pk in projects.split()], codes.split()


class Clients:
    """One logged-in session per role, shared by every client thread (sessions do not mind)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = {}
        for role, (username, password) in LOGINS.items():
            browser = Browser(port)
            browser.log_in(username, password)
            self.cookies[role] = dict(browser.cookies)

    def browser(self, role: str) -> Browser:
        browser = Browser(self.port)
        browser.cookies = dict(self.cookies[role])
        return browser


def request_for(page: str, rng: random.Random, codes: list[str], pages_of_bureau: int) -> tuple[str, str]:
    code = rng.choice(codes)
    if page == "dashboard":
        return "filler", "/"
    if page == "bureau":
        return "bureau", f"/bureau/{YEAR}/?page={rng.randint(1, pages_of_bureau)}{rng.choice(BUREAU_FILTERS)}"
    if page == "document":
        return "bureau", f"/documents/{code}/{YEAR}/"
    if page == "admin":
        return "admin", rng.choice(ADMIN_SEARCHES)
    if page == "review":
        return "bureau", f"/review/{code}/{YEAR}/"
    return "bureau", f"/reports/{code}/{YEAR}/"


def run_page(page: str, clients: Clients, args, codes: list[str], projects: list[int]) -> dict:
    timings: list[float] = []
    statuses = defaultdict(int)
    pages_of_bureau = max(1, len(codes) // 50)

    def client(number: int) -> None:
        rng = random.Random(f"{page}-{number}")
        browsers = {role: clients.browser(role) for role in LOGINS}
        deadline = time.monotonic() + args.seconds
        step = 0
        while time.monotonic() < deadline:
            step += 1
            if page == "save":
                project = projects[number % len(projects)]
                browser = browsers["filler"]
                editor = browser.request("GET", f"/projects/{project}/")
                fields = dict(FormReader.read(editor.text, match=("id", "project-form")))
                fields["purpose"] = f"{fields.get('purpose', '').split(' [PB')[0]} [PB{number}-{step}]"
                method, path, form = "POST", f"/projects/{project}/", list(fields.items())
            else:
                role, path = request_for(page, rng, codes, pages_of_bureau)
                browser, method, form = browsers[role], "GET", None
            started = time.monotonic()
            response = browser.request(method, urllib.parse.quote(path, safe="/?&="), form)
            elapsed = time.monotonic() - started
            timings.append(elapsed * 1000)
            statuses[response.status] += 1

    sampler = LoadSampler()
    sampler.start()
    started = time.monotonic()
    with ThreadPoolExecutor(args.clients) as pool:
        for future in [pool.submit(client, n) for n in range(args.clients)]:
            future.result()
    wall = time.monotonic() - started
    sampler.done.set()
    return {
        "count": len(timings),
        "rate": len(timings) / wall,
        "p50": percentile(timings, 50),
        "p95": percentile(timings, 95),
        "max": max(timings),
        "statuses": dict(statuses),
        "load": statistics.mean(sampler.values or [os.getloadavg()[0]]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--departments", type=int, default=1000)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    pages = args.pages.split(",")
    workdir = Path(tempfile.mkdtemp(prefix="province-bench-"))
    env = environment(args.database_url, workdir)
    projects, codes = prepare(env, args.departments)
    server = Server(env, free_port(), args.workers, workdir / "gunicorn.log")
    server.start()
    try:
        clients = Clients(server.port)
        results = {page: run_page(page, clients, args, codes, projects) for page in pages}
    finally:
        server.stop()
    setup = f"{len(codes)} departments, {args.clients} clients, {args.workers} gunicorn workers"
    print(f"{setup}, {args.seconds:.0f} s per page\n")
    print("| page | requests | per s | p50 (ms) | p95 (ms) | max (ms) | answers | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    for page, r in results.items():
        answers = ", ".join(f"{status} × {n}" for status, n in sorted(r["statuses"].items()))
        print(
            f"| {page} | {r['count']} | {r['rate']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} "
            f"| {answers} | {r['load']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
