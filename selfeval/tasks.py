"""Background layout of a large printed self-evaluation, so no web request waits for many pages."""

from django_tasks import task

from projects.models import Document
from selfeval.printing import store_pdf
from selfeval.selectors import evaluation_report


@task()
def evaluation_pdf_render(document_id: int) -> str:
    """Lay out and store the self-evaluation's PDF as the document is when the worker runs."""
    document = Document.objects.select_related("department").get(pk=document_id)
    return store_pdf(evaluation_report(document))
