from django.core.management.base import BaseCommand

from bureau.summaries import documents_needing_review, review_summaries_refresh


class Command(BaseCommand):
    help = "审核结果汇总：为汇总缺失或已过期的绩效文本重新运行审核（--all 为全部文本）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只处理该年度")
        parser.add_argument("--all", action="store_true", dest="force", help="全部重新审核，包括已是最新的")

    def handle(self, *args, year=None, force=False, **options):
        documents = documents_needing_review(year=year, force=force)
        count = review_summaries_refresh(documents=documents, force=force)
        self.stdout.write(f"已更新 {count} 份绩效文本的审核结果汇总。")
