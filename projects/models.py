"""Departments, their annual 部门预算绩效文本, its goals, and its budget projects with their spending plans."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects import rules
from projects.edit_lock import DocumentContent, DocumentQuerySet, document_assert_save_allowed, documents_lock_for_edit
from projects.signals import document_changed_on_commit
from projects.text import PlainTextModel

MONEY = {"max_digits": 14, "decimal_places": 2}


class DepartmentManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Department(PlainTextModel):
    """部门, e.g. 711 正定县总工会."""

    code = models.CharField(
        _("部门编码"), max_length=3, unique=True, validators=[RegexValidator(r"^[0-9]{3}$", _("部门编码应为3位数字。"))]
    )
    name = models.CharField(_("部门名称"), max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="departments", verbose_name=_("成员")
    )

    objects = DepartmentManager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"),
                name="department_code_three_digits",
                violation_error_message=_("部门编码应为3位数字。"),
            ),
        ]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self):
        return f"{self.code} {self.name}"

    def natural_key(self):
        return (self.code,)


class BudgetUnitManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class BudgetUnit(PlainTextModel):
    """预算单位 inside a department; its 6-digit code starts with the department's code."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="units", verbose_name=_("部门"))
    code = models.CharField(_("单位编码"), max_length=6, unique=True)
    name = models.CharField(_("单位名称"), max_length=100)

    objects = BudgetUnitManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"),
                name="budget_unit_code_six_digits",
                violation_error_message=_("单位编码应为6位数字。"),
            ),
        ]
        verbose_name = _("预算单位")
        verbose_name_plural = _("预算单位")

    def __str__(self):
        return f"{self.code} {self.name}"

    def natural_key(self):
        return (self.code,)

    def clean(self):
        super().clean()
        if self.department_id and self.code:
            messages = rules.check_unit_code(self.code, self.department.code)
            if messages:
                raise ValidationError({"code": messages})


def default_checkpoint_months():
    return list(rules.DEFAULT_CHECKPOINT_MONTHS)


class Document(PlainTextModel):
    """部门预算绩效文本: one per department and fiscal year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("退回")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="documents", verbose_name=_("部门")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    prepared_by = models.CharField(_("编制单位"), max_length=100)
    approving_authority = models.CharField(_("审核单位"), max_length=100)
    framework = models.ForeignKey(
        "indicators.Framework", on_delete=models.PROTECT, related_name="documents", verbose_name=_("指标体系")
    )
    checkpoint_months = models.JSONField(
        _("资金支出计划时间节点（月）"),
        default=default_checkpoint_months,
        help_text=_("各节点为该月月底，按月份从小到大，最后一个为12，如 [3, 6, 10, 12]。"),
    )
    revision = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["department__code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"],
                name="document_one_per_department_year",
                violation_error_message=_("该部门该年度的绩效文本已存在。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2099),
                name="document_year_in_range",
                violation_error_message=_("年度应在2000到2099之间。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="document_status_valid",
                violation_error_message=_("状态无效。"),
            ),
            models.CheckConstraint(
                condition=~Q(prepared_by="") & ~Q(approving_authority=""),
                name="document_cover_texts_required",
                violation_error_message=_("编制单位和审核单位不能为空。"),
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="document_year_status")]
        verbose_name = _("部门预算绩效文本")
        verbose_name_plural = _("部门预算绩效文本")
        permissions = [
            ("submit_document", _("可提交本部门的绩效文本")),
            ("approve_document", _("可审核绩效文本（通过或退回）")),
        ]

    def __str__(self):
        return f"{self.department.name} {self.year}年部门预算绩效文本"

    def save(self, *args, **kwargs):
        document_assert_save_allowed(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        document_changed_on_commit(self.pk)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        documents_lock_for_edit(documents=Document._base_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)

    delete.alters_data = True

    @property
    def title(self) -> str:
        return f"{self.year} 年部门预算绩效文本"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_draft_print(self) -> bool:
        """The cover says （草案） until the finance bureau approves."""
        return self.status != self.Status.APPROVED

    def clean(self):
        super().clean()
        messages = rules.check_checkpoint_months(self.checkpoint_months)
        if messages:
            raise ValidationError({"checkpoint_months": messages})


class DocumentTransition(models.Model):
    """One step of the review workflow: who moved the document, from where to where, when, and why."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("原状态"), max_length=10, choices=Document.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Document.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("操作人"))
    comment = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["document", "created_at", "id"]
        indexes = [
            models.Index(fields=["document", "to_status", "-created_at", "-id"], name="transition_latest_by_status")
        ]
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class DepartmentGoal(DocumentContent):
    """One item of 总体绩效目标, 分项绩效目标 or 工作保障措施; numbering （一）（二）… is added when printed."""

    class Kind(models.TextChoices):
        OVERALL = "overall", _("总体绩效目标")
        ITEMIZED = "itemized", _("分项绩效目标")
        SAFEGUARD = "safeguard", _("工作保障措施")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="goals", verbose_name=_("文档"))
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("内容"))
    position = models.PositiveIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "kind", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["overall", "itemized", "safeguard"]),
                name="goal_kind_valid",
                violation_error_message=_("目标类别无效。"),
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="goal_text_required", violation_error_message=_("目标内容不能为空。")
            ),
        ]
        verbose_name = _("部门整体绩效目标")
        verbose_name_plural = _("部门整体绩效目标")

    def __str__(self):
        return self.text[:40]


class Project(DocumentContent):
    """预算项目 of a document, with its funds in 万元 and its 绩效目标."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="projects", verbose_name=_("绩效文本")
    )
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="projects", verbose_name=_("预算单位"))
    code = models.CharField(_("项目编码"), max_length=21)
    name = models.CharField(_("项目名称"), max_length=200)
    project_type = models.ForeignKey(
        "library.ProjectType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("项目类型"),
    )
    budget = models.DecimalField(_("预算数"), **MONEY)
    fiscal_funds = models.DecimalField(_("财政资金"), default=0, **MONEY)
    other_funds = models.DecimalField(_("其他资金"), default=0, **MONEY)
    purpose = models.TextField(_("资金用途"), blank=True)
    goal = models.TextField(_("绩效目标"), blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    revision = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["document", "position", "id"]
        indexes = [models.Index(fields=["document", "position", "id"], name="project_document_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "code"],
                name="project_code_unique_in_document",
                violation_error_message=_("本文档中已有相同项目编码的项目。"),
            ),
            models.CheckConstraint(
                condition=Q(code__regex=rules.PROJECT_CODE_PATTERN),
                name="project_code_format",
                violation_error_message=_("项目编码格式不正确。"),
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="project_name_required", violation_error_message=_("项目名称不能为空。")
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(fiscal_funds__gte=0) & Q(other_funds__gte=0),
                name="project_amounts_not_negative",
                violation_error_message=_("预算数、财政资金和其他资金不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(budget=F("fiscal_funds") + F("other_funds")),
                name="project_budget_is_sum_of_funds",
                violation_error_message=_("预算数应等于财政资金与其他资金之和。"),
            ),
        ]
        verbose_name = _("预算项目")
        verbose_name_plural = _("预算项目")

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        errors = {}
        year = self.document.year if self.document_id else None
        if self.code:
            code_errors = rules.check_project_code(self.code, year)
            if code_errors:
                errors["code"] = code_errors
        funds_errors = rules.check_funds(self.budget, self.fiscal_funds, self.other_funds)
        if funds_errors:
            errors["budget"] = funds_errors
        if self.unit_id and self.document_id and self.unit.department_id != self.document.department_id:
            errors["unit"] = [_("预算单位“%(unit)s”不属于本文档的部门。") % {"unit": self.unit}]
        if errors:
            raise ValidationError(errors)


class PlanEntry(DocumentContent):
    """资金支出计划: the cumulative amount planned by the end of one checkpoint month; a blank checkpoint has no row."""

    document_path = "project__document"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plan_entries", verbose_name=_("项目"))
    month = models.PositiveSmallIntegerField(_("月份"))
    amount = models.DecimalField(_("累计计划数"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"],
                name="plan_one_amount_per_month",
                violation_error_message=_("同一时间节点只能有一个计划数。"),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12),
                name="plan_month_in_year",
                violation_error_message=_("月份应在1到12之间。"),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="plan_amount_not_negative",
                violation_error_message=_("计划数不能为负数。"),
            ),
        ]
        verbose_name = _("资金支出计划")
        verbose_name_plural = _("资金支出计划")

    def __str__(self):
        return f"{self.month}月底 {self.amount:.2f}"
