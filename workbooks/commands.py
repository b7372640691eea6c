"""What every workbook import command does alike: read as a named user, write all or nothing, and list each
problem by sheet and cell. The target, monitoring and self-evaluation commands differ only in what they import."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workbooks.reader import WorkbookInvalid


class WorkbookImportCommand(BaseCommand):
    # The import service (source, user, dry_run → result; raises WorkbookInvalid when any cell is wrong) and the
    # result's attribute naming what the workbook was imported into, for the last line.
    importer: Callable
    imported_field: str
    dry_run_help = "只检查并列出将要修改的内容，不写入"
    change_prefix = "修改 "

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)
        parser.add_argument("--user", help="以该用户的身份导入（检查其权限，并记入修改历史）")

    def handle(self, *args, file, dry_run, user=None, **options):
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"找不到用户“{user}”。")
        try:
            result = self.importer(source=file, user=by, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(f"找不到文件“{file}”。") from None
        except WorkbookInvalid as invalid:
            for warning in invalid.warnings:
                self.stderr.write(f"提示：{warning}")
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"共 {len(invalid.problems)} 个错误，未导入任何内容。") from None
        for warning in result.warnings:
            self.stdout.write(f"提示：{warning}")
        for change in result.changes:
            self.stdout.write(f"{self.change_prefix}{change}")
        verb = "试运行（未写入）" if dry_run else "已导入"
        self.stdout.write(f"{verb}：{getattr(result, self.imported_field)}。{result.summary}")
