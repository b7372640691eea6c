"""Rounds: opening, the workflow (same steps and roles as the document), the edit lock, findings, 整改, history."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from monitoring import services
from monitoring.checks import round_findings
from monitoring.models import IndicatorMonitoring, MonitoringRound, ProjectMonitoring
from monitoring.rules import Actual, parse_actual, parse_causes
from monitoring.selectors import round_report


def test_a_round_gets_one_row_per_project_and_indicator_with_defaults(seed, filler):
    round = services.round_create(document=seed, month=7, user=filler)
    assert round.project_reports.count() == 6
    assert IndicatorMonitoring.objects.filter(project_report__round=round).count() == 41
    first = round.project_reports.get(project__position=1)
    assert first.annual_budget == D("7.70")
    assert round.history.first().history_user == filler


def test_a_second_round_for_the_same_month_is_refused_but_another_month_is_not(seed, filler):
    services.round_create(document=seed, month=7, user=filler)
    with pytest.raises(ValidationError):
        services.round_create(document=seed, month=7, user=filler)
    services.round_create(document=seed, month=9, user=filler)
    assert seed.monitoring_rounds.count() == 2


def test_only_the_departments_editors_open_a_round(seed, dept_reviewer, outsider):
    for user in (dept_reviewer, outsider):
        with pytest.raises(PermissionDenied):
            services.round_create(document=seed, month=7, user=user)


def test_the_seed_demo_round_has_every_colour(round7):
    counts = round_report(round7).counts
    assert counts["红"]
    assert counts["黄"]
    assert counts["绿"]
    assert counts["蓝"]


def test_the_demo_round_may_be_submitted_and_approved(round7, dept_reviewer, bureau_reviewer):
    assert not [f for f in round_findings(round7) if f.is_blocking]
    services.round_transition(round=round7, user=dept_reviewer, action="submit")
    services.round_transition(round=round7, user=bureau_reviewer, action="approve")
    round7.refresh_from_db()
    assert round7.status == "approved"
    assert [t.to_status for t in round7.transitions.all()] == ["submitted", "approved"]


def test_roles_are_those_of_the_document_workflow(round7, filler, dept_reviewer, bureau_reviewer):
    with pytest.raises(PermissionDenied):
        services.round_transition(round=round7, user=filler, action="submit")
    with pytest.raises(PermissionDenied):
        services.round_transition(round=round7, user=dept_reviewer, action="approve")
    services.round_transition(round=round7, user=dept_reviewer, action="submit")
    with pytest.raises(ValidationError) as exc:
        services.round_transition(round=round7, user=bureau_reviewer, action="return")
    assert "comment" in exc.value.message_dict
    services.round_transition(round=round7, user=bureau_reviewer, action="return", comment="请补充说明")
    round7.refresh_from_db()
    assert round7.status == "returned"
    assert round7.is_editable


def test_a_red_light_without_a_cause_blocks_submission(round7, dept_reviewer):
    line = IndicatorMonitoring.objects.get(
        project_report__round=round7, project_report__project__position=2, indicator__position=4
    )
    line.causes = []
    line.save()
    blocking = [f for f in round_findings(round7) if f.is_blocking]
    assert [f.rule for f in blocking] == ["monitor-red-has-cause"]
    with pytest.raises(ValidationError) as exc:
        services.round_transition(round=round7, user=dept_reviewer, action="submit")
    assert "请选择偏差原因" in " ".join(exc.value.messages)


def test_a_submitted_round_is_locked_on_every_path(round7, dept_reviewer, filler):
    services.round_transition(round=round7, user=dept_reviewer, action="submit")
    report = ProjectMonitoring.objects.filter(round=round7).first()
    report.fiscal_spent = D("0.01")
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(ValidationError):
        ProjectMonitoring.objects.filter(round=round7).update(note="x")
    with pytest.raises(ValidationError):
        IndicatorMonitoring.objects.filter(project_report__round=round7).delete()
    with pytest.raises(ValidationError):
        MonitoringRound.objects.get(pk=round7.pk).delete()
    with pytest.raises(ValidationError):
        services.project_report_save(
            report=report,
            user=filler,
            fiscal_spent=D("1"),
            other_spent=D("0"),
            annual_budget=D("7.70"),
            note="",
            lines=[],
        )


def test_the_bureau_asks_for_corrections_and_the_department_answers_on_a_locked_round(
    round7, dept_reviewer, bureau_reviewer, filler
):
    report = ProjectMonitoring.objects.get(round=round7, project__position=2)
    with pytest.raises(ValidationError):
        services.correction_request_save(report=report, user=bureau_reviewer, text="请加快执行")
    services.round_transition(round=round7, user=dept_reviewer, action="submit")
    with pytest.raises(PermissionDenied):
        services.correction_request_save(report=report, user=filler, text="x")
    services.correction_request_save(report=report, user=bureau_reviewer, text="请加快执行进度")
    services.correction_result_save(report=report, user=filler, text="8月已完成招标")
    report.refresh_from_db()
    assert (report.correction_request, report.correction_result) == ("请加快执行进度", "8月已完成招标")
    assert report.history.first().history_user == filler


def test_saving_the_form_writes_history_only_for_rows_that_changed(round7, filler):
    report = ProjectMonitoring.objects.get(round=round7, project__position=1)
    lines = list(report.indicator_reports.select_related("indicator").order_by("indicator__position"))
    before = IndicatorMonitoring.history.count()
    values = [
        services.LineValues(
            line=line,
            actual=parse_actual(line.indicator, "80" if n == 0 else line.actual_text),
            cumulative=line.cumulative,
            causes=line.causes,
            cause_note=line.cause_note,
            likelihood=line.likelihood,
            remark=line.remark,
        )
        for n, line in enumerate(lines)
    ]
    services.project_report_save(
        report=report,
        user=filler,
        fiscal_spent=D("4.50"),
        other_spent=D("0"),
        annual_budget=D("7.70"),
        note="n",
        lines=values,
    )
    assert IndicatorMonitoring.history.count() == before + 1
    lines[0].refresh_from_db()
    assert lines[0].actual_number == D("80")


def test_spending_above_the_budget_or_below_an_earlier_round_is_refused(round7, filler):
    report = ProjectMonitoring.objects.get(round=round7, project__position=1)
    with pytest.raises(ValidationError) as exc:
        services.project_report_save(
            report=report,
            user=filler,
            fiscal_spent=D("7.71"),
            other_spent=D("0"),
            annual_budget=D("7.70"),
            note="",
            lines=[],
        )
    assert "超过全年预算数" in exc.value.message_dict["fiscal_spent"][0]
    later = services.round_create(document=round7.document, month=9, user=filler)
    later_report = ProjectMonitoring.objects.get(round=later, project__position=1)
    with pytest.raises(ValidationError) as exc:
        services.project_report_save(
            report=later_report,
            user=filler,
            fiscal_spent=D("4.00"),
            other_spent=D("0"),
            annual_budget=D("7.70"),
            note="",
            lines=[],
        )
    assert "少于上一轮监控的 4.20" in exc.value.message_dict["fiscal_spent"][0]


class TestActualValues:
    def test_a_quantitative_actual_is_parsed_like_a_target(self, seed):
        indicator = seed.projects.get(position=1).indicators.get(position=3)  # 慰问困难职工人数, 100
        assert parse_actual(indicator, "52") == Actual("52", D("52"))
        assert parse_actual(indicator, "") == Actual("")

    def test_a_unit_other_than_the_targets_is_refused(self, seed):
        indicator = seed.projects.get(position=1).indicators.get(position=3)
        indicator.set_value("100人")
        assert parse_actual(indicator, "52人").number == 52
        assert parse_actual(indicator, "52").number == 52
        with pytest.raises(ValidationError, match="单位“次”与指标值“100人”的单位“人”不一致"):
            parse_actual(indicator, "52次")
        with pytest.raises(ValidationError, match="不带比较符号"):
            parse_actual(indicator, "≥52")

    def test_a_qualitative_actual_is_one_of_three_outcomes(self, seed):
        indicator = seed.projects.get(position=1).indicators.get(position=5)
        assert parse_actual(indicator, "部分达成").text == "部分达成"
        with pytest.raises(ValidationError, match="达成、部分达成、未达成"):
            parse_actual(indicator, "基本达成")

    def test_causes_are_separated_by_either_comma(self):
        assert parse_causes("其他、经费保障,人员保障") == ["经费保障", "人员保障", "其他"]
        with pytest.raises(ValidationError, match="天气"):
            parse_causes("天气")


def test_setup_demo_adds_the_round_once(db):
    call_command("setup_demo")
    call_command("setup_demo")
    assert MonitoringRound.objects.filter(document__department__code="711", month=7).count() == 1


def test_a_project_added_after_the_round_opened_must_be_reported_before_submission(round7, dept_reviewer, filler):
    from tests.conftest import grow_document

    grow_document(round7.document, 1)
    with pytest.raises(ValidationError, match="未填写实际完成值"):
        services.round_transition(round=round7, user=dept_reviewer, action="submit")
    assert round7.project_reports.count() == 6
    assert services.round_extend(round=round7, user=filler) == 6 + 41
