"""The document review page: login required, 404 outside the user's departments, findings grouped by project."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.conftest import grow_document, make_user


def review_url(department_code="711", year=2022):
    return reverse("review:document", kwargs={"department_code": department_code, "year": year})


@pytest.fixture
def member(seed, django_user_model):
    return make_user(django_user_model, "clerk", role="填报人", departments=[seed.department])


def test_the_review_page_lives_under_review():
    assert review_url() == "/review/711/2022/"


def test_anonymous_user_is_sent_to_login(client, seed):
    response = client.get(review_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_outsider_gets_404(client, seed, django_user_model):
    client.force_login(make_user(django_user_model, "outsider", role="填报人"))
    assert client.get(review_url()).status_code == 404


def test_unknown_document_is_404_even_for_an_auditor(client, seed, auditor):
    client.force_login(auditor)
    assert client.get(review_url(year=2021)).status_code == 404


def test_member_sees_findings_grouped_by_project_with_counts(client, member):
    client.force_login(member)
    response = client.get(review_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="count count-zero">0 个错误</span>' in html
    assert '<span class="count count-warning">13 个提示</span>' in html
    assert html.count('class="review-group"') == 6
    assert ">退役军人人员经费</a>" in html
    assert "项目“工会在职人员社保缴费”的“资金用途”中有重复字“为为”，请核对是否笔误。" in html
    assert "没有阻止提交的错误。" in html


def test_errors_are_counted_and_marked(client, member, seed):
    Project.objects.filter(document=seed, position=2).update(goal="")
    client.force_login(member)
    html = client.get(review_url()).content.decode()
    assert '<span class="count count-error">1 个错误</span>' in html
    assert "有错误时不能提交。" in html
    assert '<li class="finding finding-error">' in html


def test_auditor_reads_any_department(client, seed, auditor):
    client.force_login(auditor)
    assert client.get(review_url()).status_code == 200


def test_page_queries_do_not_grow_with_projects(client, member, seed, django_assert_num_queries):
    client.force_login(member)
    with CaptureQueriesContext(connection) as small:
        assert client.get(review_url()).status_code == 200
    grow_document(seed, copies=5)
    with django_assert_num_queries(len(small)):
        response = client.get(review_url())
    assert response.content.decode().count('class="review-group"') == 36


def test_each_finding_links_to_the_field_or_row_it_concerns_message_first(client, member, seed):
    Project.objects.filter(document=seed, position=2).update(goal="")
    seed.goals.filter(kind="overall").delete()
    second = seed.projects.get(position=2)
    client.force_login(member)
    html = client.get(review_url()).content.decode()
    editor = reverse("projects:project_edit", args=[second.pk])
    assert f'<a href="{editor}#id_goal">' in html
    assert f'<a href="{reverse("projects:document", args=["711", 2022])}#goals-overall">' in html
    indicator_links = [f"#indicator-{pk}" for pk in seed.projects.values_list("indicators__pk", flat=True)]
    assert any(link in html for link in indicator_links)
    first = html.index('<li class="finding finding-error">')
    item = html[first : html.index("</li>", first)]
    assert item.index('class="message"') < item.index('class="severity"') < item.index('class="rule"')


def test_the_editor_has_the_anchors_findings_link_to(client, member, seed):
    project = seed.projects.get(position=1)
    client.force_login(member)
    html = client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    for anchor in ["id_goal", "id_purpose", "plan", "indicators", f"indicator-{project.indicators.first().pk}"]:
        assert f'id="{anchor}"' in html
