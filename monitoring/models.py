"""运行监控: a monitoring round of a document at a cut-off month, what each project spent by then and how far each
indicator has come. The lights are computed (monitoring/lights.py), never stored."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from monitoring.lock import RoundContent, RoundQuerySet, round_assert_save_allowed, rounds_lock_for_edit
from projects.models import MONEY, Document
from projects.text import PlainTextModel

Status = Document.Status


class Likelihood(models.TextChoices):
    CERTAIN = "确定能", _("确定能")
    POSSIBLE = "有可能", _("有可能")
    IMPOSSIBLE = "完全不可能", _("完全不可能")


class Cause(models.TextChoices):
    FUNDS = "经费保障", _("经费保障")
    RULES = "制度保障", _("制度保障")
    STAFF = "人员保障", _("人员保障")
    HARDWARE = "硬件条件保障", _("硬件条件保障")
    OTHER = "其他", _("其他")


class Outcome(models.TextChoices):
    """实际完成值 of a qualitative indicator."""

    MET = "达成", _("达成")
    PARTLY = "部分达成", _("部分达成")
    NOT_MET = "未达成", _("未达成")


DEFAULT_MONTH = 7


class MonitoringRound(PlainTextModel):
    """双监控 of one document up to the end of month N; several rounds a year may exist, one per month."""

    EDITABLE_STATUSES = Document.EDITABLE_STATUSES

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="monitoring_rounds", verbose_name=_("绩效文本")
    )
    month = models.PositiveSmallIntegerField(_("截止月份"), default=DEFAULT_MONTH)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["document", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "month"],
                name="monitoring_round_one_per_month",
                violation_error_message=_("该文档该截止月份的运行监控已存在。"),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=11),
                name="monitoring_round_month_1_to_11",
                violation_error_message=_("截止月份应在1到11之间。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="monitoring_round_status_valid",
                violation_error_message=_("状态无效。"),
            ),
        ]
        verbose_name = _("运行监控")
        verbose_name_plural = _("运行监控")

    def __str__(self):
        return f"{self.document.department.name} {self.document.year}年1-{self.month}月运行监控"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def save(self, *args, **kwargs):
        round_assert_save_allowed(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        rounds_lock_for_edit(rounds=MonitoringRound._base_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)

    delete.alters_data = True


class RoundTransition(models.Model):
    """One workflow step of a round: who, from where to where, when, and why."""

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("原状态"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("操作人"))
    comment = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["round", "created_at", "id"]
        verbose_name = _("运行监控审核记录")
        verbose_name_plural = _("运行监控审核记录")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ProjectMonitoring(RoundContent):
    """A project's funds block of the 执行监控表: 1–N月执行数, 全年预算数, and the bureau's 整改 exchange."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.CASCADE, related_name="project_reports", verbose_name=_("运行监控")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="monitoring_reports", verbose_name=_("项目")
    )
    fiscal_spent = models.DecimalField(_("财政资金执行数"), default=0, **MONEY)
    other_spent = models.DecimalField(_("其他资金执行数"), default=0, **MONEY)
    annual_budget = models.DecimalField(_("全年预算数"), **MONEY)
    note = models.TextField(_("执行情况说明"), blank=True)
    correction_request = models.TextField(_("整改要求"), blank=True)
    correction_result = models.TextField(_("整改结果"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "project__position", "project__id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project"],
                name="monitoring_one_report_per_project",
                violation_error_message=_("本轮监控中该项目已有记录。"),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_spent__gte=0) & Q(other_spent__gte=0) & Q(annual_budget__gte=0),
                name="monitoring_amounts_not_negative",
                violation_error_message=_("执行数和全年预算数不能为负数。"),
            ),
        ]
        verbose_name = _("项目执行监控")
        verbose_name_plural = _("项目执行监控")

    def __str__(self):
        return f"{self.project.code} 1-{self.round.month}月"

    @property
    def spent(self):
        """执行数: 财政资金执行数 + 其他资金执行数."""
        return self.fiscal_spent + self.other_spent


class IndicatorMonitoring(RoundContent):
    """One indicator row of the 执行监控表: how far the indicator has come by the cut-off month."""

    round_path = "project_report__round"

    project_report = models.ForeignKey(
        ProjectMonitoring, on_delete=models.CASCADE, related_name="indicator_reports", verbose_name=_("项目执行监控")
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="monitoring_reports", verbose_name=_("三级指标")
    )
    actual_text = models.CharField(_("实际完成值"), max_length=100, blank=True)
    actual_number = models.DecimalField(_("实际完成数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    cumulative = models.BooleanField(_("按进度累计"), default=False)
    causes = models.JSONField(_("偏差原因"), default=list, blank=True)
    cause_note = models.TextField(_("偏差原因说明"), blank=True)
    likelihood = models.CharField(_("完成目标可能性"), max_length=10, choices=Likelihood.choices, blank=True)
    remark = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project_report", "indicator__position", "indicator__id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project_report", "indicator"],
                name="monitoring_one_report_per_indicator",
                violation_error_message=_("本轮监控中该指标已有记录。"),
            ),
            models.CheckConstraint(
                condition=Q(likelihood__in=[*Likelihood.values, ""]),
                name="monitoring_likelihood_valid",
                violation_error_message=_("完成目标可能性无效。"),
            ),
        ]
        verbose_name = _("指标执行监控")
        verbose_name_plural = _("指标执行监控")

    def __str__(self):
        return f"{self.indicator.name}：{self.actual_text}"

    def clean(self):
        super().clean()
        unknown = [c for c in self.causes or [] if c not in Cause.values]
        if not isinstance(self.causes, list) or unknown:
            raise ValidationError({"causes": _("偏差原因只能是：%(choices)s。") % {"choices": "、".join(Cause.values)}})
