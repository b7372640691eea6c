"""The demo set-up: the seed document and one login per role."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.dispatch import Signal

from projects.models import Department

SEED_FIXTURE = "zhengding_union_2022"
SEED_DEPARTMENT = "711"
SEED_YEAR = 2022

# Sent with `document` (the seed document) at the end of demo_setup, inside its transaction, so that feature apps
# add their own demo data without the core knowing them.
demo_loaded = Signal()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    in_department: bool
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin("filler", "demo-filler-2022", "填报人", in_department=True),
    DemoLogin("dept_reviewer", "demo-dept-2022", "部门审核人", in_department=True),
    DemoLogin("bureau_reviewer", "demo-bureau-2022", "财政局审核人", in_department=False),
    DemoLogin("auditor", "demo-auditor-2022", "审计人员", in_department=False),
    DemoLogin("admin", "demo-admin-2022", "", in_department=False, superuser=True),
]


@transaction.atomic
def demo_setup() -> list[DemoLogin]:
    """Load the seed document and create (or reset) one user per role; safe to run again."""
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    # Fixtures are loaded without history; give every seed row its first ("created") record once.
    call_command("populate_history", auto=True, verbosity=0)
    department = Department.objects.get(code=SEED_DEPARTMENT)
    User = get_user_model()
    for login in DEMO_LOGINS:
        user, _ = User.objects.get_or_create(username=login.username)
        user.is_staff = True
        user.is_superuser = login.superuser
        user.set_password(login.password)
        user.save()
        if login.role:
            user.groups.set([Group.objects.get(name=login.role)])
        if login.in_department:
            department.members.add(user)
    demo_loaded.send(sender=None, document=department.documents.get(year=SEED_YEAR))
    return DEMO_LOGINS
