from monitoring.workbook_import import monitoring_import
from workbooks.commands import WorkbookImportCommand


class Command(WorkbookImportCommand):
    help = "导入运行监控工作簿：全部检查通过才在一个事务中写入，否则列出每个错误（工作表!单元格）且不写入。"
    importer = staticmethod(monitoring_import)
    imported_field = "round"
