"""The finance bureau's list of every department's document of a year, for those who read all departments.

Anyone else gets 404, as for another department's document: the page confirms nothing to them."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from bureau.selectors import bureau_documents, bureau_totals, bureau_years
from bureau.tables import BureauDocumentFilter, BureauDocumentTable
from projects.access import user_reads_all

DOCUMENTS_PER_PAGE = 50


def bureau_reader_GET_only(view):
    """404 for users who do not read every department (any method), then 405 for anything but GET."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_reads_all(request.user):
            raise Http404
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@bureau_reader_GET_only
def index(request):
    years = bureau_years(user=request.user)
    return redirect("bureau:documents", year=years[0] if years else timezone.localdate().year)


@bureau_reader_GET_only
def documents(request, year: int):
    document_filter = BureauDocumentFilter(request.GET, queryset=bureau_documents(user=request.user, year=year))
    filtered = document_filter.qs
    table = BureauDocumentTable(filtered, totals=bureau_totals(filtered))
    RequestConfig(request, paginate={"per_page": DOCUMENTS_PER_PAGE}).configure(table)
    return render(
        request,
        "bureau/documents.html",
        {"year": year, "years": bureau_years(user=request.user), "filter": document_filter, "table": table},
    )
