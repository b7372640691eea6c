"""The admin's 绩效目标审核 section on the Document and Project change pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.conftest import grow_document


def change_url(obj):
    return reverse(f"admin:projects_{obj._meta.model_name}_change", args=[obj.pk])


def test_document_change_page_lists_the_documents_findings(client, superuser, seed):
    client.force_login(superuser)
    html = client.get(change_url(seed)).content.decode()
    assert "绩效目标审核" in html
    assert html.count('<li class="finding finding-warning">') == 13
    assert "项目“市级以上劳模体检资金”截至10月底计划支出为0" in html


def test_project_change_page_lists_that_projects_findings(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=3)
    html = client.get(change_url(project)).content.decode()
    assert html.count('<li class="finding finding-warning">') == 4
    assert "“资金用途”中有重复字“为为”" in html
    assert "退役军人人员经费" not in html


def test_the_add_page_has_no_review_section(client, superuser, seed):
    client.force_login(superuser)
    html = client.get(reverse("admin:projects_project_add")).content.decode()
    assert "审核结果" not in html


def test_findings_show_on_a_submitted_read_only_document(client, superuser, seed):
    Project.objects.filter(document=seed, position=1).update(goal="")
    type(seed).objects.filter(pk=seed.pk).update(status="submitted")
    client.force_login(superuser)
    html = client.get(change_url(seed)).content.decode()
    assert '<li class="finding finding-error">' in html


def test_document_change_page_queries_do_not_grow_with_projects(client, superuser, seed, django_assert_num_queries):
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as small:
        client.get(change_url(seed))
    grow_document(seed, copies=5)
    with django_assert_num_queries(len(small)):
        html = client.get(change_url(seed)).content.decode()
    assert html.count('<li class="finding finding-warning">') == 13 * 6
