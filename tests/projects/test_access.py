import pytest
from django.http import Http404

from projects.access import documents_visible_to, get_document_for_user, get_project_for_user
from tests.conftest import make_user


def test_member_sees_own_department_only(seed, document, django_user_model):
    member = make_user(django_user_model, "member", role="填报人", departments=[seed.department])
    assert list(documents_visible_to(member)) == [seed]
    assert get_document_for_user(member, department_code="711", year=2022) == seed
    with pytest.raises(Http404):
        get_document_for_user(member, department_code=document.department.code, year=2022)


def test_outsider_gets_404_on_document_and_project(seed, django_user_model):
    outsider = make_user(django_user_model, "outsider", role="填报人")
    with pytest.raises(Http404):
        get_document_for_user(outsider, department_code="711", year=2022)
    with pytest.raises(Http404):
        get_project_for_user(outsider, pk=seed.projects.first().pk)


@pytest.mark.parametrize("role", ["审计人员", "财政局审核人"])
def test_auditors_and_bureau_reviewers_read_every_department(seed, document, django_user_model, role):
    reader = make_user(django_user_model, "reader", role=role)
    assert set(documents_visible_to(reader)) == {seed, document}
