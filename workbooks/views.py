"""Download a document or the blank template as .xlsx; upload a workbook, preview its changes, confirm."""

import uuid
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from indicators.models import Framework
from projects.access import get_document_for_user, require_GET_in_scope
from workbooks.exporter import export_document, export_filename, workbook_bytes
from workbooks.forms import ConfirmForm, UploadForm
from workbooks.importer import workbook_import
from workbooks.reader import WORKBOOK, Problem, WorkbookInvalid
from workbooks.template import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "workbook_uploads"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_GET_in_scope
def export(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    return _xlsx_response(workbook_bytes(export_document(document)), export_filename(document))


@require_GET
@login_required
def template_download(request):
    code = request.GET.get("framework") or "legacy"
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        raise Http404(_("没有这个指标体系。"))
    return _xlsx_response(workbook_bytes(template_workbook(framework)), f"部门预算绩效文本模板-{framework.code}.xlsx")


# An upload that was previewed but never confirmed is deleted after this long.
UPLOAD_LIFETIME = timedelta(days=1)


def _uploads():
    """Where uploads wait: a named storage, so every app server sees the file whatever server took the upload."""
    return storages["workbook_uploads"]


def _upload_name(token) -> str:
    return f"{token}.xlsx"


def _remove_stale_uploads() -> None:
    cutoff = timezone.now() - UPLOAD_LIFETIME
    try:
        names = _uploads().listdir("")[1]
    except FileNotFoundError:
        return
    for name in names:
        if name.endswith(".xlsx") and _uploads().get_modified_time(name) < cutoff:
            _uploads().delete(name)


def _forget_upload(request, token: str) -> None:
    pending = request.session.get(SESSION_KEY, [])
    if token in pending:
        pending.remove(token)
        request.session[SESSION_KEY] = pending
    _uploads().delete(_upload_name(token))


@require_http_methods(["GET", "POST"])
@login_required
def import_workbook(request):
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = workbook_import(source=upload, user=request.user, dry_run=True)
        except WorkbookInvalid as invalid:
            context.update(problems=invalid.problems, warnings=invalid.warnings)
            return render(request, "workbooks/import.html", context, status=422)
        token = str(uuid.uuid4())
        _remove_stale_uploads()
        upload.seek(0)
        _uploads().save(_upload_name(token), upload)
        request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), token]
        context.update(
            result=result,
            warnings=result.warnings,
            confirm=ConfirmForm(initial={"token": token, "revision": result.revision}),
        )
    return render(request, "workbooks/import.html", context)


def _confirm(request):
    form = ConfirmForm(request.POST)
    token = str(form.data.get("token", ""))
    pending = request.session.get(SESSION_KEY, [])
    if not form.is_valid() or token not in pending or not _uploads().exists(_upload_name(token)):
        return render(
            request,
            "workbooks/import.html",
            {"form": UploadForm(), "problems": [Problem(WORKBOOK, _("上传的文件已失效，请重新上传。"))]},
            status=400,
        )
    try:
        with _uploads().open(_upload_name(token), "rb") as source:
            result = workbook_import(
                source=source,
                user=request.user,
                expected_revision=form.cleaned_data["revision"],
            )
    except WorkbookInvalid as invalid:
        _forget_upload(request, token)
        return render(
            request,
            "workbooks/import.html",
            {"form": UploadForm(), "problems": invalid.problems, "warnings": invalid.warnings},
            status=422,
        )
    _forget_upload(request, token)
    return render(request, "workbooks/import.html", {"form": UploadForm(), "result": result, "done": True})
