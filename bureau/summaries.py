"""Keeping each document's ReviewSummary in step with its content: counted changes, then a review that catches up.

A change only bumps a counter (one UPDATE, after the change commits); the rulebook runs later in a task, once for
however many changes arrived before it started reading."""

from collections.abc import Iterable

from django.db.models import F, Q
from django.utils import timezone

from bureau.models import ReviewSummary
from projects.models import Document
from review.rulebook import document_review


def review_summary_count_change(*, document_id: int) -> bool:
    """Record one more change of the document; False when the document no longer exists."""
    rows = ReviewSummary.objects.filter(document_id=document_id)
    if rows.update(changes=F("changes") + 1):
        return True
    if not Document.objects.filter(pk=document_id).exists():
        return False
    ReviewSummary.objects.bulk_create([ReviewSummary(document_id=document_id)], ignore_conflicts=True)
    rows.update(changes=F("changes") + 1)
    return True


def review_summary_refresh(*, document_id: int, force: bool = False) -> ReviewSummary | None:
    """Run the rulebook over the document and store its counts, unless they are already current (or `force`).

    The change counter is read before the content, so a change committed meanwhile leaves the summary marked
    out of date for the review it enqueued; a slower review never overwrites a newer one."""
    if not Document.objects.filter(pk=document_id).exists():
        return None
    ReviewSummary.objects.bulk_create([ReviewSummary(document_id=document_id)], ignore_conflicts=True)
    summary = ReviewSummary.objects.get(document_id=document_id)
    if summary.is_current and not force:
        return summary
    seen = summary.changes
    review = document_review(Document(pk=document_id))
    ReviewSummary.objects.filter(document_id=document_id).filter(
        Q(reviewed_changes__isnull=True) | Q(reviewed_changes__lte=seen)
    ).update(errors=review.errors, warnings=review.warnings, reviewed_changes=seen, reviewed_at=timezone.now())
    summary.refresh_from_db()
    return summary


def review_summaries_refresh(*, documents: Iterable[int], force: bool = False) -> int:
    """Refresh the given documents' summaries one by one; returns how many there were."""
    count = 0
    for document_id in documents:
        review_summary_refresh(document_id=document_id, force=force)
        count += 1
    return count


def documents_needing_review(*, year: int | None = None, force: bool = False) -> list[int]:
    """Ids of the documents whose summary is missing or out of date (every document with `force`)."""
    documents = Document.objects.order_by("pk")
    if year is not None:
        documents = documents.filter(year=year)
    if not force:
        documents = documents.exclude(review_summary__reviewed_changes=F("review_summary__changes"))
    return list(documents.values_list("pk", flat=True))
