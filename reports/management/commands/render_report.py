from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.models import Document
from projects.selectors import document_report
from reports.pdf import build_pdf, document_sources, standalone_html


class Command(BaseCommand):
    help = "输出一个部门某年度的预算绩效文本，如：render_report 711 2022 --format pdf --output out.pdf"

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门编码，如 711")
        parser.add_argument("year", type=int, help="年度，如 2022")
        parser.add_argument("--format", choices=["html", "pdf"], default="pdf")
        parser.add_argument("--output", required=True, help="输出文件")
        parser.add_argument("--no-cache", action="store_true", help="全部重新排版，不读也不写缓存")

    def handle(self, *args, department, year, format, output, no_cache, **options):
        document = Document.objects.filter(department__code=department, year=year).first()
        if document is None:
            raise CommandError(f"没有部门“{department}”{year}年的绩效文本。")
        sources = document_sources(document_report(document))
        if format == "html":
            Path(output).write_text(standalone_html(sources), encoding="utf-8")
            self.stdout.write(f"{output}")
            return
        pdf = build_pdf(sources, use_cache=not no_cache)
        Path(output).write_bytes(pdf.content)
        self.stdout.write(f"{output}: {pdf.pages} 页")
