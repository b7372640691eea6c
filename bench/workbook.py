"""Benchmark of the Excel export and import: one document of 1,000 projects x 15 indicators.

    .venv/bin/python bench/workbook.py [--projects 1000] [--indicators 15]

Each step runs in its own process so that its peak memory (maximum resident set size) is its own.
The databases are throwaway SQLite files. Results are copied into docs/benchmarks.md.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budget_perf.settings")
    import django

    django.setup()


def build(projects: int, indicators: int) -> None:
    """A draft document for department 711 with the given number of projects, each like the seed's."""
    from django.core.management import call_command

    from indicators.models import Framework, Indicator, Subcategory
    from projects.models import BudgetUnit, Department, Document, PlanEntry, Project

    call_command("migrate", verbosity=0)
    department = Department.objects.create(code="711", name="正定县总工会")
    unit = BudgetUnit.objects.create(department=department, code="711001", name="正定县总工会本级")
    document = Document.objects.create(
        department=department,
        year=2022,
        prepared_by="正定县总工会",
        approving_authority="正定县财政局",
        framework=Framework.objects.get(code="legacy"),
    )
    subcategories = list(Subcategory.objects.filter(category__framework__code="legacy").order_by("category", "id"))
    created = Project.objects.bulk_create(
        Project(
            document=document,
            unit=unit,
            code=f"13012322P{n:011d}X",
            name=f"困难职工帮扶资金（第{n}批）",
            budget=Decimal("17.63"),
            fiscal_funds=Decimal("15.00"),
            other_funds=Decimal("2.63"),
            purpose="对全县特困职工和困难职工进行生活救助及节日慰问，做好建档职工帮扶救助工作",
            goal="1.确保在职人员养老、医疗保险按月及时缴纳。\n2.对困难职工及劳模实施帮扶救助，包括生活救助、医疗救助、子女助学等三个方面",
            position=n,
        )
        for n in range(1, projects + 1)
    )
    plan = [(3, "4.40"), (6, "8.80"), (10, "13.20"), (12, "17.63")]
    PlanEntry.objects.bulk_create(PlanEntry(project=p, month=m, amount=Decimal(a)) for p in created for m, a in plan)
    values = ["≥90", "100", "≤5天", "≥95%", "帮扶救助后职工困难得到缓解，生活状况有所提高"]
    rows = []
    for project in created:
        for i in range(indicators):
            indicator = Indicator(
                project=project,
                subcategory=subcategories[i * len(subcategories) // indicators],
                name=f"建档职工帮扶救助率{i + 1}",
                description="困难职工精准建档后按项目实施救助，享受帮扶救助的职工本地建档困难职工的比率。审核建档，查阅资金拨付明细。",
                position=i + 1,
            )
            indicator.set_value(values[i % len(values)])
            rows.append(indicator)
    Indicator.objects.bulk_create(rows, batch_size=2000)


def edit(path: str, changed: str) -> None:
    """The same workbook with every project renamed, every indicator reworded and the last project dropped."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    projects, indicators = workbook["项目"], workbook["指标"]
    for row in projects.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].value = f"{row[0].value}（修订）"
    for row in indicators.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].value = f"{row[0].value}（修订）"
    last_code = projects.cell(row=projects.max_row, column=3).value
    projects.delete_rows(projects.max_row)
    first = next(r for r in range(2, indicators.max_row + 1) if indicators.cell(row=r, column=1).value == last_code)
    indicators.delete_rows(first, indicators.max_row - first + 1)
    workbook.save(changed)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, args) -> dict:
    """Run in a child process: one measured step, reported as JSON on stdout."""
    django_setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.models import Document

    if name == "build":
        build(args.projects, args.indicators)
        return {}
    if name == "edit":
        edit(args.file, args.changed)
        return {}
    if name == "build-empty":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return {}
    baseline = peak_mb()
    source = args.changed if name == "import-changed" else args.file
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        if name == "export":
            from workbooks.exporter import export_document

            export_document(Document.objects.get()).save(args.file)
        else:
            from workbooks.importer import workbook_import

            result = workbook_import(source=source, dry_run=name == "dry-run")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    report = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_mb": round(peak_mb())}
    report["baseline_mb"] = round(baseline)
    report["queries"] = len(queries.captured_queries)
    if name != "export":
        report["changes"] = result.summary
    else:
        report["file_mb"] = round(Path(args.file).stat().st_size / 1024 / 1024, 1)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=15)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--changed", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args), ensure_ascii=False))
        return

    with tempfile.TemporaryDirectory() as tmp:
        workbook, changed = Path(tmp) / "bench.xlsx", Path(tmp) / "changed.xlsx"

        def run(name: str, database: str) -> dict:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/{database}.sqlite3", "DEBUG": "1"}
            command = [sys.executable, __file__, "--step", name, "--file", str(workbook), "--changed", str(changed)]
            command += ["--projects", str(args.projects), "--indicators", str(args.indicators)]
            out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
            return json.loads(out.strip().splitlines()[-1])

        run("build", "source")
        run("build-empty", "empty")
        size = f"{args.projects} projects x {args.indicators} indicators"
        results = {
            f"export ({size})": run("export", "source"),
            "import into an empty database": run("import", "empty"),
            "dry run over the stored document": run("dry-run", "empty"),
            "re-import over the stored document (nothing changes)": run("import", "empty"),
        }
        run("edit", "empty")
        results["re-import: every project and indicator changed, one project removed"] = run("import-changed", "empty")
        for name, report in results.items():
            print(f"{name}: {json.dumps(report, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
