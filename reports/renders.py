"""The life of a document's PDF render, one short transaction per step on its DocumentRender row.

A change asks for a render (`render_requested`); only when none is queued or running is a task enqueued, so any
number of quick saves cause one render, plus at most one follow-up for the saves that arrived while it ran.
A render that stops reporting progress for REPORTS_RENDER_STALE_SECONDS (its worker was killed, or its task
lost) blocks nothing: the next request starts a new one under a new token, and the old one, should it still
be alive, finds itself superseded. Laid-out parts are kept by content hash, so the new render reuses whatever
the old one finished."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports import store
from reports.models import DocumentRender
from reports.pdf import DocumentPdf, renderer_fingerprint


def _locked(document_id: int) -> DocumentRender:
    render, _ = DocumentRender.objects.select_for_update().get_or_create(document_id=document_id)
    return render


def is_stale(render: DocumentRender) -> bool:
    if render.state == DocumentRender.State.IDLE:
        return False
    limit = timezone.now() - timedelta(seconds=settings.REPORTS_RENDER_STALE_SECONDS)
    return render.heartbeat_at is None or render.heartbeat_at < limit


def is_current(render: DocumentRender | None) -> bool:
    """True when the last complete PDF shows the document as it is now: no change since it was started, and
    made by the templates and stylesheet this deployment runs."""
    return (
        render is not None
        and bool(render.pdf_name)
        and render.rendered == render.requested
        and render.renderer == renderer_fingerprint()
    )


def is_on_its_way(render: DocumentRender | None) -> bool:
    return render is not None and render.state != DocumentRender.State.IDLE and not is_stale(render)


def _queue(render: DocumentRender) -> str:
    render.state = DocumentRender.State.QUEUED
    render.token = uuid.uuid4().hex
    render.heartbeat_at = timezone.now()
    render.parts_done = render.parts_total = render.tasks_left = 0
    return render.token


def render_requested(document_id: int, *, change: bool) -> str | None:
    """Records that the document's PDF is wanted again after a change, or (change=False) wanted at all. Returns
    the token of a render to enqueue, or None when a render already on its way covers the request."""
    with transaction.atomic():
        render = _locked(document_id)
        if not change and (is_on_its_way(render) or (is_current(render) and store.pdf_exists(render.pdf_name))):
            return None
        render.requested += 1
        token = None if is_on_its_way(render) else _queue(render)
        render.save()
        return token


def render_claimed(document_id: int, token: str) -> bool:
    """Starts the render named by token, for the document as it is now; False if it was superseded."""
    with transaction.atomic():
        render = _locked(document_id)
        if render.token != token:
            return False
        render.state = DocumentRender.State.RUNNING
        render.started_from = render.requested
        render.heartbeat_at = timezone.now()
        render.save()
        return True


def is_in_charge(document_id: int, token: str) -> bool:
    return DocumentRender.objects.filter(document_id=document_id, token=token).exists()


def progress_reported(document_id: int, token: str, *, done: int, total: int) -> None:
    DocumentRender.objects.filter(document_id=document_id, token=token).update(
        parts_done=done, parts_total=total, heartbeat_at=timezone.now()
    )


def render_fanned_out(document_id: int, token: str, *, tasks: int, parts: int) -> None:
    DocumentRender.objects.filter(document_id=document_id, token=token).update(
        tasks_left=tasks, parts_done=0, parts_total=parts, heartbeat_at=timezone.now()
    )


def share_finished(document_id: int, token: str, *, parts: int) -> bool:
    """Counts one layout task of a fanned-out render as done; True for the last one, which joins the PDF."""
    with transaction.atomic():
        updated = DocumentRender.objects.filter(document_id=document_id, token=token, tasks_left__gt=0).update(
            tasks_left=F("tasks_left") - 1, parts_done=F("parts_done") + parts, heartbeat_at=timezone.now()
        )
        if not updated:
            return False
        return DocumentRender.objects.filter(document_id=document_id, token=token, tasks_left=0).exists()


def has_pdf(document_id: int, etag: str) -> bool:
    """True when the last complete PDF was made from exactly this content."""
    render = DocumentRender.objects.filter(document_id=document_id, pdf_etag=etag).first()
    return render is not None and render.renderer == renderer_fingerprint() and store.pdf_exists(render.pdf_name)


def render_finished(document_id: int, token: str, *, slug: str, pdf: DocumentPdf | None) -> str | None:
    """Keeps the PDF (None: the last one is still exact) as the document's last complete one. Returns the token
    of a follow-up render to enqueue when changes arrived meanwhile."""
    name = store.save_document_pdf(slug, pdf.etag, pdf.content) if pdf is not None else None
    with transaction.atomic():
        render = _locked(document_id)
        if render.token != token:
            return None
        if pdf is not None:
            render.pdf_name, render.pdf_etag, render.pdf_pages, render.pdf_size = (
                name,
                pdf.etag,
                pdf.pages,
                len(pdf.content),
            )
            render.generated_at = timezone.now()
        render.rendered = render.started_from
        render.renderer = renderer_fingerprint()
        if render.requested > render.rendered:
            token = _queue(render)
        else:
            render.state, render.token, token = DocumentRender.State.IDLE, "", None
        render.save()
        return token
