from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.models import Document
from workbooks.exporter import export_document, export_filename


class Command(BaseCommand):
    help = "把一个部门某年度的绩效文本导出为 Excel 工作簿（四张数据表，另加每个项目一张打印表）。"

    def add_arguments(self, parser):
        parser.add_argument("department_code", help="部门编码，如 711")
        parser.add_argument("year", type=int, help="年度，如 2022")
        parser.add_argument("--output", "-o", help="输出文件；默认为“部门编码-年度-部门名称部门预算绩效文本.xlsx”")

    def handle(self, *args, department_code, year, output, **options):
        document = (
            Document.objects.select_related("department").filter(department__code=department_code, year=year).first()
        )
        if document is None:
            raise CommandError(f"没有部门“{department_code}”{year}年的绩效文本。")
        path = Path(output or export_filename(document))
        export_document(document).save(path)
        self.stdout.write(f"已导出 {path}")
