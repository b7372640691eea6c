"""Upload a self-evaluation workbook, see what it would change, confirm. The upload waits in storage between
the two steps, named by a token kept in the user's session."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from selfeval.importer import evaluation_import
from workbooks.forms import ConfirmForm, UploadForm
from workbooks.reader import WORKBOOK, Problem, WorkbookInvalid

SESSION_KEY = "selfeval_uploads"


def _storage():
    return storages["workbook_uploads"]


def _name(token: str) -> str:
    return f"selfeval-{token}.xlsx"


def _forget(request, token: str) -> None:
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    _storage().delete(_name(token))


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
            result = evaluation_import(source=upload, user=request.user, dry_run=True)
        except WorkbookInvalid as invalid:
            context.update(problems=invalid.problems, warnings=invalid.warnings)
            return render(request, "selfeval/import.html", context, status=422)
        token = str(uuid.uuid4())
        upload.seek(0)
        _storage().save(_name(token), upload)
        request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), token]
        context.update(
            result=result, warnings=result.warnings, confirm=ConfirmForm(initial={"token": token, "revision": 0})
        )
    return render(request, "selfeval/import.html", context)


def _confirm(request):
    form = ConfirmForm(request.POST)
    token = str(form.data.get("token", ""))
    storage = _storage()
    if not form.is_valid() or token not in request.session.get(SESSION_KEY, []) or not storage.exists(_name(token)):
        problems = [Problem(WORKBOOK, _("上传的文件已失效，请重新上传。"))]
        return render(request, "selfeval/import.html", {"form": UploadForm(), "problems": problems}, status=400)
    try:
        with storage.open(_name(token)) as source:
            result = evaluation_import(source=source, user=request.user)
    except WorkbookInvalid as invalid:
        _forget(request, token)
        context = {"form": UploadForm(), "problems": invalid.problems, "warnings": invalid.warnings}
        return render(request, "selfeval/import.html", context, status=422)
    _forget(request, token)
    return render(request, "selfeval/import.html", {"form": UploadForm(), "result": result, "done": True})
