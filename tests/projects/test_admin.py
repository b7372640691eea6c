"""The admin: every page answers with the seed loaded, in a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Category, Framework, Indicator, Subcategory
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, Project
from tests.conftest import grow_document

MODELS = [Department, BudgetUnit, Document, Project, Indicator, Framework, Category, Subcategory]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_rows(client, superuser, seed, model, django_assert_num_queries):
    client.force_login(superuser)
    url = admin_url(model, "changelist")
    small = count_queries(client, url)
    grow_document(seed, copies=5)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_answers_for_the_seed(client, superuser, seed, model):
    client.force_login(superuser)
    obj = model.objects.first()
    response = client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_project_change_page_queries_do_not_grow_with_indicators(client, superuser, seed, django_assert_num_queries):
    client.force_login(superuser)
    project = seed.projects.get(position=1)
    url = admin_url(Project, "change", project.pk)
    small = count_queries(client, url)
    first = project.indicators.first()
    for i in range(30):
        first.pk = None
        first.position = 100 + i
        first.save()
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('name="indicators-') > 30


def test_document_change_page_queries_do_not_grow_with_goals(client, superuser, seed, django_assert_num_queries):
    client.force_login(superuser)
    url = admin_url(Document, "change", seed.pk)
    small = count_queries(client, url)
    DepartmentGoal.objects.bulk_create(
        DepartmentGoal(document=seed, kind="safeguard", text=f"新增措施{i}", position=20 + i) for i in range(40)
    )
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_project_search_by_code_and_name(client, superuser, seed):
    client.force_login(superuser)
    url = admin_url(Project, "changelist")
    assert "工会礼堂维护费" in client.get(url, {"q": "13012322P002581106928"}).content.decode()
    by_name = client.get(url, {"q": "劳模体检"}).content.decode()
    assert "13012322P00258110696N" in by_name
    assert "13012322P002581106928" not in by_name


def test_indicator_search_matches_its_own_text_or_its_projects_code_or_name(client, superuser, seed):
    client.force_login(superuser)
    url = admin_url(Indicator, "changelist")
    project = seed.projects.get(position=1)
    indicator = project.indicators.first()

    def found(q):
        return set(client.get(url, {"q": q}).context["cl"].queryset.values_list("pk", flat=True))

    assert found(project.name) == set(project.indicators.values_list("pk", flat=True))
    assert found(project.code[-6:]) == set(project.indicators.values_list("pk", flat=True))
    assert indicator.pk in found(indicator.name)
    assert found(f"{project.name} {indicator.name}") == {
        i.pk for i in project.indicators.all() if indicator.name in i.name or indicator.name in i.description
    }


def test_indicator_filter_by_category(client, superuser, seed):
    client.force_login(superuser)
    response = client.get(admin_url(Indicator, "changelist"), {"subcategory__category__name": "满意度指标"})
    assert response.context["cl"].result_count == 6


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_auditor_can_open_every_page_and_change_nothing(client, auditor, seed, model):
    client.force_login(auditor)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    obj = model.objects.first()
    page = client.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def project_post_data(project, **overrides):
    """The project change form as the browser would send it, unchanged unless overridden."""
    data = {
        "document": project.document_id,
        "unit": project.unit_id,
        "position": project.position,
        "code": project.code,
        "name": project.name,
        "budget": str(project.budget),
        "fiscal_funds": str(project.fiscal_funds),
        "other_funds": str(project.other_funds),
        "purpose": project.purpose,
        "goal": project.goal,
    }
    entries = list(project.plan_entries.all())
    data.update(
        {
            "plan_entries-TOTAL_FORMS": len(entries),
            "plan_entries-INITIAL_FORMS": len(entries),
            "plan_entries-MIN_NUM_FORMS": 1,
            "plan_entries-MAX_NUM_FORMS": 1000,
        }
    )
    for i, e in enumerate(entries):
        data.update(
            {
                f"plan_entries-{i}-id": e.pk,
                f"plan_entries-{i}-project": project.pk,
                f"plan_entries-{i}-month": e.month,
                f"plan_entries-{i}-amount": str(e.amount),
            }
        )
    indicators = list(project.indicators.all())
    data.update(
        {
            "indicators-TOTAL_FORMS": len(indicators),
            "indicators-INITIAL_FORMS": len(indicators),
            "indicators-MIN_NUM_FORMS": 0,
            "indicators-MAX_NUM_FORMS": 1000,
        }
    )
    for i, ind in enumerate(indicators):
        data.update(
            {
                f"indicators-{i}-id": ind.pk,
                f"indicators-{i}-project": project.pk,
                f"indicators-{i}-position": ind.position,
                f"indicators-{i}-subcategory": ind.subcategory_id,
                f"indicators-{i}-name": ind.name,
                f"indicators-{i}-description": ind.description,
                f"indicators-{i}-value_text": ind.value_text,
                f"indicators-{i}-basis": ind.basis,
            }
        )
    data.update(overrides)
    return data


def test_admin_saves_an_unchanged_seed_project(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=2)
    response = client.post(admin_url(Project, "change", project.pk), project_post_data(project))
    assert response.status_code == 302


def test_admin_save_moves_the_revision_on_so_browser_editors_notice(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=2)
    before = project.revision
    client.post(admin_url(Project, "change", project.pk), project_post_data(project, name="礼堂维护费（改）"))
    project.refresh_from_db()
    assert (project.name, project.revision) == ("礼堂维护费（改）", before + 1)


def test_admin_rejects_a_decreasing_plan_and_saves_nothing(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=1)
    data = project_post_data(project, **{"plan_entries-1-amount": "1.00", "name": "改过的名称"})
    response = client.post(admin_url(Project, "change", project.pk), data)
    assert response.status_code == 200
    assert "6月底的 1.00 不能小于3月底的 2.00" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）"


def test_admin_rejects_a_plan_that_misses_the_budget(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=2)
    data = project_post_data(project, budget="12.00", fiscal_funds="12.00")
    response = client.post(admin_url(Project, "change", project.pk), data)
    assert "12月底的累计计划数 10.00 应等于预算数 12.00" in response.content.decode()
    project.refresh_from_db()
    assert str(project.budget) == "10.00"


def test_admin_rejects_funds_that_do_not_add_up(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=2)
    response = client.post(admin_url(Project, "change", project.pk), project_post_data(project, other_funds="1.00"))
    assert "应等于财政资金 10.00 与其他资金 1.00 之和" in response.content.decode()


def test_admin_rejects_an_indicator_value_too_large_to_store(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=2)
    data = project_post_data(project, **{"indicators-0-value_text": "≥1" + "0" * 20})
    response = client.post(admin_url(Project, "change", project.pk), data)
    assert "的数值过大" in response.content.decode()
    assert project.indicators.get(position=1).value_text == "100"


def test_submitted_documents_are_read_only_in_the_admin(client, superuser, seed):
    seed.status = Document.Status.SUBMITTED
    seed.save()
    client.force_login(superuser)
    project = seed.projects.first()
    assert client.post(admin_url(Project, "change", project.pk), project_post_data(project)).status_code == 403
    assert client.post(admin_url(Document, "change", seed.pk), {}).status_code == 403


def test_admin_save_regroups_indicator_rows_into_print_order(client, superuser, seed):
    client.force_login(superuser)
    project = seed.projects.get(position=1)
    names = list(project.indicators.order_by("position").values_list("name", flat=True))
    response = client.post(
        admin_url(Project, "change", project.pk), project_post_data(project, **{"indicators-0-position": 99})
    )
    assert response.status_code == 302
    stored = list(project.indicators.order_by("position").values_list("name", "position"))
    assert stored == [(name, n) for n, name in enumerate([*names[1:4], names[0], *names[4:]], 1)]
