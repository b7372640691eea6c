"""Who may do what with the self-evaluation, per role, through the pages."""

import pytest
from django.urls import reverse

from selfeval.models import SelfEvaluation

READ_PAGES = ["selfeval:summary", "selfeval:print", "selfeval:export"]


@pytest.mark.parametrize("role", ["filler", "dept_reviewer", "bureau_reviewer", "auditor"])
def test_every_reader_of_the_document_reads_the_self_evaluation(request, client, evaluation, role):
    client.force_login(request.getfixturevalue(role))
    for name in READ_PAGES:
        assert client.get(reverse(name, args=["711", 2022])).status_code == 200, name
    project = evaluation.document.projects.first()
    assert client.get(reverse("selfeval:project", args=[project.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client, evaluation):
    response = client.get(reverse("selfeval:summary", args=["711", 2022]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "status"), [("filler", 302), ("dept_reviewer", 403), ("bureau_reviewer", 403), ("auditor", 403)]
)
def test_only_the_departments_editors_start_a_self_evaluation(request, client, seed, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("selfeval:start", args=["711", 2022])).status_code == status
    assert SelfEvaluation.objects.filter(document=seed).exists() is (status == 302)


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("filler", "submit", False),
        ("dept_reviewer", "submit", True),
        ("bureau_reviewer", "submit", False),
        ("auditor", "submit", False),
    ],
)
def test_submit_belongs_to_the_department_reviewer(request, client, evaluation, role, action, allowed):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("selfeval:transition", args=["711", 2022, action]))
    assert response.status_code == (302 if allowed else 403)
    evaluation.refresh_from_db()
    assert (evaluation.status == "submitted") is allowed


def test_only_the_departments_editors_save_the_form(client, evaluation, dept_reviewer, bureau_reviewer):
    project = evaluation.document.projects.first()
    for user in (dept_reviewer, bureau_reviewer):
        client.force_login(user)
        assert client.post(reverse("selfeval:project", args=[project.pk]), {}).status_code == 403


def test_auditors_read_the_history_in_the_admin_and_change_nothing(client, evaluation, auditor):
    client.force_login(auditor)
    row = evaluation.indicators.first()
    assert client.get(reverse("admin:selfeval_indicatorevaluation_history", args=[row.pk])).status_code == 200
    assert client.get(reverse("admin:selfeval_selfevaluation_changelist")).status_code == 200
    response = client.post(reverse("admin:selfeval_indicatorevaluation_change", args=[row.pk]), {"reason": "改"})
    assert response.status_code == 403


def test_other_departments_get_404_on_the_admin_history(client, evaluation, outsider):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    row = evaluation.indicators.first()
    assert client.get(reverse("admin:selfeval_indicatorevaluation_history", args=[row.pk])).status_code == 404
