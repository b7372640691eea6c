import time

from django.core.management.base import BaseCommand, CommandError

from bureau.province import DEPARTMENT_CODES, ProvinceSize, province_generate
from bureau.summaries import review_summaries_refresh


class Command(BaseCommand):
    help = (
        "生成模拟部门（负载与规模测试用）：补足到 --departments 个部门，每个部门一份与种子文档同样结构的绩效文本，"
        "并计算其审核结果汇总。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--departments", type=int, default=1000, help="部门总数（含已有部门），最多1000")
        parser.add_argument("--projects", type=int, default=20, help="每份文本的项目数")
        parser.add_argument("--indicators", type=int, default=15, help="每个项目的三级指标数")
        parser.add_argument("--year", type=int, default=2022)
        parser.add_argument(
            "--skip-review", action="store_true", help="不计算审核结果汇总（可稍后运行 refresh_review_summaries）"
        )

    def handle(self, *args, departments, projects, indicators, year, skip_review, **options):
        if not 1 <= departments <= len(DEPARTMENT_CODES):
            raise CommandError(f"--departments 应在1到{len(DEPARTMENT_CODES)}之间（部门编码为3位数字）。")
        if projects < 1 or indicators < 1:
            raise CommandError("--projects 和 --indicators 应至少为1。")
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        size = ProvinceSize(departments=departments, projects=projects, indicators=indicators, year=year)
        created = province_generate(size=size, progress=self._progress)
        self.stdout.write(f"已生成 {len(created)} 个部门的绩效文本，用时 {time.monotonic() - started:.1f} 秒。")
        if not skip_review:
            started = time.monotonic()
            review_summaries_refresh(documents=created)
            self.stdout.write(f"已计算 {len(created)} 份审核结果汇总，用时 {time.monotonic() - started:.1f} 秒。")

    def _progress(self, done: int, total: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"{done}/{total}")
