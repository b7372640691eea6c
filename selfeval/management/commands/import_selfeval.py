from selfeval.importer import evaluation_import
from workbooks.commands import WorkbookImportCommand


class Command(WorkbookImportCommand):
    help = (
        "导入绩效自评工作簿（文档、自评项目、自评指标）：全部检查通过才在一个事务中写入，"
        "否则列出每个错误（工作表!单元格）且不写入。"
    )
    importer = staticmethod(evaluation_import)
    imported_field = "evaluation"
