"""Every review rule, one case that triggers it and one near miss that does not, on a project that is clean."""

from decimal import Decimal

import pytest

from indicators.catalog import Catalog
from indicators.models import Framework, Indicator, Subcategory
from library.models import LibraryEntry, ProjectType, RequiredIndicator
from projects.models import BudgetUnit, DepartmentGoal, PlanEntry, Project
from review import rulebook
from workflow.models import RolloverChecklist

CLEAN_INDICATORS = [
    ("产出指标", "数量指标", "培训职工人数", "参加技能培训的职工人数", "≥100人"),
    ("产出指标", "质量指标", "培训考核合格率", "考核合格人数占参训人数的比例", "≥95%"),
    ("产出指标", "时效指标", "按期完成率", "按计划时间完成的培训班次比例", "100%"),
    ("产出指标", "成本指标", "人均培训成本", "培训总费用除以参训人数", "≤500元"),
    ("效益指标", "社会效益指标", "参训职工技能提升率", "参训后取得等级证书的职工比例", "≥80%"),
    ("满意度指标", "服务对象满意度指标", "参训职工满意度", "问卷调查参训职工的满意程度", "≥90%"),
]


def add_indicator(project, category, subcategory, name, description, value, position=None):
    indicator = Indicator(
        project=project,
        subcategory=Subcategory.objects.get(
            category__framework=project.document.framework, category__name=category, name=subcategory
        ),
        name=name,
        description=description,
        position=position if position is not None else project.indicators.count() + 1,
    )
    indicator.set_value(value)
    indicator.save()
    return indicator


@pytest.fixture
def clean(project):
    """A project of the test department with everything a reviewer wants: no finding at all."""
    project.purpose = "组织职工技能培训"
    project.goal = "1.全年培训职工100人以上，考核合格率95%以上。"
    project.save()
    DepartmentGoal.objects.create(document=project.document, kind="overall", text="提升职工技能水平。", position=1)
    for month, amount in [(3, "2.00"), (6, "5.00"), (10, "8.00"), (12, "10.00")]:
        PlanEntry.objects.create(project=project, month=month, amount=Decimal(amount))
    for position, row in enumerate(CLEAN_INDICATORS, 1):
        add_indicator(project, *row, position=position)
    return project


def rule_findings(project, rule_id):
    return [f for f in rulebook.review_document(project.document) if f.rule == rule_id]


def indicator_named(project, name):
    return project.indicators.get(name=name)


def set_value(project, name, value):
    indicator = indicator_named(project, name)
    indicator.set_value(value)
    indicator.save()


def update_indicator(project, current_name, **fields):
    Indicator.objects.filter(project=project, name=current_name).update(**fields)


def set_plan(project, amounts):
    project.plan_entries.all().delete()
    for month, amount in amounts.items():
        PlanEntry.objects.create(project=project, month=month, amount=Decimal(amount))


def require(project, name, subcategory="时效指标"):
    """The project becomes of a type for which the bureau requires the library entry `name`."""
    project_type = ProjectType.objects.create(name="职工培训类")
    entry = LibraryEntry.objects.create(
        subcategory=Subcategory.objects.get(category__framework=project.document.framework, name=subcategory),
        name=name,
    )
    RequiredIndicator.objects.create(entry=entry, project_type=project_type)
    Project.objects.filter(pk=project.pk).update(project_type=project_type)


def rolled_over_naming(project, year):
    """The project's document as if rolled over from the year before, its goal naming `year`."""
    RolloverChecklist.objects.create(document=project.document, from_year=project.document.year - 1)
    Project.objects.filter(pk=project.pk).update(goal=f"1.{year}年全年培训职工100人以上。")


def rolled_over_goal_naming(project, year):
    RolloverChecklist.objects.create(document=project.document, from_year=project.document.year - 1)
    project.document.goals.update(text=f"{year}年提升职工技能水平。")


def test_the_clean_project_has_no_finding(clean):
    assert rulebook.review_document(clean.document) == []


# Each case changes the clean project so that exactly the named rule has something to say.
TRIGGERS = {
    "complete-overall-goal": lambda p: p.document.goals.update(kind="itemized"),
    "complete-checkpoints": lambda p: (
        type(p.document).objects.filter(pk=p.document.pk).update(checkpoint_months=[3, 6, 10])
    ),
    "complete-categories": lambda p: p.indicators.filter(subcategory__category__name="满意度指标").delete(),
    "complete-output-subcategories": lambda p: p.indicators.filter(subcategory__name="时效指标").delete(),
    "complete-required-indicators": lambda p: require(p, "培训班按期开班率"),
    "complete-goal": lambda p: Project.objects.filter(pk=p.pk).update(goal=""),
    "complete-purpose": lambda p: Project.objects.filter(pk=p.pk).update(purpose="——"),
    "complete-plan-consistent": lambda p: set_plan(p, {3: "6.00", 6: "5.00", 10: "8.00", 12: "10.00"}),
    "complete-plan-reaches-budget": lambda p: set_plan(p, {3: "2.00", 6: "5.00", 10: "8.00", 12: "9.00"}),
    "consistent-subcategory": lambda p: update_indicator(
        p,
        "人均培训成本",
        subcategory=Subcategory.objects.get(category__framework__code="central-2021", name="经济成本指标"),
    ),
    "consistent-project-code": lambda p: Project.objects.filter(pk=p.pk).update(code="13012321P002581106928"),
    "consistent-unit-code": lambda p: Project.objects.filter(pk=p.pk).update(
        unit=BudgetUnit.objects.create(department=p.document.department, code="713001", name="错放的单位")
    ),
    "measurable-output-number": lambda p: set_value(p, "培训考核合格率", "培训考核全部合格"),
    "measurable-comparator": lambda p: set_value(p, "培训职工人数", "100人"),
    "measurable-qualitative-outcome": lambda p: set_value(p, "参训职工技能提升率", "职工技能明显提升"),
    "measurable-impossible-percentage": lambda p: set_value(p, "培训考核合格率", "≥120%"),
    "measurable-satisfaction-floor": lambda p: set_value(p, "参训职工满意度", "≥50%"),
    "quality-duplicate-name": lambda p: add_indicator(p, "产出指标", "数量指标", "培训职工人数", "重复填写", "≥100人"),
    "quality-cost-usage-rate": lambda p: update_indicator(p, "人均培训成本", name="资金使用率"),
    "quality-satisfaction-under-benefit": lambda p: add_indicator(
        p, "效益指标", "社会效益指标", "用人单位满意度", "问卷调查", "≥90%"
    ),
    "quality-late-spending": lambda p: set_plan(p, {12: "10.00"}),
    "text-empty-description": lambda p: update_indicator(p, "培训职工人数", description=""),
    "text-only-punctuation": lambda p: update_indicator(p, "培训职工人数", name="/"),
    "text-doubled-character": lambda p: Project.objects.filter(pk=p.pk).update(purpose="为为职工组织技能培训"),
    "text-percent-unit": lambda p: set_value(p, "培训考核合格率", "≥95百分比"),
    "text-value-unread": lambda p: set_value(p, "参训职工技能提升率", "≥上年水平"),
    "text-basis-explain": lambda p: update_indicator(p, "培训职工人数", basis="其他"),
    "text-basis-unnamed": lambda p: update_indicator(p, "培训职工人数", basis="专家论证"),
    "text-rollover-old-year": lambda p: rolled_over_naming(p, p.document.year - 1),
    "text-rollover-old-year-goals": lambda p: rolled_over_goal_naming(p, p.document.year - 1),
}

# Cases that look close to a fault but are fine; the rule must stay silent.
NEAR_MISSES = {
    "complete-overall-goal": lambda p: DepartmentGoal.objects.create(
        document=p.document, kind="safeguard", text="加强管理。"
    ),
    "complete-checkpoints": lambda p: (
        type(p.document).objects.filter(pk=p.document.pk).update(checkpoint_months=[3, 6, 9, 12])
    ),
    "complete-categories": lambda p: p.indicators.filter(subcategory__name="成本指标").delete(),
    "complete-output-subcategories": lambda p: p.indicators.filter(subcategory__name="成本指标").delete(),
    "complete-required-indicators": lambda p: require(p, "按期 完成率"),
    "complete-goal": lambda p: Project.objects.filter(pk=p.pk).update(goal="1."),
    "complete-purpose": lambda p: Project.objects.filter(pk=p.pk).update(purpose="培训"),
    "complete-plan-consistent": lambda p: set_plan(p, {6: "5.00", 12: "10.00"}),
    "complete-plan-reaches-budget": lambda p: set_plan(p, {12: "10.00"}),
    "consistent-subcategory": lambda p: update_indicator(
        p, "人均培训成本", subcategory=Subcategory.objects.get(category__framework__code="legacy", name="成本指标")
    ),
    "consistent-project-code": lambda p: Project.objects.filter(pk=p.pk).update(code="13012322P99999999999Z"),
    "consistent-unit-code": lambda p: Project.objects.filter(pk=p.pk).update(
        unit=BudgetUnit.objects.create(department=p.document.department, code="712002", name="下属单位")
    ),
    "measurable-output-number": lambda p: set_value(p, "参训职工技能提升率", "职工技能明显提升"),
    "measurable-comparator": lambda p: set_value(p, "培训考核合格率", "100"),
    "measurable-qualitative-outcome": lambda p: set_value(p, "参训职工技能提升率", "≥80%"),
    "measurable-impossible-percentage": lambda p: update_indicator(
        p, "参训职工技能提升率", name="职工收入增长率", value_text="≥150%", comparator="≥", target_number=150, unit="%"
    ),
    "measurable-satisfaction-floor": lambda p: set_value(p, "参训职工满意度", "≥4.5分"),
    "quality-duplicate-name": lambda p: add_indicator(p, "产出指标", "数量指标", "培训班次", "举办培训班次数", "≥4次"),
    "quality-cost-usage-rate": lambda p: update_indicator(p, "培训考核合格率", name="资金使用率"),
    "quality-satisfaction-under-benefit": lambda p: add_indicator(
        p, "满意度指标", "服务对象满意度指标", "用人单位满意度", "问卷调查", "≥90%"
    ),
    "quality-late-spending": lambda p: set_plan(p, {6: "1.00", 12: "10.00"}),
    "text-empty-description": lambda p: update_indicator(p, "培训职工人数", description="人数"),
    "text-only-punctuation": lambda p: update_indicator(p, "培训职工人数", name="培训人数（人）"),
    "text-doubled-character": lambda p: Project.objects.filter(pk=p.pk).update(purpose="常常组织职工人人参加培训"),
    "text-percent-unit": lambda p: set_value(p, "培训考核合格率", "≥95％"),
    "text-value-unread": lambda p: set_value(p, "参训职工技能提升率", "职工技能明显提升"),
    "text-basis-explain": lambda p: update_indicator(p, "培训职工人数", basis="其他：专家论证"),
    "text-basis-unnamed": lambda p: update_indicator(p, "培训职工人数", basis="行业标准：国家职业技能标准"),
    "text-rollover-old-year": lambda p: rolled_over_naming(p, p.document.year),
    "text-rollover-old-year-goals": lambda p: rolled_over_goal_naming(p, p.document.year),
}


# The database refuses funds that do not add up, so that rule has its own tests on an unsaved object below.
RULES_TESTED_UNSAVED = {"consistent-funds"}


def test_every_rule_has_a_triggering_case_and_a_near_miss():
    ids = {rule.id for rule in rulebook.RULES}
    assert set(TRIGGERS) | RULES_TESTED_UNSAVED == ids
    assert set(NEAR_MISSES) | RULES_TESTED_UNSAVED == ids


def test_rule_ids_are_unique_and_every_rule_is_documented():
    ids = [rule.id for rule in rulebook.RULES]
    assert len(ids) == len(set(ids))
    for rule in rulebook.RULES:
        assert rule.summary, rule.id
        assert rule.source, rule.id
        assert rule.why, rule.id
        assert rule.severity in (rulebook.Severity.ERROR, rulebook.Severity.WARNING)


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_rule_triggers_and_names_the_project(clean, rule_id):
    TRIGGERS[rule_id](clean)
    found = rule_findings(clean, rule_id)
    assert found, rule_id
    rule = next(r for r in rulebook.RULES if r.id == rule_id)
    for finding in found:
        assert finding.severity == rule.severity
        assert finding.field
        if rule.scope == "project":
            assert finding.project.pk == clean.pk
            assert f"项目“{clean.name}”" in finding.message
        else:
            assert finding.project is None


@pytest.mark.parametrize("rule_id", sorted(NEAR_MISSES))
def test_rule_stays_silent_on_a_near_miss(clean, rule_id):
    NEAR_MISSES[rule_id](clean)
    assert rule_findings(clean, rule_id) == []


def test_funds_that_do_not_add_up_are_an_error_with_the_funds_rule_message(clean):
    # Run on the object as an editor holds it before saving.
    clean.budget = Decimal("12.00")
    context = rulebook.ReviewContext(clean.document, Catalog(clean.document.framework))
    [hit] = rulebook.check_funds(clean, context)
    assert hit.field == "budget"
    assert "预算数 12.00 应等于财政资金 10.00 与其他资金 0.00 之和（10.00）" in hit.message


def test_funds_that_add_up_pass(clean):
    context = rulebook.ReviewContext(clean.document, Catalog(clean.document.framework))
    assert list(rulebook.check_funds(clean, context)) == []


def test_the_funds_rule_is_registered_as_an_error():
    assert next(r for r in rulebook.RULES if r.id == "consistent-funds").severity == rulebook.Severity.ERROR


def test_missing_category_message_names_the_category(clean):
    TRIGGERS["complete-categories"](clean)
    [finding] = rule_findings(clean, "complete-categories")
    assert finding.message == "项目“测试项目”缺少一级指标“满意度指标”下的绩效指标。"


def test_indicator_findings_name_row_and_indicator(clean):
    set_value(clean, "培训考核合格率", "≥120%")
    [finding] = rule_findings(clean, "measurable-impossible-percentage")
    assert finding.message == "项目“测试项目”第2行三级指标“培训考核合格率”是百分比，指标值“≥120%”不可能达到。"
    assert finding.indicator == indicator_named(clean, "培训考核合格率")
    assert finding.field == "value_text"


def test_a_rate_written_without_unit_counts_as_a_percentage(clean):
    set_value(clean, "培训考核合格率", "≥110")
    assert len(rule_findings(clean, "measurable-impossible-percentage")) == 1


def test_more_than_one_hundred_percent_with_at_most_is_possible(clean):
    set_value(clean, "培训考核合格率", "≤120%")
    assert rule_findings(clean, "measurable-impossible-percentage") == []


def test_plan_findings_reuse_the_plan_rule_messages(clean):
    set_plan(clean, {3: "6.00", 6: "5.00", 10: "8.00", 12: "9.00"})
    [decrease] = rule_findings(clean, "complete-plan-consistent")
    assert "6月底的 5.00 不能小于3月底的 6.00" in decrease.message
    [short] = rule_findings(clean, "complete-plan-reaches-budget")
    assert "12月底的累计计划数 9.00 应等于预算数 10.00" in short.message


def test_a_project_with_no_plan_must_still_reach_its_budget(clean):
    set_plan(clean, {})
    [finding] = rule_findings(clean, "complete-plan-reaches-budget")
    assert "12月底的累计计划数必须填写，且等于预算数 10.00" in finding.message


def test_late_spending_uses_the_documents_own_checkpoint_before_october(clean):
    type(clean.document).objects.filter(pk=clean.document.pk).update(checkpoint_months=[3, 6, 9, 12])
    set_plan(clean, {12: "10.00"})
    [finding] = rule_findings(clean, "quality-late-spending")
    assert "截至9月底计划支出为0" in finding.message


def test_a_plan_entry_off_the_checkpoints_is_reported(clean):
    PlanEntry.objects.create(project=clean, month=9, amount=Decimal("7.00"))
    [finding] = rule_findings(clean, "complete-plan-consistent")
    assert "9月底不是本文档的资金支出计划时间节点" in finding.message


def test_the_central_framework_requires_its_cost_category(clean):
    central = Framework.objects.get(code="central-2021")
    type(clean.document).objects.filter(pk=clean.document.pk).update(framework=central)
    missing = {f.message for f in rule_findings(clean, "complete-categories")}
    assert "项目“测试项目”缺少一级指标“成本指标”下的绩效指标。" in missing


def test_doubled_characters_are_listed_once_per_field(clean):
    Project.objects.filter(pk=clean.pk).update(goal="为为职工培训，为为职工服务，的的确确，认真真")
    [finding] = rule_findings(clean, "text-doubled-character")
    assert finding.field == "goal"
    assert "重复字“为为”“真真”，" in finding.message
