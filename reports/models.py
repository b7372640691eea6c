"""What the report store holds, kept in the database so that every web process and task worker on every machine
sees the same thing; the bytes themselves live in the "reports" storage (STORAGES in settings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportChunk(models.Model):
    """The PDF of one WeasyPrint call: the pages of one or more parts. Its file is written completely before
    this row exists, so a row never points at a torn file."""

    name = models.CharField(_("文件"), max_length=200, primary_key=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("排版块")
        verbose_name_plural = _("排版块")

    def __str__(self):
        return self.name


class ReportPart(models.Model):
    """Where a laid-out part (Part 1, the front, or one project), keyed by the hash of its HTML, sits: pages
    [first, first + pages) of a chunk."""

    key = models.CharField(_("内容散列"), max_length=32, primary_key=True)
    chunk = models.ForeignKey(ReportChunk, on_delete=models.CASCADE, related_name="parts")
    first = models.PositiveIntegerField()
    pages = models.PositiveIntegerField()
    # Places found in the layout: for Part 1 the page (within the part) of each heading the 目录 lists, for the
    # front the page and position of each 目录 page-number slot.
    marks = models.JSONField(default=dict)
    # When a render last needed this part: pruning keeps what recent renders used.
    used_at = models.DateTimeField(_("最近使用"), db_index=True)

    class Meta:
        verbose_name = _("排版部分")
        verbose_name_plural = _("排版部分")

    def __str__(self):
        return self.key


class DocumentRender(models.Model):
    """A document's PDF: the last complete one, and the render wanted after changes.

    Every change bumps `requested`; a render remembers the number it started from, so changes arriving while it
    runs are rendered by one follow-up render, however many there were. `token` names the render in charge:
    a render that finds another token was superseded (for instance retaken after it stopped reporting progress)
    and gives up."""

    class State(models.TextChoices):
        IDLE = "idle", _("空闲")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")

    document = models.OneToOneField(
        "projects.Document", on_delete=models.CASCADE, related_name="render", verbose_name=_("绩效文本")
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.IDLE)
    requested = models.PositiveIntegerField(_("请求的版本"), default=0)
    started_from = models.PositiveIntegerField(_("正在生成的版本"), default=0)
    rendered = models.PositiveIntegerField(_("已生成的版本"), default=0)
    token = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    parts_done = models.PositiveIntegerField(default=0)
    parts_total = models.PositiveIntegerField(default=0)
    # Layout tasks of a fanned-out render still to finish; the one that brings it to zero joins the PDF.
    tasks_left = models.PositiveIntegerField(default=0)
    # The last complete PDF.
    pdf_name = models.CharField(_("文件"), max_length=200, blank=True)
    pdf_etag = models.CharField(max_length=32, blank=True)
    pdf_pages = models.PositiveIntegerField(default=0)
    pdf_size = models.PositiveBigIntegerField(default=0)
    renderer = models.CharField(_("排版程序版本"), max_length=32, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF 生成")
        verbose_name_plural = _("PDF 生成")

    def __str__(self):
        return f"{self.document_id}: {self.state}"
