"""docs/selfeval-rules.md is generated from the code and settings; the findings say what blocks submission."""

from decimal import Decimal as D
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from selfeval.models import IndicatorEvaluation, ProjectEvaluation
from selfeval.rulebook import RULES, report_findings, rulebook_markdown
from selfeval.selectors import evaluation_report

RULEBOOK = settings.BASE_DIR / "docs" / "selfeval-rules.md"


def test_the_rulebook_in_docs_matches_the_code():
    assert RULEBOOK.read_text(encoding="utf-8") == rulebook_markdown(), (
        "docs/selfeval-rules.md is out of date: run `python manage.py selfeval_rulebook`"
    )


def test_the_rulebook_lists_every_check_and_the_settings_with_their_source():
    text = rulebook_markdown()
    for rule in RULES:
        assert f"### `{rule.id}` {rule.summary}" in text
    assert "财预〔2020〕10号" in text
    assert "| `SELFEVAL_CATEGORY_WEIGHTS` | 产出指标、成本指标（共享） | 50 |" in text
    assert "| `SELFEVAL_GRADES` | 良 | 总分 ≥ 80 |" in text


def test_the_check_option_fails_when_the_file_is_stale(monkeypatch, tmp_path):
    stale = tmp_path / "selfeval-rules.md"
    stale.write_text("旧版本\n", encoding="utf-8")
    monkeypatch.setattr("selfeval.management.commands.selfeval_rulebook.Command.page", str(stale))
    with pytest.raises(CommandError, match="不一致"):
        call_command("selfeval_rulebook", "--check")
    call_command("selfeval_rulebook", stdout=StringIO())
    call_command("selfeval_rulebook", "--check")


def _findings(document):
    return [(f.rule, f.message) for f in report_findings(evaluation_report(document))]


def test_the_demo_self_evaluation_has_no_findings(evaluation, seed):
    assert _findings(seed) == []


def test_a_score_below_its_points_needs_a_reason(evaluation, seed):
    row = IndicatorEvaluation.objects.filter(evaluation=evaluation, reason__gt="").first()
    row.reason = ""
    row.save()
    [(rule, message)] = _findings(seed)
    assert rule == "indicator-reason-missing"
    assert message.endswith("得分 11.88 低于分值 12.50，请填写“偏差原因分析及改进措施”。")


def test_missing_entries_are_found(evaluation, seed):
    row = ProjectEvaluation.objects.filter(evaluation=evaluation).order_by("project__position").first()
    row.spent = None
    row.achievement = ""
    row.save()
    IndicatorEvaluation.objects.filter(indicator__project=row.project).first().delete()
    rules = [rule for rule, _m in _findings(seed)]
    assert rules == [
        "funds-spent-missing",
        "achievement-missing",
        "indicator-actual-missing",
        "indicator-reason-missing",
    ]


def test_a_project_missing_a_whole_first_level_category_is_named(evaluation, seed):
    project = seed.projects.order_by("position").first()
    project.indicators.filter(subcategory__category__name="满意度指标").delete()
    findings = _findings(seed)
    assert (
        "points-plan",
        "项目“2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）”：缺少一级指标“满意度指标”（10分），无法计算分值。",
    ) in findings


def test_a_stored_score_that_left_its_band_is_found(evaluation, seed):
    project = seed.projects.order_by("position").first()
    indicator = project.indicators.order_by("position").first()
    indicator.set_value("明显提升")
    indicator.save()
    IndicatorEvaluation.objects.filter(indicator=indicator).update(
        actual_text="", actual_number=None, result="met", score=D("12.00"), reason=""
    )
    # Another indicator under 产出 changes the default split: 12.50 becomes 10.00.
    extra = indicator.copy_to(project)
    extra.name, extra.position = "新增指标", 99
    extra.save()
    rules = [rule for rule, _m in _findings(seed)]
    assert "indicator-score-band" in rules
