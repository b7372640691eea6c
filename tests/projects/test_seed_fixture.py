"""The seed document loads whole, with the figures of DOMAIN.md "The seed in numbers"."""

from decimal import Decimal as D

from django.core.management import call_command
from django.db.models import Sum

from indicators.models import Indicator
from projects.models import DepartmentGoal, Project


def test_seed_has_six_projects_in_unit_711001_with_the_right_budgets(seed):
    projects = list(seed.projects.select_related("unit"))
    assert [p.budget for p in projects] == [D("7.70"), D("10.00"), D("17.63"), D("5.00"), D("5.22"), D("5.03")]
    assert {p.unit.code for p in projects} == {"711001"}
    totals = seed.projects.aggregate(budget=Sum("budget"), fiscal=Sum("fiscal_funds"), other=Sum("other_funds"))
    assert totals == {"budget": D("50.58"), "fiscal": D("50.58"), "other": D("0.00")}


def test_seed_cover_and_framework(seed):
    assert (seed.department.code, seed.department.name, seed.year) == ("711", "正定县总工会", 2022)
    assert (seed.prepared_by, seed.approving_authority, seed.status) == ("正定县总工会", "正定县财政局", "draft")
    assert seed.checkpoint_months == [3, 6, 10, 12]
    assert seed.framework.code == "legacy"


def test_seed_has_41_indicators_six_in_project_one(seed):
    counts = [p.indicators.count() for p in seed.projects.all()]
    assert counts == [6, 7, 7, 7, 7, 7]
    assert Indicator.objects.filter(project__document=seed).count() == 41


def test_seed_goal_counts(seed):
    kinds = DepartmentGoal.Kind
    assert seed.goals.filter(kind=kinds.OVERALL).count() == 5
    assert seed.goals.filter(kind=kinds.ITEMIZED).count() == 3
    assert seed.goals.filter(kind=kinds.SAFEGUARD).count() == 10
    last = seed.goals.filter(kind=kinds.SAFEGUARD).order_by("position").last()
    assert last.text.endswith("建立“爱心妈妈小屋”1个。")


def test_seed_plans_keep_blank_checkpoints(seed):
    projects = seed.projects.prefetch_related("plan_entries")
    plans = {p.position: {e.month: e.amount for e in p.plan_entries.all()} for p in projects}
    assert [plans[2].get(m) for m in (3, 6, 10, 12)] == [None, D("5.00"), None, D("10.00")]
    assert [plans[5].get(m) for m in (3, 6, 10, 12)] == [None, None, None, D("5.22")]
    assert [plans[1].get(m) for m in (3, 6, 10, 12)] == [D("2.00"), D("4.00"), D("6.00"), D("7.70")]


def test_seed_keeps_the_entered_order_of_categories(seed):
    def order(position):
        project = seed.projects.get(position=position)
        return [i.subcategory.name for i in project.indicators.select_related("subcategory")]

    assert order(1)[:4] == ["质量指标", "成本指标", "数量指标", "时效指标"]
    assert order(2)[:4] == ["质量指标", "数量指标", "时效指标", "成本指标"]
    assert order(5)[4:6] == ["社会效益指标", "经济效益指标"]


def test_seed_texts_are_exact_without_conversion_spaces(seed):
    p3 = seed.projects.get(position=3)
    assert p3.code == "13012322P002581106882"
    assert p3.purpose == "为为工会在职人员缴纳养老和医疗保险"
    assert p3.indicators.get(position=3).name == "职工参保完成率"
    p1 = seed.projects.get(position=1)
    assert p1.name == "2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）"
    qualitative = p1.indicators.get(name="职工生活情况")
    assert qualitative.is_qualitative
    assert qualitative.value_text == "帮扶救助后职工困难得到缓解，生活状况有所提高"
    assert p1.indicators.get(name="建档职工帮扶救助率").comparator == "≥"


def test_every_seed_row_passes_full_clean(seed):
    for project in Project.objects.select_related("document", "unit"):
        project.full_clean()
    for indicator in Indicator.objects.select_related("project__document", "subcategory__category"):
        indicator.full_clean()
    seed.full_clean()


def test_loading_the_seed_twice_duplicates_nothing(seed):
    call_command("loaddata", "zhengding_union_2022", verbosity=0)
    assert Project.objects.count() == 6
    assert Indicator.objects.count() == 41
    assert DepartmentGoal.objects.count() == 18
