"""Benchmark of the editor's suggestion endpoint with a library of 10,000 entries.

    .venv/bin/python bench/library_bench.py [--entries 10000] [--requests 400] [--write docs/benchmarks.md]

Works in a temporary folder with its own SQLite database: the seed document, a 填报人 of its department and a
generated library (a tenth curated, names built from common indicator words, random use counts and keywords).
Each request goes through the whole Django stack (middleware, session, login, access check) with the test
client, timed in process; typed text varies between nothing, one and two characters and a longer name. Two
layouts are measured: the entries spread over the framework's 二级 as in practice, and all of them under the one
二级 asked for, the worst case. Results are printed as Markdown and, with --write, replace the figures between
the library-bench markers of the given file.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- library-bench:start -->", "<!-- library-bench:end -->"
SUBJECTS = ["困难职工", "劳模", "退役军人", "办公楼", "会议", "培训", "慰问", "帮扶", "救助", "体检", "社保", "维修"]
MEASURES = ["人数", "次数", "完成率", "及时率", "覆盖率", "合格率", "满意度", "使用率", "发放率", "达标率", "知晓率"]
QUALIFIERS = ["", "年度", "季度", "按时", "资金", "项目", "日常", "专项", "应急", "全年"]
TYPED = ["", "", "及", "率", "及时", "职工", "困难职工帮扶", "满意度", "不存在的名称"]


def setup(folder: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "budget_perf.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "zhengding_union_2022", verbosity=0)
    from projects.models import Document
    from workflow.rollover import document_rollover

    # Suggestions are asked for in the 2023 draft, so last year's rows are looked up as well.
    seed = Document.objects.get(department__code="711", year=2022)
    document_rollover(document=seed, to_year=2023)


def names(count: int, rng: random.Random):
    seen = set()
    while len(seen) < count:
        name = f"{rng.choice(QUALIFIERS)}{rng.choice(SUBJECTS)}{rng.choice(QUALIFIERS)}{rng.choice(MEASURES)}"
        name = name if name not in seen else f"{name}{len(seen)}"
        seen.add(name)
    return list(seen)


def fill_library(count: int, *, spread: bool, rng: random.Random):
    from indicators.models import Subcategory
    from library.models import LibraryEntry, Source
    from library.names import normalise_name
    from projects.models import Document

    LibraryEntry.objects.all().delete()
    framework = Document.objects.get(department__code="711", year=2023).framework
    subcategories = list(Subcategory.objects.filter(category__framework=framework))
    asked = next(s for s in subcategories if s.name == "时效指标")
    targets = subcategories if spread else [asked]
    entries = []
    for index, subcategory in enumerate(targets):
        share = count // len(targets) + (index < count % len(targets))
        for name in names(share, rng):
            entries.append(
                LibraryEntry(
                    subcategory=subcategory,
                    name=name,
                    normalized_name=normalise_name(name),
                    definition=f"{name}的计算口径说明",
                    comparator="≥",
                    unit="%",
                    keywords="、".join(rng.sample(SUBJECTS, 2)),
                    source=Source.CURATED if rng.random() < 0.1 else Source.LEARNED,
                    use_count=rng.randint(0, 50),
                    common_value="≥95",
                )
            )
    LibraryEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries), sum(1 for e in entries if e.subcategory_id == asked.pk)


def measure(requests: int, rng: random.Random) -> dict:
    from django.contrib.auth.models import Group, User
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from projects.models import Document

    document = Document.objects.get(department__code="711", year=2023)
    user, created = User.objects.get_or_create(username="bench-filler")
    if created:
        user.groups.add(Group.objects.get(name="填报人"))
        document.department.members.add(user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    project = document.projects.order_by("position").first()
    url = reverse("library:suggestions", args=["711", 2023])
    timings, cpu, queries = [], [], []
    for number in range(requests + 20):
        params = {
            "category": "产出指标",
            "subcategory": "时效指标",
            "q": rng.choice(TYPED),
            "code": project.code,
            "name": project.name,
            "purpose": project.purpose,
        }
        reset_queries()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu_started
        assert response.status_code == 200, response.status_code
        if number >= 20:  # the first requests warm caches and connections
            timings.append(elapsed * 1000)
            cpu.append(cpu_elapsed * 1000)
            queries.append(len(connection.queries))
    timings.sort()
    cpu.sort()
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "max": timings[-1],
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": percentile(cpu, 95),
        "queries": max(queries),
    }


def percentile(ordered: list[float], pct: int) -> float:
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    rng = random.Random(16)
    load_before = os.getloadavg()
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        for spread, label in ((True, "spread over the framework's 二级"), (False, "all under the 二级 asked for")):
            total, asked = fill_library(args.entries, spread=spread, rng=rng)
            result = measure(args.requests, rng)
            lines.append(
                f"| {total:,} entries, {label} ({asked:,} in it) | {result['p50']:.1f} ms | "
                f"**{result['p95']:.1f} ms** | {result['max']:.1f} ms | {result['cpu_p50']:.1f} ms | "
                f"{result['cpu_p95']:.1f} ms | {result['queries']} |"
            )
    load_after = os.getloadavg()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            f"Measured {now} with `bench/library_bench.py` on this machine (2 cores, shared); load average "
            f"(1, 5, 15 min) {' '.join(f'{x:.2f}' for x in load_before)} before, "
            f"{' '.join(f'{x:.2f}' for x in load_after)} after. {args.requests} requests per layout, "
            "timed in process through the whole Django stack (SQLite): wall time, and the CPU time of the process "
            "(what the request costs when the machine is not shared).",
            "",
            "| library | p50 | p95 | slowest | CPU p50 | CPU p95 | queries per request |",
            "|---|---|---|---|---|---|---|",
            *lines,
        ]
    )
    print(text)
    if args.write:
        content = args.write.read_text(encoding="utf-8")
        block = f"{START}\n{text}\n{END}"
        if START in content:
            content = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, content, flags=re.S)
        else:
            content = content.rstrip("\n") + "\n\n" + block + "\n"
        args.write.write_text(content, encoding="utf-8")


if __name__ == "__main__":
    main()
