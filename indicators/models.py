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
    """The kinds of 指标值确定依据 that tables name; what a department writes is kept as text (Indicator.basis)."""

    PLAN = "plan", _("计划标准")
    INDUSTRY = "industry", _("行业标准")
    HISTORY = "history", _("历史标准")
    OTHER = "other", _("其他")


class Origin(models.TextChoices):
    """Where a 三级指标 came from, shown in its history."""

    LIBRARY = "library", _("指标库")
    LAST_YEAR = "last_year", _("上年指标")
    TYPED = "typed", _("手工填写")


# How the kinds are written in a table; the stored text is the department's words, so these stay Chinese.
BASIS_NAMES = {"计划标准": Basis.PLAN, "行业标准": Basis.INDUSTRY, "历史标准": Basis.HISTORY, "其他": Basis.OTHER}


def basis_kind(text: str) -> Basis | None:
    """The kind a written basis starts with ("其他：专家论证" is 其他); None for wording that names none."""
    text = (text or "").strip()
    for name, kind in BASIS_NAMES.items():
        if text.startswith(name):
            return kind
    return None


def basis_needs_explanation(text: str) -> bool:
    """A bare 其他 says nothing about where the target comes from."""
    return (text or "").strip() == "其他"


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
    "position",
    "origin",
    "library_entry_id",
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
    basis = models.CharField(
        _("指标值确定依据"),
        max_length=200,
        default="行业标准",
        help_text=_("按填写原样保存并打印：计划标准、行业标准、历史标准、其他，或“其他：说明”。"),
    )
    position = models.PositiveIntegerField(_("顺序"), default=0)
    origin = models.CharField(_("指标出处"), max_length=10, choices=Origin.choices, default=Origin.TYPED)
    # PROTECT: clearing it would change approved documents behind the edit lock; retire an entry with its dates.
    library_entry = models.ForeignKey(
        "library.LibraryEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("指标库指标"),
    )

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
                condition=Q(origin__in=Origin.values),
                name="indicator_origin_valid",
                violation_error_message=_("指标出处无效。"),
            ),
            models.CheckConstraint(
                condition=~Q(basis=""),
                name="indicator_basis_required",
                violation_error_message=_("指标值确定依据不能为空。"),
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
        """What the 指标值确定依据 cell prints: the text exactly as the department wrote it."""
        return self.basis

    def copy_to(self, project, **changes) -> "Indicator":
        """An unsaved copy of this indicator for another project (next year's draft, a grown test document)."""
        return Indicator(project=project, **{name: getattr(self, name) for name in COPIED_FIELDS} | changes)

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
