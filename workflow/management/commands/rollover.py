from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects.models import Document
from workflow.rollover import document_rollover


class Command(BaseCommand):
    help = "把某部门某年度的绩效文本结转为下一年度的草稿，并列出需要核对的内容。"

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门编码，如 711")
        parser.add_argument("from_year", type=int, help="来源年度，如 2022")
        parser.add_argument("to_year", type=int, help="目标年度，如 2023")
        parser.add_argument("--user", help="以该用户的身份结转（检查其权限，并记入修改历史）")

    def handle(self, *args, department, from_year, to_year, user=None, **options):
        document = Document.objects.select_related("department").filter(department__code=department, year=from_year)
        document = document.first()
        if document is None:
            raise CommandError(f"找不到部门 {department} {from_year}年的绩效文本。")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"找不到用户“{user}”。")
        try:
            result = document_rollover(document=document, to_year=to_year, user=by)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已创建《{result.document}》（草稿），请核对以下内容：")
        for number, item in enumerate(result.checklist, start=1):
            self.stdout.write(f"{number}. {item}")
