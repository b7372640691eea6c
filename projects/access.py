"""Who may see what. Every view fetches documents and projects through these helpers, which answer 404 —
not 403 — for anything outside the user's departments, so other departments' data is never even confirmed."""

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from projects.models import Department, Document, Project

# Roles that read every department's documents.
READ_ALL_ROLES = ("审计人员", "财政局审核人")


def user_reads_all(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name in READ_ALL_ROLES for group in user.groups.all())


def user_has_role(user, role: str) -> bool:
    return user.is_authenticated and any(group.name == role for group in user.groups.all())


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


class Action(StrEnum):
    """What a user may ask to do with a document. Every path (browser, upload, admin, commands) asks
    `user_may` for the role and department; the document's status is the workflow's and the edit lock's."""

    READ = "read"
    EDIT = "edit"
    IMPORT = "import"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ROLLOVER = "rollover"


EDITOR_ROLE = "填报人"
DEPARTMENT_REVIEWER_ROLE = "部门审核人"
BUREAU_REVIEWER_ROLE = "财政局审核人"

# The permission each action needs (granted to its role's group by migrations 0002 and 0003), and whether the
# user must also work for the document's department.
_ACTION_RULES: dict[Action, tuple[str | None, bool]] = {
    Action.READ: (None, False),
    Action.EDIT: ("projects.change_project", True),
    Action.IMPORT: ("projects.change_project", True),
    Action.SUBMIT: ("projects.submit_document", True),
    Action.APPROVE: ("projects.approve_document", False),
    Action.RETURN: ("projects.approve_document", False),
    Action.ROLLOVER: ("projects.add_document", True),
}

_REFUSALS = {
    Action.READ: gettext_lazy("您无权查看该部门的绩效文本。"),
    Action.EDIT: gettext_lazy("只有本部门的填报人可以修改绩效文本。"),
    Action.IMPORT: gettext_lazy("只有本部门的填报人可以导入绩效文本。"),
    Action.SUBMIT: gettext_lazy("只有本部门的部门审核人可以提交绩效文本。"),
    Action.APPROVE: gettext_lazy("只有财政局审核人可以审核通过绩效文本。"),
    Action.RETURN: gettext_lazy("只有财政局审核人可以退回绩效文本。"),
    Action.ROLLOVER: gettext_lazy("只有本部门的填报人可以结转下一年度的绩效文本。"),
}


def user_works_for(user, department: Department) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or department.members.filter(pk=user.pk).exists()


def user_may(user, action: Action | str, document: Document) -> bool:
    """May this user do this to this document, by role and department? (Status is not asked here.)"""
    action = Action(action)
    if not user.is_authenticated:
        return False
    if action is Action.READ:
        return user_reads_all(user) or user_works_for(user, document.department)
    permission, own_department_only = _ACTION_RULES[action]
    if not user.has_perm(permission):
        return False
    return not own_department_only or user_works_for(user, document.department)


def user_curates_library(user) -> bool:
    """The finance bureau keeps the shared indicator library (指标库), its 项目类型 list and 固化指标."""
    return user.is_authenticated and user.has_perm("library.change_libraryentry")


def assert_user_may(user, action: Action | str, document: Document) -> None:
    """Raises PermissionDenied, with the reason in the user's language, unless `user_may`."""
    action = Action(action)
    if not user_may(user, action, document):
        raise PermissionDenied(_REFUSALS[action])
