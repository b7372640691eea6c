"""A province of generated departments for load and scale tests: each department gets one document shaped like
the seed (its projects, plan and indicators, cycled and resized), written with bulk inserts, many departments per
transaction, so a thousand departments take minutes, not hours.

The generated rows have no history records (bulk inserts skip django-simple-history): they stand for data that
was already there, not for edits anybody made."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle, islice

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from indicators.models import COPIED_FIELDS, Indicator
from projects.models import (
    BudgetUnit,
    Department,
    DepartmentGoal,
    Document,
    DocumentTransition,
    PlanEntry,
    Project,
)

SEED_DEPARTMENT, SEED_YEAR = "711", 2022
DEPARTMENT_CODES = [f"{number:03d}" for number in range(1000)]
# Every tenth document: returned, then three approved, three submitted, three drafts.
STATUS_CYCLE = ["returned"] + ["approved"] * 3 + ["submitted"] * 3 + ["draft"] * 3
PLAN_SHARES = {3: Decimal("0.25"), 6: Decimal("0.50"), 10: Decimal("0.80"), 12: Decimal("1")}
BATCH_DEPARTMENTS = 50
REVIEWER_USERNAME = "province_reviewer"
INDICATOR_FIELDS = [name for name in COPIED_FIELDS if name != "position"]


@dataclass(frozen=True)
class ProvinceSize:
    departments: int
    projects: int
    indicators: int
    year: int = SEED_YEAR


def _seed_document() -> Document:
    if not Document.objects.filter(department__code=SEED_DEPARTMENT, year=SEED_YEAR).exists():
        call_command("loaddata", "zhengding_union_2022", verbosity=0)
    return Document.objects.select_related("framework").get(department__code=SEED_DEPARTMENT, year=SEED_YEAR)


def _indicator_template(seed: Document, count: int) -> list[list[Indicator]]:
    """For each seed project, `count` of the seed's indicators starting at its own, grouped by category as printed."""
    indicators = list(
        Indicator.objects.filter(project__document=seed)
        .select_related("subcategory__category")
        .order_by("project__position", "position", "id")
    )
    starts = {}
    for index, indicator in enumerate(indicators):
        starts.setdefault(indicator.project_id, index)
    template = []
    for start in starts.values():
        picked = list(islice(cycle(indicators), start, start + count))
        picked.sort(key=lambda i: (i.subcategory.category.position, i.subcategory.position))
        template.append(picked)
    return template


def _money(project_index: int, department_index: int) -> tuple[Decimal, Decimal, Decimal]:
    budget = Decimal(5 + (project_index * 37 + department_index * 11) % 480) + Decimal("0.25") * (project_index % 4)
    other = Decimal(project_index % 3) if budget > 3 else Decimal(0)
    return budget, budget - other, other


def _reviewer():
    user, created = get_user_model().objects.get_or_create(
        username=REVIEWER_USERNAME, defaults={"last_name": "模拟", "first_name": "审核人"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _build_batch(codes: list[str], *, size: ProvinceSize, seed: Document, template, reviewer, offset: int) -> list:
    departments = Department.objects.bulk_create(Department(code=code, name=f"模拟部门{code}") for code in codes)
    units = BudgetUnit.objects.bulk_create(
        BudgetUnit(department=d, code=f"{d.code}001", name=f"{d.name}本级") for d in departments
    )
    documents = Document.objects.bulk_create(
        Document(
            department=d,
            year=size.year,
            prepared_by=d.name,
            approving_authority=seed.approving_authority,
            framework=seed.framework,
            checkpoint_months=list(PLAN_SHARES),
        )
        for d in departments
    )
    goals = DepartmentGoal.objects.filter(document=seed).order_by("kind", "position")
    DepartmentGoal.objects.bulk_create(
        DepartmentGoal(document=document, kind=g.kind, text=g.text, position=g.position)
        for document in documents
        for g in goals
    )
    seed_projects = list(seed.projects.order_by("position"))
    projects = []
    for d_index, (document, unit) in enumerate(zip(documents, units, strict=True)):
        for p_index in range(size.projects):
            original = seed_projects[p_index % len(seed_projects)]
            budget, fiscal, other = _money(p_index, offset + d_index)
            projects.append(
                Project(
                    document=document,
                    unit=unit,
                    code=f"130123{size.year % 100:02d}P{document.department.code}{p_index + 1:08d}X",
                    name=f"{original.name}（{p_index + 1}）",
                    budget=budget,
                    fiscal_funds=fiscal,
                    other_funds=other,
                    purpose=original.purpose,
                    goal=original.goal,
                    position=p_index + 1,
                )
            )
    projects = Project.objects.bulk_create(projects, batch_size=2000)
    PlanEntry.objects.bulk_create(
        (
            PlanEntry(project=p, month=month, amount=(p.budget * share).quantize(Decimal("0.01")))
            for p in projects
            for month, share in PLAN_SHARES.items()
        ),
        batch_size=5000,
    )
    Indicator.objects.bulk_create(
        (
            Indicator(project=p, position=position, **{f: getattr(i, f) for f in INDICATOR_FIELDS})
            for p in projects
            for position, i in enumerate(template[(p.position - 1) % len(template)], 1)
        ),
        batch_size=5000,
    )
    _set_statuses(documents, reviewer=reviewer, offset=offset)
    return documents


def _set_statuses(documents: list[Document], *, reviewer, offset: int) -> None:
    """The workflow's steps as rows: a submission for every document past draft, then its approval or return."""
    transitions = []
    by_status: dict[str, list[int]] = {}
    for index, document in enumerate(documents):
        status = STATUS_CYCLE[(offset + index) % len(STATUS_CYCLE)]
        by_status.setdefault(status, []).append(document.pk)
        if status == "draft":
            continue
        transitions.append(
            DocumentTransition(document=document, from_status="draft", to_status="submitted", user=reviewer)
        )
        if status != "submitted":
            comment = "请补充满意度指标。" if status == "returned" else ""
            transitions.append(
                DocumentTransition(
                    document=document, from_status="submitted", to_status=status, user=reviewer, comment=comment
                )
            )
    DocumentTransition.objects.bulk_create(transitions)
    for status, ids in by_status.items():
        Document.objects.filter(pk__in=ids).update(status=status)


def province_generate(*, size: ProvinceSize, progress=None) -> list[int]:
    """Add departments with one generated document each until there are `size.departments`; returns the new
    documents' ids. Each batch of departments is one transaction."""
    seed = _seed_document()
    template = _indicator_template(seed, size.indicators)
    reviewer = _reviewer()
    taken = set(Department.objects.values_list("code", flat=True))
    wanted = max(0, size.departments - len(taken))
    free = [code for code in DEPARTMENT_CODES if code not in taken][:wanted]
    if len(free) < wanted:
        raise ValueError(f"部门编码为3位数字，最多{len(DEPARTMENT_CODES)}个部门。")
    created: list[int] = []
    for start in range(0, len(free), BATCH_DEPARTMENTS):
        with transaction.atomic():
            documents = _build_batch(
                free[start : start + BATCH_DEPARTMENTS],
                size=size,
                seed=seed,
                template=template,
                reviewer=reviewer,
                offset=start,
            )
        created.extend(d.pk for d in documents)
        if progress:
            progress(len(created), len(free))
    if created and connection.vendor == "postgresql":
        # The planner's row counts are from before the bulk inserts until autovacuum comes round; with them it
        # reads 300,000 indicators sequentially where an index gives twenty projects' worth.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return created
