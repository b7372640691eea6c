"""The rows of the bureau's list: every document of a year with its sums and who submitted it, in a fixed
number of queries whatever the number of departments (sums and the last submission as correlated subqueries,
the review counts from ReviewSummary)."""

from decimal import Decimal

from django.db.models import CharField, Count, DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat, NullIf

from projects.access import documents_visible_to
from projects.models import Document, DocumentTransition, Project
from projects.money import format_money

MONEY_TOTALS = ("budget", "fiscal_funds", "other_funds")


def _project_sum(expression, output_field):
    projects = Project.objects.filter(document=OuterRef("pk")).order_by().values("document")
    return Coalesce(Subquery(projects.annotate(value=expression).values("value")), Value(0), output_field=output_field)


def _last_submission():
    return DocumentTransition.objects.filter(document=OuterRef("pk"), to_status=Document.Status.SUBMITTED).order_by(
        "-created_at", "-id"
    )


def bureau_documents(*, user, year: int) -> QuerySet[Document]:
    """The documents of `year` the user may read, with project_count, the money sums, review_summary and
    submitted_by / submitted_at (the latest submission)."""
    money = DecimalField(max_digits=16, decimal_places=2)
    submitter = Coalesce(
        NullIf(Concat("user__last_name", "user__first_name", output_field=CharField()), Value("")), "user__username"
    )
    return (
        documents_visible_to(user)
        .filter(year=year)
        .select_related("review_summary")
        .annotate(
            project_count=_project_sum(Count("pk"), IntegerField()),
            budget_total=_project_sum(Sum("budget"), money),
            fiscal_funds_total=_project_sum(Sum("fiscal_funds"), money),
            other_funds_total=_project_sum(Sum("other_funds"), money),
            submitted_at=Subquery(_last_submission().values("created_at")[:1]),
            submitted_by=Subquery(_last_submission().values(name=submitter)[:1]),
        )
        .order_by("department__code")
    )


def bureau_totals(documents: QuerySet[Document]) -> dict[str, str]:
    """Project count and money sums over all the listed documents (every page), in one query."""
    sums = Project.objects.filter(document__in=documents.order_by().values("pk")).aggregate(
        project_count=Count("pk"), **{f"{name}_total": Sum(name) for name in MONEY_TOTALS}
    )
    totals = {name: format_money(value or Decimal(0)) for name, value in sums.items() if name != "project_count"}
    return {**totals, "project_count": str(sums["project_count"])}


def bureau_years(*, user) -> list[int]:
    """The years with documents the user may read, newest first."""
    return list(documents_visible_to(user).order_by("-year").values_list("year", flat=True).distinct())
