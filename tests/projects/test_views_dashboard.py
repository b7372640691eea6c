"""The dashboard and the projects table of a document page: totals, sorting, filtering, paging, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import PlanEntry
from projects.money import format_money
from projects.selectors import document_report
from tests.conftest import grow_document, make_user


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


@pytest.fixture
def document_url(seed):
    return reverse("projects:document", args=[seed.department.code, seed.year])


def footer(response) -> list[str]:
    table = response.context["table"]
    return [table.totals[name] for name in ("budget", "fiscal_funds", "other_funds")]


def test_dashboard_lists_documents_by_year_with_status_and_totals(seed, filler, client):
    client.force_login(filler)
    response = client.get(reverse("projects:dashboard"))
    (document,) = response.context["years"][2022]
    assert (document.project_count, document.budget_total) == (6, Decimal("50.58"))
    html = response.content.decode()
    assert "草稿" in html
    assert "50.58" in html
    assert reverse("projects:document", args=["711", 2022]) in html


def test_document_table_total_agrees_with_the_report_to_the_cent(seed, filler, client, document_url):
    client.force_login(filler)
    response = client.get(document_url)
    report_total = sum(table.project.budget for table in document_report(seed).projects)
    assert footer(response) == [format_money(report_total), "50.58", "0.00"]
    assert '<td class="num">50.58</td>' in response.content.decode()


def test_document_table_shows_code_name_funds_indicator_count_and_plan_state(seed, filler, client, document_url):
    client.force_login(filler)
    rows = list(client.get(document_url).context["table"].paginated_rows)
    first = rows[0]
    assert first.get_cell("code") == "13012322P00259810156P"
    assert first.get_cell("budget") == "7.70"
    assert first.get_cell("indicator_count") == 6
    assert "完整" in first.get_cell("plan_complete")
    assert [row.get_cell("indicator_count") for row in rows] == [6, 7, 7, 7, 7, 7]


def test_plan_that_does_not_reach_the_budget_is_marked_incomplete(seed, filler, client, document_url):
    PlanEntry.objects.filter(project__position=1, month=12).update(amount=Decimal("7.00"))
    client.force_login(filler)
    first = next(iter(client.get(document_url).context["table"].paginated_rows))
    assert "未完成" in first.get_cell("plan_complete")


def test_document_table_sorts_by_budget_descending(seed, filler, client, document_url):
    client.force_login(filler)
    rows = client.get(document_url, {"sort": "-budget"}).context["table"].paginated_rows
    assert [row.get_cell("budget") for row in rows] == ["17.63", "10.00", "7.70", "5.22", "5.03", "5.00"]


def test_document_table_sorts_by_indicator_count(seed, filler, client, document_url):
    client.force_login(filler)
    rows = client.get(document_url, {"sort": "indicator_count"}).context["table"].paginated_rows
    assert next(iter(rows)).get_cell("indicator_count") == 6


def test_filter_by_name_narrows_rows_and_totals(seed, filler, client, document_url):
    client.force_login(filler)
    response = client.get(document_url, {"q": "劳模"})
    names = [row.record.name for row in response.context["table"].paginated_rows]
    assert names == ["2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）", "市级以上劳模体检资金"]
    assert footer(response) == ["12.92", "12.92", "0.00"]


def test_filter_by_code_fragment(seed, filler, client, document_url):
    client.force_login(filler)
    response = client.get(document_url, {"q": "106882"})
    assert [row.record.name for row in response.context["table"].paginated_rows] == ["工会在职人员社保缴费"]


def test_filter_with_no_match_says_so(seed, filler, client, document_url):
    client.force_login(filler)
    response = client.get(document_url, {"q": "没有这个项目"})
    assert "没有符合条件的项目。" in response.content.decode()
    assert footer(response) == ["0.00", "0.00", "0.00"]


def test_large_document_is_paginated_and_totalled_over_every_page(seed, filler, client, document_url):
    grow_document(seed, 166)
    client.force_login(filler)
    response = client.get(document_url, {"page": 2})
    table = response.context["table"]
    assert table.paginator.count == 1002
    assert len(table.page.object_list) == 50
    assert footer(response)[0] == format_money(Decimal("50.58") * 167)


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_document_page_needs_the_same_queries_for_6_and_1002_projects(seed, filler, client, document_url):
    client.force_login(filler)
    small = _queries_for(client, document_url)
    grow_document(seed, 166)
    assert _queries_for(client, document_url) == small
    assert small <= 25  # the page includes the workflow panel with its log


def test_dashboard_needs_the_same_queries_for_6_and_1002_projects(seed, filler, client, django_assert_num_queries):
    client.force_login(filler)
    url = reverse("projects:dashboard")
    small = _queries_for(client, url)
    grow_document(seed, 166)
    with django_assert_num_queries(small):
        client.get(url)
