from django.core.management.base import BaseCommand, CommandError

from monitoring.models import DEFAULT_MONTH, MonitoringRound
from monitoring.selectors import round_report


class Command(BaseCommand):
    help = (
        "输出一轮运行监控的预警灯：每个项目先输出“P 项目编码 预算执行 灯”和“P 项目编码 计划执行 灯”，"
        "再每个指标一行“I 项目编码 序号 灯”（以制表符分隔），灯为 绿 黄 红 蓝 之一。"
    )

    def add_arguments(self, parser):
        parser.add_argument("department_code", help="部门编码，如 711")
        parser.add_argument("year", type=int, help="年度，如 2022")
        parser.add_argument("--month", type=int, default=DEFAULT_MONTH, help="截止月份（1-11），默认 7")

    def handle(self, *args, department_code, year, month, **options):
        found = MonitoringRound.objects.filter(
            document__department__code=department_code, document__year=year, month=month
        ).first()
        if found is None:
            raise CommandError(f"部门“{department_code}”{year}年没有截止{month}月的运行监控。")
        for sheet in round_report(found).projects:
            code = sheet.project.code
            self.stdout.write(f"P\t{code}\t预算执行\t{sheet.budget.light.value}")
            self.stdout.write(f"P\t{code}\t计划执行\t{sheet.plan.light.value}")
            for line in sheet.lines:
                self.stdout.write(f"I\t{code}\t{line.position}\t{line.verdict.light.value}")
