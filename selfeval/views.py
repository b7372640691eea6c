"""Pages of the self-evaluation: the department summary with the workflow, one 自评表 form per project with live
scores, the printed 自评表 as HTML and PDF, and the Excel export. Every document and project is fetched through
projects.access, so another department's URL answers 404 on GET and POST alike."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.access import (
    Action,
    assert_user_may,
    get_document_for_user,
    get_project_for_user,
    require_GET_in_scope,
    user_may,
)
from selfeval import services
from selfeval.excel import export_evaluation, export_filename
from selfeval.forms import ProjectEvaluationForm
from selfeval.models import SelfEvaluation
from selfeval.preview import preview_scores
from selfeval.printing import evaluation_html, pdf_filename, pdf_storage, stored_pdf
from selfeval.rulebook import project_findings, report_findings
from selfeval.selectors import evaluation_report, project_evaluation_row
from selfeval.tasks import evaluation_pdf_render
from workbooks.exporter import workbook_bytes
from workbooks.views import XLSX
from workflow.transitions import TRANSITIONS, transitions_open

# A PDF job claimed by one request is not enqueued again by the next for this long.
PDF_JOB_SECONDS = 600


def require_POST_in_scope(view):
    """require_POST that answers only after the access check, so another department's URL is 404 for any method."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            if "pk" in kwargs:
                get_project_for_user(request.user, pk=kwargs["pk"])
            else:
                get_document_for_user(request.user, department_code=kwargs["department_code"], year=kwargs["year"])
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapped


def _evaluation_or_404(document) -> SelfEvaluation:
    evaluation = SelfEvaluation.objects.filter(document=document).first()
    if evaluation is None:
        raise Http404(_("本年度尚未开始绩效自评。"))
    return evaluation


def _actions(user, evaluation: SelfEvaluation | None):
    if evaluation is None:
        return []
    return transitions_open(status=evaluation.status, user=user, document=evaluation.document)


@login_required
@require_GET_in_scope
def summary(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    report = evaluation_report(document)
    findings = report_findings(report) if report.evaluation else []
    context = {
        "document": document,
        "report": report,
        "evaluation": report.evaluation,
        "findings": findings,
        "errors": sum(1 for f in findings if f.is_blocking),
        "actions": _actions(request.user, report.evaluation),
        "transitions": list(report.evaluation.transitions.select_related("user")) if report.evaluation else [],
        "may_edit": user_may(request.user, Action.EDIT, document),
    }
    return render(request, "selfeval/summary.html", context)


@login_required
@require_POST_in_scope
def start(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    services.evaluation_start(document=document, user=request.user)
    return redirect("selfeval:summary", department_code, year)


@login_required
@require_POST_in_scope
def transition(request, department_code: str, year: int, action: str):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    evaluation = _evaluation_or_404(document)
    if action not in TRANSITIONS:
        raise Http404(_("未知的操作。"))
    try:
        services.evaluation_transition(
            evaluation=evaluation, user=request.user, action=action, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已%(action)s。") % {"action": TRANSITIONS[action].label})
    return redirect("selfeval:summary", department_code, year)


def _project_for_form(request, pk: int):
    project = get_project_for_user(request.user, pk=pk)
    evaluation = _evaluation_or_404(project.document)
    return project, evaluation


@require_http_methods(["GET", "POST"])
@login_required
def project_form(request, pk: int):
    project, evaluation = _project_for_form(request, pk)
    document = project.document
    if request.method == "POST":
        assert_user_may(request.user, Action.EDIT, document)
    editable = user_may(request.user, Action.EDIT, document) and evaluation.is_editable
    row = project_evaluation_row(project)
    form = ProjectEvaluationForm(row, request.POST or None)
    if request.method == "POST":
        if not evaluation.is_editable:
            messages.error(
                request, _("自评当前状态为“%(status)s”，不能修改。") % {"status": evaluation.get_status_display()}
            )
        elif form.is_valid():
            values, indicators = form.values()
            try:
                services.project_evaluation_save(
                    project=project, user=request.user, values=values, indicators=indicators
                )
            except services.EvaluationInvalid as invalid:
                form.add_service_errors(invalid.errors)
            else:
                messages.success(request, _("已保存。"))
                return redirect("selfeval:project", pk)
    context = {
        "document": document,
        "evaluation": evaluation,
        "project": project,
        "row": row,
        "form": form,
        "editable": editable,
        "findings": project_findings(row),
    }
    return render(request, "selfeval/project_form.html", context, status=422 if form.errors else 200)


@login_required
@require_POST_in_scope
def project_scores(request, pk: int):
    """The scores of what the form holds right now, computed by the same rules, for the live totals."""
    project, _evaluation = _project_for_form(request, pk)
    row = project_evaluation_row(project)
    form = ProjectEvaluationForm(row, request.POST)
    form.is_valid()
    values, indicators = form.values()
    score = preview_scores(row, values, indicators)
    return JsonResponse(
        {
            "budget": f"{score.budget:.2f}" if score.budget is not None else "",
            "rate": f"{score.rate * 100:.2f}%" if score.rate is not None else "—",
            "rate_score": f"{score.rate_score:.2f}",
            "total": f"{score.total:.2f}",
            "grade": score.grade,
            "indicators": [{"points": f"{i.points:.2f}", "score": f"{i.score:.2f}"} for i in score.indicators],
            "errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()},
        }
    )


@login_required
@require_GET_in_scope
def print_html(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    _evaluation_or_404(document)
    return HttpResponse(evaluation_html(evaluation_report(document)))


@login_required
@require_GET_in_scope
def print_pdf(request, department_code: str, year: int):
    """The PDF when it is stored; otherwise a task worker lays it out (web processes lay nothing out) while the
    reader sees a page that reloads until it is ready."""
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    _evaluation_or_404(document)
    report = evaluation_report(document)
    name, ready = stored_pdf(report)
    if not ready and cache.add(f"selfeval-pdf-{name}", True, timeout=PDF_JOB_SECONDS):
        evaluation_pdf_render.enqueue(document.pk)
        name, ready = stored_pdf(report)
    if not ready:
        response = render(request, "selfeval/pdf_waiting.html", {"document": document}, status=202)
        response["Retry-After"] = "5"
        return response
    return FileResponse(pdf_storage().open(name), as_attachment=True, filename=pdf_filename(document))


@login_required
@require_GET_in_scope
def export(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    _evaluation_or_404(document)
    response = HttpResponse(workbook_bytes(export_evaluation(evaluation_report(document))), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=export_filename(document))
    return response
