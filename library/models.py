"""The shared indicator library (指标库): entries curated by the finance bureau or learned from approved
documents, the 项目类型 list the bureau keeps, and which entries a project of a type must have (固化指标)."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.values import Comparator
from library.names import normalise_name, split_keywords


class ProjectType(models.Model):
    """项目类型, a list the bureau keeps; a project may name one."""

    name = models.CharField(_("项目类型"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("项目类型")
        verbose_name_plural = _("项目类型")

    def __str__(self):
        return self.name


class Source(models.TextChoices):
    CURATED = "curated", _("财政局整理")
    LEARNED = "learned", _("从已审核文档学习")


class EntryQuerySet(models.QuerySet):
    def enabled_on(self, day):
        return self.filter(
            Q(enabled_from__isnull=True) | Q(enabled_from__lte=day),
            Q(enabled_to__isnull=True) | Q(enabled_to__gte=day),
        )

    def enabled(self):
        return self.enabled_on(timezone.localdate())


class LibraryEntry(models.Model):
    """One indicator of the library, under a 二级 of one framework; unique by normalised name within it."""

    subcategory = models.ForeignKey(
        "indicators.Subcategory", on_delete=models.PROTECT, related_name="library_entries", verbose_name=_("二级指标")
    )
    name = models.CharField(_("指标名称"), max_length=200)
    normalized_name = models.CharField(_("规范化名称"), max_length=200, editable=False)
    definition = models.TextField(_("指标解释"), blank=True)
    formula = models.TextField(_("计算公式或评分标准"), blank=True)
    comparator = models.CharField(_("计算符号"), max_length=1, choices=Comparator.choices, blank=True)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    project_types = models.ManyToManyField(
        ProjectType, blank=True, related_name="library_entries", verbose_name=_("项目类型")
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True, help_text=_("用空格、逗号或顿号分隔。"))
    source = models.CharField(_("指标来源"), max_length=10, choices=Source.choices, default=Source.CURATED)
    use_count = models.PositiveIntegerField(_("使用文档数"), default=0, editable=False)
    common_value = models.CharField(_("常用指标值"), max_length=500, blank=True, editable=False)
    enabled_from = models.DateField(_("启用日期"), null=True, blank=True)
    enabled_to = models.DateField(_("停用日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["subcategory", "source", "-use_count", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subcategory", "normalized_name"],
                name="library_entry_name_unique_in_subcategory",
                violation_error_message=_("该二级指标下已有同名的指标。"),
            ),
            models.CheckConstraint(
                condition=~Q(normalized_name=""),
                name="library_entry_name_required",
                violation_error_message=_("指标名称不能为空。"),
            ),
            models.CheckConstraint(
                condition=Q(source__in=["curated", "learned"]),
                name="library_entry_source_valid",
                violation_error_message=_("指标来源无效。"),
            ),
            models.CheckConstraint(
                condition=Q(enabled_from__isnull=True)
                | Q(enabled_to__isnull=True)
                | Q(enabled_to__gte=F("enabled_from")),
                name="library_entry_enabled_range",
                violation_error_message=_("停用日期不能早于启用日期。"),
            ),
        ]
        indexes = [models.Index(fields=["subcategory", "source", "-use_count"], name="library_entry_ranking")]
        verbose_name = _("指标库指标")
        verbose_name_plural = _("指标库指标")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalise_name(self.name)
        super().save(*args, **kwargs)

    save.alters_data = True

    def clean(self):
        super().clean()
        self.normalized_name = normalise_name(self.name)

    @property
    def is_curated(self) -> bool:
        return self.source == Source.CURATED

    @property
    def keyword_list(self) -> list[str]:
        return split_keywords(self.keywords)


class RequiredIndicator(models.Model):
    """固化指标: a project of this type must have this entry; the bureau says how serious a missing one is."""

    class Severity(models.TextChoices):
        # The same values as review.rulebook.Severity, which reports the finding.
        ERROR = "错误", _("错误")
        WARNING = "提示", _("提示")

    entry = models.ForeignKey(
        LibraryEntry, on_delete=models.CASCADE, related_name="required_for", verbose_name=_("指标")
    )
    project_type = models.ForeignKey(
        ProjectType, on_delete=models.CASCADE, related_name="required_indicators", verbose_name=_("项目类型")
    )
    severity = models.CharField(_("缺少时"), max_length=2, choices=Severity.choices, default=Severity.ERROR)

    class Meta:
        ordering = ["project_type", "entry__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "project_type"],
                name="required_indicator_once_per_type",
                violation_error_message=_("该指标已是此项目类型的固化指标。"),
            ),
            models.CheckConstraint(
                condition=Q(severity__in=["错误", "提示"]),
                name="required_indicator_severity_valid",
                violation_error_message=_("严重程度无效。"),
            ),
        ]
        verbose_name = _("固化指标")
        verbose_name_plural = _("固化指标")

    def __str__(self):
        return f"{self.project_type}：{self.entry}"
