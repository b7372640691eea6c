"""Who may open and change what: outsiders get 404 on every URL, reading and writing; readers cannot write."""

import pytest
from django.urls import reverse

from tests.conftest import make_user


def urls_for(document):
    project = document.projects.first()
    code, year = document.department.code, document.year
    return [
        reverse("projects:document", args=[code, year]),
        reverse("projects:project_add", args=[code, year]),
        reverse("projects:project_edit", args=[project.pk]),
    ]


@pytest.fixture
def outsider(seed, department, django_user_model):
    """A 填报人 of another department."""
    return make_user(django_user_model, "outsider", role="填报人", departments=[department])


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


def test_anonymous_visitor_is_sent_to_login_from_every_page(seed, client):
    for url in [reverse("projects:dashboard"), *urls_for(seed)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_is_in_chinese(db, client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "用户名" in response.content.decode()


def report_urls_for(document):
    code, year = document.department.code, document.year
    return [reverse("reports:document", args=[code, year]), reverse("reports:pdf", args=[code, year])]


def test_outsider_gets_404_on_every_url_when_reading(seed, outsider, client):
    client.force_login(outsider)
    for url in urls_for(seed) + report_urls_for(seed):
        assert client.get(url).status_code == 404, url


def test_document_and_project_pages_link_to_the_report_and_its_pdf(seed, filler, client):
    client.force_login(filler)
    for url in [reverse("projects:dashboard"), *urls_for(seed)]:
        html = client.get(url).content.decode()
        for report_url in report_urls_for(seed):
            assert f'href="{report_url}"' in html, (url, report_url)


def test_outsider_gets_404_on_every_url_when_writing_and_nothing_changes(seed, outsider, client):
    client.force_login(outsider)
    project = seed.projects.first()
    for url in urls_for(seed):
        response = client.post(url, {"name": "改名", "prepared_by": "别人", "revision": 0})
        assert response.status_code == 404, url
    project.refresh_from_db()
    seed.refresh_from_db()
    assert (project.name, seed.prepared_by, seed.revision) == (
        "2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）",
        "正定县总工会",
        0,
    )


def test_outsider_does_not_see_other_departments_on_the_dashboard(seed, outsider, client):
    client.force_login(outsider)
    response = client.get(reverse("projects:dashboard"))
    assert "正定县总工会" not in response.content.decode()


def test_outsider_gets_404_for_a_project_id_that_does_not_exist(seed, outsider, client):
    client.force_login(outsider)
    assert client.get(reverse("projects:project_edit", args=[99999])).status_code == 404


@pytest.mark.parametrize("role", ["审计人员", "财政局审核人"])
def test_auditors_and_bureau_reviewers_read_every_page_without_edit_controls(seed, django_user_model, client, role):
    client.force_login(make_user(django_user_model, "reader", role=role))
    for url in urls_for(seed)[::2]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["editable"] is False
        assert 'type="submit" class="primary"' not in response.content.decode()


@pytest.mark.parametrize("role", ["审计人员", "财政局审核人"])
def test_auditors_and_bureau_reviewers_cannot_write(seed, django_user_model, client, role):
    client.force_login(make_user(django_user_model, "reader", role=role))
    for url in urls_for(seed):
        assert client.post(url, {"revision": 0}).status_code == 403, url
    seed.refresh_from_db()
    assert seed.revision == 0


def test_department_reviewer_reads_own_department_but_cannot_write(seed, django_user_model, client):
    client.force_login(make_user(django_user_model, "reviewer", role="部门审核人", departments=[seed.department]))
    project = seed.projects.first()
    response = client.get(reverse("projects:project_edit", args=[project.pk]))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert "您可以查看本项目，但不能修改。" in response.content.decode()
    assert client.post(reverse("projects:project_edit", args=[project.pk]), {}).status_code == 403


def test_filler_of_the_department_gets_editable_pages(seed, filler, client):
    client.force_login(filler)
    for url in urls_for(seed):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["editable"] is True


def test_member_with_two_departments_sees_both_on_the_dashboard(seed, document, django_user_model, client):
    client.force_login(
        make_user(django_user_model, "both", role="填报人", departments=[seed.department, document.department])
    )
    response = client.get(reverse("projects:dashboard"))
    assert [d.department.code for docs in response.context["years"].values() for d in docs] == ["711", "712"]


def test_submitted_document_pages_are_read_only_with_the_reason(seed, filler, client):
    seed.status = "submitted"
    seed.save()
    client.force_login(filler)
    response = client.get(reverse("projects:project_edit", args=[seed.projects.first().pk]))
    assert response.context["editable"] is False
    assert "本文档当前状态为“已提交”，只有草稿或退回的文档可以修改。" in response.content.decode()
    assert all(field.disabled for field in response.context["form"].fields.values())


def test_post_to_a_submitted_document_changes_nothing_and_says_why(seed, filler, client):
    seed.status = "approved"
    seed.save()
    client.force_login(filler)
    project = seed.projects.first()
    response = client.post(reverse("projects:project_edit", args=[project.pk]), {"name": "改名"}, follow=True)
    assert "当前状态为“已审核”，只有草稿或退回的文档可以修改。" in response.content.decode()
    project.refresh_from_db()
    assert project.name != "改名"
    response = client.post(reverse("projects:document", args=["711", 2022]), {"prepared_by": "x"}, follow=True)
    assert "只有草稿或退回的文档可以修改" in response.content.decode()
    seed.refresh_from_db()
    assert seed.prepared_by == "正定县总工会"
