"""绩效自评: one self-evaluation per document (department and year), with a row per project and per indicator.

The rows hold only what the department enters; every 分值 left blank and every computed 得分 comes from
selfeval.scoring when the self-evaluation is read, so a score can never disagree with the rules.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from indicators.values import parse_target
from projects.models import MONEY, Document
from projects.text import PlainTextModel
from selfeval.edit_lock import EvaluationContent, evaluations_lock_for_edit
from selfeval.scoring import Result

POINTS = {"max_digits": 6, "decimal_places": 2}
Status = Document.Status


def not_negative_errors(instance, *names) -> dict:
    """The constraints' rule, attributed to each field so forms and the importer can point at it."""
    return {
        name: _("%(field)s不能为负数。") % {"field": instance._meta.get_field(name).verbose_name}
        for name in names
        if getattr(instance, name) is not None and getattr(instance, name) < 0
    }


class SelfEvaluation(PlainTextModel):
    """项目支出绩效自评 of one document, with the same workflow as the document: 草稿 → 已提交 → 已审核 / 退回."""

    EDITABLE_STATUSES = Document.EDITABLE_STATUSES

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="selfevaluation", verbose_name=gettext_lazy("绩效文本")
    )
    status = models.CharField(gettext_lazy("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(gettext_lazy("版本"), default=0, editable=False)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["document__department__code", "-document__year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="selfevaluation_status_valid",
                violation_error_message=gettext_lazy("状态无效。"),
            ),
        ]
        verbose_name = gettext_lazy("绩效自评")
        verbose_name_plural = gettext_lazy("绩效自评")

    def __str__(self):
        return _("%(department)s%(year)s年绩效自评") % {
            "department": self.document.department.name,
            "year": self.document.year,
        }

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def delete(self, *args, **kwargs):
        evaluations_lock_for_edit(condition=Q(pk=self.pk))
        return super().delete(*args, **kwargs)

    delete.alters_data = True


class EvaluationTransition(models.Model):
    """One workflow step of a self-evaluation: who, from where to where, when, and why."""

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(gettext_lazy("原状态"), max_length=10, choices=Status.choices)
    to_status = models.CharField(gettext_lazy("新状态"), max_length=10, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=gettext_lazy("操作人"))
    comment = models.TextField(gettext_lazy("意见"), blank=True)
    created_at = models.DateTimeField(gettext_lazy("时间"), auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "created_at", "id"]
        verbose_name = gettext_lazy("自评审核记录")
        verbose_name_plural = gettext_lazy("自评审核记录")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ProjectEvaluation(EvaluationContent):
    """A project's funds block and 实际完成情况."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="projects", verbose_name=gettext_lazy("绩效自评")
    )
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="evaluation", verbose_name=gettext_lazy("项目")
    )
    adjusted_budget = models.DecimalField(
        gettext_lazy("全年预算数"),
        null=True,
        blank=True,
        help_text=gettext_lazy("调整后的全年预算数（万元）；不填则等于年初预算数。"),
        **MONEY,
    )
    spent = models.DecimalField(gettext_lazy("全年执行数"), null=True, blank=True, **MONEY)
    achievement = models.TextField(gettext_lazy("实际完成情况"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project__position", "project_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(adjusted_budget__gte=0) | Q(adjusted_budget__isnull=True),
                name="project_evaluation_budget_not_negative",
                violation_error_message=gettext_lazy("全年预算数不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(spent__gte=0) | Q(spent__isnull=True),
                name="project_evaluation_spent_not_negative",
                violation_error_message=gettext_lazy("全年执行数不能为负数。"),
            ),
        ]
        verbose_name = gettext_lazy("项目自评")
        verbose_name_plural = gettext_lazy("项目自评")

    def __str__(self):
        return str(self.project)

    @property
    def full_year_budget(self):
        """全年预算数: as adjusted, or 年初预算数 (the document's 预算数) when not adjusted."""
        return self.adjusted_budget if self.adjusted_budget is not None else self.project.budget

    def clean(self):
        super().clean()
        errors = not_negative_errors(self, "adjusted_budget", "spent")
        if self.project_id and self.evaluation_id and self.project.document_id != self.evaluation.document_id:
            errors["project"] = _("项目不属于本自评的绩效文本。")
        if errors:
            raise ValidationError(errors)


def parse_actual(text: str, *, indicator) -> tuple:
    """实际完成值 of a quantitative indicator as (number, unit), read like a 指标值: a bare number with the
    target's unit. Raises ValidationError naming the field."""
    not_a_number = ValidationError(
        {"actual_text": _("“实际完成值”应为一个数值（可带单位，如 95%%、4天），不能是“%(value)s”。") % {"value": text}}
    )
    try:
        value = parse_target(text)
    except ValidationError:
        raise not_a_number from None
    if value.is_qualitative or value.comparator:
        raise not_a_number
    if value.unit != indicator.unit:
        raise ValidationError(
            {
                "actual_text": _(
                    "“实际完成值”“%(value)s”的单位“%(unit)s”与指标值“%(target)s”的单位“%(expected)s”不一致。"
                )
                % {
                    "value": text,
                    "unit": value.unit or _("无"),
                    "target": indicator.value_text,
                    "expected": indicator.unit or _("无"),
                }
            }
        )
    return value.number, value.unit


class IndicatorEvaluation(EvaluationContent):
    """An indicator's 实际完成值, 分值 (blank: the default split), 得分 (qualitative only) and 偏差原因."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="indicators", verbose_name=gettext_lazy("绩效自评")
    )
    indicator = models.OneToOneField(
        "indicators.Indicator",
        on_delete=models.CASCADE,
        related_name="evaluation",
        verbose_name=gettext_lazy("三级指标"),
    )
    actual_text = models.CharField(gettext_lazy("实际完成值"), max_length=500, blank=True)
    actual_number = models.DecimalField(
        gettext_lazy("实际完成数值"), max_digits=20, decimal_places=4, null=True, blank=True, editable=False
    )
    result = models.CharField(gettext_lazy("达成情况"), max_length=10, choices=Result.choices, blank=True)
    points = models.DecimalField(
        gettext_lazy("分值"), null=True, blank=True, help_text=gettext_lazy("不填则按一级指标权重平均分配。"), **POINTS
    )
    score = models.DecimalField(
        gettext_lazy("得分"), null=True, blank=True, help_text=gettext_lazy("只有定性指标填写得分。"), **POINTS
    )
    reason = models.TextField(gettext_lazy("偏差原因分析及改进措施"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__project__position", "indicator__position", "indicator_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=0) | Q(points__isnull=True),
                name="indicator_evaluation_points_not_negative",
                violation_error_message=gettext_lazy("分值不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) | Q(score__isnull=True),
                name="indicator_evaluation_score_not_negative",
                violation_error_message=gettext_lazy("得分不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(result__in=[*Result.values, ""]),
                name="indicator_evaluation_result_valid",
                violation_error_message=gettext_lazy("达成情况只能是达成、部分达成或未达成。"),
            ),
        ]
        verbose_name = gettext_lazy("指标自评")
        verbose_name_plural = gettext_lazy("指标自评")

    def __str__(self):
        return str(self.indicator)

    def set_actual(self, text: str) -> None:
        """Keep 实际完成值 as typed; for a quantitative indicator also its number (the unit is the target's)."""
        self.actual_text = (text or "").strip()
        self.actual_number = None
        if self.actual_text and not self.indicator.is_qualitative:
            self.actual_number, _unit = parse_actual(self.actual_text, indicator=self.indicator)

    def clean(self):
        super().clean()
        if not self.indicator_id:
            return
        errors = not_negative_errors(self, "points", "score")
        if self.evaluation_id and self.indicator.project.document_id != self.evaluation.document_id:
            errors["indicator"] = _("三级指标不属于本自评的绩效文本。")
        try:
            self.set_actual(self.actual_text)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.indicator.is_qualitative:
            if self.score is not None and not self.result:
                errors["result"] = _("填写了“得分”时须选择“达成情况”（达成、部分达成或未达成）。")
        else:
            if self.result:
                errors["result"] = _("定量指标不填“达成情况”：得分按实际完成值计算。")
            if self.score is not None:
                errors["score"] = _("定量指标的“得分”按实际完成值计算，不能填写。")
        if errors:
            raise ValidationError(errors)
