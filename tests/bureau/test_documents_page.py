"""The bureau's list: every department's document of a year with sums, review counts and submitter; filters,
paging, a fixed number of queries, and who may see it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bureau.models import ReviewSummary
from tests.conftest import make_user

URL = reverse("bureau:documents", args=[2022])


def rows(response):
    return list(response.context["table"].page.object_list)


def test_the_list_shows_each_document_with_sums_review_counts_and_submitter(make_departments, bureau_reviewer, client):
    make_departments(3)
    client.force_login(bureau_reviewer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "100 测试部门100" in html
    assert "102 测试部门102" in html
    first = rows(response)[0].record
    assert (first.project_count, first.budget_total, first.submitted_by) == (2, Decimal("21.00"), "张三")
    assert first.review_summary.errors == 0
    assert first.review_summary.warnings == 3
    assert reverse("review:document", args=["101", 2022]) in html
    # The footer sums every listed document: 3 × 2 projects, 3 × 21.00.
    assert ">6<" in html
    assert "63.00" in html


def test_the_list_needs_the_same_queries_for_3_and_30_departments(
    make_departments, bureau_reviewer, client, django_assert_num_queries
):
    make_departments(3)
    client.force_login(bureau_reviewer)
    client.get(URL)
    with django_assert_num_queries(11) as small:
        client.get(URL)
    make_departments(27, start=200)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(rows(response)) == 30


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"status": "submitted"}, ["100", "101", "102", "103"]),
        ({"status": "draft"}, []),
        ({"has_errors": "yes"}, ["101", "103"]),
        ({"has_errors": "no"}, ["100", "102"]),
        ({"department": "10"}, ["100", "101", "102", "103"]),
        ({"department": "测试部门102"}, ["102"]),
    ],
)
def test_the_list_filters_by_status_errors_and_department(make_departments, bureau_reviewer, client, query, codes):
    make_departments(4)
    client.force_login(bureau_reviewer)
    response = client.get(URL, query)
    assert [row.record.department.code for row in rows(response)] == codes


def test_the_list_pages_by_fifty_and_sorts_by_errors(make_departments, bureau_reviewer, client):
    make_departments(55)
    client.force_login(bureau_reviewer)
    assert len(rows(client.get(URL))) == 50
    assert len(rows(client.get(URL, {"page": 2}))) == 5
    by_errors = [row.record.review_summary.errors for row in rows(client.get(URL, {"sort": "-errors"}))]
    assert by_errors[:28] == [1] * 27 + [0]


def test_a_review_summary_awaiting_its_review_is_marked(make_departments, bureau_reviewer, client):
    make_departments(1)
    ReviewSummary.objects.update(changes=2)
    client.force_login(bureau_reviewer)
    assert "（更新中）" in client.get(URL).content.decode()


def test_the_bureau_reviewer_lands_on_the_list_of_the_latest_year(seed, bureau_reviewer, client):
    client.force_login(bureau_reviewer)
    response = client.get(reverse("projects:dashboard"))
    assert response.url == reverse("bureau:index")
    assert client.get(response.url).url == URL


def test_the_auditor_may_read_the_list_but_keeps_the_dashboard(seed, auditor, client):
    client.force_login(auditor)
    assert client.get(URL).status_code == 200
    assert client.get(reverse("projects:dashboard")).status_code == 200


@pytest.mark.parametrize("role", ["填报人", "部门审核人"])
def test_department_staff_get_404_on_the_list(seed, django_user_model, client, role):
    client.force_login(make_user(django_user_model, "staff", role=role, departments=[seed.department]))
    for url in [reverse("bureau:index"), URL]:
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_a_post_to_the_list_is_405_for_the_bureau(seed, bureau_reviewer, client):
    client.force_login(bureau_reviewer)
    assert client.post(URL).status_code == 405
