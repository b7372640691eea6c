"""Pages of 运行监控. Rounds are reached through their document (projects.access), so anyone outside the
department gets 404 on every URL here, for GET and POST alike; every write asks the service, which asks
projects.access for the user's right."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from monitoring import services
from monitoring.checks import round_findings
from monitoring.forms import CorrectionForm, FundsForm, LineForm, RoundCreateForm
from monitoring.lights import LIGHT_CSS, Light
from monitoring.models import MonitoringRound, ProjectMonitoring
from monitoring.printing import sheet_html, sheet_pdf, sheet_title
from monitoring.selectors import round_report, round_reports, rounds_of, rows_missing
from monitoring.workbook_export import export_filename, export_monitoring
from monitoring.workbook_import import monitoring_import
from projects.access import Action, documents_visible_to, get_document_for_user, user_may, user_reads_all
from workbooks.exporter import workbook_bytes
from workbooks.forms import UploadForm
from workbooks.reader import WORKBOOK, Problem, WorkbookInvalid
from workbooks.views import XLSX
from workflow import transitions

SESSION_KEY = "monitoring_uploads"


def _uploads():
    """Uploaded workbooks wait in the uploads storage between preview and confirmation."""
    return storages["workbook_uploads"]


def _round_for_user(user, department_code: str, year: int, month: int) -> MonitoringRound:
    document = get_document_for_user(user, department_code=department_code, year=year)
    found = get_object_or_404(
        MonitoringRound.objects.select_related("document__department"), document=document, month=month
    )
    found.document = document
    return found


def _report_for_user(user, department_code, year, month, pk) -> ProjectMonitoring:
    round = _round_for_user(user, department_code, year, month)
    report = get_object_or_404(ProjectMonitoring.objects.select_related("project__unit"), round=round, project_id=pk)
    report.round = round
    return report


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    form = RoundCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.round_create(document=document, month=form.cleaned_data["month"], user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("monitoring:dashboard", department_code, year, created.month)
    context = {
        "document": document,
        "rounds": rounds_of(document),
        "form": form,
        "may_create": user_may(request.user, Action.EDIT, document),
    }
    return render(request, "monitoring/rounds.html", context)


@login_required
def dashboard(request, department_code: str, year: int, month: int):
    if request.method not in ("GET", "HEAD"):
        _round_for_user(request.user, department_code, year, month)
        return HttpResponseNotAllowed(["GET", "HEAD"])
    round = _round_for_user(request.user, department_code, year, month)
    report = round_report(round)
    context = {
        "document": round.document,
        "round": round,
        "report": report,
        "counts": [(light, LIGHT_CSS[light], report.counts[light]) for light in Light],
        "findings": round_findings(round),
        "actions": transitions.transitions_open(status=round.status, user=request.user, document=round.document),
        "history": round.transitions.select_related("user"),
        "may_edit": round.is_editable and user_may(request.user, Action.EDIT, round.document),
        "reads_all": user_reads_all(request.user),
        "missing": rows_missing(round),
    }
    return render(request, "monitoring/dashboard.html", context)


@login_required
def extend(request, department_code: str, year: int, month: int):
    round = _round_for_user(request.user, department_code, year, month)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        added = services.round_extend(round=round, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已加入 %(count)s 行。") % {"count": added})
    return redirect("monitoring:dashboard", department_code, year, month)


@login_required
def transition(request, department_code: str, year: int, month: int, action: str):
    round = _round_for_user(request.user, department_code, year, month)
    if action not in transitions.TRANSITIONS:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.round_transition(
            round=round, user=request.user, action=action, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        step = transitions.TRANSITIONS[action]
        messages.success(request, _("《%(round)s》已%(action)s。") % {"round": round, "action": step.label})
    return redirect("monitoring:dashboard", department_code, year, month)


@login_required
@require_http_methods(["GET", "POST"])
def project(request, department_code: str, year: int, month: int, pk: int):
    report = _report_for_user(request.user, department_code, year, month, pk)
    round = report.round
    sheet = round_report(round, project_id=pk).projects[0]
    may_edit = round.is_editable and user_may(request.user, Action.EDIT, round.document)
    data = request.POST if request.method == "POST" else None
    if data is not None and not may_edit:
        raise PermissionDenied(_("只有本部门的填报人可以修改草稿或退回的运行监控。"))
    funds = FundsForm.for_report(sheet.report, data)
    lines = [(line, LineForm(data, line=line.report)) for line in sheet.lines]
    if data is not None and funds.is_valid() and all(form.is_valid() for _line, form in lines):
        try:
            services.project_report_save(
                report=sheet.report,
                user=request.user,
                **funds.cleaned_data,
                expected_revision=_revision(request),
                lines=[
                    services.LineValues(
                        line=form.line,
                        actual=form.actual,
                        cumulative=form.cleaned_data["cumulative"],
                        causes=form.cleaned_data["causes"],
                        cause_note=form.cleaned_data["cause_note"],
                        likelihood=form.cleaned_data["likelihood"],
                        remark=form.cleaned_data["remark"],
                    )
                    for _line, form in lines
                ],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, messages_ in errors.items():
                funds.add_error(field if field in funds.fields else None, messages_)
        else:
            messages.success(request, _("已保存。"))
            return redirect("monitoring:project", department_code, year, month, pk)
    context = {
        "document": round.document,
        "round": round,
        "sheet": sheet,
        "funds": funds,
        "lines": lines,
        "may_edit": may_edit,
        "may_request": round.status != "draft" and user_may(request.user, Action.RETURN, round.document),
        "may_answer": bool(sheet.report.correction_request) and user_may(request.user, Action.EDIT, round.document),
    }
    return render(request, "monitoring/project.html", context, status=422 if data is not None else 200)


@login_required
def correction(request, department_code: str, year: int, month: int, pk: int):
    report = _report_for_user(request.user, department_code, year, month, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CorrectionForm(request.POST)
    form.is_valid()
    save = (
        services.correction_request_save if request.POST.get("kind") == "request" else services.correction_result_save
    )
    try:
        save(report=report, user=request.user, text=form.cleaned_data.get("text", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已保存。"))
    return redirect("monitoring:project", department_code, year, month, pk)


def _revision(request) -> int | None:
    value = request.POST.get("revision", "")
    return int(value) if value.isdigit() else None


def _sheet_for(request, department_code, year, month, pk):
    if request.method not in ("GET", "HEAD"):
        _report_for_user(request.user, department_code, year, month, pk)
        return None, None
    report = _report_for_user(request.user, department_code, year, month, pk)
    return report.round, round_report(report.round, project_id=pk).projects[0]


@login_required
def print_html(request, department_code: str, year: int, month: int, pk: int):
    round, sheet = _sheet_for(request, department_code, year, month, pk)
    if sheet is None:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    context = {"document": round.document, "round": round, "sheet": sheet, "html": sheet_html(sheet, round)}
    return render(request, "monitoring/print.html", context)


@login_required
def print_pdf(request, department_code: str, year: int, month: int, pk: int):
    round, sheet = _sheet_for(request, department_code, year, month, pk)
    if sheet is None:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = HttpResponse(sheet_pdf(sheet, round), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{sheet_title(sheet, round)}.pdf"
    )
    return response


@login_required
def export(request, department_code: str, year: int, month: int):
    round = _round_for_user(request.user, department_code, year, month)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = HttpResponse(workbook_bytes(export_monitoring(round.document, month)), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(round.document, month)
    )
    return response


@login_required
def overview(request, year: int, month: int):
    """For the bureau: lights per department, each linking down to its round and projects."""
    if not user_reads_all(request.user):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    found = (
        MonitoringRound.objects.filter(
            document__in=documents_visible_to(request.user), document__year=year, month=month
        )
        .select_related("document__department")
        .order_by("document__department__code")
    )
    rows = [
        {"round": report.round, "counts": [report.counts[light] for light in Light], "report": report}
        for report in round_reports(list(found))
    ]
    context = {"year": year, "month": month, "rows": rows, "lights": [(light, LIGHT_CSS[light]) for light in Light]}
    return render(request, "monitoring/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_workbook(request):
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = monitoring_import(source=upload, user=request.user, dry_run=True)
        except WorkbookInvalid as invalid:
            context.update(problems=invalid.problems, warnings=invalid.warnings)
            return render(request, "monitoring/import.html", context, status=422)
        upload.seek(0)
        token = str(uuid.uuid4())
        _uploads().save(f"monitoring/{token}.xlsx", upload)
        request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), token]
        context.update(result=result, warnings=result.warnings, token=token)
    return render(request, "monitoring/import.html", context)


def _confirm(request):
    token = request.POST.get("token", "")
    name, storage = f"monitoring/{token}.xlsx", _uploads()
    if token not in request.session.get(SESSION_KEY, []) or not storage.exists(name):
        problems = [Problem(WORKBOOK, _("上传的文件已失效，请重新上传。"))]
        return render(request, "monitoring/import.html", {"form": UploadForm(), "problems": problems}, status=400)
    request.session[SESSION_KEY] = [t for t in request.session[SESSION_KEY] if t != token]
    try:
        with storage.open(name, "rb") as source:
            result = monitoring_import(source=source, user=request.user)
    except WorkbookInvalid as invalid:
        context = {"form": UploadForm(), "problems": invalid.problems, "warnings": invalid.warnings}
        return render(request, "monitoring/import.html", context, status=422)
    finally:
        storage.delete(name)
    return render(request, "monitoring/import.html", {"form": UploadForm(), "result": result, "done": True})
