"""The bureau's list of documents and its filter; the rows come from bureau.selectors."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import Document
from projects.tables import MoneyColumn


class BureauDocumentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Document.Status.choices, empty_label=_("全部状态"))
    has_errors = django_filters.ChoiceFilter(
        label=_("审核错误"),
        choices=[("yes", _("有错误")), ("no", _("无错误"))],
        empty_label=_("全部"),
        method="filter_has_errors",
    )
    department = django_filters.CharFilter(label=_("部门编码或名称"), method="filter_department")

    class Meta:
        model = Document
        fields = ["status", "has_errors", "department"]

    def filter_has_errors(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(review_summary__errors__gt=0)
        return queryset.filter(review_summary__errors=0)

    def filter_department(self, queryset, name, value):
        return queryset.filter(Q(department__code__startswith=value) | Q(department__name__icontains=value))


class CountColumn(tables.Column):
    attrs = {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}}

    def render_footer(self, bound_column, table):
        return table.totals.get(bound_column.name, "")


class BureauDocumentTable(tables.Table):
    """Headers, sorting, footer and pages from django-tables2; the rows are written out in the template, since
    its cell machinery (a signature inspection per cell) took most of the page's time at 50 rows."""

    department = tables.Column(verbose_name=_("部门"), order_by=("department__code",), footer=_("合计"))
    status = tables.Column(verbose_name=_("状态"))
    project_count = CountColumn(verbose_name=_("项目数"))
    budget_total = MoneyColumn(verbose_name=_("预算数"))
    fiscal_funds_total = MoneyColumn(verbose_name=_("财政资金"))
    other_funds_total = MoneyColumn(verbose_name=_("其他资金"))
    errors = CountColumn(verbose_name=_("错误"), order_by=("review_summary__errors",))
    warnings = CountColumn(verbose_name=_("提示"), order_by=("review_summary__warnings",))
    submitted_by = tables.Column(verbose_name=_("提交人"))
    submitted_at = tables.Column(verbose_name=_("提交时间"))

    class Meta:
        model = Document
        fields = ()
        sequence = (
            "department",
            "status",
            "project_count",
            "budget_total",
            "fiscal_funds_total",
            "other_funds_total",
            "errors",
            "warnings",
            "submitted_by",
            "submitted_at",
        )
        order_by = ("department",)
        attrs = {"class": "table bureau"}
        empty_text = _("没有符合条件的绩效文本。")
        template_name = "bureau/_documents_table.html"

    def __init__(self, data, *, totals: dict[str, str], **kwargs):
        super().__init__(data, **kwargs)
        self.totals = totals
