from selfeval.importer import evaluation_import
from workbooks.commands import WorkbookImportCommand


class Command(WorkbookImportCommand):
    help = (
        "导入绩效自评工作簿（文档、自评项目、自评指标）：全部检查通过才在一个事务中写入，"
        "否则列出每个错误（工作表!单元格）且不写入。"
    )

    def import_workbook(self, *, source, user, dry_run):
        return evaluation_import(source=source, user=user, dry_run=dry_run)

    def imported(self, result):
        return result.evaluation
