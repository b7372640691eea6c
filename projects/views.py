"""Pages for finance staff: the dashboard, a document page and the project editor.

Every document and project is fetched through projects.access, so another department's URL answers 404 on
GET and POST alike. Writes go through projects.services, one transaction per save.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from indicators.catalog import Catalog
from indicators.ordering import indicators_regrouped
from projects import services
from projects.access import (
    BUREAU_REVIEWER_ROLE,
    Action,
    assert_user_may,
    documents_visible_to,
    get_document_for_user,
    get_project_for_user,
    user_has_role,
    user_may,
)
from projects.forms import (
    BASIS_LIST_ID,
    BASIS_SUGGESTIONS,
    DocumentForm,
    GoalFormSet,
    IndicatorFormSet,
    ProjectForm,
    changed_by_both,
    edit_snapshot,
    error_summary,
    keep_their_untouched_values,
    mark_changed_by_both,
    posted_revision,
    read_snapshot,
    without_vanished_rows,
)
from projects.models import DepartmentGoal, Document, Project
from projects.selectors import document_projects, money_totals
from projects.tables import ProjectFilter, ProjectTable
from projects.views_conflicts import document_conflict, document_snapshot, project_conflict, project_snapshot
from review.rulebook import review_project

PROJECTS_PER_PAGE = 50


def _edit_state(request, document: Document) -> bool:
    """Whether the page is editable; a POST from someone who may only read is refused outright."""
    if request.method == "POST":
        assert_user_may(request.user, Action.EDIT, document)
    return user_may(request.user, Action.EDIT, document) and document.is_editable


def _refuse_if_locked(request, document: Document) -> bool:
    """A POST to a submitted or approved document is answered with the rule's own message, changing nothing."""
    try:
        services.document_assert_editable(document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return True
    return False


def _add_service_errors(form, exc: ValidationError) -> None:
    """Errors the service found (a duplicate code, a document submitted meanwhile) go next to their field."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, field_messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@login_required
def dashboard(request):
    if user_has_role(request.user, BUREAU_REVIEWER_ROLE):
        # The finance bureau starts from its list across all departments.
        return redirect("bureau:index")
    documents = (
        documents_visible_to(request.user)
        .annotate(project_count=Count("projects"), budget_total=Sum("projects__budget"))
        .order_by("-year", "department__code")
    )
    years: dict[int, list[Document]] = {}
    for document in documents:
        years.setdefault(document.year, []).append(document)
    return render(request, "projects/dashboard.html", {"years": years})


@login_required
@require_http_methods(["GET", "POST"])
def document_page(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    editable = _edit_state(request, document)
    conflict = None

    if request.method == "POST":
        if _refuse_if_locked(request, document):
            return redirect("projects:document", department_code, year)
        form = DocumentForm(request.POST, instance=document)
        goal_formsets = _goal_formsets(document, data=request.POST)
        if posted_revision(request.POST) != document.revision:
            # Caught before validation, which would trip over rows the other person deleted; the service's
            # compare-and-swap below still guards against a save racing in between.
            before = read_snapshot(request.POST.get("snapshot"))
            form, goal_formsets, both = _document_forms_after_conflict(request, document, before)
            conflict = document_conflict(document, before, both)
        elif form.is_valid() and all(fs.is_valid() for fs in goal_formsets):
            try:
                services.document_update(
                    document=document,
                    expected_revision=form.cleaned_data["revision"],
                    goals={fs.kind: fs.kept_in_order() for fs in goal_formsets},
                    removed_goals=[goal for fs in goal_formsets for goal in fs.removed()],
                )
            except services.StaleRevisionError:
                # The form wrote the user's input onto `document`; what is stored is read again.
                document = get_document_for_user(request.user, department_code=department_code, year=year)
                before = form.cleaned_data["snapshot"]
                form, goal_formsets, both = _document_forms_after_conflict(request, document, before)
                conflict = document_conflict(document, before, both)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("文档信息已保存。"))
                return redirect("projects:document", department_code, year)
    else:
        form = DocumentForm(instance=document)
        goal_formsets = _goal_formsets(document)
        form.initial["snapshot"] = edit_snapshot(document_snapshot(document), form, *goal_formsets)

    if not editable:
        _disable(form, *goal_formsets)
    projects = document_projects(document)
    project_filter = ProjectFilter(request.GET, queryset=projects, document=document)
    filtered = project_filter.qs
    table = ProjectTable(filtered, document=document, totals=money_totals(filtered))
    RequestConfig(request, paginate={"per_page": PROJECTS_PER_PAGE}).configure(table)
    return render(
        request,
        "projects/document.html",
        {
            "document": document,
            "editable": editable,
            "form": form,
            "goal_formsets": goal_formsets,
            "table": table,
            "filter": project_filter,
            "conflict": conflict,
        },
    )


def _goal_formsets(document: Document, data=None) -> list:
    return [
        GoalFormSet(data, instance=document, kind=kind.value, prefix=f"goals-{kind.value}")
        for kind in DepartmentGoal.Kind
    ]


def _document_forms_after_conflict(request, stored: Document, before: dict | None):
    """The user's input, kept as typed, now set to save over the current revision if they choose to, and the
    fields both people changed, highlighted."""
    data = request.POST.copy()
    current, current_goals = DocumentForm(instance=stored), _goal_formsets(stored)
    both = changed_by_both(data, before=before, form=current, formsets=current_goals)
    keep_their_untouched_values(data, before=before, form=current, formsets=current_goals)
    data["revision"] = stored.revision
    data["snapshot"] = edit_snapshot(document_snapshot(stored), current, *current_goals)
    stored_goals = list(stored.goals.values_list("pk", flat=True))
    for kind in DepartmentGoal.Kind:
        without_vanished_rows(data, prefix=f"goals-{kind.value}", existing_ids=stored_goals)
    form = DocumentForm(data, instance=stored)
    goal_formsets = _goal_formsets(stored, data=data)
    form.is_valid()
    for formset in goal_formsets:
        formset.is_valid()
    mark_changed_by_both(both, form, goal_formsets)
    return form, goal_formsets, both


def _disable(*forms_or_formsets) -> None:
    for item in forms_or_formsets:
        for form in getattr(item, "forms", [item]):
            for field in form.fields.values():
                field.disabled = True


def _project_editor(request, *, document: Document, project: Project):
    editable = _edit_state(request, document)
    catalog = Catalog(document.framework)
    conflict = None

    if request.method == "POST":
        if _refuse_if_locked(request, document):
            return redirect(_editor_url(project))
        form = ProjectForm(request.POST, instance=project, document=document)
        formset = IndicatorFormSet(request.POST, instance=project, catalog=catalog)
        if project.pk and posted_revision(request.POST) != project.revision:
            before = read_snapshot(request.POST.get("snapshot"))
            form, formset, both = _project_forms_after_conflict(request, project, catalog, before)
            conflict = project_conflict(project, before, both)
        elif form.is_valid() and formset.is_valid():
            is_new = project.pk is None
            rows = formset.kept_in_order()
            try:
                saved = services.project_save(
                    project=form.instance,
                    expected_revision=form.cleaned_data["revision"],
                    amounts=form.plan_amounts(),
                    indicators=rows,
                    removed_indicators=formset.removed(),
                )
            except services.StaleRevisionError:
                project = get_project_for_user(request.user, pk=project.pk)
                before = form.cleaned_data["snapshot"]
                form, formset, both = _project_forms_after_conflict(request, project, catalog, before)
                conflict = project_conflict(project, before, both)
            except ValidationError as exc:
                if is_new:
                    # The insert was rolled back with the rest of the save.
                    project.pk = None
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("项目“%(name)s”已保存。") % {"name": saved.name})
                if indicators_regrouped(rows) != rows:
                    messages.info(
                        request,
                        _("指标已按一级、二级指标归组：同一类别的行在打印表中合并为一块，下面是保存后的顺序。"),
                    )
                return redirect("projects:project_edit", saved.pk)
    else:
        form = ProjectForm(instance=project, document=document)
        formset = IndicatorFormSet(instance=project, catalog=catalog)
        if project.pk:
            form.initial["snapshot"] = edit_snapshot(project_snapshot(project), form, formset)

    if not editable:
        _disable(form, formset)
    return render(
        request,
        "projects/project_form.html",
        {
            "document": document,
            "project": project,
            "editable": editable,
            "form": form,
            "formset": formset,
            "conflict": conflict,
            "findings": review_project(project) if project.pk else [],
            "error_summary": error_summary(form, formset, page_anchor="project-form") if form.is_bound else [],
            "basis_list_id": BASIS_LIST_ID,
            "basis_suggestions": BASIS_SUGGESTIONS,
        },
    )


def _editor_url(project: Project) -> str:
    if project.pk:
        return reverse("projects:project_edit", args=[project.pk])
    return reverse("projects:project_add", args=[project.document.department.code, project.document.year])


def _project_forms_after_conflict(request, stored: Project, catalog: Catalog, before: dict | None):
    data = request.POST.copy()
    current = ProjectForm(instance=stored, document=stored.document)
    current_rows = IndicatorFormSet(instance=stored, catalog=catalog)
    both = changed_by_both(data, before=before, form=current, formsets=[current_rows])
    keep_their_untouched_values(data, before=before, form=current, formsets=[current_rows])
    data["revision"] = stored.revision
    data["snapshot"] = edit_snapshot(project_snapshot(stored), current, current_rows)
    without_vanished_rows(data, prefix="indicators", existing_ids=stored.indicators.values_list("pk", flat=True))
    form = ProjectForm(data, instance=stored, document=stored.document)
    formset = IndicatorFormSet(data, instance=stored, catalog=catalog)
    form.is_valid()
    formset.is_valid()
    mark_changed_by_both(both, form, [formset])
    return form, formset, both


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = get_project_for_user(request.user, pk=pk)
    return _project_editor(request, document=project.document, project=project)


@login_required
@require_http_methods(["GET", "POST"])
def project_add(request, department_code: str, year: int):
    document = get_document_for_user(request.user, department_code=department_code, year=year)
    return _project_editor(request, document=document, project=Project(document=document))


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request, pk: int):
    """GET asks for confirmation; POST removes the project and returns to its document."""
    project = get_project_for_user(request.user, pk=pk)
    document = project.document
    if not _edit_state(request, document):
        return redirect("projects:project_edit", project.pk)
    if request.method == "POST":
        if _refuse_if_locked(request, document):
            return redirect("projects:project_edit", project.pk)
        try:
            services.project_delete(project=project, expected_revision=int(request.POST.get("revision", -1)))
        except services.StaleRevisionError:
            messages.error(
                request, _("项目“%(name)s”在您打开后已被他人修改，请查看后再决定是否删除。") % {"name": project.name}
            )
            return redirect("projects:project_edit", project.pk)
        messages.success(request, _("项目“%(name)s”已删除。") % {"name": project.name})
        return redirect("projects:document", document.department.code, document.year)
    return render(request, "projects/project_delete.html", {"document": document, "project": project})
