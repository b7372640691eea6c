"""The 项目支出绩效目标执行监控表 as HTML and PDF, through the report machinery: the report stylesheet and fonts
(reports.pdf.print_css), WeasyPrint layout (reports.layout.lay_out) and the report store, where each laid-out
table is kept by a hash of its HTML, so an unchanged table is never laid out twice."""

import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from monitoring.models import MonitoringRound
from monitoring.selectors import ProjectLights
from projects.text import without_control_characters
from reports import store
from reports.layout import lay_out
from reports.pdf import print_css

# Part of every content hash: bump it when the layout changes what a PDF looks like.
RENDERER_VERSION = "monitoring-1"


@cache
def monitoring_css() -> str:
    with open(finders.find("monitoring/print.css"), encoding="utf-8") as css:
        return print_css() + "\n" + css.read()


def sheet_html(sheet: ProjectLights, round: MonitoringRound) -> str:
    """The table's HTML, in Chinese whatever the reader's language, as the official form is."""
    with translation.override("zh-hans"):
        html = render_to_string("monitoring/_sheet.html", {"sheet": sheet, "round": round})
    return mark_safe(without_control_characters(html))


def sheet_title(sheet: ProjectLights, round: MonitoringRound) -> str:
    return f"{sheet.project.name}绩效目标执行监控表（{round.document.year}年1-{round.month}月）"


def sheet_pdf(sheet: ProjectLights, round: MonitoringRound) -> bytes:
    """The PDF of one table, from the store when this exact table was laid out before."""
    css = monitoring_css()
    body = sheet_html(sheet, round)
    html = render_to_string("reports/print.html", {"title": sheet_title(sheet, round), "body": body})
    key = hashlib.sha256("\0".join((RENDERER_VERSION, css, html)).encode()).hexdigest()[:32]
    name = f"monitoring/{key}.pdf"
    if store.storage().exists(name):
        with store.storage().open(name, "rb") as stored:
            return stored.read()
    pdf = lay_out(html, css).pdf
    store.storage().save(name, ContentFile(pdf))
    return pdf
