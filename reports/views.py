"""The printed document as a web page and as a PDF download.

Web processes never lay anything out: the PDF is rendered by task workers (reports/tasks.py) as soon as a
document changes, so a download is normally a file read; while a render is still on its way the reader sees
its progress and may take the last complete PDF."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from projects.access import get_document_for_user, require_GET_in_scope
from projects.selectors import document_report
from reports import renders, store
from reports.models import DocumentRender
from reports.pdf import document_sources, pdf_filename
from reports.tasks import enqueue_render


@login_required
@require_GET_in_scope
def document_html(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    sources = document_sources(document_report(document))
    return render(request, "reports/document.html", {"sources": sources, "document": document})


def _pdf_response(request, document, pdf: DocumentRender):
    etag = f'"{pdf.pdf_etag}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified(headers={"ETag": etag})
    else:
        response = FileResponse(store.open_pdf(pdf.pdf_name), as_attachment=True, filename=pdf_filename(document))
        response["ETag"] = etag
    # Always revalidate: an unchanged document then costs one 304 and no download.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _stored(document) -> DocumentRender | None:
    return DocumentRender.objects.filter(document=document).first()


@login_required
@require_GET_in_scope
def document_pdf(request, department_code: str, year: int):
    """The PDF as a download, revalidated by ETag. While the current version is being rendered, a page shows
    the progress and offers the last complete PDF, marked with its date (?version=previous)."""
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    pdf = _stored(document)
    has_file = pdf is not None and store.pdf_exists(pdf.pdf_name)
    if request.GET.get("version") == "previous":
        if not has_file:
            raise Http404
        return _pdf_response(request, document, pdf)
    if not (has_file and renders.is_current(pdf)):
        enqueue_render(document.pk, change=False)
        # With a task backend that runs tasks at once (as in tests) the PDF is ready now.
        pdf = _stored(document)
        has_file = pdf is not None and store.pdf_exists(pdf.pdf_name)
    if has_file and renders.is_current(pdf):
        return _pdf_response(request, document, pdf)
    context = {"document": document, "render": pdf, "latest": pdf if has_file else None}
    response = render(request, "reports/pdf_progress.html", context, status=202)
    response["Retry-After"] = "2"
    patch_cache_control(response, no_store=True)
    return response
