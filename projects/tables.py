"""The projects table of a document page and its filter; the rows come from projects.selectors."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from projects import rules
from projects.models import Document, Project
from projects.money import format_money


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("项目编码或名称"), method="filter_text")
    unit = django_filters.ModelChoiceFilter(label=_("预算单位"), queryset=None, empty_label=_("全部单位"))

    class Meta:
        model = Project
        fields = ["q", "unit"]

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = document.department.units.all()

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class MoneyColumn(tables.Column):
    attrs = {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}}

    def render(self, value):
        return format_money(value)

    def value(self, value):
        return format_money(value)

    def render_footer(self, bound_column, table):
        return table.totals[bound_column.name]


class ProjectTable(tables.Table):
    position = tables.Column(verbose_name=_("序号"), attrs={"td": {"class": "num"}})
    code = tables.Column(verbose_name=_("项目编码"), attrs={"td": {"class": "code"}})
    name = tables.LinkColumn(
        "projects:project_edit", args=[tables.A("pk")], verbose_name=_("项目名称"), footer=_("合计")
    )
    unit = tables.Column(verbose_name=_("预算单位"), accessor="unit__name", order_by=("unit__code",))
    budget = MoneyColumn(verbose_name=_("预算数"))
    fiscal_funds = MoneyColumn(verbose_name=_("财政资金"))
    other_funds = MoneyColumn(verbose_name=_("其他资金"))
    indicator_count = tables.Column(verbose_name=_("指标数"), attrs={"td": {"class": "num"}})
    plan_complete = tables.Column(verbose_name=_("支出计划"), empty_values=(), orderable=False)

    class Meta:
        model = Project
        fields = ()
        sequence = (
            "position",
            "code",
            "name",
            "unit",
            "budget",
            "fiscal_funds",
            "other_funds",
            "indicator_count",
            "plan_complete",
        )
        order_by = ("position",)
        attrs = {"class": "table projects"}
        empty_text = _("没有符合条件的项目。")

    def __init__(self, data, *, document: Document, totals: dict[str, str], **kwargs):
        super().__init__(data, **kwargs)
        self.months = list(document.checkpoint_months)
        self.totals = totals

    def render_plan_complete(self, record):
        amounts = {entry.month: entry.amount for entry in record.plan_entries.all()}
        if rules.check_plan(record.budget, amounts, self.months):
            return format_html('<span class="badge warn">{}</span>', _("未完成"))
        return format_html('<span class="badge ok">{}</span>', _("完整"))
