"""The printed 自评表: the department summary and one 项目支出绩效自评表 per project, as HTML and PDF.

The PDF is laid out by the report machinery's public layout function with its print stylesheet, plus the
self-evaluation's own stylesheet; the official tables are Chinese whatever the reader's interface language."""

import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string
from django.utils import translation

from projects.models import Document
from projects.text import without_control_characters
from reports.layout import lay_out
from reports.pdf import print_css
from selfeval.scoring import full_marks
from selfeval.selectors import EvaluationReport


@cache
def selfeval_css() -> str:
    with open(finders.find("selfeval/print.css"), encoding="utf-8") as css:
        return css.read()


def stylesheet() -> str:
    return print_css() + "\n" + selfeval_css()


def _html(report: EvaluationReport, *, inline_css: bool) -> str:
    context = {
        "title": f"{report.document.department.name}{report.document.year}年度项目支出绩效自评表",
        "inline_css": stylesheet() if inline_css else "",
        "report": report,
        "document": report.document,
        "full_marks": full_marks(),
    }
    with translation.override("zh-hans"):
        return without_control_characters(render_to_string("selfeval/print.html", context))


def evaluation_html(report: EvaluationReport) -> str:
    """A complete HTML file with its stylesheet inline."""
    return _html(report, inline_css=True)


def evaluation_pdf(report: EvaluationReport) -> bytes:
    return lay_out(_html(report, inline_css=False), stylesheet()).pdf


def pdf_storage():
    """Printed self-evaluations, by content hash, in the reports storage; safe to delete."""
    return storages["reports"]


def pdf_name(report: EvaluationReport) -> str:
    """The stored PDF's name: the document and a hash of everything printed, so any change makes a new one."""
    digest = hashlib.sha256((_html(report, inline_css=False) + stylesheet()).encode()).hexdigest()[:32]
    return f"selfeval/{report.document.department.code}-{report.document.year}-{digest}.pdf"


def stored_pdf(report: EvaluationReport) -> tuple[str, bool]:
    name = pdf_name(report)
    return name, pdf_storage().exists(name)


def store_pdf(report: EvaluationReport) -> str:
    """Lay out and keep the PDF of the self-evaluation as it is now; returns its name."""
    name = pdf_name(report)
    storage = pdf_storage()
    if not storage.exists(name):
        storage.save(name, ContentFile(evaluation_pdf(report)))
    return name


def pdf_filename(document: Document) -> str:
    return f"{document.department.name}{document.year}年度项目支出绩效自评表.pdf"
