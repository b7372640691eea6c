"""Benchmark of the printed report: HTML, PDF cold and after an edit, against Chromium printing the same HTML.

    .venv/bin/python bench/report_bench.py [--projects 200] [--repeat 3] [--write docs/benchmarks.md]

Every PDF figure is measured in a fresh process (so nothing is warm that a first download would not have) and
timed inside it, net of Python and Django start-up; the whole command's wall time is given too. Work happens in
a temporary folder: its own SQLite database and report store. Results are printed as Markdown and, with --write,
replace the figures between the report-bench markers of the given file (its Report section).
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
START, END = "<!-- report-bench:start -->", "<!-- report-bench:end -->"


def django_setup(store: str | None = None):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budget_perf.settings")
    if store:
        os.environ["REPORTS_CACHE_DIR"] = store
    import django

    django.setup()


def worker(args) -> dict:
    """Runs inside a fresh process: one measurement, reported as JSON on stdout."""
    django_setup(args.store)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.models import Document
    from projects.selectors import document_report
    from reports import pdf as report_pdf

    if args.measure == "setup":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("loaddata", "zhengding_union_2022", verbosity=0)
    document = Document.objects.get(department__code="711", year=2022)
    if args.measure == "setup":
        if args.projects > 6:
            from tests.conftest import grow_document

            grow_document(document, copies=-(-(args.projects - 6) // 6))
            extra = document.projects.order_by("-position")[: document.projects.count() - args.projects]
            document.projects.filter(pk__in=[p.pk for p in extra]).delete()
        return {"projects": document.projects.count()}
    if args.measure in ("edit", "rename"):
        # 资金用途 prints in the project's table only; its name prints in the 目录 too.
        field = "purpose" if args.measure == "edit" else "name"
        project = document.projects.order_by("position")[document.projects.count() // 2]
        setattr(project, field, f"{getattr(project, field)}（{time.time():.0f} 修改）")
        project.save(update_fields=[field])
        return {"edited": project.name}
    if args.measure == "html":
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                html = report_pdf.standalone_html(report_pdf.document_sources(document_report(document)))
            times.append(time.perf_counter() - started)
        Path(args.output).write_text(html, encoding="utf-8")
        return {"seconds": statistics.median(times), "queries": len(queries), "bytes": len(html.encode())}
    layouts = [(0, 0)]
    started = time.perf_counter()
    result = report_pdf.build_pdf(
        report_pdf.document_sources(document_report(document)),
        use_cache=args.measure != "pdf-no-cache",
        progress=lambda done, total: layouts.append((done, total)),
    )
    seconds = time.perf_counter() - started
    report_pdf.shut_down_workers()
    Path(args.output).write_bytes(result.content)
    return {
        "seconds": seconds,
        "pages": result.pages,
        "bytes": len(result.content),
        "parts_laid_out": layouts[-1][1],
        "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants: shared pages counted once overall, which
    RSS (counting a forked worker's inherited pages again in every worker) does not do."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, AttributeError):
            continue
    return total


QUIET = {"below": None, "seen": []}


def wait_until_quiet() -> None:
    """With --quiet-below, waits (up to ten minutes) for the machine's one-minute load to drop below it, since
    the cores are shared; the load at each measurement's start is kept for the report either way."""
    deadline = time.monotonic() + 600
    while QUIET["below"] is not None and os.getloadavg()[0] >= QUIET["below"] and time.monotonic() < deadline:
        time.sleep(5)
    QUIET["seen"].append(os.getloadavg()[0])


def run_worker(env: dict, measure: str, output: Path, repeat: int = 1, projects: int = 6) -> dict:
    if measure in ("pdf", "html"):
        wait_until_quiet()
    command = [PYTHON, __file__, "--measure", measure, "--store", env["STORE"], "--output", str(output)]
    command += ["--repeat", str(repeat), "--projects", str(projects)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak_kb = 0
    while process.poll() is None:
        peak_kb = max(peak_kb, tree_pss_kb(process.pid))
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    if process.returncode:
        sys.exit(f"{measure} failed:\n{stderr}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["peak_pss_mb"] = peak_kb / 1024
    return result


def chromium(html: Path, pdf: Path) -> dict:
    wait_until_quiet()
    profile = tempfile.mkdtemp(prefix="bench-chromium-")
    command = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri(),
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_kb = 0
    while process.poll() is None:
        peak_kb = max(peak_kb, tree_pss_kb(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    shutil.rmtree(profile, ignore_errors=True)
    if process.returncode:
        sys.exit(f"chromium failed with {process.returncode}")
    from pypdf import PdfReader

    return {"seconds": seconds, "pages": len(PdfReader(pdf).pages), "peak_pss_mb": peak_kb / 1024}


def median_of(runs: list[dict]) -> dict:
    out = dict(runs[0])
    for key in ("seconds", "wall"):
        if key in out:
            out[key] = statistics.median(run[key] for run in runs)
    return out


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", help="Markdown file whose Report section is replaced with the results")
    parser.add_argument("--quiet-below", type=float, help="wait for a one-minute load average below this first")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(worker(args)))
        return 0

    QUIET["below"] = args.quiet_below
    work = Path(tempfile.mkdtemp(prefix="report-bench-"))
    load_before = load()
    rows = {}
    try:
        for name, projects in (("seed", 6), ("large", args.projects)):
            env = dict(os.environ, DATABASE_URL=f"sqlite:///{work / name}.sqlite3", STORE=str(work / f"store-{name}"))
            env["PYTHONPATH"] = str(ROOT)
            setup = run_worker(env, "setup", work / "unused", projects=projects)
            html = run_worker(env, "html", work / f"{name}.html", repeat=5)
            cold = {}
            for processes in (1, 2):
                runs = []
                for _ in range(args.repeat):
                    # Emptying the folder is enough: parts whose files are gone count as not laid out.
                    shutil.rmtree(env["STORE"], ignore_errors=True)
                    runs.append(run_worker(dict(env, REPORTS_LAYOUT_PROCESSES=str(processes)), "pdf", work / "c.pdf"))
                cold[processes] = median_of(runs)
            edits = {}
            for kind in ("edit", "rename"):
                runs = []
                for _ in range(args.repeat):
                    run_worker(env, kind, work / "unused")
                    runs.append(run_worker(env, "pdf", work / f"{name}-edited.pdf"))
                edits[kind] = median_of(runs)
            run_worker(env, "html", work / f"{name}.html")
            chrome = median_of(
                [chromium(work / f"{name}.html", work / f"{name}-chromium.pdf") for _ in range(args.repeat)]
            )
            rows[name] = {
                "projects": setup["projects"],
                "html": html,
                "cold": cold[2],
                "cold1": cold[1],
                "edit": edits["edit"],
                "rename": edits["rename"],
            }
            rows[name]["chromium"] = chrome
            print(f"{name}: {json.dumps(rows[name], ensure_ascii=False)}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = markdown(rows, load_before, load(), args.repeat)
    print(report)
    if args.write:
        write_section(Path(args.write), report)
    return 0


def markdown(rows: dict, load_before: str, load_after: str, repeat: int) -> str:
    seed, large = rows["seed"], rows["large"]

    def ratio(ours: dict, theirs: dict) -> str:
        return f"{ours['seconds'] / theirs['seconds']:.2f}×"

    lines = [
        START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `bench/report_bench.py` on this machine "
        f"({os.cpu_count()} cores, shared); load average (1, 5, 15 min) {load_before} before, {load_after} after; "
        f"one-minute load at the start of the measurements {min(QUIET['seen']):.2f}–{max(QUIET['seen']):.2f}. "
        f"Medians of {repeat} runs; every PDF run in a fresh process, timed inside it (net of Python start-up), "
        "the whole command's wall time in brackets. Chromium: `chromium --headless --no-sandbox --disable-gpu "
        "--print-to-pdf --no-pdf-header-footer` of the same standalone HTML, timed as a whole (it has no "
        "start-up to subtract), without page numbers or 目录 numbers.",
        "",
        "| what | ours | Chromium | ours / Chromium |",
        "|---|---|---|---|",
        f"| seed HTML (6 projects) | {seed['html']['seconds'] * 1000:.0f} ms, {seed['html']['queries']} queries | | |",
        f"| {large['projects']}-project HTML | {large['html']['seconds'] * 1000:.0f} ms, "
        f"{large['html']['queries']} queries | | |",
        f"| seed PDF, cold, 2 layout processes | {seed['cold']['seconds']:.2f} s ({seed['cold']['wall']:.2f} s), "
        f"{seed['cold']['pages']} pages | {seed['chromium']['seconds']:.2f} s, {seed['chromium']['pages']} pages "
        f"| {ratio(seed['cold'], seed['chromium'])} |",
        f"| seed PDF after editing one project | {seed['edit']['seconds']:.2f} s ({seed['edit']['wall']:.2f} s), "
        f"{seed['edit']['parts_laid_out']} part laid out | | {ratio(seed['edit'], seed['chromium'])} |",
        f"| {large['projects']}-project PDF, cold, 2 layout processes | {large['cold']['seconds']:.2f} s "
        f"({large['cold']['wall']:.2f} s), "
        f"{large['cold']['pages']} pages, {large['cold']['bytes'] / 1e6:.1f} MB "
        f"| {large['chromium']['seconds']:.2f} s, {large['chromium']['pages']} pages "
        f"| {ratio(large['cold'], large['chromium'])} |",
        f"| {large['projects']}-project PDF, cold, 1 layout process | {large['cold1']['seconds']:.2f} s "
        f"({large['cold1']['wall']:.2f} s) | | {ratio(large['cold1'], large['chromium'])} |",
        f"| {large['projects']}-project PDF after editing one project's 资金用途 | {large['edit']['seconds']:.2f} s "
        f"({large['edit']['wall']:.2f} s), {large['edit']['parts_laid_out']} part laid out | | "
        f"{ratio(large['edit'], large['chromium'])} |",
        f"| {large['projects']}-project PDF after renaming one project (目录 changes) | "
        f"{large['rename']['seconds']:.2f} s ({large['rename']['wall']:.2f} s), "
        f"{large['rename']['parts_laid_out']} parts laid out | | {ratio(large['rename'], large['chromium'])} |",
        f"| {large['projects']}-project PDF, peak memory | {large['cold']['peak_pss_mb']:.0f} MB in all "
        f"(PSS of the command and its workers); RSS of the parent {large['cold']['parent_mb']:.0f} MB, of the "
        f"largest worker {large['cold']['worker_mb']:.0f} MB | "
        f"{large['chromium']['peak_pss_mb']:.0f} MB in all (PSS) | |",
        END,
    ]
    return "\n".join(lines)


def write_section(path: Path, report: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: report, text)
    else:
        text = f"{text.rstrip()}\n\n## Report\n\n{report}\n"
    path.write_text(text if text.endswith("\n") else f"{text}\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
