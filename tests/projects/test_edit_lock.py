"""Only drafts (and returned documents) change, whichever path the change takes: ORM, admin, commands."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator
from projects.edit_lock import documents_lock_for_edit
from projects.models import DepartmentGoal, Document, PlanEntry, Project
from projects.services import project_set_plan
from tests.edit_lock import assert_document_unchanged, lock

Status = Document.Status
REFUSED = "只有草稿或退回的文档可以修改"


def content_of(seed):
    project = seed.projects.get(position=1)
    return {
        "goal": seed.goals.first(),
        "project": project,
        "plan": project.plan_entries.first(),
        "indicator": project.indicators.first(),
    }


def change(kind, obj):
    if kind == "goal":
        obj.text = "改过的目标"
    elif kind == "project":
        obj.name = "改过的名称"
    elif kind == "plan":
        obj.amount = obj.amount + Decimal("0.01")
    else:
        obj.description = "改过的描述"


KINDS = ["goal", "project", "plan", "indicator"]


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
@pytest.mark.parametrize("kind", KINDS)
def test_saving_content_of_a_locked_document_is_refused(seed, kind, status):
    obj = content_of(seed)[kind]
    lock(seed, status)
    change(kind, obj)
    with assert_document_unchanged(seed), pytest.raises(ValidationError) as exc:
        obj.save()
    assert REFUSED in exc.value.messages[0]
    assert "正定县总工会" in exc.value.messages[0]


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_content_of_a_locked_document_is_refused(seed, kind):
    obj = content_of(seed)[kind]
    lock(seed)
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        obj.delete()


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_content_of_a_locked_document_through_a_queryset_is_refused(seed, kind):
    obj = content_of(seed)[kind]
    lock(seed)
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        type(obj).objects.filter(pk=obj.pk).delete()


def test_adding_content_to_a_locked_document_is_refused(seed):
    content = content_of(seed)
    project = content["project"]
    lock(seed)
    with assert_document_unchanged(seed):
        with pytest.raises(ValidationError):
            DepartmentGoal.objects.create(document=seed, kind="overall", text="新目标", position=9)
        with pytest.raises(ValidationError):
            PlanEntry.objects.create(project=project, month=9, amount=Decimal("1.00"))
        indicator = content["indicator"]
        indicator.pk = None
        with pytest.raises(ValidationError):
            indicator.save()
        project.pk = None
        project.code = "13012322P000000000001"
        with pytest.raises(ValidationError):
            project.save()


def test_moving_a_project_out_of_a_locked_document_is_refused(seed, document):
    project = seed.projects.first()
    lock(seed)
    project.document = document
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        project.save()


def test_cover_of_a_locked_document_cannot_change_but_its_status_can(seed):
    lock(seed)
    seed.prepared_by = "别的单位"
    with pytest.raises(ValidationError):
        seed.save()
    seed.refresh_from_db()
    seed.status = Status.APPROVED
    seed.save()
    assert Document.objects.get(pk=seed.pk).status == Status.APPROVED


def test_a_locked_document_cannot_be_deleted(seed):
    lock(seed, Status.APPROVED)
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        seed.delete()
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        Document.objects.filter(pk=seed.pk).delete()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED])
@pytest.mark.parametrize("kind", KINDS)
def test_drafts_and_returned_documents_change_freely(seed, kind, status):
    obj = content_of(seed)[kind]
    lock(seed, status)
    change(kind, obj)
    obj.save()
    obj.delete()
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_a_draft_document_is_checked_once_when_deleted_whole(seed):
    # The cascade reaches only this document's own content, so the lock is checked at the document alone.
    with CaptureQueriesContext(connection) as ctx:
        seed.delete()
    checks = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "projects_document"')]
    assert len(checks) == 1
    assert not Project.objects.exists()
    assert not Indicator.objects.exists()


def test_services_refuse_a_locked_document(seed):
    project = seed.projects.get(position=2)
    lock(seed)
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        project_set_plan(project=project, amounts={3: None, 6: None, 10: None, 12: Decimal("10.00")})


def test_bulk_writers_check_with_documents_lock_for_edit(seed, document):
    assert documents_lock_for_edit(documents=Document.objects.filter(pk__in=[seed.pk, document.pk])) == [
        seed,
        document,
    ]
    lock(seed)
    with pytest.raises(ValidationError):
        documents_lock_for_edit(documents=Document.objects.filter(pk__in=[seed.pk, document.pk]))


# The admin


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_admin_cannot_change_or_delete_anything_of_a_locked_document(client, superuser, seed):
    content = content_of(seed)
    lock(seed)
    client.force_login(superuser)
    with assert_document_unchanged(seed):
        for model, obj in [
            (Document, seed),
            (Project, content["project"]),
            (Indicator, content["indicator"]),
        ]:
            assert client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
            assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        response = client.post(
            admin_url(Project, "changelist"),
            {"action": "delete_selected", "_selected_action": [content["project"].pk], "post": "yes"},
        )
        assert response.status_code == 403


def test_admin_cannot_add_a_project_to_a_locked_document(client, superuser, seed):
    lock(seed)
    client.force_login(superuser)
    data = {
        "document": seed.pk,
        "unit": seed.projects.first().unit_id,
        "position": 9,
        "code": "13012322P000000000001",
        "name": "新项目",
        "budget": "1.00",
        "fiscal_funds": "1.00",
        "other_funds": "0.00",
        "plan_entries-TOTAL_FORMS": 1,
        "plan_entries-INITIAL_FORMS": 0,
        "plan_entries-MIN_NUM_FORMS": 1,
        "plan_entries-MAX_NUM_FORMS": 1000,
        "plan_entries-0-month": 12,
        "plan_entries-0-amount": "1.00",
        "indicators-TOTAL_FORMS": 0,
        "indicators-INITIAL_FORMS": 0,
        "indicators-MIN_NUM_FORMS": 0,
        "indicators-MAX_NUM_FORMS": 1000,
    }
    with assert_document_unchanged(seed):
        response = client.post(admin_url(Project, "add"), data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()


def test_admin_edits_again_once_the_document_is_returned(client, superuser, seed):
    lock(seed, Status.RETURNED)
    client.force_login(superuser)
    goal = seed.goals.first()
    response = client.get(admin_url(Document, "change", seed.pk))
    assert 'name="_save"' in response.content.decode()
    assert client.post(admin_url(Document, "delete", seed.pk), {}).status_code == 200  # the confirmation page
    assert DepartmentGoal.objects.filter(pk=goal.pk).exists()


# Commands


def test_a_command_writing_through_the_orm_is_refused(seed):
    lock(seed)
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        call_command(
            "shell",
            command="from projects.models import Project; p = Project.objects.first(); p.name = 'x'; p.save()",
        )


def test_rollover_command_never_touches_the_locked_source(seed):
    lock(seed, Status.APPROVED)
    with assert_document_unchanged(seed):
        call_command("rollover", "711", "2022", "2023", stdout=open("/dev/null", "w"))
    assert Document.objects.filter(year=2023).exists()


# Bulk writes check every document they touch in one query


@pytest.mark.parametrize("kind", KINDS)
def test_queryset_update_of_locked_content_is_refused(seed, kind):
    obj = content_of(seed)[kind]
    lock(seed)
    change = {"amount": 0} if kind == "plan" else {"position": 99}
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        type(obj).objects.filter(pk=obj.pk).update(**change)


def test_bulk_create_and_bulk_update_into_a_locked_document_are_refused(seed):
    project = seed.projects.get(position=1)
    indicators = list(project.indicators.all())
    lock(seed)
    with assert_document_unchanged(seed):
        with pytest.raises(ValidationError):
            DepartmentGoal.objects.bulk_create([DepartmentGoal(document=seed, kind="overall", text="新", position=9)])
        for indicator in indicators:
            indicator.position += 10
        with pytest.raises(ValidationError):
            Indicator.objects.bulk_update(indicators, ["position"])


def test_bulk_update_moving_rows_out_of_a_locked_document_is_refused(seed, document, unit):
    project = seed.projects.get(position=1)
    lock(seed)
    with assert_document_unchanged(seed), pytest.raises(ValidationError):
        Project.objects.filter(pk=project.pk).update(document=document)


def test_document_queryset_update_may_move_the_status_only(seed):
    lock(seed)
    with pytest.raises(ValidationError):
        Document.objects.filter(pk=seed.pk).update(prepared_by="别的单位")
    Document.objects.filter(pk=seed.pk).update(status=Status.APPROVED)
    seed.refresh_from_db()
    assert (seed.status, seed.prepared_by) == (Status.APPROVED, "正定县总工会")


def test_bulk_writes_to_a_draft_check_in_one_query(seed, django_assert_num_queries):
    goals = [DepartmentGoal(document=seed, kind="safeguard", text=f"措施{i}", position=20 + i) for i in range(30)]
    with django_assert_num_queries(2):  # the check, then the insert
        DepartmentGoal.objects.bulk_create(goals)


def test_a_refused_write_leaves_the_callers_transaction_usable(seed):
    # The check runs before Django opens its own delete transaction, so a view that catches the error can
    # still render its page inside the request's transaction.
    project = seed.projects.first()
    lock(seed)
    with transaction.atomic():
        with pytest.raises(ValidationError):
            project.delete()
        with pytest.raises(ValidationError):
            seed.projects.all().delete()
        assert Project.objects.filter(document=seed).count() == 6
