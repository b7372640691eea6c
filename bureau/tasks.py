"""Background work of the bureau's list: bringing a changed document's review summary up to date."""

from django_tasks import task

from bureau.summaries import review_summary_count_change, review_summary_refresh


@task()
def review_summary_refresh_task(document_id: int) -> None:
    review_summary_refresh(document_id=document_id)


def document_changed_enqueue_review(sender, *, document_id, **kwargs) -> None:
    """Receiver of projects.signals.document_changed: count the change, then let a worker review the document."""
    if review_summary_count_change(document_id=document_id):
        review_summary_refresh_task.enqueue(document_id)
