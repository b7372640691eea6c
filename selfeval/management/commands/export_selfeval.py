from django.core.management.base import BaseCommand, CommandError

from projects.models import Document
from selfeval.excel import export_evaluation
from selfeval.models import SelfEvaluation
from selfeval.selectors import evaluation_report


class Command(BaseCommand):
    help = "导出一个部门一个年度的绩效自评为 Excel 工作簿（导入用的三张表、自评汇总和每个项目的自评表）。"

    def add_arguments(self, parser):
        parser.add_argument("department_code", help="部门编码，如 711")
        parser.add_argument("year", type=int, help="年度，如 2022")
        parser.add_argument("--output", required=True, help="写入的 .xlsx 文件")

    def handle(self, *args, department_code, year, output, **options):
        document = (
            Document.objects.select_related("department").filter(department__code=department_code, year=year).first()
        )
        if document is None:
            raise CommandError(f"找不到部门“{department_code}”{year}年度的绩效文本。")
        if not SelfEvaluation.objects.filter(document=document).exists():
            raise CommandError(f"部门“{department_code}”{year}年度尚未开始绩效自评。")
        export_evaluation(evaluation_report(document)).save(output)
        self.stdout.write(f"已写入 {output}")
