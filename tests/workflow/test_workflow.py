"""The review workflow: each step by its role only, from its statuses only, recorded with who, when and why."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Document, DocumentTransition
from tests.edit_lock import lock
from workflow.transitions import document_approve, document_return, document_submit, document_transition

Status = Document.Status
# What the confirmation page (or the button's dialog) adds to a step's POST.
CONFIRMED = {"confirmed": "1"}


def transition_url(document, action):
    return reverse("workflow:transition", args=[document.department.code, document.year, action])


def status_url(document):
    return reverse("workflow:status", args=[document.department.code, document.year])


def test_department_reviewer_submits_a_draft_and_it_is_recorded(seed, dept_reviewer):
    record = document_submit(document=seed, user=dept_reviewer, comment="请审核")
    seed.refresh_from_db()
    assert seed.status == Status.SUBMITTED
    assert (record.from_status, record.to_status, record.user, record.comment) == (
        Status.DRAFT,
        Status.SUBMITTED,
        dept_reviewer,
        "请审核",
    )
    assert record.created_at is not None


def test_bureau_reviewer_approves_a_submitted_document_and_the_cover_stops_saying_draft(
    seed, dept_reviewer, bureau_reviewer
):
    document_submit(document=seed, user=dept_reviewer)
    assert seed.is_draft_print
    document_approve(document=seed, user=bureau_reviewer, comment="同意")
    seed.refresh_from_db()
    assert seed.status == Status.APPROVED
    assert not seed.is_draft_print
    assert seed.transitions.last().comment == "同意"


def test_bureau_reviewer_returns_with_a_comment_and_the_document_is_editable_again(
    seed, dept_reviewer, bureau_reviewer
):
    document_submit(document=seed, user=dept_reviewer)
    document_return(document=seed, user=bureau_reviewer, comment="项目1的成本指标不合理，请修改。")
    seed.refresh_from_db()
    assert seed.status == Status.RETURNED
    assert seed.is_editable
    assert seed.is_draft_print
    last = seed.transitions.last()
    assert (last.user, last.comment) == (bureau_reviewer, "项目1的成本指标不合理，请修改。")


def test_a_returned_document_can_be_submitted_again(seed, dept_reviewer, bureau_reviewer):
    document_submit(document=seed, user=dept_reviewer)
    document_return(document=seed, user=bureau_reviewer, comment="请补充指标")
    document_submit(document=seed, user=dept_reviewer, comment="已补充")
    assert [(t.from_status, t.to_status) for t in seed.transitions.all()] == [
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.RETURNED),
        (Status.RETURNED, Status.SUBMITTED),
    ]


def test_returning_without_a_comment_is_refused(seed, dept_reviewer, bureau_reviewer):
    document_submit(document=seed, user=dept_reviewer)
    with pytest.raises(ValidationError) as exc:
        document_return(document=seed, user=bureau_reviewer, comment="   ")
    assert exc.value.message_dict == {"comment": ["退回时必须填写意见，说明需要修改的内容。"]}
    seed.refresh_from_db()
    assert seed.status == Status.SUBMITTED


ROLES = ["filler", "dept_reviewer", "bureau_reviewer", "auditor", "outsider"]
ALLOWED = {"submit": "dept_reviewer", "approve": "bureau_reviewer", "return": "bureau_reviewer"}
START = {"submit": Status.DRAFT, "approve": Status.SUBMITTED, "return": Status.SUBMITTED}


@pytest.mark.parametrize("action", ["submit", "approve", "return"])
@pytest.mark.parametrize("role", ROLES)
def test_each_step_is_allowed_to_its_role_only(request, seed, action, role):
    user = request.getfixturevalue(role)
    lock(seed, START[action])
    if role == ALLOWED[action]:
        document_transition(document=seed, user=user, action=action, comment="意见")
        assert seed.transitions.get().user == user
        return
    with pytest.raises(PermissionDenied) as exc:
        document_transition(document=seed, user=user, action=action, comment="意见")
    assert "只有" in str(exc.value)
    seed.refresh_from_db()
    assert seed.status == START[action]
    assert not seed.transitions.exists()


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("submit", Status.SUBMITTED),
        ("submit", Status.APPROVED),
        ("approve", Status.DRAFT),
        ("approve", Status.RETURNED),
        ("approve", Status.APPROVED),
        ("return", Status.DRAFT),
        ("return", Status.APPROVED),
    ],
)
def test_a_step_from_the_wrong_status_is_refused_in_chinese(seed, dept_reviewer, bureau_reviewer, action, status):
    lock(seed, status)
    user = dept_reviewer if action == "submit" else bureau_reviewer
    with pytest.raises(ValidationError) as exc:
        document_transition(document=seed, user=user, action=action, comment="意见")
    assert f"当前状态为“{seed.get_status_display()}”，不能" in exc.value.messages[0]
    assert not seed.transitions.exists()


def test_a_second_approval_of_the_same_document_is_refused(seed, dept_reviewer, bureau_reviewer):
    stale = Document.objects.get(pk=seed.pk)
    document_submit(document=seed, user=dept_reviewer)
    stale.status = Status.SUBMITTED
    document_approve(document=seed, user=bureau_reviewer)
    with pytest.raises(ValidationError):
        document_return(document=stale, user=bureau_reviewer, comment="晚了一步")
    assert seed.transitions.count() == 2


def test_superuser_may_take_every_step(seed, superuser):
    document_submit(document=seed, user=superuser)
    document_approve(document=seed, user=superuser)
    assert seed.status == Status.APPROVED


def test_unknown_action_is_refused(seed, dept_reviewer):
    with pytest.raises(ValidationError):
        document_transition(document=seed, user=dept_reviewer, action="publish")


# The buttons


def test_submit_button_moves_the_document_and_returns_to_the_page(client, seed, dept_reviewer):
    client.force_login(dept_reviewer)
    response = client.post(transition_url(seed, "submit"), {"comment": "请审核", **CONFIRMED}, follow=True)
    assert response.redirect_chain == [(status_url(seed), 302)]
    assert "已提交审核" in response.content.decode()
    seed.refresh_from_db()
    assert seed.status == Status.SUBMITTED


def test_button_goes_back_to_a_safe_next_page_only(client, seed, dept_reviewer, bureau_reviewer):
    client.force_login(dept_reviewer)
    response = client.post(transition_url(seed, "submit"), {"next": "/admin/", **CONFIRMED})
    assert response["Location"] == "/admin/"
    client.force_login(bureau_reviewer)
    response = client.post(transition_url(seed, "approve"), {"next": "https://evil.example/", **CONFIRMED})
    assert response["Location"] == status_url(seed)


def test_return_without_comment_shows_the_reason_and_changes_nothing(client, seed, bureau_reviewer):
    lock(seed)
    client.force_login(bureau_reviewer)
    response = client.post(transition_url(seed, "return"), {"comment": "", **CONFIRMED}, follow=True)
    assert "退回时必须填写意见" in response.content.decode()
    seed.refresh_from_db()
    assert seed.status == Status.SUBMITTED


def test_a_step_asks_for_confirmation_first_and_keeps_the_comment(client, seed, bureau_reviewer):
    lock(seed)
    client.force_login(bureau_reviewer)
    response = client.post(transition_url(seed, "return"), {"comment": "请补充指标", "next": status_url(seed)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认退回修改" in page
    assert "将从“已提交”变为“退回”" in page
    assert "请补充指标</textarea>" in page
    assert '<input type="hidden" name="confirmed" value="1">' in page
    seed.refresh_from_db()
    assert seed.status == Status.SUBMITTED

    response = client.post(transition_url(seed, "return"), {"comment": "请补充指标", **CONFIRMED})
    assert response.status_code == 302
    seed.refresh_from_db()
    assert seed.status == Status.RETURNED


def test_confirmed_return_without_comment_asks_again_for_it(client, seed, bureau_reviewer):
    lock(seed)
    client.force_login(bureau_reviewer)
    response = client.post(transition_url(seed, "return"), {"comment": " ", **CONFIRMED})
    assert response.status_code == 200
    assert "退回时必须填写意见" in response.content.decode()
    assert "确认退回修改" in response.content.decode()


def test_confirmation_page_is_forbidden_to_the_wrong_role(client, seed, filler):
    client.force_login(filler)
    assert client.post(transition_url(seed, "approve")).status_code == 403


def test_bureau_panel_has_one_comment_box_and_two_distinct_buttons(client, seed, bureau_reviewer):
    lock(seed)
    client.force_login(bureau_reviewer)
    page = client.get(status_url(seed)).content.decode()
    assert page.count('name="comment"') == 1
    assert "（退回修改时必填）" in page
    assert 'class="action-approve primary"' in page
    assert 'class="action-return warning"' in page
    assert f'formaction="{transition_url(seed, "return")}"' in page
    assert 'data-confirm="确定要审核通过' in page


def test_button_of_the_wrong_role_is_forbidden(client, seed, filler):
    client.force_login(filler)
    assert client.post(transition_url(seed, "submit")).status_code == 403
    seed.refresh_from_db()
    assert seed.status == Status.DRAFT


def test_transition_url_answers_get_with_405_for_members(client, seed, dept_reviewer):
    client.force_login(dept_reviewer)
    assert client.get(transition_url(seed, "submit")).status_code == 405


def test_unknown_action_url_is_404(client, seed, dept_reviewer):
    client.force_login(dept_reviewer)
    assert client.post(transition_url(seed, "publish")).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, seed):
    response = client.post(transition_url(seed, "submit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# The status panel


def test_department_sees_the_reviewers_return_comment(client, seed, dept_reviewer, bureau_reviewer, filler):
    document_submit(document=seed, user=dept_reviewer)
    document_return(document=seed, user=bureau_reviewer, comment="项目2缺少时效指标。")
    client.force_login(filler)
    page = client.get(status_url(seed)).content.decode()
    assert '<span class="status status-returned">退回</span>' in page
    assert "退回意见" in page
    assert "项目2缺少时效指标。" in page


def test_return_comment_is_not_shown_once_resubmitted(client, seed, dept_reviewer, bureau_reviewer):
    document_submit(document=seed, user=dept_reviewer)
    document_return(document=seed, user=bureau_reviewer, comment="项目2缺少时效指标。")
    document_submit(document=seed, user=dept_reviewer)
    client.force_login(dept_reviewer)
    page = client.get(status_url(seed)).content.decode()
    assert "退回意见" not in page
    assert "项目2缺少时效指标。" in page  # still in the log


@pytest.mark.parametrize(
    ("role", "status", "buttons"),
    [
        ("dept_reviewer", Status.DRAFT, ["提交审核"]),
        ("dept_reviewer", Status.RETURNED, ["提交审核"]),
        ("dept_reviewer", Status.SUBMITTED, []),
        ("bureau_reviewer", Status.SUBMITTED, ["审核通过", "退回修改"]),
        ("bureau_reviewer", Status.DRAFT, []),
        ("filler", Status.DRAFT, ["结转为2023年草稿"]),
        ("filler", Status.APPROVED, ["结转为2023年草稿"]),
        ("filler", Status.SUBMITTED, []),
        ("auditor", Status.SUBMITTED, []),
    ],
)
def test_panel_shows_only_the_buttons_the_user_may_press(request, client, seed, role, status, buttons):
    lock(seed, status)
    client.force_login(request.getfixturevalue(role))
    page = client.get(status_url(seed)).content.decode()
    shown = [label for label in ["提交审核", "审核通过", "退回修改", "结转为2023年草稿"] if f"{label}</button>" in page]
    assert shown == buttons


def test_panel_lists_every_transition_with_user_and_comment(client, seed, dept_reviewer, bureau_reviewer):
    document_submit(document=seed, user=dept_reviewer, comment="第一次提交")
    document_approve(document=seed, user=bureau_reviewer, comment="同意")
    client.force_login(bureau_reviewer)
    response = client.get(status_url(seed))
    assert response.status_code == 200
    rows = response.context["workflow_state"].transitions
    assert [(t.user.username, t.comment) for t in rows] == [
        ("dept_reviewer", "第一次提交"),
        ("bureau_reviewer", "同意"),
    ]
    assert "草稿 → 已提交" in response.content.decode()


def test_panel_can_be_included_in_any_page_with_the_template_tag(seed, dept_reviewer):
    request = RequestFactory().get("/somewhere/")
    request.user = dept_reviewer
    html = Template("{% load workflow %}{% workflow_status document %}").render(
        Context({"request": request, "document": seed})
    )
    assert "提交审核</button>" in html
    assert 'name="next" value="/somewhere/"' in html


def test_panel_queries_do_not_grow_with_the_log(
    client, seed, dept_reviewer, bureau_reviewer, django_assert_num_queries
):
    document_submit(document=seed, user=dept_reviewer)
    client.force_login(bureau_reviewer)
    with CaptureQueriesContext(connection) as small:
        client.get(status_url(seed))
    for _ in range(5):
        document_return(document=seed, user=bureau_reviewer, comment="再改")
        document_submit(document=seed, user=dept_reviewer)
    with django_assert_num_queries(len(small)):
        client.get(status_url(seed))


# The demo logins do what their roles promise


def test_demo_logins_can_take_their_steps(db, capsys):
    call_command("setup_demo")
    printed = capsys.readouterr().out
    for login in ["filler", "dept_reviewer", "bureau_reviewer", "auditor", "admin"]:
        assert login in printed
    users = {u.username: u for u in get_user_model().objects.all()}
    document = Document.objects.get(department__code="711", year=2022)
    document_submit(document=document, user=users["dept_reviewer"])
    with pytest.raises(PermissionDenied):
        document_approve(document=document, user=users["auditor"])
    document_approve(document=document, user=users["bureau_reviewer"])
    assert DocumentTransition.objects.filter(document=document).count() == 2


def test_submission_is_refused_while_the_review_finds_errors(seed, dept_reviewer):
    seed.projects.get(position=2).indicators.filter(subcategory__category__name="满意度指标").delete()
    with pytest.raises(ValidationError) as info:
        document_submit(document=seed, user=dept_reviewer)
    assert info.value.messages[0] == "审核发现1个错误，改正后才能提交。"
    assert "满意度指标" in info.value.messages[1]
    seed.refresh_from_db()
    assert seed.status == Status.DRAFT
    assert not seed.transitions.exists()
