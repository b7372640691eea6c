"""Keeping the report store small: what prune_reports removes, and why that is safe while renders run."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Sum
from django.utils import timezone

from reports import store
from reports.models import DocumentRender, ReportChunk, ReportPart

# Nothing younger than this is removed: a render writes a file before a row names it, and reads the parts it
# found a moment later.
GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class PruneResult:
    parts: int
    files: int
    bytes_left: int


def _store_bytes() -> int:
    chunks = ReportChunk.objects.aggregate(total=Sum("size"))["total"] or 0
    pdfs = DocumentRender.objects.aggregate(total=Sum("pdf_size"))["total"] or 0
    return chunks + pdfs


def reports_prune(*, max_age: timedelta, max_bytes: int | None = None, now: datetime | None = None) -> PruneResult:
    """Removes laid-out parts no render used for max_age, then the least recently used ones until the store
    holds at most max_bytes, then every file no row names any more (chunks of removed parts, PDFs replaced by
    newer ones, files of renders killed while writing). Each document's last complete PDF is always kept.
    Running it again, or twice at once, is harmless; a removed part only costs laying it out again."""
    now = now or timezone.now()
    parts = ReportPart.objects.filter(used_at__lt=now - max_age).delete()[0]
    if max_bytes is not None:
        total = _store_bytes()
        by_last_use = ReportChunk.objects.annotate(last_used=Max("parts__used_at")).order_by("last_used")
        for chunk in by_last_use.filter(last_used__lt=now - GRACE).iterator():
            if total <= max_bytes:
                break
            parts += chunk.parts.all().delete()[0]
            total -= chunk.size
    ReportChunk.objects.filter(parts__isnull=True, created_at__lt=now - GRACE).delete()
    named = set(ReportChunk.objects.values_list("name", flat=True))
    named |= set(DocumentRender.objects.exclude(pdf_name="").values_list("pdf_name", flat=True))
    files = 0
    for name in store.stored_files():
        if name not in named and store.storage().get_modified_time(name) < now - GRACE:
            store.storage().delete(name)
            files += 1
    return PruneResult(parts=parts, files=files, bytes_left=_store_bytes())
