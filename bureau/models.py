"""What the bureau's list shows of a document's review without running the rulebook on each page view."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Document


class ReviewSummary(models.Model):
    """The counts of a document's review findings, and which change of the document they were counted from.

    `changes` counts the document's announced changes; `reviewed_changes` is the value it had when the review
    behind `errors` and `warnings` began reading, so the counts are current while the two are equal."""

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="review_summary", verbose_name=_("绩效文本")
    )
    errors = models.PositiveIntegerField(_("错误"), default=0)
    warnings = models.PositiveIntegerField(_("提示"), default=0)
    changes = models.PositiveIntegerField(_("变更次数"), default=0)
    reviewed_changes = models.PositiveIntegerField(_("审核时的变更次数"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("审核结果汇总")
        verbose_name_plural = _("审核结果汇总")
        indexes = [models.Index(fields=["errors"], name="review_summary_errors")]

    def __str__(self):
        return f"{self.document_id}: {self.errors}/{self.warnings}"

    @property
    def is_current(self) -> bool:
        return self.reviewed_changes == self.changes
