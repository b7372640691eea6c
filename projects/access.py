"""Who may see what. Every view fetches documents and projects through these helpers, which answer 404 —
not 403 — for anything outside the user's departments, so other departments' data is never even confirmed."""

from functools import wraps

from django.db.models import QuerySet
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from projects.models import Department, Document, Project

# Roles that read every department's documents.
READ_ALL_ROLES = ("审计人员", "财政局审核人")


def user_reads_all(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name in READ_ALL_ROLES for group in user.groups.all())


def departments_visible_to(user) -> QuerySet[Department]:
    if user_reads_all(user):
        return Department.objects.all()
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(members=user)


def documents_visible_to(user) -> QuerySet[Document]:
    return Document.objects.filter(department__in=departments_visible_to(user)).select_related(
        "department", "framework"
    )


def get_document_for_user(user, *, department_code: str, year: int) -> Document:
    return get_object_or_404(documents_visible_to(user), department__code=department_code, year=year)


def get_project_for_user(user, *, pk: int) -> Project:
    projects = Project.objects.filter(document__department__in=departments_visible_to(user))
    return get_object_or_404(projects.select_related("document__department", "document__framework", "unit"), pk=pk)


def require_GET_in_scope(view):
    """require_GET that answers only after the access check, so another department's URL is 404 for any method.

    The view's department_code/year or pk arguments name what it shows; the lookup is the same one the view makes.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            if "pk" in kwargs:
                get_project_for_user(request.user, pk=kwargs["pk"])
            else:
                get_document_for_user(request.user, department_code=kwargs["department_code"], year=kwargs["year"])
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    return wrapped
