"""固化指标: a project of a 项目类型 lacking one of that type's required entries is reported, as 错误 or 提示 as
the bureau set it; picking the entry from the library or naming it the same under its 二级 satisfies it."""

from datetime import date

import pytest

from indicators.models import Origin
from library.models import ProjectType, RequiredIndicator
from review.rulebook import Severity, review_project

RULE = "complete-required-indicators"


@pytest.fixture
def relief():
    return ProjectType.objects.create(name="困难帮扶类")


@pytest.fixture
def first(seed, relief):
    project = seed.projects.order_by("position").first()
    type(project).objects.filter(pk=project.pk).update(project_type=relief)
    project.refresh_from_db()
    return project


def required(entry, project_type, severity=RequiredIndicator.Severity.ERROR):
    return RequiredIndicator.objects.create(entry=entry, project_type=project_type, severity=severity)


def findings(project):
    return [f for f in review_project(project) if f.rule == RULE]


def test_a_missing_required_indicator_is_an_error_naming_it(first, relief, make_entry):
    required(make_entry("帮扶资金发放及时率"), relief)
    [finding] = findings(first)
    assert finding.severity == Severity.ERROR
    assert finding.is_blocking
    assert finding.message == (
        f"项目“{first.name}”属于“困难帮扶类”，缺少固化指标“帮扶资金发放及时率”（产出指标 / 时效指标）。"
    )


def test_the_bureau_can_make_a_missing_one_only_a_warning(first, relief, make_entry):
    required(make_entry("帮扶资金发放及时率"), relief, RequiredIndicator.Severity.WARNING)
    [finding] = findings(first)
    assert finding.severity == Severity.WARNING
    assert not finding.is_blocking


def test_an_indicator_of_the_same_name_under_the_same_subcategory_satisfies_it(first, relief, make_entry):
    required(make_entry("及时 率"), relief)
    assert first.indicators.filter(name="及时率").exists()
    assert findings(first) == []


def test_an_indicator_picked_from_the_library_satisfies_it_whatever_its_name(first, relief, make_entry):
    entry = make_entry("帮扶资金发放及时率")
    required(entry, relief)
    row = first.indicators.get(name="及时率")
    row.origin, row.library_entry, row.name = Origin.LIBRARY, entry, "发放及时率"
    row.save()
    assert findings(first) == []


def test_projects_of_another_type_or_without_one_are_not_asked(seed, first, relief, make_entry):
    required(make_entry("帮扶资金发放及时率"), ProjectType.objects.create(name="劳模关爱类"))
    assert findings(first) == []
    untyped = seed.projects.order_by("position").last()
    assert findings(untyped) == []


def test_a_disabled_entry_is_no_longer_required(first, relief, make_entry):
    required(make_entry("帮扶资金发放及时率", enabled_to=date(2020, 12, 31)), relief)
    assert findings(first) == []
