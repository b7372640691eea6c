"""Indicator frameworks (一级/二级 categories, kept as data) and the 三级 indicators of a project."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.values import Comparator, parse_target
from projects.edit_lock import DocumentContent


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Framework(models.Model):
    """A set of 一级/二级 categories, e.g. the older local one or the 2021 central one."""

    code = models.SlugField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = FrameworkManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("指标体系")
        verbose_name_plural = _("指标体系")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class CategoryManager(models.Manager):
    def get_by_natural_key(self, framework_code, name):
        return self.get(framework__code=framework_code, name=name)


class Category(models.Model):
    """一级指标 of a framework (产出指标, 效益指标, 满意度指标 …)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="categories", verbose_name=_("指标体系")
    )
    name = models.CharField(_("一级指标"), max_length=50)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = CategoryManager()

    class Meta:
        ordering = ["framework__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="category_name_unique_in_framework"),
        ]
        verbose_name = _("一级指标")
        verbose_name_plural = _("一级指标")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.framework.natural_key(), self.name)

    natural_key.dependencies = ["indicators.framework"]


class SubcategoryManager(models.Manager):
    def get_by_natural_key(self, framework_code, category_name, name):
        return self.get(category__framework__code=framework_code, category__name=category_name, name=name)


class Subcategory(models.Model):
    """二级指标, allowed only under its one 一级 parent."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="subcategories", verbose_name=_("一级指标")
    )
    name = models.CharField(_("二级指标"), max_length=50)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = SubcategoryManager()

    class Meta:
        ordering = ["category__framework__position", "category__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="subcategory_name_unique_in_category"),
        ]
        verbose_name = _("二级指标")
        verbose_name_plural = _("二级指标")

    def __str__(self):
        return f"{self.category.name} / {self.name}"

    def natural_key(self):
        return (*self.category.natural_key(), self.name)

    natural_key.dependencies = ["indicators.category"]


class Basis(models.TextChoices):
    PLAN = "plan", _("计划标准")
    INDUSTRY = "industry", _("行业标准")
    HISTORY = "history", _("历史标准")
    OTHER = "other", _("其他")


# What a copy of an indicator carries over; everything but its project and id.
COPIED_FIELDS = (
    "subcategory_id",
    "name",
    "description",
    "value_text",
    "comparator",
    "target_number",
    "unit",
    "basis",
    "basis_note",
    "position",
)


class Indicator(DocumentContent):
    """三级指标: one row of a project's indicator table, in the order it was entered."""

    document_path = "project__document"

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("项目")
    )
    subcategory = models.ForeignKey(
        Subcategory, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("二级指标")
    )
    name = models.CharField(_("三级指标"), max_length=200)
    description = models.TextField(_("绩效指标描述"), blank=True)
    value_text = models.CharField(
        _("指标值"), max_length=500, help_text=_("按填写原样保存并打印，如 ≥90、≤5天、100%，或一句定性描述。")
    )
    comparator = models.CharField(_("比较符号"), max_length=1, choices=Comparator.choices, blank=True)
    target_number = models.DecimalField(_("目标数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    basis = models.CharField(_("指标值确定依据"), max_length=10, choices=Basis.choices, default=Basis.INDUSTRY)
    basis_note = models.CharField(_("依据说明"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position", "id"]
        indexes = [models.Index(fields=["project", "position", "id"], name="indicator_project_order")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""), name="indicator_name_required", violation_error_message=_("三级指标不能为空。")
            ),
            models.CheckConstraint(
                condition=~Q(value_text=""),
                name="indicator_value_required",
                violation_error_message=_("指标值不能为空。"),
            ),
            models.CheckConstraint(
                condition=Q(target_number__isnull=False) | (Q(comparator="") & Q(unit="")),
                name="indicator_qualitative_has_no_sign_or_unit",
                violation_error_message=_("定性指标值不能带比较符号或计量单位。"),
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=[*Comparator.values, ""]),
                name="indicator_comparator_valid",
                violation_error_message=_("比较符号只能是 ≥ ≤ = > < 之一或留空。"),
            ),
            models.CheckConstraint(
                condition=Q(basis__in=Basis.values),
                name="indicator_basis_valid",
                violation_error_message=_("指标值确定依据无效。"),
            ),
            models.CheckConstraint(
                condition=~Q(basis=Basis.OTHER) | ~Q(basis_note=""),
                name="indicator_other_basis_needs_note",
                violation_error_message=_("指标值确定依据为“其他”时必须填写依据说明。"),
            ),
        ]
        verbose_name = _("三级指标")
        verbose_name_plural = _("三级指标")

    def __str__(self):
        return self.name

    @property
    def category(self):
        return self.subcategory.category

    @property
    def is_qualitative(self) -> bool:
        return self.target_number is None

    @property
    def basis_display(self) -> str:
        """What the 指标值确定依据 cell prints: the choice, or the note for 其他."""
        if self.basis == Basis.OTHER and self.basis_note:
            return self.basis_note
        return self.get_basis_display()

    def copy_to(self, project) -> "Indicator":
        """An unsaved copy of this indicator for another project (next year's draft, a grown test document)."""
        return Indicator(project=project, **{name: getattr(self, name) for name in COPIED_FIELDS})

    def set_value(self, text: str) -> None:
        """Parse 指标值 as typed and store both the original text and its structured form."""
        target = parse_target(text)
        self.value_text = target.text
        self.comparator = target.comparator
        self.target_number = target.number
        self.unit = target.unit

    def clean(self):
        super().clean()
        errors = {}
        if self.value_text:
            try:
                self.set_value(self.value_text)
            except ValidationError as exc:
                errors["value_text"] = exc.messages
        if self.subcategory_id and self.project_id:
            framework_id = self.project.document.framework_id
            if self.subcategory.category.framework_id != framework_id:
                errors["subcategory"] = _("二级指标“%(name)s”不属于本文档使用的指标体系。") % {
                    "name": self.subcategory.name
                }
        if errors:
            raise ValidationError(errors)
