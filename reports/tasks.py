"""PDF renders on the task queue: the one way anything asks for a document's PDF to be (re)made.

`enqueue_render` is called after every committed change of a document (projects.signals.document_changed) and
by a download that finds no current PDF. The render task lays out what changed and joins the PDF; a cold render
of a large document instead fans its parts out as layout tasks, which every worker on every machine shares, and
the last of them to finish joins the PDF."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django_tasks import task

from projects.models import Document
from projects.selectors import document_report
from reports import renders
from reports.pdf import DocumentSources, build_pdf, document_sources, lay_out_parts, missing_parts


def enqueue_render(document_id: int, *, change: bool = True) -> None:
    """Asks for the document's PDF after a change (or, change=False, for a PDF at all if none is current or on
    its way); a render already queued or running takes the request over instead of a new task."""
    token = renders.render_requested(document_id, change=change)
    if token is not None:
        render_document.enqueue(document_id, token)


def on_document_changed(sender, *, document_id, **kwargs) -> None:
    enqueue_render(document_id)


def on_department_saved(sender, *, instance, created, **kwargs) -> None:
    # The cover prints the department's name.
    if not created:
        for document_id in instance.documents.values_list("pk", flat=True):
            transaction.on_commit(partial(enqueue_render, document_id))


def _current_sources(document_id: int) -> DocumentSources | None:
    document = Document.objects.filter(pk=document_id).first()
    return document_sources(document_report(document)) if document is not None else None


def _finish(document_id: int, token: str, sources: DocumentSources) -> None:
    pdf = None
    if not renders.has_pdf(document_id, sources.etag):
        pdf = build_pdf(sources, progress=_progress(document_id, token))
    follow_up = renders.render_finished(document_id, token, slug=sources.slug, pdf=pdf)
    if follow_up is not None:
        render_document.enqueue(document_id, follow_up)


def _progress(document_id: int, token: str):
    return lambda done, total: renders.progress_reported(document_id, token, done=done, total=total)


@task()
def render_document(document_id: int, token: str) -> None:
    """Renders the document as it is when the task runs."""
    if not renders.render_claimed(document_id, token):
        return
    sources = _current_sources(document_id)
    if sources is None:
        return
    missing = [] if renders.has_pdf(document_id, sources.etag) else missing_parts(sources)
    size = settings.REPORTS_TASK_PARTS
    if len(missing) <= size:
        _finish(document_id, token, sources)
        return
    shares = [missing[start : start + size] for start in range(0, len(missing), size)]
    renders.render_fanned_out(document_id, token, tasks=len(shares), parts=len(missing))
    for share in shares:
        lay_out_share.enqueue(document_id, token, [part.anchor for part in share])


@task()
def lay_out_share(document_id: int, token: str, anchors: list[str]) -> None:
    """Lays out some parts of a fanned-out render; the last share to finish joins the PDF."""
    if not renders.is_in_charge(document_id, token):
        return
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    lay_out_parts(document_sources(document_report(document), only=set(anchors)))
    if renders.share_finished(document_id, token, parts=len(anchors)):
        # Parts changed since the render began are laid out here; the PDF always shows the document as it is.
        sources = _current_sources(document_id)
        if sources is not None:
            _finish(document_id, token, sources)
