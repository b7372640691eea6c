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
    }
    return {name: reverse(name, kwargs={k: values[k] for k in params}) for name, params in scoped_patterns()}


def test_the_scoped_urls_cover_every_app(seed):
    namespaces = {name.split(":")[0] for name in scoped_urls(seed)}
    assert namespaces == {"projects", "reports", "review", "workflow", "workbooks", "bureau"}


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
    for name in ["reports:document", "reports:pdf", "workbooks:export"]:
        assert client.post(reverse(name, args=["711", 2022])).status_code == 405, name
