"""Pages and buttons of the approval workflow. Documents and projects are fetched through projects.access, so
anyone outside the department gets 404 on every URL here, for GET and POST alike.

Every step and the rollover ask first: a POST without `confirmed` answers with a page that says what will
happen and asks again, so the question is asked without JavaScript too (with it, the button asks in a dialog and
sends `confirmed` itself)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from projects.access import Action, assert_user_may, get_document_for_user, get_project_for_user
from projects.models import Document
from workflow import transitions
from workflow.history import project_history as build_project_history
from workflow.models import RolloverChecklist
from workflow.rollover import document_rollover, rollover_checklist_done


def _back(request, document):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("workflow:status", department_code=document.department.code, year=document.year)


def _confirmed(request) -> bool:
    return request.POST.get("confirmed") == "1"


def _confirmation_page(request, document, *, step, comment="", errors=()):
    """What the step (None: the rollover) will do, with the comment as typed and a button that confirms it."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse(
            "workflow:status", kwargs={"department_code": document.department.code, "year": document.year}
        )
    context = {
        "document": document,
        "step": step,
        "to_status": Document.Status(step.to_status).label if step else None,
        "comment": comment,
        "errors": errors,
        "next": next_url,
    }
    return render(request, "workflow/confirm.html", context)


@login_required
def document_status(request, department_code, year):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    context = {
        "document": document,
        "workflow_state": transitions.workflow_state(document=document, user=request.user),
    }
    return render(request, "workflow/status.html", context)


@login_required
def transition(request, department_code, year, action):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    if action not in transitions.TRANSITIONS:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    step = transitions.TRANSITIONS[action]
    comment = request.POST.get("comment", "")
    if not _confirmed(request):
        assert_user_may(request.user, Action(action), document)
        return _confirmation_page(request, document, step=step, comment=comment)
    try:
        transitions.document_transition(document=document, user=request.user, action=action, comment=comment)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "comment" in exc.error_dict:
            return _confirmation_page(request, document, step=step, comment=comment, errors=exc.messages)
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("《%(doc)s》已%(action)s。") % {"doc": document, "action": step.label})
    return _back(request, document)


@login_required
def rollover(request, department_code, year):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assert_user_may(request.user, Action.ROLLOVER, document)
    if not _confirmed(request):
        return _confirmation_page(request, document, step=None)
    try:
        result = document_rollover(document=document, to_year=document.year + 1, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _back(request, document)
    messages.success(request, _("已创建《%(doc)s》（草稿）。") % {"doc": result.document})
    return redirect("workflow:status", department_code=document.department.code, year=result.document.year)


@login_required
def rollover_checked(request, department_code, year):
    """The rollover checklist has been gone through: it no longer shows on the document."""
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    checklist = RolloverChecklist.objects.filter(document=document, done_at__isnull=True).first()
    if checklist is None:
        raise Http404
    rollover_checklist_done(checklist=checklist, user=request.user)
    messages.success(request, _("结转核对清单已标记为核对完成。"))
    return _back(request, document)


@login_required
def project_history(request, pk):
    project = get_project_for_user(request.user, pk=pk)
    context = {"project": project, "history": build_project_history(project=project)}
    return render(request, "workflow/project_history.html", context)
