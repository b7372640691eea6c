from django.core.management.base import BaseCommand, CommandError

from projects.models import Document
from review.rulebook import review_document


class Command(BaseCommand):
    help = "审核一个部门某年度的绩效目标：每行输出“严重程度 项目编码 规则编号 消息”，仍有错误时退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("department_code", help="部门编码，如 711")
        parser.add_argument("year", type=int, help="年度，如 2022")

    def handle(self, *args, department_code, year, **options):
        try:
            document = Document.objects.get(department__code=department_code, year=year)
        except Document.DoesNotExist:
            raise CommandError(f"部门“{department_code}”没有{year}年的绩效文本。") from None
        findings = review_document(document)
        for finding in findings:
            code = finding.project.code if finding.project else "-"
            self.stdout.write(f"{finding.severity.value} {code} {finding.rule} {finding.message}")
        errors = sum(1 for finding in findings if finding.is_blocking)
        if errors:
            raise CommandError(f"仍有{errors}个错误，不能提交。", returncode=1)
