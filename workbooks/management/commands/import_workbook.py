from workbooks.commands import WorkbookImportCommand
from workbooks.importer import workbook_import


class Command(WorkbookImportCommand):
    help = "导入 Excel 工作簿：全部检查通过才在一个事务中写入，否则列出每个错误（工作表!单元格）且不写入。"
    dry_run_help = "只检查并列出将要新增、修改、删除的内容，不写入"
    change_prefix = ""
    importer = staticmethod(workbook_import)
    imported_field = "document"
