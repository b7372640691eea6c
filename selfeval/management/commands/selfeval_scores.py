from django.core.management.base import BaseCommand, CommandError

from projects.models import Document
from selfeval.selectors import evaluation_report


class Command(BaseCommand):
    help = (
        "输出绩效自评得分：每个项目一行 P<TAB>项目编码<TAB>预算执行率得分<TAB>总分<TAB>等级，随后其每个指标一行 "
        "I<TAB>项目编码<TAB>序号<TAB>分值<TAB>得分，最后一行 D<TAB>部门编码<TAB>部门得分<TAB>等级。"
    )

    def add_arguments(self, parser):
        parser.add_argument("department_code", help="部门编码，如 711")
        parser.add_argument("year", type=int, help="年度，如 2022")

    def handle(self, *args, department_code, year, **options):
        document = (
            Document.objects.select_related("department").filter(department__code=department_code, year=year).first()
        )
        if document is None:
            raise CommandError(f"找不到部门“{department_code}”{year}年度的绩效文本。")
        report = evaluation_report(document)
        for row in report.projects:
            code = row.project.code
            self.stdout.write(f"P\t{code}\t{row.score.rate_score:.2f}\t{row.score.total:.2f}\t{row.score.grade}")
            for item in row.indicators:
                self.stdout.write(f"I\t{code}\t{item.number}\t{item.score.points:.2f}\t{item.score.score:.2f}")
        self.stdout.write(f"D\t{department_code}\t{report.department.score:.2f}\t{report.department.grade}")
