import pytest
from django.core.exceptions import ValidationError

from indicators.catalog import Catalog
from indicators.models import Framework


@pytest.fixture
def catalog(db):
    return Catalog(Framework.objects.get(code="legacy"))


def test_both_frameworks_are_created_in_canonical_order(db):
    legacy = Framework.objects.get(code="legacy")
    central = Framework.objects.get(code="central-2021")
    assert [c.name for c in legacy.categories.all()] == ["产出指标", "效益指标", "满意度指标"]
    assert [s.name for s in legacy.categories.get(name="产出指标").subcategories.all()] == [
        "数量指标",
        "质量指标",
        "时效指标",
        "成本指标",
    ]
    assert [c.name for c in central.categories.all()] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    assert [s.name for s in central.categories.get(name="成本指标").subcategories.all()] == [
        "经济成本指标",
        "社会成本指标",
        "生态环境成本指标",
    ]


def test_resolve_finds_subcategory_under_its_parent(catalog):
    sub = catalog.resolve("效益指标", "社会效益指标")
    assert (sub.category.name, sub.name) == ("效益指标", "社会效益指标")


def test_resolve_names_the_right_parent_for_a_misplaced_subcategory(catalog):
    with pytest.raises(ValidationError, match="二级指标“质量指标”不能放在一级指标“效益指标”下，应属于“产出指标”"):
        catalog.resolve("效益指标", "质量指标")


def test_resolve_rejects_an_unknown_category(catalog):
    with pytest.raises(ValidationError, match="一级指标“成果指标”不在指标体系"):
        catalog.resolve("成果指标", "数量指标")


def test_resolve_rejects_an_unknown_subcategory(catalog):
    with pytest.raises(ValidationError, match="二级指标“公平指标”不在一级指标“效益指标”下"):
        catalog.resolve("效益指标", "公平指标")


def test_catalog_loads_with_one_query_however_many_lookups(db, django_assert_num_queries):
    framework = Framework.objects.get(code="legacy")
    with django_assert_num_queries(1):
        catalog = Catalog(framework)
        for _ in range(50):
            catalog.resolve("产出指标", "数量指标")
            catalog.resolve("满意度指标", "服务对象满意度指标")
