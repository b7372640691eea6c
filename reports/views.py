import threading

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from projects.access import get_document_for_user, require_GET_in_scope
from projects.selectors import document_report
from reports import store
from reports.pdf import DocumentSources, build_pdf, document_sources

# Parts a request lays out itself before answering; a larger render goes to the background, so no web worker
# sits silently for many seconds. About 20 parts take two or three seconds on two cores.


def _sources_for(request, department_code: str, year: int) -> DocumentSources:
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    return document_sources(document_report(document))


@login_required
@require_GET_in_scope
def document_html(request, department_code: str, year: int):
    sources = _sources_for(request, department_code, year)
    return render(request, "reports/document.html", {"sources": sources, "document": sources.report.document})


def _pdf_response(path, sources: DocumentSources, etag: str) -> FileResponse:
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=sources.filename)
    response["ETag"] = f'"{etag}"'
    # Always revalidate: an unchanged document then costs one 304 and no download.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _render_in_background(sources: DocumentSources) -> None:
    def run():
        try:
            build_pdf(
                sources, progress=lambda done, total: store.report_progress(sources.slug, sources.etag, done, total)
            )
        finally:
            store.release_job(sources.slug, sources.etag)

    if store.claim_job(sources.slug, sources.etag):
        threading.Thread(target=run, name=f"render-{sources.slug}", daemon=True).start()


@login_required
@require_GET_in_scope
def document_pdf(request, department_code: str, year: int):
    """The PDF as a download, revalidated by ETag. A version not yet rendered is rendered here when it is small;
    otherwise it is rendered in the background while the reader sees its progress and may take the last
    complete PDF, marked with its date, straight away."""
    sources = _sources_for(request, department_code, year)
    if request.GET.get("version") == "previous":
        latest = store.latest_pdf(sources.slug)
        if latest is not None:
            return _pdf_response(latest.path, sources, latest.etag)
    etag = f'"{sources.etag}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return HttpResponseNotModified(headers={"ETag": etag})
    path = store.document_pdf_path(sources.slug, sources.etag)
    if path is None and sources.uncached_parts() <= settings.REPORTS_INLINE_PARTS:
        build_pdf(sources)
        path = store.document_pdf_path(sources.slug, sources.etag)
    if path is not None:
        return _pdf_response(path, sources, sources.etag)
    _render_in_background(sources)
    context = {
        "document": sources.report.document,
        "progress": store.job_progress(sources.slug, sources.etag) or {"done": 0, "total": 0},
        "latest": store.latest_pdf(sources.slug),
    }
    response = render(request, "reports/pdf_progress.html", context, status=202)
    response["Retry-After"] = "2"
    patch_cache_control(response, no_store=True)
    return response
