"""Every URL that names a document or a project answers 404 to a user of another department, GET and POST.

The URLs are read from the resolver, so a new page is covered the day it is added."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import make_user

SCOPING_PARAMETERS = {"department_code", "year", "pk"}


def scoped_patterns(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner.startswith("admin:"):
                continue
            yield from scoped_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names = set(entry.pattern.regex.groupindex)
            if names & SCOPING_PARAMETERS:
                yield f"{namespace}{entry.name}", names


def scoped_urls(document):
    project = document.projects.first()
    values = {
        "department_code": document.department.code,
        "year": document.year,
        "pk": project.pk,
        "action": "submit",
        "month": 7,
    }
    return {name: reverse(name, kwargs={k: values[k] for k in params}) for name, params in scoped_patterns()}


def test_the_scoped_urls_cover_every_app(seed):
    namespaces = {name.split(":")[0] for name in scoped_urls(seed)}
    assert namespaces == {
        "bureau",
        "library",
        "monitoring",
        "projects",
        "reports",
        "review",
        "selfeval",
        "workflow",
        "workbooks",
    }


@pytest.mark.parametrize("role", ["填报人", "部门审核人"])
def test_other_departments_get_404_on_every_scoped_url(client, seed, department, django_user_model, role):
    outsider = make_user(django_user_model, "outsider", role=role, departments=[department])
    client.force_login(outsider)
    for name, url in scoped_urls(seed).items():
        assert client.get(url).status_code == 404, f"GET {name}"
        assert client.post(url, {"name": "x", "comment": "x"}).status_code == 404, f"POST {name}"
    seed.refresh_from_db()
    assert seed.status == "draft"
    assert seed.projects.first().name != "x"


def test_members_posting_to_a_read_only_page_get_405(client, seed, django_user_model):
    member = make_user(django_user_model, "member", role="填报人", departments=[seed.department])
    client.force_login(member)
    for name in [
        "reports:document",
        "reports:pdf",
        "workbooks:export",
        "selfeval:print",
        "selfeval:pdf",
        "selfeval:export",
    ]:
        assert client.post(reverse(name, args=["711", 2022])).status_code == 405, name


MONITORING_PAGES = ["monitoring:dashboard", "monitoring:project", "monitoring:print", "monitoring:export"]


@pytest.mark.parametrize(
    ("role", "in_department", "status"),
    [("填报人", True, 200), ("部门审核人", True, 200), ("财政局审核人", False, 200), ("审计人员", False, 200)],
)
def test_each_role_reads_the_monitoring_pages_of_its_scope(
    client, seed, django_user_model, role, in_department, status
):
    from monitoring.demo import demo_round

    demo_round(seed)
    user = make_user(django_user_model, "someone", role=role, departments=[seed.department] if in_department else [])
    client.force_login(user)
    values = {"department_code": "711", "year": 2022, "month": 7, "pk": seed.projects.first().pk}
    for name in MONITORING_PAGES:
        params = dict(scoped_patterns_by_name()[name])
        assert client.get(reverse(name, kwargs={k: values[k] for k in params})).status_code == status, name


def scoped_patterns_by_name():
    return {name: {p: None for p in params} for name, params in scoped_patterns()}


def test_only_read_all_roles_see_the_bureau_overview(client, seed, django_user_model, bureau_reviewer, filler):
    url = reverse("monitoring:overview", args=[2022, 7])
    client.force_login(filler)
    assert client.get(url).status_code == 404
    client.force_login(bureau_reviewer)
    assert client.get(url).status_code == 200


# 绩效自评: every role reads it; only the department's 填报人 starts it (the full matrix is in tests/selfeval).
@pytest.mark.parametrize(
    ("role", "in_department", "start_status"),
    [("填报人", True, 302), ("部门审核人", True, 403), ("财政局审核人", False, 403), ("审计人员", False, 403)],
)
def test_selfeval_pages_answer_each_role(client, seed, django_user_model, role, in_department, start_status):
    departments = [seed.department] if in_department else []
    client.force_login(make_user(django_user_model, "someone", role=role, departments=departments))
    assert client.get(reverse("selfeval:summary", args=["711", 2022])).status_code == 200
    assert client.post(reverse("selfeval:start", args=["711", 2022])).status_code == start_status
