"""One permission decision, asked by every path: each role tries each action through every path that offers it
(browser pages, the upload page, the admin, management commands), with real requests, and the outcome must
match the table below and projects.access.user_may."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.access import Action, user_curates_library, user_may, user_reads_all
from projects.models import Document
from tests.conftest import make_user
from tests.projects.form_data import form_data, page_data
from tests.workbooks.workbook_helpers import edited, export_bytes
from workflow.transitions import document_submit

ROLES = ["filler", "filler_other", "dept_reviewer", "bureau_reviewer", "auditor", "superuser"]

# role -> the actions it may take on the 711 document. Reading and writing stay within one's own departments
# except for the bureau (reads all, approves and returns) and the auditor (reads all, changes nothing).
ALLOWED = {
    "filler": {Action.READ, Action.EDIT, Action.IMPORT, Action.ROLLOVER},
    "filler_other": set(),
    "dept_reviewer": {Action.READ, Action.SUBMIT},
    "bureau_reviewer": {Action.READ, Action.APPROVE, Action.RETURN},
    "auditor": {Action.READ},
    "superuser": set(Action),
}

NEW_NAME = "经由权限检查改名的项目"


@pytest.fixture
def users(seed, department, django_user_model):
    own = [seed.department]
    return {
        "filler": make_user(django_user_model, "filler", role="填报人", departments=own),
        "filler_other": make_user(django_user_model, "filler_other", role="填报人", departments=[department]),
        "dept_reviewer": make_user(django_user_model, "dept_reviewer", role="部门审核人", departments=own),
        "bureau_reviewer": make_user(django_user_model, "bureau_reviewer", role="财政局审核人"),
        "auditor": make_user(django_user_model, "auditor", role="审计人员"),
        "superuser": django_user_model.objects.create_superuser("root", password="pw-for-tests-only"),
    }


def first_project_name(seed):
    return seed.projects.get(position=1).name


# Each path: (action, how it is tried) -> a function doing it as `user` and returning whether it took effect.


def browser_read(client, seed, user, users):
    return client.get(reverse("projects:document", args=["711", 2022])).status_code == 200


def admin_read(client, seed, user, users):
    return client.get(reverse("admin:projects_document_change", args=[seed.pk])).status_code == 200


def browser_edit(client, seed, user, users):
    url = reverse("projects:project_edit", args=[seed.projects.get(position=1).pk])
    client.force_login(users["superuser"])
    data = page_data(client.get(url))
    client.force_login(user)
    client.post(url, {**data, "name": NEW_NAME})
    return first_project_name(seed) == NEW_NAME


def admin_edit(client, seed, user, users):
    url = reverse("admin:projects_project_change", args=[seed.projects.get(position=1).pk])
    client.force_login(users["superuser"])
    context = client.get(url).context
    data = form_data(context["adminform"].form, *(inline.formset for inline in context["inline_admin_formsets"]))
    client.force_login(user)
    client.post(url, {**data, "name": NEW_NAME})
    return first_project_name(seed) == NEW_NAME


def renamed_workbook(seed):
    def rename(workbook):
        workbook["项目"]["D2"] = NEW_NAME

    upload = edited(export_bytes(seed), rename)
    upload.name = "renamed.xlsx"
    return upload


def upload_import(client, seed, user, users):
    preview = client.post(reverse("workbooks:import"), {"file": renamed_workbook(seed)})
    if preview.status_code != 200 or "confirm" not in preview.context:
        return False
    client.post(reverse("workbooks:import"), dict(preview.context["confirm"].initial))
    return first_project_name(seed) == NEW_NAME


def command_import(client, seed, user, users, tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(renamed_workbook(seed).read())
    try:
        call_command("import_workbook", str(path), "--user", user.username, stdout=StringIO(), stderr=StringIO())
    except CommandError:
        return False
    return first_project_name(seed) == NEW_NAME


def transition(action, **data):
    def attempt(client, seed, user, users):
        if action != "submit":
            document_submit(document=seed, user=users["dept_reviewer"])
        url = reverse("workflow:transition", args=["711", 2022, action])
        client.post(url, {"comment": "请按意见修改", "confirmed": "1", **data})
        seed.refresh_from_db()
        return seed.status == {"submit": "submitted", "approve": "approved", "return": "returned"}[action]

    return attempt


def browser_rollover(client, seed, user, users):
    client.post(reverse("workflow:rollover", args=["711", 2022]), {"confirmed": "1"})
    return Document.objects.filter(department=seed.department, year=2023).exists()


def command_rollover(client, seed, user, users, tmp_path):
    try:
        call_command("rollover", "711", "2022", "2023", "--user", user.username, stdout=StringIO())
    except CommandError:
        return False
    return Document.objects.filter(department=seed.department, year=2023).exists()


PATHS = {
    (Action.READ, "browser"): browser_read,
    (Action.READ, "admin"): admin_read,
    (Action.EDIT, "browser"): browser_edit,
    (Action.EDIT, "admin"): admin_edit,
    (Action.IMPORT, "upload"): upload_import,
    (Action.IMPORT, "command"): command_import,
    (Action.SUBMIT, "browser"): transition("submit"),
    (Action.APPROVE, "browser"): transition("approve"),
    (Action.RETURN, "browser"): transition("return"),
    (Action.ROLLOVER, "browser"): browser_rollover,
    (Action.ROLLOVER, "command"): command_rollover,
}


def test_every_action_is_tried_through_at_least_one_path():
    assert {action for action, _path in PATHS} == set(Action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action), ids=str)
def test_the_access_decision_matches_the_table(seed, users, role, action):
    assert user_may(users[role], action, seed) is (action in ALLOWED[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "path"), list(PATHS), ids=[f"{a}-{p}" for a, p in PATHS])
def test_each_role_can_do_exactly_what_the_table_allows_through_every_path(
    client, seed, users, role, action, path, tmp_path
):
    user = users[role]
    client.force_login(user)
    attempt = PATHS[action, path]
    extra = {"tmp_path": tmp_path} if path == "command" else {}
    took_effect = attempt(client, seed, user, users, **extra)
    assert took_effect is (action in ALLOWED[role]), f"{role} {action} via {path}"


# The indicator library is the finance bureau's to keep, whatever the department.
CURATES_LIBRARY = {"bureau_reviewer", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_bureau_keeps_the_library_through_its_page_and_the_admin(client, users, role):
    user = users[role]
    client.force_login(user)
    page = client.get(reverse("library:import")).status_code == 200
    admin = client.get(reverse("admin:library_libraryentry_add")).status_code == 200
    assert page == admin == user_curates_library(user) == (role in CURATES_LIBRARY)


@pytest.mark.parametrize("role", ROLES)
def test_the_bureau_list_is_open_exactly_to_those_who_read_every_department(client, seed, users, role):
    client.force_login(users[role])
    response = client.get(reverse("bureau:documents", args=[2022]))
    assert response.status_code == (200 if user_reads_all(users[role]) else 404), role
    if response.status_code == 200:
        assert reverse("projects:document", args=["711", 2022]) in response.content.decode()
