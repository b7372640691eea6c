"""Shared test objects: the seed document, users by role, and a way to grow the data."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from indicators.models import Framework, Indicator
from projects.models import BudgetUnit, Department, Document, PlanEntry, Project


@pytest.fixture(autouse=True)
def site_language():
    """Every test starts in the site's language: a request in English leaves English active in its thread."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: a claim or a count cached by an earlier test must not leak in."""
    cache.clear()


@pytest.fixture(autouse=True)
def file_storages(settings, tmp_path):
    """Every named storage but static files in a folder of the test's own, never in the checkout's var/."""
    root = tmp_path / "storages"
    local = "django.core.files.storage.FileSystemStorage"
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            name: {"BACKEND": local, "OPTIONS": {"location": str(root / name)}}
            for name in settings.STORAGES
            if name != "staticfiles"
        },
    }
    return root


DATA_MIGRATIONS = [
    ("indicators.migrations.0003_frameworks", "create_frameworks"),
    ("projects.migrations.0002_roles", "create_roles"),
]


@pytest.fixture
def migration_data(transactional_db):
    """The roles and indicator frameworks that migrations create.

    Tests that need committed data (the browser tests' live server, a real task worker process) run as
    transactional tests, whose teardown empties every table, including what data migrations made. Django's
    serialized rollback cannot be relied on here: Playwright's sync API runs the test in a context where the
    connection carrying the serialized copy is not the one in use. Running the migrations' own (idempotent)
    functions again restores exactly what they create.
    """
    ContentType.objects.clear_cache()
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(django_apps, None)


@pytest.fixture
def seed(db):
    """The 正定县总工会 2022 document, loaded from fixtures/ as a user would load it."""
    call_command("loaddata", "zhengding_union_2022", verbosity=0)
    return Document.objects.get(department__code="711", year=2022)


@pytest.fixture
def legacy_framework(db):
    return Framework.objects.get(code="legacy")


@pytest.fixture
def department(db):
    return Department.objects.create(code="712", name="正定县测试局")


@pytest.fixture
def unit(department):
    return BudgetUnit.objects.create(department=department, code="712001", name="正定县测试局本级")


@pytest.fixture
def document(department, legacy_framework):
    return Document.objects.create(
        department=department,
        year=2022,
        prepared_by="正定县测试局",
        approving_authority="正定县财政局",
        framework=legacy_framework,
    )


@pytest.fixture
def project(document, unit):
    return Project.objects.create(
        document=document,
        unit=unit,
        code="13012322P002581106928",
        name="测试项目",
        budget=Decimal("10.00"),
        fiscal_funds=Decimal("10.00"),
        position=1,
    )


def make_user(django_user_model, username, *, role=None, departments=(), staff=True):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-only", is_staff=staff)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for dept in departments:
        dept.members.add(user)
    return user


@pytest.fixture
def auditor(db, django_user_model):
    return make_user(django_user_model, "auditor", role="审计人员")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-for-tests-only")


def grow_document(document: Document, copies: int) -> None:
    """Append `copies` duplicates of every project (plan and indicators included) with fresh codes."""
    originals = list(document.projects.prefetch_related("plan_entries", "indicators"))
    position = max(p.position for p in originals)
    serial = 0
    for _ in range(copies):
        for original in originals:
            serial += 1
            position += 1
            code = f"{original.code[:9]}{90000000000 + serial:011d}X"
            clone = Project.objects.create(
                document=document,
                unit=original.unit,
                code=code,
                name=f"{original.name}（副本{serial}）",
                budget=original.budget,
                fiscal_funds=original.fiscal_funds,
                other_funds=original.other_funds,
                purpose=original.purpose,
                goal=original.goal,
                position=position,
            )
            PlanEntry.objects.bulk_create(
                PlanEntry(project=clone, month=e.month, amount=e.amount) for e in original.plan_entries.all()
            )
            Indicator.objects.bulk_create(i.copy_to(clone) for i in original.indicators.all())


# One user per role around the seed department, and an outsider of the same role in another department.
@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


@pytest.fixture
def dept_reviewer(seed, django_user_model):
    return make_user(django_user_model, "dept_reviewer", role="部门审核人", departments=[seed.department])


@pytest.fixture
def bureau_reviewer(db, django_user_model):
    return make_user(django_user_model, "bureau_reviewer", role="财政局审核人")


@pytest.fixture
def outsider(department, django_user_model):
    """A department reviewer and editor, but of 712, not of the seed's 711."""
    user = make_user(django_user_model, "outsider", role="部门审核人", departments=[department])
    user.groups.add(Group.objects.get(name="填报人"))
    return user


@pytest.fixture
def seed_with_history(seed):
    """The seed as the demo set-up leaves it: every row with its first history record."""
    call_command("populate_history", auto=True, verbosity=0)
    return seed
