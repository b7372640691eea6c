"""The admin from an attacker's side: a user of department 712 probing 711's objects through every admin page
with history (list, record, revert), the filter sidebars and the related-object widgets."""

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator
from monitoring.demo import demo_round
from monitoring.models import IndicatorMonitoring, MonitoringRound, ProjectMonitoring
from projects.models import BudgetUnit, Department, Document, DocumentTransition, Project
from selfeval.demo import demo_selfevaluation
from selfeval.models import IndicatorEvaluation, ProjectEvaluation, SelfEvaluation
from tests.conftest import make_user
from workflow.transitions import document_return, document_submit

HISTORY_ADMINS = sorted(
    (model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, SimpleHistoryAdmin)),
    key=lambda model: model._meta.label,
)


def admin_name(model, action):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"


def seed_object(seed, model):
    """An object of the seed's department 711, for every model whose admin keeps history."""
    if model._meta.app_label == "monitoring":
        return monitoring_object(seed, model)
    if model._meta.app_label == "selfeval":
        return selfeval_object(seed, model)
    return {
        Department: seed.department,
        BudgetUnit: seed.department.units.first(),
        Document: seed,
        Project: seed.projects.first(),
        Indicator: Indicator.objects.filter(project__document=seed).first(),
    }[model]


def monitoring_object(seed, model):
    round = seed.monitoring_rounds.first() or demo_round(seed)
    report = round.project_reports.first()
    return {
        MonitoringRound: round,
        ProjectMonitoring: report,
        IndicatorMonitoring: report.indicator_reports.first(),
    }[model]


def selfeval_object(seed, model):
    evaluation = SelfEvaluation.objects.filter(document=seed).first() or demo_selfevaluation(document=seed)
    return {
        SelfEvaluation: evaluation,
        ProjectEvaluation: evaluation.projects.first(),
        IndicatorEvaluation: evaluation.indicators.first(),
    }[model]


def history_urls(seed, model):
    obj = seed_object(seed, model)
    record = obj.history.earliest("history_date")
    return [
        reverse(admin_name(model, "history"), args=[obj.pk]),
        reverse(admin_name(model, "simple_history"), args=[obj.pk, record.history_id]),
    ]


@pytest.fixture
def other_department_user(department, django_user_model, request):
    return make_user(django_user_model, "probe", role=request.param, departments=[department])


def test_every_model_with_history_is_probed():
    assert {m.__name__ for m in HISTORY_ADMINS} == {
        "BudgetUnit",
        "Department",
        "Document",
        "Indicator",
        "Project",
        "MonitoringRound",
        "ProjectMonitoring",
        "IndicatorMonitoring",
        "SelfEvaluation",
        "ProjectEvaluation",
        "IndicatorEvaluation",
    }


@pytest.mark.parametrize("other_department_user", ["填报人", "部门审核人"], indirect=True)
@pytest.mark.parametrize("model", HISTORY_ADMINS, ids=lambda m: m.__name__)
def test_other_departments_get_404_on_every_history_page(
    client, seed_with_history, project, other_department_user, model
):
    client.force_login(other_department_user)
    for url in history_urls(seed_with_history, model):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"department": project.document.department.pk}).status_code == 404, url


@pytest.mark.parametrize("other_department_user", ["填报人"], indirect=True)
def test_reverting_another_departments_document_into_mine_moves_nothing(
    client, seed_with_history, project, other_department_user
):
    seed = seed_with_history
    client.force_login(other_department_user)
    record = seed.history.earliest("history_date")
    url = reverse("admin:projects_document_simple_history", args=[seed.pk, record.history_id])
    posted = {
        "department": project.document.department.pk,
        "year": 2022,
        "prepared_by": "x",
        "approving_authority": "x",
        "framework": seed.framework_id,
    }
    assert client.post(url, posted).status_code == 404
    project_record = seed.projects.first().history.earliest("history_date")
    url = reverse("admin:projects_project_simple_history", args=[project_record.id, project_record.history_id])
    assert client.post(url, {"document": project.document.pk, "unit": project.unit.pk}).status_code == 404
    seed.refresh_from_db()
    assert seed.department.code == "711"
    assert seed.projects.count() == 6


@pytest.mark.parametrize("model", HISTORY_ADMINS, ids=lambda m: m.__name__)
def test_own_department_staff_read_history_but_may_not_revert(client, seed_with_history, filler, model):
    client.force_login(filler)
    listing, record = history_urls(seed_with_history, model)
    assert client.get(listing).status_code == 200
    page = client.get(record)
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True
    assert client.post(record, {"name": "改名"}).status_code == 403


@pytest.mark.parametrize("model", HISTORY_ADMINS, ids=lambda m: m.__name__)
def test_auditors_read_every_history_and_revert_nothing(client, seed_with_history, auditor, model):
    client.force_login(auditor)
    listing, record = history_urls(seed_with_history, model)
    assert client.get(listing).status_code == 200
    assert client.get(record).status_code == 200
    assert client.post(record, {"name": "改名"}).status_code == 403


def test_a_revert_never_changes_the_status(client, seed_with_history, superuser, dept_reviewer, bureau_reviewer):
    seed = seed_with_history
    document_submit(document=seed, user=dept_reviewer)
    submitted_record = seed.history.latest("history_date")
    assert submitted_record.status == "submitted"
    document_return(document=seed, user=bureau_reviewer, comment="请修改")
    # Edits since the submission moved the revision on; a revert must not move it back.
    Document.objects.filter(pk=seed.pk).update(revision=submitted_record.revision + 7)
    revision = submitted_record.revision + 7
    transitions = DocumentTransition.objects.count()
    client.force_login(superuser)
    url = reverse("admin:projects_document_simple_history", args=[seed.pk, submitted_record.history_id])
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields
    posted = {name: form[name].value() for name in form.fields}
    posted.update({"prepared_by": "回退后的编制单位", "status": "approved"})
    posted.update({"goals-TOTAL_FORMS": 0, "goals-INITIAL_FORMS": 0, "transitions-TOTAL_FORMS": 0})
    posted.update({"transitions-INITIAL_FORMS": 0})
    response = client.post(url, {k: v for k, v in posted.items() if v is not None})
    assert response.status_code == 302, response.context["errors"] if response.context else response
    seed.refresh_from_db()
    assert seed.prepared_by == "回退后的编制单位"
    assert seed.status == "returned"
    assert seed.revision == revision + 1
    assert DocumentTransition.objects.count() == transitions


def test_a_revert_of_a_submitted_document_is_refused_by_the_edit_lock(
    client, seed_with_history, superuser, dept_reviewer
):
    seed = seed_with_history
    project = seed.projects.first()
    record = project.history.earliest("history_date")
    document_submit(document=seed, user=dept_reviewer)
    client.force_login(superuser)
    url = reverse("admin:projects_project_simple_history", args=[project.pk, record.history_id])
    assert client.post(url, {"name": "回退"}).status_code == 403
    project.refresh_from_db()
    assert project.name != "回退"


@pytest.mark.parametrize("other_department_user", ["填报人", "部门审核人"], indirect=True)
def test_filter_sidebars_name_only_my_departments(client, seed, project, other_department_user):
    client.force_login(other_department_user)
    for model in [BudgetUnit, Document, Project, Indicator]:
        page = client.get(reverse(admin_name(model, "changelist"))).content.decode()
        assert seed.department.name not in page, model.__name__
        assert seed.department.units.first().name not in page, model.__name__


@pytest.mark.parametrize("other_department_user", ["填报人"], indirect=True)
def test_a_related_object_widget_does_not_label_another_departments_project(
    client, seed, project, other_department_user
):
    client.force_login(other_department_user)
    theirs = seed.projects.first()
    page = client.get(reverse("admin:indicators_indicator_add") + f"?project={theirs.pk}").content.decode()
    assert theirs.name not in page
    search = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "indicators", "model_name": "indicator", "field_name": "project", "term": theirs.name[:2]},
    )
    assert theirs.name not in search.content.decode()
    mine = client.get(reverse("admin:indicators_indicator_add") + f"?project={project.pk}").content.decode()
    assert project.name in mine
