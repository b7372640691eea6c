"""The bureau's list of documents and its filter; the rows come from bureau.selectors."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
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


class FindingsColumn(CountColumn):
    """错误 or 提示 of the stored review, linked to the review page; marked while a newer change awaits review."""

    def __init__(self, *args, field: str, **kwargs):
        self.field = field
        super().__init__(*args, accessor=f"review_summary__{field}", empty_values=(), **kwargs)

    def render(self, record):
        summary = getattr(record, "review_summary", None)
        if summary is None or summary.reviewed_changes is None:
            return format_html('<span class="muted" title="{}">—</span>', _("审核结果尚未生成"))
        url = reverse("review:document", args=[record.department.code, record.year])
        count = getattr(summary, self.field)
        css = "badge warn" if count and self.field == "errors" else ""
        stale = "" if summary.is_current else format_html(' <span class="muted">{}</span>', _("（更新中）"))
        return format_html('<a class="{}" href="{}">{}</a>{}', css, url, count, stale)


class BureauDocumentTable(tables.Table):
    department = tables.Column(
        verbose_name=_("部门"), accessor="department__code", order_by=("department__code",), footer=_("合计")
    )
    status = tables.Column(verbose_name=_("状态"))
    project_count = CountColumn(verbose_name=_("项目数"))
    budget_total = MoneyColumn(verbose_name=_("预算数"))
    fiscal_funds_total = MoneyColumn(verbose_name=_("财政资金"))
    other_funds_total = MoneyColumn(verbose_name=_("其他资金"))
    errors = FindingsColumn(verbose_name=_("错误"), field="errors")
    warnings = FindingsColumn(verbose_name=_("提示"), field="warnings")
    submitted_by = tables.Column(verbose_name=_("提交人"))
    submitted_at = tables.DateTimeColumn(verbose_name=_("提交时间"), format="Y-m-d H:i")

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

    def __init__(self, data, *, totals: dict[str, str], **kwargs):
        super().__init__(data, **kwargs)
        self.totals = totals

    def render_department(self, record):
        url = reverse("projects:document", args=[record.department.code, record.year])
        return format_html('<a href="{}">{} {}</a>', url, record.department.code, record.department.name)

    def render_status(self, record):
        return format_html('<span class="status {}">{}</span>', record.status, record.get_status_display())
