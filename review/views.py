"""The document review page: every finding of a document, grouped by project, with counts by severity."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from projects.access import get_document_for_user
from review.rulebook import document_review


@login_required
def document(request, department_code: str, year: int):
    found = get_document_for_user(request.user, department_code=department_code, year=year)
    return render(request, "review/document.html", {"document": found, "review": document_review(found)})
