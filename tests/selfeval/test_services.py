"""Saving a project's self-evaluation: impossible input is refused with the field named, nothing half-saved,
history kept; the edit lock holds on every path."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from selfeval.models import IndicatorEvaluation, ProjectEvaluation
from selfeval.selectors import project_evaluation_row
from selfeval.services import EvaluationInvalid, IndicatorValues, ProjectValues, project_evaluation_save
from tests.selfeval.conftest import evaluation_snapshot, lock


def _values(row):
    project = ProjectValues(row.adjusted_budget, row.entry.spent, row.achievement)
    indicators = [
        IndicatorValues(
            i.indicator, i.actual_text, i.result, i.custom_points, i.entry.score if i.entry else None, i.reason
        )
        for i in row.indicators
    ]
    return project, indicators


def _first_project(evaluation):
    return evaluation.document.projects.order_by("position").first()


def _replace(indicators, number, **changes):
    old = indicators[number - 1]
    indicators[number - 1] = IndicatorValues(**{**old.__dict__, **changes})


def test_saving_changes_only_what_changed_and_keeps_history(evaluation, filler):
    revision = evaluation.revision
    project = _first_project(evaluation)
    values, indicators = _values(project_evaluation_row(project))
    _replace(indicators, 1, actual_text="80", reason="部分职工未按时参保，已督促补缴。")
    saved = project_evaluation_save(project=project, user=filler, values=values, indicators=indicators)
    assert saved == 1
    row = IndicatorEvaluation.objects.get(indicator=indicators[0].indicator)
    assert (row.actual_text, row.actual_number) == ("80", D("80"))
    latest = row.history.first()
    assert (latest.history_user, latest.history_change_reason) == (filler, "自评表")
    evaluation.refresh_from_db()
    assert evaluation.revision == revision + 1


def test_a_qualitative_score_outside_its_band_is_refused_naming_the_field(evaluation, filler, seed):
    # Make the first indicator qualitative to test the band on a real row.
    project = _first_project(evaluation)
    indicator = project.indicators.order_by("position").first()
    indicator.set_value("明显提升")
    indicator.save()
    values, indicators = _values(project_evaluation_row(project))
    _replace(indicators, 1, actual_text="", result="partly", score=D("10.00"), reason="原因")
    before = evaluation_snapshot(evaluation)
    with pytest.raises(EvaluationInvalid) as caught:
        project_evaluation_save(project=project, user=filler, values=values, indicators=indicators)
    [error] = caught.value.errors
    assert (error.indicator, error.field) == (1, "score")
    assert (
        error.message == "“得分”10.00 不在“部分达成”的范围内：应不低于 7.5 且低于 10（分值 12.50 的 60%–80%（不含））。"
    )
    assert evaluation_snapshot(evaluation) == before


def test_custom_points_that_do_not_make_one_hundred_are_refused(evaluation, filler):
    project = _first_project(evaluation)
    values, indicators = _values(project_evaluation_row(project))
    _replace(indicators, 2, points=D("20"))
    with pytest.raises(EvaluationInvalid) as caught:
        project_evaluation_save(project=project, user=filler, values=values, indicators=indicators)
    [error] = caught.value.errors
    assert (error.indicator, error.field) == (2, "points")
    assert "即指标分值合计应为 90.00" in error.message


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"actual_text": "95天"}, "actual_text", "“实际完成值”“95天”的单位“天”与指标值“≥90”的单位“无”不一致。"),
        ({"actual_text": "≥95"}, "actual_text", "“实际完成值”应为一个数值（可带单位，如 95%、4天），不能是“≥95”。"),
        ({"score": D("5")}, "score", "定量指标的“得分”按实际完成值计算，不能填写。"),
        ({"result": "met"}, "result", "定量指标不填“达成情况”：得分按实际完成值计算。"),
        ({"points": D("-1")}, "points", "分值不能为负数。"),
    ],
)
def test_impossible_indicator_input_is_refused_naming_the_field(evaluation, filler, changes, field, message):
    project = _first_project(evaluation)
    values, indicators = _values(project_evaluation_row(project))
    _replace(indicators, 1, **changes)
    with pytest.raises(EvaluationInvalid) as caught:
        project_evaluation_save(project=project, user=filler, values=values, indicators=indicators)
    assert [(e.indicator, e.field, e.message) for e in caught.value.errors][0] == (1, field, message)


def test_a_negative_amount_is_refused(evaluation, filler):
    project = _first_project(evaluation)
    _values_now, indicators = _values(project_evaluation_row(project))
    with pytest.raises(EvaluationInvalid) as caught:
        project_evaluation_save(
            project=project, user=filler, values=ProjectValues(None, D("-1.00"), "完成"), indicators=indicators
        )
    assert [(e.field, e.message) for e in caught.value.errors] == [("spent", "全年执行数不能为负数。")]


def test_a_submitted_self_evaluation_refuses_every_write(evaluation, filler):
    lock(evaluation)
    before = evaluation_snapshot(evaluation)
    project = _first_project(evaluation)
    values, indicators = _values(project_evaluation_row(project))
    with pytest.raises(ValidationError, match="只有草稿或退回的自评可以修改"):
        project_evaluation_save(project=project, user=filler, values=values, indicators=indicators)
    row = ProjectEvaluation.objects.filter(evaluation=evaluation).first()
    row.achievement = "改"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(ValidationError):
        IndicatorEvaluation.objects.filter(evaluation=evaluation).update(reason="改")
    with pytest.raises(ValidationError):
        IndicatorEvaluation.objects.filter(evaluation=evaluation).delete()
    with pytest.raises(ValidationError):
        ProjectEvaluation.objects.bulk_update([row], ["achievement"])
    assert evaluation_snapshot(evaluation) == before


def test_other_departments_editors_may_not_save(evaluation, outsider):
    project = _first_project(evaluation)
    values, indicators = _values(project_evaluation_row(project))
    with pytest.raises(Exception, match="只有本部门的填报人可以修改"):
        project_evaluation_save(project=project, user=outsider, values=values, indicators=indicators)
