"""Load and fault test: gunicorn on 127.0.0.1 against PostgreSQL, driven by concurrent browser-like clients.

    .venv/bin/python bench/load_test.py [--clients 20] [--seconds 60] [--fault-seconds 30] [--workers 3]

1. Creates the database bp_load on 127.0.0.1:5432 (user postgres), migrates it and runs `setup_demo` (the seed
   document, loaded with `loaddata zhengding_union_2022`, plus one login per role).
2. Serves the app with gunicorn in production settings (DEBUG=0, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1;
   only the HTTPS-only switches are off, as the test speaks plain HTTP to the loopback address).
3. Load run: the clients log in once each as 填报人 (django-axes stays on; it only counts failed logins), then
   loop until the time is up, each step picking at random: the report page, the PDF download, or a save through
   the project editor (GET the page, change 预算数, 财政资金, the December plan and 资金用途, POST the form back with
   its hidden revision). A redirect acknowledges the save; the editor page shown again with its conflict notice
   is the refusal of a stale revision, a correct outcome.
4. Fault run: the same mix; part-way through, as soon as a save has written rows and not yet committed them,
   the gunicorn master, its workers and the task worker are killed with SIGKILL, and a new server is
   started.
5. After each run, with the server stopped, the database is checked: every acknowledged save is there, no
   refused save wrote anything, and no document is half-saved (see check_database).

Everything stays on 127.0.0.1; the database and the temporary folder are removed at the end. The figures and
checks are printed as Markdown.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DATABASE = "bp_load"
ADMIN_URL = f"postgresql://postgres@{HOST}:5432/postgres"
DEPARTMENT, YEAR = "711", 2022
LOGIN = ("filler", "demo-filler-2022")
# Share of each kind of step; a save is two requests (the editor page, then the POST).
MIX = {"report": 35, "pdf": 25, "save": 40}
MAX_STEPS_PER_CLIENT = 5000
REQUEST_TIMEOUT = 120
MARKER = re.compile(r" \[LT[^\]]*\]$")


# The database ----------------------------------------------------------------------------------------------


def admin_sql(statement: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(statement)


def create_database() -> None:
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DATABASE}")


def drop_database() -> None:
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def server_environment(workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "budget_perf.settings",
        "DATABASE_URL": f"postgresql://postgres@{HOST}:5432/{DATABASE}",
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


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


# The server ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn in a session of its own, with the task worker that renders PDFs in the same process group, so
    one signal reaches master, workers and the task worker."""

    def __init__(self, env: dict, port: int, workers: int, log: Path):
        self.env, self.port, self.workers, self.log = env, port, workers, log
        self.process: subprocess.Popen | None = None
        self.task_worker: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "budget_perf.wsgi:application"]
        command += ["--bind", f"{HOST}:{self.port}", "--workers", str(self.workers), "--timeout", "60"]
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
            self.task_worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                process_group=self.process.pid,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Browser(self.port).request("GET", "/accounts/login/").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def kill(self) -> tuple[int, int]:
        """SIGKILL to every process of the server; returns how many gunicorn workers and other processes (the task
        worker, its layout processes) it had."""
        group = self.process.pid
        processes = processes_in_group(group)
        workers = sum(1 for pid in processes if parent_of(pid) == group)
        os.killpg(group, signal.SIGKILL)
        self.process.wait()
        self.task_worker.wait()
        while processes_in_group(group):
            time.sleep(0.05)
        self.process = None
        return workers, len(processes) - workers - 1

    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid
        self.task_worker.terminate()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait()
        try:
            self.task_worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.task_worker.wait()
        if processes_in_group(group):
            os.killpg(group, signal.SIGKILL)
        self.process = None


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces): state, ppid, pgrp, …"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def parent_of(pid: int) -> int | None:
    fields = _stat(pid)
    return int(fields[1]) if fields else None


def processes_in_group(group: int) -> list[int]:
    pids = (int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    return [pid for pid in pids if (fields := _stat(pid)) and int(fields[2]) == group]


WRITE = re.compile(r'^(UPDATE|INSERT INTO|DELETE FROM) "(\w+)"')


def wait_for_uncommitted_write(*, give_up: float) -> tuple[list[str], int]:
    """Waits (a while at most) until a request of the server has written rows it has not committed yet, so that
    a kill then lands in the middle of a save. Returns what those transactions last wrote and how many
    transactions were open."""
    deadline = time.monotonic() + give_up
    with psycopg.connect(f"postgresql://postgres@{HOST}:5432/{DATABASE}", autocommit=True) as conn:
        while True:
            rows = conn.execute(
                "SELECT state, query FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            ).fetchall()
            # Idle in its transaction after a write: the statement has finished, the commit has not come yet.
            writes = [
                " ".join(match.groups())
                for state, query in rows
                if state == "idle in transaction" and (match := WRITE.match(query))
            ]
            if writes or time.monotonic() > deadline:
                return writes, len(rows)
            time.sleep(0.002)


# The clients -----------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """Just enough of a browser: cookies, form posts with the CSRF token, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: list[tuple[str, str]] | None = None) -> Response:
        headers = {"Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def log_in(self, username: str, password: str) -> None:
        page = self.request("GET", "/accounts/login/")
        fields = FormReader.read(page.text, match=("action", "/accounts/login/"))
        fields = [(k, v) for k, v in fields if k not in ("username", "password")]
        answer = self.request("POST", "/accounts/login/", [*fields, ("username", username), ("password", password)])
        if answer.status != 302:
            raise RuntimeError(f"login of {username} answered {answer.status}")


class FormReader(HTMLParser):
    """The fields a browser would submit from one form, in page order; rows inside <template> are not sent."""

    def __init__(self, match: tuple[str, str]):
        super().__init__()
        self.match = match
        self.in_form = False
        self.in_template = 0
        self.fields: list[tuple[str, str]] = []
        self._textarea: list | None = None
        self._select: dict | None = None

    @classmethod
    def read(cls, html: str, *, match: tuple[str, str]) -> list[tuple[str, str]]:
        """The fields of the first form whose attribute match[0] is match[1]."""
        reader = cls(match)
        reader.feed(html)
        reader.close()
        return reader.fields

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get(self.match[0]) == self.match[1]:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "template":
            self.in_template -= 1
        elif tag == "form":
            self.in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the newline that follows <textarea>, which Django's widget writes.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            if chosen is not None:
                self.fields.append((self._select["name"], chosen))
            self._select = None


@dataclass(frozen=True)
class Sample:
    kind: str  # report, pdf, editor, save
    status: int  # 0 when no answer came (connection refused or reset)
    seconds: float
    started: float
    outcome: str  # ok, acknowledged, refused, invalid, http <status>, or the exception's name


@dataclass(frozen=True)
class SaveAttempt:
    project: int
    revision: int  # the revision the save creates when it goes through
    marker: str
    budget: Decimal
    outcome: str


@dataclass
class Run:
    """What the clients of one run did; shared between their threads."""

    name: str
    seconds: float
    base_budgets: dict[int, Decimal]
    samples: list[Sample] = field(default_factory=list)
    saves: list[SaveAttempt] = field(default_factory=list)
    in_flight: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def plain_outcome(kind: str, response: Response) -> str:
    if response.status not in (200, 202, 302):
        return f"http {response.status}"
    if kind == "pdf" and response.status == 202:
        # The task worker is still rendering the latest save; the page shows its progress.
        return "ok"
    if kind == "pdf" and not response.body.startswith(b"%PDF-"):
        return "not a PDF"
    return "ok"


def save_outcome(kind: str, response: Response) -> str:
    """What the editor answered a save: a redirect acknowledges it, the page again with its conflict notice
    refuses a stale revision, the page again without one means the form found an error in the input."""
    if response.status == 302:
        return "acknowledged"
    if response.status == 200:
        return "refused" if 'class="conflict"' in response.text else "invalid"
    return f"http {response.status}"


def timed(run: Run, browser: Browser, kind: str, method: str, path: str, fields=None, outcome=plain_outcome):
    """The response and its outcome; (None, reason) when no answer came."""
    with run.lock:
        run.in_flight[kind] += 1
    started = time.monotonic()
    try:
        response = browser.request(method, path, fields)
        verdict = outcome(kind, response)
    except (OSError, http.client.HTTPException) as exc:
        response, verdict = None, type(exc).__name__
    finally:
        with run.lock:
            run.in_flight[kind] -= 1
    status = response.status if response else 0
    run.record(Sample(kind, status, time.monotonic() - started, started, verdict))
    return response, verdict


def save_step(run: Run, browser: Browser, rng: random.Random, client: int, step: int) -> bool:
    project = rng.choice(sorted(run.base_budgets))
    page, _ = timed(run, browser, "editor", "GET", f"/projects/{project}/")
    if page is None or page.status != 200:
        return page is not None
    posted = FormReader.read(page.text, match=("id", "project-form"))
    fields = dict(posted)
    # The budget moves up by up to 9.99 and December follows it; earlier checkpoints of the seed stay below.
    budget = run.base_budgets[project] + Decimal(rng.randint(1, 999)) / 100
    other = Decimal(fields["other_funds"] or "0")
    marker = f"[LT{run.name[0]}-c{client:02d}-{step}]"
    fields.update(
        budget=f"{budget:.2f}",
        fiscal_funds=f"{budget - other:.2f}",
        plan_12=f"{budget:.2f}",
        purpose=f"{MARKER.sub('', fields['purpose'])} {marker}",
    )
    form = [(name, fields[name]) for name, _ in posted]
    answer, verdict = timed(run, browser, "save", "POST", f"/projects/{project}/", form, save_outcome)
    with run.lock:
        run.saves.append(SaveAttempt(project, int(fields["revision"]) + 1, marker, budget, verdict))
    return answer is not None


def client_loop(run: Run, browser: Browser, client: int) -> None:
    rng = random.Random(f"{run.name}-{client}")
    kinds, weights = list(MIX), list(MIX.values())
    deadline = time.monotonic() + run.seconds
    for step in range(MAX_STEPS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        kind = rng.choices(kinds, weights)[0]
        if kind == "report":
            answered = timed(run, browser, "report", "GET", f"/reports/{DEPARTMENT}/{YEAR}/")[0] is not None
        elif kind == "pdf":
            answered = timed(run, browser, "pdf", "GET", f"/reports/{DEPARTMENT}/{YEAR}/pdf/")[0] is not None
        else:
            answered = save_step(run, browser, rng, client, step)
        if not answered:
            # The server is down: wait a little, as a person would before trying again.
            time.sleep(0.5)


class LoadSampler(threading.Thread):
    """The 1-minute load average every few seconds while a run lasts."""

    def __init__(self):
        super().__init__(daemon=True)
        self.values: list[float] = []
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(5):
            self.values.append(os.getloadavg()[0])


def drive(run: Run, browsers: list[Browser], during=None) -> dict:
    """Runs the clients; `during` (if any) runs alongside them in this thread."""
    sampler = LoadSampler()
    sampler.start()
    cpu_before = time.process_time()
    started = time.monotonic()
    extra = {}
    with ThreadPoolExecutor(len(browsers)) as pool:
        futures = [pool.submit(client_loop, run, browser, n) for n, browser in enumerate(browsers)]
        if during:
            extra = during()
        for future in futures:
            future.result()
    sampler.done.set()
    return {
        "wall": time.monotonic() - started,
        "client_cpu": time.process_time() - cpu_before,
        "load": sampler.values or [os.getloadavg()[0]],
        **extra,
    }


# The checks ------------------------------------------------------------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed_state() -> dict:
    from projects.models import Project
    from review.rulebook import review_document

    projects = Project.objects.filter(document__department__code=DEPARTMENT, document__year=YEAR)
    document = projects.first().document
    findings = review_document(document)
    return {
        "budgets": {p.pk: p.budget for p in projects},
        "indicators": {p.pk: p.indicators.count() for p in projects},
        "errors": finding_keys(findings, blocking=True),
        "warnings": finding_keys(findings, blocking=False),
    }


def finding_keys(findings, *, blocking: bool) -> set:
    return {
        (f.rule, f.project.pk if f.project else None, f.field, f.indicator.pk if f.indicator else None)
        for f in findings
        if f.is_blocking == blocking
    }


def check_database(run: Run, seed: dict) -> tuple[list[str], list[str], dict]:
    """What was verified, the problems found, and what became of saves that got no answer."""
    from django.db import connection

    from indicators.models import Indicator
    from projects import rules
    from projects.models import Document, PlanEntry, Project
    from review.rulebook import review_document

    verified, problems = [], []
    document = Document.objects.get(department__code=DEPARTMENT, year=YEAR)
    history = Project.history.model
    projects = {p.pk: p for p in Project.objects.filter(document=document)}

    acked = [s for s in run.saves if s.outcome == "acknowledged"]
    for save in acked:
        records = list(history.objects.filter(id=save.project, revision=save.revision))
        if len(records) != 1 or not records[0].purpose.endswith(save.marker) or records[0].budget != save.budget:
            problems.append(f"acknowledged save {save.marker} (project {save.project}, revision {save.revision}) lost")
    verified.append(
        f"all {len(acked)} acknowledged saves are in the project history at the revision they created, "
        "with the 资金用途 marker and 预算数 they wrote"
    )

    last_acked: dict[int, SaveAttempt] = {}
    for save in acked:
        if save.project not in last_acked or save.revision > last_acked[save.project].revision:
            last_acked[save.project] = save
    for pk, save in last_acked.items():
        project = projects[pk]
        if project.revision < save.revision:
            problems.append(f"project {pk} is at revision {project.revision}, older than acknowledged {save.revision}")
        elif project.revision == save.revision:
            plan_december = PlanEntry.objects.filter(project=project, month=12).values_list("amount", flat=True)
            if not project.purpose.endswith(save.marker) or project.budget != save.budget:
                problems.append(f"project {pk} does not hold its last acknowledged save {save.marker}")
            if list(plan_december) != [save.budget]:
                problems.append(f"project {pk}: December plan {list(plan_december)} is not the saved {save.budget}")
    verified.append(
        "each project holds the values (预算数, 资金用途, December plan) of its last acknowledged save, "
        "unless a later save went through without its answer reaching the client"
    )

    purposes = history.objects.filter(id__in=projects).values_list("purpose", flat=True)
    stored_markers = {m.group(0).strip() for m in map(MARKER.search, purposes) if m}
    refused = [s for s in run.saves if s.outcome in ("refused", "invalid")]
    for save in refused:
        if save.marker in stored_markers:
            problems.append(f"refused save {save.marker} was written")
    verified.append(f"none of the {len(refused)} refused saves wrote anything")
    unanswered = [s for s in run.saves if s.outcome not in ("acknowledged", "refused", "invalid")]
    committed_unanswered = [s for s in unanswered if s.marker in stored_markers]

    for project in projects.values():
        revisions = sorted(history.objects.filter(id=project.pk).values_list("revision", flat=True))
        if revisions != list(range(project.revision + 1)):
            problems.append(f"project {project.pk}: history revisions {revisions} for revision {project.revision}")
        latest = history.objects.filter(id=project.pk).order_by("-revision").first()
        if (latest.budget, latest.fiscal_funds, latest.purpose) != (
            project.budget,
            project.fiscal_funds,
            project.purpose,
        ):
            problems.append(f"project {project.pk}: its newest history record differs from the row")
        problems += [f"project {project.pk}: {m}" for m in rules.check_funds(*funds(project))]
        amounts = dict(PlanEntry.objects.filter(project=project).values_list("month", "amount"))
        for month, messages in rules.check_plan(project.budget, amounts, document.checkpoint_months).items():
            problems += [f"project {project.pk}, {month}月底: {m}" for m in messages]
        positions = sorted(Indicator.objects.filter(project=project).values_list("position", flat=True))
        if len(positions) != seed["indicators"][project.pk]:
            problems.append(f"project {project.pk} has {len(positions)} indicators, the seed {seed['indicators']}")
        if project.revision and positions != list(range(1, len(positions) + 1)):
            problems.append(f"project {project.pk}: indicator positions {positions} are not 1…n")
    verified.append(
        f"each of the {len(projects)} projects: history holds revisions 0…current exactly once each (no two saves "
        "from one revision, no revision claimed without its save); the newest history record equals the row; "
        "预算数 = 财政资金 + 其他资金 (rules.check_funds); the plan passes rules.check_plan against 预算数 and the "
        "document's checkpoints; indicators all there, positions 1…n"
    )

    findings = review_document(document)
    new_errors = finding_keys(findings, blocking=True) - seed["errors"]
    new_warnings = finding_keys(findings, blocking=False) - seed["warnings"]
    if new_errors:
        problems.append(f"review engine: new blocking findings {sorted(new_errors, key=str)}")
    if new_warnings:
        problems.append(f"review engine: new warnings {sorted(new_warnings, key=str)}")
    verified.append(
        f"review engine (review_document): {len(seed['errors'])} blocking findings and {len(seed['warnings'])} "
        "warnings as in the seed, none new"
    )
    if document.revision != 0 or document.status != Document.Status.DRAFT:
        problems.append(f"document changed: revision {document.revision}, status {document.status}")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_prepared_xacts")
        prepared = cursor.fetchone()[0]
    if others or prepared:
        problems.append(f"{others} other connections and {prepared} prepared transactions left in PostgreSQL")
    verified.append("no connection or transaction of the server is left open in PostgreSQL")
    connection.close()
    return (
        verified,
        problems,
        {
            "unanswered": len(unanswered),
            "committed_unanswered": len(committed_unanswered),
        },
    )


def funds(project) -> tuple:
    return project.budget, project.fiscal_funds, project.other_funds


def log_errors(log: Path) -> str:
    """What the server itself logged as going wrong (Django logs at WARNING and above, gunicorn its own)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return (
        f"server log: {text.count('Traceback')} tracebacks, {text.count('Internal Server Error')} internal "
        f"server errors, {text.count('[CRITICAL]')} critical and {text.count('[ERROR]')} error lines from gunicorn"
    )


def check_report_store(reports_dir: Path) -> tuple[str, list[str]]:
    """Every PDF the store's rows name opens and has pages: a killed render leaves no torn file that is used.
    (Files no row names, such as one a killed worker was writing, are prune_reports' to remove.)"""
    from pypdf import PdfReader

    from reports.models import DocumentRender, ReportChunk

    problems = []
    named = [*ReportChunk.objects.values_list("name", flat=True)]
    named += DocumentRender.objects.exclude(pdf_name="").values_list("pdf_name", flat=True)
    for name in named:
        try:
            if not PdfReader(reports_dir / name).pages:
                problems.append(f"{name} has no pages")
        except Exception as exc:  # any failure to parse is the finding itself
            problems.append(f"{name} does not open: {exc}")
    unnamed = len([p for p in reports_dir.rglob("*.pdf")]) - len(named)
    return f"all {len(named)} PDF files the report store names open with pypdf ({unnamed} unnamed files)", problems


# The report ------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summary(run: Run, facts: dict) -> str:
    seconds = facts["wall"]
    by_kind = defaultdict(list)
    for sample in run.samples:
        by_kind[sample.kind].append(sample)
    lines = [
        "| request | count | per s | p50 (ms) | p95 (ms) | max (ms) | outcomes |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in ("report", "pdf", "editor", "save"):
        samples = by_kind.get(kind, [])
        answered = [s.seconds * 1000 for s in samples if s.status]
        outcomes = ", ".join(f"{name} {n}" for name, n in Counter(s.outcome for s in samples).most_common())
        if answered:
            p50, p95, top = percentile(answered, 50), percentile(answered, 95), max(answered)
            figures = f"{p50:.0f} | {p95:.0f} | {top:.0f}"
        else:
            figures = "– | – | –"
        lines.append(f"| {kind} | {len(samples)} | {len(samples) / seconds:.1f} | {figures} | {outcomes} |")
    server_errors = sum(1 for s in run.samples if s.status >= 500)
    no_answer = sum(1 for s in run.samples if s.status == 0)
    load = facts["load"]
    lines += [
        "",
        f"- duration {facts['wall']:.1f} s, {len(run.samples)} requests, {len(run.samples) / seconds:.1f} requests/s",
        f"- 5xx answers: {server_errors}; requests with no answer: {no_answer}",
        f"- saves: {Counter(s.outcome for s in run.saves)}",
        f"- load average (1 min) during the run: {min(load):.2f}–{max(load):.2f}, mean {statistics.mean(load):.2f}",
        f"- CPU used by the client threads: {facts['client_cpu']:.1f} s",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--fault-seconds", type=float, default=30, help="0 leaves the fault run out")
    parser.add_argument("--kill-after", type=float, default=10, help="seconds into the fault run")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bp-load-"))
    env = server_environment(workdir)
    server = Server(env, free_port(), args.workers, workdir / "load.log")
    failed = False
    try:
        create_database()
        manage(env, "migrate", "--no-input")
        manage(env, "setup_demo")
        django_setup(env)
        seed = seed_state()
        print(f"# Load test, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
        print(f"{args.clients} clients, gunicorn with {args.workers} sync workers, {os.cpu_count()} cores\n")

        server.start()
        browsers = [Browser(server.port) for _ in range(args.clients)]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda b: b.log_in(*LOGIN), browsers))

        load = Run("load", args.seconds, seed["budgets"])
        facts = drive(load, browsers)
        server.stop()
        print(f"## Load run ({args.seconds:.0f} s)\n\n{summary(load, facts)}\n")
        verified, problems, extra = check_database(load, seed)
        failed |= report_checks([*verified, log_errors(server.log)], problems, extra)
        failed |= any(s.status >= 500 or s.status == 0 for s in load.samples)

        if not args.fault_seconds:
            return 1 if failed else 0
        server.log = workdir / "fault.log"
        server.start()
        fault = Run("fault", args.fault_seconds, seed["budgets"])

        def kill_and_restart() -> dict:
            time.sleep(args.kill_after)
            writes, transactions = wait_for_uncommitted_write(give_up=15)
            in_flight = dict(fault.in_flight)
            workers, layout = server.kill()
            down = time.monotonic()
            time.sleep(1)
            server.start()
            return {
                "in_flight": in_flight,
                "workers": workers,
                "layout": layout,
                "down": time.monotonic() - down,
                "transactions": transactions,
                "writes": writes,
            }

        facts = drive(fault, browsers, during=kill_and_restart)
        server.stop()
        print(f"## Fault run ({args.fault_seconds:.0f} s, SIGKILL after {args.kill_after:.0f} s)\n")
        print(
            f"- SIGKILL to the gunicorn master, its {facts['workers']} workers and {facts['layout']} other "
            "processes (the task worker), with requests sent and not yet answered: "
            f"{ {k: v for k, v in facts['in_flight'].items() if v} }; a new server answered "
            f"{facts['down']:.1f} s later\n"
        )
        print(
            f"- at that moment PostgreSQL had {facts['transactions']} open transactions of the server, "
            f"{len(facts['writes'])} of them with rows already written and not committed "
            f"(their last statements: {', '.join(facts['writes']) or 'none'})\n"
        )
        print(f"{summary(fault, facts)}\n")
        verified, problems, extra = check_database(fault, seed)
        store_verified, store_problems = check_report_store(workdir / "reports")
        failed |= report_checks([*verified, store_verified, log_errors(server.log)], problems + store_problems, extra)
        failed |= any(s.status >= 500 for s in fault.samples)
    finally:
        server.stop()
        from django.db import connections

        connections.close_all()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


def report_checks(verified: list[str], problems: list[str], extra: dict) -> bool:
    print("Checked after the run, with the server stopped:\n")
    for line in verified:
        print(f"- {line}")
    print(
        f"- saves without an answer: {extra['unanswered']}, of which {extra['committed_unanswered']} were "
        "committed whole (found in the history) and the rest left no trace"
    )
    print(f"\n**Problems: {len(problems)}**\n")
    for line in problems:
        print(f"- {line}")
    return bool(problems)


if __name__ == "__main__":
    sys.exit(main())
