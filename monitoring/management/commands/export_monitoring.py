from django.core.management.base import BaseCommand, CommandError

from monitoring.models import DEFAULT_MONTH
from monitoring.workbook_export import export_monitoring
from projects.models import Document
from workbooks.exporter import workbook_bytes


class Command(BaseCommand):
    help = "导出运行监控工作簿（已预填项目和指标），填写后可用 import_monitoring 导入。"

    def add_arguments(self, parser):
        parser.add_argument("department_code", help="部门编码，如 711")
        parser.add_argument("year", type=int, help="年度，如 2022")
        parser.add_argument("--month", type=int, default=DEFAULT_MONTH, help="截止月份（1-11），默认 7")
        parser.add_argument("--output", required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, department_code, year, month, output, **options):
        if not 1 <= month <= 11:
            raise CommandError("截止月份应在1到11之间。")
        document = (
            Document.objects.select_related("department").filter(department__code=department_code, year=year).first()
        )
        if document is None:
            raise CommandError(f"部门“{department_code}”没有{year}年的绩效文本。")
        with open(output, "wb") as out:
            out.write(workbook_bytes(export_monitoring(document, month)))
        self.stdout.write(f"已写入 {output}")
