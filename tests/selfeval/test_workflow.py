"""The self-evaluation moves like the document: 部门审核人 submits, 财政局审核人 approves or returns with a
comment; findings of severity 错误 keep it from being submitted; each step is recorded and kept in history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from selfeval.models import ProjectEvaluation
from selfeval.services import evaluation_transition


def test_department_reviewer_submits_and_bureau_reviewer_approves(evaluation, dept_reviewer, bureau_reviewer):
    step = evaluation_transition(evaluation=evaluation, user=dept_reviewer, action="submit")
    assert (step.from_status, step.to_status, step.user) == ("draft", "submitted", dept_reviewer)
    evaluation_transition(evaluation=evaluation, user=bureau_reviewer, action="approve", comment="同意")
    evaluation.refresh_from_db()
    assert evaluation.status == "approved"
    assert [h.status for h in evaluation.history.all()][:2] == ["approved", "submitted"]


def test_a_return_needs_a_comment_and_makes_it_editable_again(evaluation, dept_reviewer, bureau_reviewer):
    evaluation_transition(evaluation=evaluation, user=dept_reviewer, action="submit")
    with pytest.raises(ValidationError, match="退回时必须填写意见"):
        evaluation_transition(evaluation=evaluation, user=bureau_reviewer, action="return", comment=" ")
    evaluation_transition(evaluation=evaluation, user=bureau_reviewer, action="return", comment="执行率偏低，请说明")
    evaluation.refresh_from_db()
    assert evaluation.status == "returned"
    assert evaluation.is_editable


@pytest.mark.parametrize(("role", "action"), [("filler", "submit"), ("dept_reviewer", "approve"), ("filler", "return")])
def test_each_step_belongs_to_its_role(request, evaluation, dept_reviewer, role, action):
    if action != "submit":
        evaluation_transition(evaluation=evaluation, user=dept_reviewer, action="submit")
    with pytest.raises(PermissionDenied):
        evaluation_transition(evaluation=evaluation, user=request.getfixturevalue(role), action=action, comment="x")


def test_findings_of_severity_error_block_submission(evaluation, dept_reviewer):
    row = ProjectEvaluation.objects.filter(evaluation=evaluation).first()
    row.spent = row.project.budget + 1
    row.save()
    with pytest.raises(ValidationError) as caught:
        evaluation_transition(evaluation=evaluation, user=dept_reviewer, action="submit")
    assert caught.value.messages[0] == "自评发现1个错误，改正后才能提交。"
    assert "超过全年预算数" in caught.value.messages[1]
    evaluation.refresh_from_db()
    assert evaluation.status == "draft"


def test_the_document_and_its_self_evaluation_move_independently(evaluation, seed, dept_reviewer):
    evaluation_transition(evaluation=evaluation, user=dept_reviewer, action="submit")
    seed.refresh_from_db()
    assert seed.status == "draft"
