"""The write services behind the browser pages: one transaction, revision compare-and-swap, renumbered rows."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Indicator
from projects import services
from projects.models import DepartmentGoal, Project
from tests.conftest import make_user
from tests.projects.form_data import page_data


@pytest.fixture
def first(seed):
    return seed.projects.get(position=1)


def plan_of(project):
    return {e.month: e.amount for e in project.plan_entries.all()}


def save(project, **overrides):
    arguments = {
        "project": project,
        "expected_revision": project.revision,
        "amounts": plan_of(project),
        "indicators": list(project.indicators.order_by("position")),
    }
    return services.project_save(**{**arguments, **overrides})


def test_project_save_moves_the_revision_on_by_one(first):
    first.name = "新名称"
    save(first)
    first.refresh_from_db()
    assert (first.name, first.revision) == ("新名称", 1)


def test_project_save_from_a_stale_revision_is_refused_and_writes_nothing(first):
    save(Project.objects.get(pk=first.pk))
    first.name = "过期的修改"
    with pytest.raises(services.StaleRevisionError) as refused:
        save(first, expected_revision=0)
    assert (refused.value.expected, refused.value.current) == (0, 1)
    first.refresh_from_db()
    assert (first.name, first.revision) == ("2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）", 1)


def test_project_save_is_refused_once_the_document_is_submitted(seed, first):
    seed.status = "submitted"
    seed.save()
    with pytest.raises(ValidationError, match="只有草稿或退回的文档可以修改"):
        save(first)


def test_project_save_is_one_transaction(first):
    rows = list(first.indicators.order_by("position"))
    rows[0].value_text = "≥1" + "0" * 20
    first.name = "不应保存"
    with pytest.raises(ValidationError):
        save(first, indicators=rows, amounts={**plan_of(first), 3: Decimal("1.00")})
    first.refresh_from_db()
    assert (first.name, first.revision, plan_of(first)[3]) == (
        "2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）",
        0,
        Decimal("2.00"),
    )
    assert first.indicators.get(position=1).value_text == "≥90"


def test_new_project_goes_after_the_last_one(seed, first):
    project = Project(
        document=seed,
        unit=first.unit,
        code="13012322P002581109990",
        name="职工书屋建设",
        budget=Decimal("1.00"),
        fiscal_funds=Decimal("1.00"),
    )
    services.project_save(project=project, expected_revision=None, amounts={12: Decimal("1.00")}, indicators=[])
    assert (project.position, project.revision, plan_of(project)) == (7, 0, {12: Decimal("1.00")})


def test_indicators_are_renumbered_in_the_given_order_and_unchanged_rows_not_written(first):
    rows = list(first.indicators.order_by("position"))
    save(first, indicators=[rows[1], rows[0], *rows[2:]])
    assert list(first.indicators.order_by("position").values_list("pk", flat=True)) == [
        rows[1].pk,
        rows[0].pk,
        *[r.pk for r in rows[2:]],
    ]
    assert Indicator.history.count() == 2


def test_rows_of_another_project_are_never_deleted(seed, first):
    other_row = seed.projects.get(position=2).indicators.first()
    save(first, removed_indicators=[other_row])
    assert Indicator.objects.filter(pk=other_row.pk).exists()


def test_document_update_renumbers_goals_and_refuses_a_stale_revision(seed):
    overall = list(seed.goals.filter(kind="overall").order_by("position"))
    services.document_update(document=seed, expected_revision=0, goals={"overall": overall[::-1]})
    assert list(seed.goals.filter(kind="overall").order_by("position")) == overall[::-1]
    with pytest.raises(services.StaleRevisionError):
        services.document_update(document=seed, expected_revision=0, goals={})


def test_document_update_deletes_only_its_own_goals(seed, document):
    foreign = DepartmentGoal.objects.create(document=document, kind="overall", text="别的部门的目标")
    services.document_update(document=seed, expected_revision=0, goals={}, removed_goals=[foreign])
    assert DepartmentGoal.objects.filter(pk=foreign.pk).exists()


def test_a_save_that_races_in_after_the_page_checked_the_revision_is_still_refused(
    seed, first, django_user_model, client, monkeypatch
):
    """Two saves at the same moment: both pass the page's early check, the service lets only one through."""
    client.force_login(make_user(django_user_model, "filler", role="填报人", departments=[seed.department]))
    url = reverse("projects:project_edit", args=[first.pk])
    data = page_data(client.get(url))
    original = services.project_save

    def other_person_saves_first(**kwargs):
        racer = Project.objects.get(pk=first.pk)
        racer.name = "同时保存的名称"
        original(
            project=racer,
            expected_revision=racer.revision,
            amounts=plan_of(racer),
            indicators=list(racer.indicators.order_by("position")),
        )
        return original(**kwargs)

    monkeypatch.setattr(services, "project_save", other_person_saves_first)
    data["goal"] = "我的绩效目标"
    response = client.post(url, data)
    assert response.status_code == 200
    changes = {c.what: c.after for c in response.context["conflict"].changes}
    assert changes["项目名称"] == "同时保存的名称"
    assert response.context["form"]["goal"].value() == "我的绩效目标"
    first.refresh_from_db()
    assert (first.name, first.goal != "我的绩效目标", first.revision) == ("同时保存的名称", True, 1)
