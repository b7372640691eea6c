from datetime import timedelta

from django.core.management.base import BaseCommand

from reports.prune import reports_prune


class Command(BaseCommand):
    help = (
        "清理报告存储：删除较长时间未使用的排版部分、已被新版本替代的 PDF 和中断留下的文件；"
        "每份文本最近一次完整的 PDF 始终保留。可由 cron 定期运行，"
        "如：prune_reports --max-age-days 30 --max-size-mb 2000"
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-age-days", type=int, default=30, help="删除多少天未被使用的排版部分（默认 30）")
        parser.add_argument("--max-size-mb", type=int, help="存储超过此大小时，从最久未用的排版部分删起")

    def handle(self, *args, max_age_days, max_size_mb, **options):
        result = reports_prune(
            max_age=timedelta(days=max_age_days),
            max_bytes=max_size_mb * 1024 * 1024 if max_size_mb is not None else None,
        )
        self.stdout.write(
            f"删除排版部分 {result.parts} 个、文件 {result.files} 个；剩余 {result.bytes_left / 1024 / 1024:.1f} MB"
        )
