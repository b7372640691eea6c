"""What the workflow keeps beside a document: the checklist a year rollover leaves on the new draft."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RolloverChecklist(models.Model):
    """What to check in a draft made by rollover; it stays on the document until someone marks it done."""

    document = models.OneToOneField(
        "projects.Document",
        on_delete=models.CASCADE,
        related_name="rollover_checklist",
        verbose_name=_("绩效文本"),
    )
    from_year = models.PositiveSmallIntegerField(_("结转自年度"))
    # [{"text": "...", "project": <id or null>}, …] in the order the rollover listed them.
    items = models.JSONField(_("核对事项"), default=list)
    created_at = models.DateTimeField(_("结转时间"), auto_now_add=True)
    done_at = models.DateTimeField(_("核对完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核对人"),
    )

    class Meta:
        verbose_name = _("结转核对清单")
        verbose_name_plural = _("结转核对清单")

    def __str__(self):
        return f"{self.document} · {self.from_year}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
