"""The library's own pages (list, Excel export and import) and the suggestions the project editor asks for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from library.forms import EntryFilterForm, LibraryUploadForm
from library.models import LibraryEntry, Source
from library.names import normalise_name
from library.suggestions import Place, ProjectHints, last_year_rows, library_suggestions
from library.workbook import export_library, library_import
from projects.access import get_document_for_user, require_GET_in_scope, user_curates_library
from workbooks.exporter import workbook_bytes
from workbooks.reader import WorkbookInvalid

ENTRIES_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a suggestion request may carry of the page; longer input is cut, never refused.
TYPED_LIMIT = 200
PURPOSE_LIMIT = 2000


def _filtered_entries(form: EntryFilterForm):
    entries = LibraryEntry.objects.select_related("subcategory__category__framework").prefetch_related(
        "project_types", "required_for__project_type"
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            wanted = form.cleaned_data["q"].strip()
            entries = entries.filter(Q(normalized_name__contains=normalise_name(wanted)) | Q(keywords__contains=wanted))
        if form.cleaned_data["source"]:
            entries = entries.filter(source=form.cleaned_data["source"])
    return entries.order_by(
        "subcategory__category__framework__position",
        "subcategory__category__position",
        "subcategory__position",
        "source",
        "-use_count",
        "name",
    )


@login_required
@require_GET
def entry_list(request):
    form = EntryFilterForm(request.GET)
    page = Paginator(_filtered_entries(form), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "library/entry_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "curator": user_curates_library(request.user)},
    )


@login_required
@require_GET
def export(request):
    response = HttpResponse(
        workbook_bytes(export_library(_filtered_entries(EntryFilterForm(request.GET)))), content_type=XLSX
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename="指标库.xlsx")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_entries(request):
    if not user_curates_library(request.user):
        raise PermissionDenied(_("只有财政局可以导入指标库。"))
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = library_import(source=form.cleaned_data["file"])
        except WorkbookInvalid as invalid:
            return render(
                request,
                "library/import.html",
                {"form": form, "problems": invalid.problems, "warnings": invalid.warnings},
                status=422,
            )
        messages.success(
            request,
            _("指标库已导入：新增 %(created)s 个，更新 %(updated)s 个。")
            % {"created": result.created, "updated": result.updated},
        )
        for warning in result.warnings:
            messages.warning(request, warning)
        return redirect("library:entries")
    return render(request, "library/import.html", {"form": form})


def _suggestion_json(row: dict) -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "definition": row["definition"],
        "formula": row["formula"],
        "comparator": row["comparator"],
        "unit": row["unit"],
        "common_value": row["common_value"],
        "curated": row["source"] == Source.CURATED,
        "source": str(Source(row["source"]).label),
        "use_count": row["use_count"],
    }


# Asked at each keystroke and only reading: no transaction, which on SQLite would take the write lock.
@transaction.non_atomic_requests
@login_required
@require_GET_in_scope
def suggestions(request, department_code: str, year: int):
    """JSON for the editor: ranked library entries for a 二级 and the same project's rows of last year.

    The 一级 and 二级 come by name, as the editor's selects hold them; the project's code, name and 资金用途 as
    typed so far, since a new project has no id yet.
    """
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    place = Place(document.framework_id, request.GET.get("category", ""), request.GET.get("subcategory", ""))
    typed = request.GET.get("q", "")[:TYPED_LIMIT]
    hints = ProjectHints(
        code=request.GET.get("code", "")[:TYPED_LIMIT].strip(),
        name=request.GET.get("name", "")[:TYPED_LIMIT],
        purpose=request.GET.get("purpose", "")[:PURPOSE_LIMIT],
    )
    history = last_year_rows(document=document, place=place, typed=typed, hints=hints)
    return JsonResponse(
        {
            "suggestions": [
                _suggestion_json(row) for row in library_suggestions(place=place, typed=typed, hints=hints)
            ],
            "history": [{"year": document.year - 1, **row} for row in history],
        },
        json_dumps_params={"ensure_ascii": False},
    )
