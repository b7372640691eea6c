"""Signals of the document core, so that it knows nothing of what other apps do when a document changes."""

from django.db import connection, transaction
from django.dispatch import Signal

# Sent with `document_id` after a transaction that wrote anything of a document (its content rows, its cover
# or its status) commits, once per document however many rows changed: renders and summaries follow from it.
document_changed = Signal()

_PENDING = "_budget_perf_documents_changed"


def _send_pending() -> None:
    document_ids = getattr(connection, _PENDING, set())
    setattr(connection, _PENDING, set())
    for document_id in sorted(document_ids):
        document_changed.send(sender=None, document_id=document_id)


def document_changed_on_commit(document_id) -> None:
    """Announce document_changed for document_id when the current transaction commits."""
    if document_id is None:
        return
    pending = getattr(connection, _PENDING, set())
    if not any(callback is _send_pending for _, callback, _ in connection.run_on_commit):
        # No announcement is waiting in this transaction: anything left over belongs to one that rolled back.
        pending = set()
        setattr(connection, _PENDING, pending)
        pending.add(document_id)
        transaction.on_commit(_send_pending)
        return
    pending.add(document_id)
