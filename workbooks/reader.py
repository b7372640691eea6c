"""Reading a workbook into checked, typed data without touching the database except to look up names.

Everything is parsed first and every problem is collected with its sheet and cell (指标!E12) before anything
is written; the rules themselves live in projects.rules, indicators.values and indicators.catalog.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

import openpyxl
from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import iterparse as defused_iterparse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from indicators.catalog import Catalog
from indicators.models import Framework, Indicator, Subcategory
from indicators.values import Target, parse_target
from projects import rules
from projects.models import MONEY, BudgetUnit, Department, Document, Project
from projects.money import CENT, to_cents
from projects.text import validate_plain_text, without_control_characters
from workbooks import format as fmt

WORKBOOK = "工作簿"
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
# Excel stores 7.7 as the nearest binary float; anything closer to a cent than this is that cent.
_FLOAT_NOISE = Decimal("1e-9")
MONEY_INTEGER_DIGITS = MONEY["max_digits"] - MONEY["decimal_places"]


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


class WorkbookInvalid(Exception):
    """The workbook cannot be imported; `problems` lists every reason, `warnings` what was ignored."""

    def __init__(self, problems: list[Problem], warnings: list[str] | None = None):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.warnings = warnings or []


@dataclass
class GoalData:
    kind: str
    text: str
    position: int


@dataclass
class IndicatorData:
    subcategory: Subcategory
    name: str
    description: str
    target: Target
    basis: str
    position: int


@dataclass
class ProjectData:
    unit_code: str
    code: str
    name: str
    budget: Decimal
    fiscal_funds: Decimal
    other_funds: Decimal
    purpose: str
    goal: str
    position: int
    plan: dict[int, Decimal]
    indicators: list[IndicatorData] = field(default_factory=list)


@dataclass
class WorkbookData:
    department_code: str
    department_name: str
    department_name_cell: str
    year: int
    prepared_by: str
    approving_authority: str
    framework: Framework
    checkpoint_months: list[int]
    units: dict[str, str]
    goals: list[GoalData]
    projects: list[ProjectData]
    warnings: list[str]


def constraint_message(model: type[models.Model], name: str) -> str:
    """The Chinese message of a database constraint, so the importer says exactly what the model says."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return str(constraint.violation_error_message)


def where(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column)}{row}"


# ---------------------------------------------------------------------------------------------- the file itself


def _size_of(source) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    if getattr(source, "size", None) is not None:
        return source.size
    position = source.tell()
    size = source.seek(0, 2)
    source.seek(position)
    return size


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def open_workbook(source):
    """Check size and zip directory before openpyxl sees the file, so a bomb is never decompressed."""
    size = _size_of(source)
    limit = settings.WORKBOOK_MAX_UPLOAD_BYTES
    if size > limit:
        raise WorkbookInvalid(
            [Problem(WORKBOOK, _("文件大小 %(size)s 超过上限 %(limit)s。") % {"size": _mb(size), "limit": _mb(limit)})]
        )
    not_a_workbook = WorkbookInvalid(
        [
            Problem(
                WORKBOOK,
                _("文件不是有效的 Excel 工作簿（.xlsx），或已损坏、不完整。请用 Excel 或 WPS 另存为 .xlsx 后重试。"),
            )
        ]
    )
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise not_a_workbook from None
    if unpacked > settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES:
        raise WorkbookInvalid(
            [
                Problem(
                    WORKBOOK,
                    _("文件解压后为 %(size)s，超过上限 %(limit)s，拒绝读取。")
                    % {"size": _mb(unpacked), "limit": _mb(settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES)},
                )
            ]
        )
    if "xl/workbook.xml" not in names:
        raise not_a_workbook
    if hasattr(source, "seek"):
        source.seek(0)
    _refuse_dtds(source, not_a_workbook)
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ParseError, OSError, EOFError, ValueError):
        raise not_a_workbook from None


# Byte-order marks and the "<" an XML part starts with; anything else in the zip (images, printer settings) is
# not XML and not read as such.
_XML_STARTS = (b"<", b"\xef\xbb\xbf<", b"\xff\xfe", b"\xfe\xff")


def _refuse_dtds(source, not_a_workbook: "WorkbookInvalid") -> None:
    """A spreadsheet never needs a DTD; one in any part is how entity expansion and external entities get in,
    so a workbook with any is refused before openpyxl (and lxml) parse it. A DTD precedes the root element,
    so each part is read only up to that."""
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            with archive.open(info) as part:
                if not part.read(4).lstrip().startswith(_XML_STARTS) and not info.filename.endswith((".xml", ".rels")):
                    continue
            try:
                with archive.open(info) as part:
                    for _event in defused_iterparse(part, events=("start",), forbid_dtd=True):
                        break
            except DTDForbidden:
                raise WorkbookInvalid(
                    [
                        Problem(
                            f"{WORKBOOK}（{info.filename}）",
                            _("文件含有 XML 文档类型定义（DOCTYPE），Excel 工作簿不会有这样的内容，拒绝读取。"),
                        )
                    ]
                ) from None
            except (ParseError, DefusedXmlException, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
                raise not_a_workbook from None


# ---------------------------------------------------------------------------------------------- cells


class Sheet:
    """One flat sheet: header map, data rows with their numbers, and the problems found on the way."""

    def __init__(self, reader: "SheetReader", ws, name: str):
        self.reader, self.name = reader, name
        self.rows: list[tuple[int, list]] = []
        limit = settings.WORKBOOK_MAX_ROWS
        ws.reset_dimensions()
        for number, row in enumerate(ws.iter_rows(), 1):
            if number > limit + 1:
                reader.problem(name, _("数据超过 %(limit)s 行的上限，请拆分后分别导入。") % {"limit": limit})
                break
            if any(cell.value is not None and str(cell.value).strip() != "" for cell in row):
                self.rows.append((number, list(row)))
        self._check_merged(ws)

    def _check_merged(self, ws):
        # Read-only mode skips <mergeCell>, so read those few elements from the sheet's XML directly.
        with ws.parent._archive.open(ws._worksheet_path) as xml:
            for _event, element in iterparse(xml):
                if element.tag.endswith("}mergeCell"):
                    self.reader.problem(
                        f"{self.name}!{element.get('ref')}",
                        _("此表不能有合并单元格，请取消合并，并在每个单元格中填写。"),
                    )
                element.clear()

    def header(self) -> dict[str, int]:
        if not self.rows or self.rows[0][0] != 1:
            return {}
        found = {}
        for index, cell in enumerate(self.rows[0][1], 1):
            text = plain_text(cell.value)
            if not text:
                continue
            if text in found:
                self.reader.problem(where(self.name, 1, index), _("列“%(name)s”重复出现。") % {"name": text})
                continue
            found[text] = index
        return found

    def data_rows(self):
        return [row for row in self.rows if row[0] != 1]


def plain_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


class Row:
    """Typed access to one data row's cells by header, each problem recorded at its cell."""

    def __init__(self, reader: "SheetReader", sheet: str, number: int, cells: list, columns: dict[str, int]):
        self.reader, self.sheet, self.number, self.cells, self.columns = reader, sheet, number, cells, columns
        self.ok = True

    def at(self, header: str) -> str:
        return where(self.sheet, self.number, self.columns[header])

    def problem(self, header: str, message: str) -> None:
        self.ok = False
        self.reader.problem(self.at(header), message)

    def _cell(self, header: str):
        index = self.columns.get(header)
        if index is None or index > len(self.cells):
            return None
        cell = self.cells[index - 1]
        if getattr(cell, "data_type", None) == "f":
            self.problem(header, _("不能使用公式，请填写数值或文字（可复制后“选择性粘贴—数值”）。"))
            return None
        return cell.value

    def text(self, header: str, *, required: bool = False) -> str:
        value = plain_text(self._cell(header))
        if required and not value and header in self.columns:
            self.problem(header, _("“%(name)s”不能为空。") % {"name": header})
        try:
            validate_plain_text(value, label=header)
        except ValidationError as exc:
            self.problem(header, exc.messages[0])
            return without_control_characters(value)
        return value

    def money(self, header: str, *, required: bool = False) -> Decimal | None:
        """Numbers or number-like text in 万元; rounded to cents only when that changes nothing."""
        value = self._cell(header)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and header in self.columns:
                self.problem(header, _("“%(name)s”不能为空。") % {"name": header})
            return None
        amount = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        elif isinstance(value, str) and _PLAIN_NUMBER.match(value.strip()):
            try:
                amount = Decimal(value.strip())
            except InvalidOperation:
                amount = None
        if amount is None or not amount.is_finite():
            self.problem(
                header,
                _("“%(name)s”应为数字（单位：万元，最多两位小数），不能是“%(value)s”。")
                % {"name": header, "value": plain_text(value)},
            )
            return None
        if amount and amount.adjusted() >= MONEY_INTEGER_DIGITS:
            self.problem(
                header,
                _("“%(name)s”的 %(value)s 过大：金额以万元为单位，整数部分最多 %(digits)s 位。")
                % {"name": header, "value": plain_text(value)[:40], "digits": MONEY_INTEGER_DIGITS},
            )
            return None
        if isinstance(value, float) and abs(amount - amount.quantize(CENT)) < _FLOAT_NOISE:
            amount = amount.quantize(CENT)
        if amount != to_cents(amount):
            self.problem(
                header,
                _("“%(name)s”的 %(value)s 超过两位小数（单位：万元），请核对后填写到分。")
                % {"name": header, "value": plain_text(value)},
            )
            return None
        return to_cents(amount)

    def check_field(self, header: str, model: type[models.Model], field_name: str, value) -> None:
        """The model field's own validators (length, format), with their own messages."""
        if value in ("", None):
            return
        try:
            model._meta.get_field(field_name).run_validators(value)
        except ValidationError as exc:
            for message in exc.messages:
                self.problem(header, message)


# ---------------------------------------------------------------------------------------------- the reader


class SheetReader:
    """Reads flat sheets of an open workbook, collecting every problem at its cell and every ignored column.

    The document importer below and other workbooks of the same kind (the indicator library's) read with it.
    """

    expected_sheets: tuple[str, ...] = ()

    def __init__(self, workbook):
        self.workbook = workbook
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def problem(self, at: str, message: str) -> None:
        self.problems.append(Problem(at, message))

    def sheet(self, name: str) -> Sheet | None:
        if name not in self.workbook.sheetnames:
            self.problem(
                WORKBOOK,
                _("缺少工作表“%(name)s”（工作表名须为：%(names)s）。")
                % {"name": name, "names": "、".join(self.expected_sheets or (name,))},
            )
            return None
        return Sheet(self, self.workbook[name], name)

    def columns(self, sheet: Sheet, expected, *, months: bool = False) -> tuple[dict[str, int], dict[int, int]]:
        """Header name -> column number; with months=True also checkpoint month -> column number."""
        header = sheet.header()
        known = {c.header for c in expected}
        for column in expected:
            if column.required and column.header not in header:
                self.problem(f"{sheet.name}!1:1", _("缺少列“%(name)s”（表头在第1行）。") % {"name": column.header})
        month_columns = {}
        for name, index in header.items():
            month = fmt.month_from_header(name) if months else None
            if month is not None:
                month_columns[month] = index
            elif name not in known:
                self.warnings.append(
                    _("%(at)s：未知的列“%(name)s”，已忽略。") % {"at": where(sheet.name, 1, index), "name": name}
                )
        return {k: v for k, v in header.items() if k in known}, month_columns


class _Reader(SheetReader):
    expected_sheets = fmt.FLAT_SHEETS

    def __init__(self, workbook):
        super().__init__(workbook)
        self.project_codes: set[str] = set()

    # 文档 ------------------------------------------------------------------------------------------------

    def document(self) -> dict:
        sheet = self.sheet(fmt.DOCUMENT_SHEET)
        if sheet is None:
            return {}
        values, cells = {}, {}
        for number, row in sheet.rows:
            key = plain_text(row[0].value) if row else ""
            if number == 1 and (key, plain_text(row[1].value) if len(row) > 1 else "") == fmt.DOCUMENT_HEADERS:
                continue
            if key in {f.header for f in fmt.DOCUMENT_FIELDS}:
                line = Row(self, sheet.name, number, row, {fmt.DOCUMENT_HEADERS[1]: 2})
                values[key] = line
                cells[key] = line.at(fmt.DOCUMENT_HEADERS[1])
            elif key:
                self.warnings.append(
                    _("%(at)s：未知的字段“%(name)s”，已忽略。") % {"at": where(sheet.name, number, 1), "name": key}
                )
        for column in fmt.DOCUMENT_FIELDS:
            if column.required and column.header not in values:
                self.problem(sheet.name, _("缺少字段“%(name)s”（A列字段名，B列值）。") % {"name": column.header})

        def text(key):
            line = values.get(key)
            if line is None:
                return ""
            value = line.text(fmt.DOCUMENT_HEADERS[1])
            if not value and any(c.header == key and c.required for c in fmt.DOCUMENT_FIELDS):
                self.problem(cells[key], _("“%(name)s”不能为空。") % {"name": key})
            return value

        result = {
            "department_code": text(fmt.DEPARTMENT_CODE),
            "department_name": text(fmt.DEPARTMENT_NAME),
            "department_name_cell": cells.get(fmt.DEPARTMENT_NAME, sheet.name),
            "prepared_by": text(fmt.PREPARED_BY),
            "approving_authority": text(fmt.APPROVING_AUTHORITY),
        }
        checks = [
            (fmt.DEPARTMENT_CODE, Department, "code", result["department_code"]),
            (fmt.DEPARTMENT_NAME, Department, "name", result["department_name"]),
            (fmt.PREPARED_BY, Document, "prepared_by", result["prepared_by"]),
            (fmt.APPROVING_AUTHORITY, Document, "approving_authority", result["approving_authority"]),
        ]
        for key, model, field_name, value in checks:
            if key in values:
                values[key].check_field(fmt.DOCUMENT_HEADERS[1], model, field_name, value)

        year_text = text(fmt.YEAR)
        result["year"] = None
        if year_text:
            if re.fullmatch(r"\d{4}", year_text) and 2000 <= int(year_text) <= 2099:
                result["year"] = int(year_text)
            else:
                self.problem(cells[fmt.YEAR], constraint_message(Document, "document_year_in_range"))

        framework_text = text(fmt.FRAMEWORK)
        frameworks = list(Framework.objects.all())
        result["framework"] = next((f for f in frameworks if f.code == "legacy"), frameworks[0] if frameworks else None)
        if framework_text:
            chosen = next((f for f in frameworks if framework_text in (f.name, f.code)), None)
            if chosen is None:
                self.problem(
                    cells[fmt.FRAMEWORK],
                    _("指标体系“%(name)s”不存在，可选：%(choices)s。")
                    % {"name": framework_text, "choices": "、".join(f.name for f in frameworks)},
                )
            result["framework"] = chosen
        return result

    # 部门目标 ---------------------------------------------------------------------------------------------

    def goals(self) -> list[GoalData]:
        sheet = self.sheet(fmt.GOALS_SHEET)
        if sheet is None:
            return []
        columns, _months = self.columns(sheet, fmt.GOAL_COLUMNS)
        if len(columns) < sum(c.required for c in fmt.GOAL_COLUMNS):
            return []
        goals, counters = [], {}
        for number, cells in sheet.data_rows():
            row = Row(self, sheet.name, number, cells, columns)
            kind_label, text = row.text("类别", required=True), row.text("内容", required=True)
            kind = fmt.GOAL_KINDS.get(kind_label)
            if kind_label and kind is None:
                row.problem(
                    "类别",
                    _("类别“%(value)s”无效，可选：%(choices)s。")
                    % {"value": kind_label, "choices": "、".join(fmt.GOAL_KINDS)},
                )
            if row.ok:
                counters[kind] = counters.get(kind, 0) + 1
                goals.append(GoalData(kind=kind, text=text, position=counters[kind]))
        return goals

    # 项目 -------------------------------------------------------------------------------------------------

    def projects(self, department_code: str, year: int | None) -> tuple[list[ProjectData], dict[str, str], list[int]]:
        sheet = self.sheet(fmt.PROJECTS_SHEET)
        if sheet is None:
            return [], {}, []
        columns, month_columns = self.columns(sheet, fmt.PROJECT_COLUMNS, months=True)
        months = list(month_columns)
        for message in rules.check_checkpoint_months(months):
            self.problem(f"{sheet.name}!1:1", message + _("（时间节点取自“N月底”列的表头。）"))
        if len(columns) < sum(c.required for c in fmt.PROJECT_COLUMNS):
            return [], {}, months
        plan_headers = {month: fmt.month_header(month) for month in months}
        columns = {**columns, **{plan_headers[m]: index for m, index in month_columns.items()}}

        projects, units, unit_rows, code_rows = [], {}, {}, {}
        for position, (number, cells) in enumerate(sheet.data_rows(), 1):
            row = Row(self, sheet.name, number, cells, columns)
            unit_code = row.text(fmt.UNIT_CODE, required=True)
            unit_name = row.text(fmt.UNIT_NAME, required=True)
            code = row.text(fmt.PROJECT_CODE, required=True)
            name = row.text(fmt.PROJECT_NAME, required=True)
            if unit_code:
                for message in rules.check_unit_code(unit_code, department_code):
                    row.problem(fmt.UNIT_CODE, message)
            row.check_field(fmt.UNIT_NAME, BudgetUnit, "name", unit_name)
            if unit_code and unit_name:
                if unit_code in units and units[unit_code] != unit_name:
                    row.problem(
                        fmt.UNIT_NAME,
                        _("单位编码“%(code)s”在第%(row)s行的单位名称为“%(name)s”，与此处不一致。")
                        % {"code": unit_code, "row": unit_rows[unit_code], "name": units[unit_code]},
                    )
                units.setdefault(unit_code, unit_name)
                unit_rows.setdefault(unit_code, number)
            if code:
                for message in rules.check_project_code(code, year):
                    row.problem(fmt.PROJECT_CODE, message)
                if code in code_rows:
                    row.problem(
                        fmt.PROJECT_CODE,
                        _("项目编码“%(code)s”与第%(row)s行重复。") % {"code": code, "row": code_rows[code]},
                    )
                code_rows.setdefault(code, number)
            row.check_field(fmt.PROJECT_NAME, Project, "name", name)

            budget = row.money(fmt.BUDGET, required=True)
            fiscal = row.money(fmt.FISCAL_FUNDS)
            other = row.money(fmt.OTHER_FUNDS)
            amounts = {fmt.BUDGET: budget, fmt.FISCAL_FUNDS: fiscal, fmt.OTHER_FUNDS: other}
            for header, amount in amounts.items():
                if amount is not None and amount < 0:
                    row.problem(header, constraint_message(Project, "project_amounts_not_negative"))
                else:
                    row.check_field(header, Project, "budget", amount)
            money_ok = row.ok
            if budget is not None and money_ok:
                for message in rules.check_funds(budget, fiscal, other):
                    row.problem(fmt.BUDGET, message)

            plan = {month: row.money(plan_headers[month]) for month in months}
            plan = {month: amount for month, amount in plan.items() if amount is not None}
            if budget is not None and money_ok and not rules.check_checkpoint_months(months):
                for month, messages in rules.check_plan(budget, plan, months).items():
                    for message in messages:
                        row.problem(plan_headers[month], message)

            if row.ok:
                projects.append(
                    ProjectData(
                        unit_code=unit_code,
                        code=code,
                        name=name,
                        budget=budget,
                        fiscal_funds=fiscal or Decimal("0.00"),
                        other_funds=other or Decimal("0.00"),
                        purpose=row.text(fmt.PURPOSE),
                        goal=row.text(fmt.GOAL),
                        position=position,
                        plan=plan,
                    )
                )
        self.project_codes = set(code_rows)
        return projects, units, months

    # 指标 -------------------------------------------------------------------------------------------------

    def indicators(self, projects: list[ProjectData], framework: Framework | None) -> None:
        sheet = self.sheet(fmt.INDICATORS_SHEET)
        if sheet is None:
            return
        columns, _months = self.columns(sheet, fmt.INDICATOR_COLUMNS)
        if len(columns) < sum(c.required for c in fmt.INDICATOR_COLUMNS):
            return
        catalog = Catalog(framework) if framework else None
        by_code = {p.code: p for p in projects}
        for number, cells in sheet.data_rows():
            row = Row(self, sheet.name, number, cells, columns)
            code = row.text(fmt.PROJECT_CODE, required=True)
            category = row.text(fmt.CATEGORY, required=True)
            subcategory_name = row.text(fmt.SUBCATEGORY, required=True)
            name = row.text(fmt.INDICATOR_NAME, required=True)
            description = row.text(fmt.DESCRIPTION)
            value = row.text(fmt.VALUE, required=True)
            basis = row.text(fmt.BASIS, required=True)
            if code and code not in self.project_codes:
                row.problem(
                    fmt.PROJECT_CODE,
                    _("项目编码“%(code)s”不在“%(sheet)s”表中。") % {"code": code, "sheet": fmt.PROJECTS_SHEET},
                )
            subcategory = None
            if category and subcategory_name and catalog:
                try:
                    subcategory = catalog.resolve(category, subcategory_name)
                except ValidationError as exc:
                    header = fmt.CATEGORY if exc.code == "unknown_category" else fmt.SUBCATEGORY
                    for message in exc.messages:
                        row.problem(header, message)
            row.check_field(fmt.INDICATOR_NAME, Indicator, "name", name)
            target = None
            if value:
                try:
                    target = parse_target(value)
                except ValidationError as exc:
                    for message in exc.messages:
                        row.problem(fmt.VALUE, message)
                else:
                    row.check_field(fmt.VALUE, Indicator, "value_text", target.text)
                    row.check_field(fmt.VALUE, Indicator, "unit", target.unit)
                    row.check_field(fmt.VALUE, Indicator, "target_number", target.number)
            # Kept as written (其他, 其他：专家论证, a named standard); the review suggests explaining a bare 其他.
            row.check_field(fmt.BASIS, Indicator, "basis", basis)
            project = by_code.get(code)
            if row.ok and project is not None:
                project.indicators.append(
                    IndicatorData(
                        subcategory=subcategory,
                        name=name,
                        description=description,
                        target=target,
                        basis=basis,
                        position=len(project.indicators) + 1,
                    )
                )


def read_workbook(source) -> WorkbookData:
    """Parse and check the four flat sheets; raises WorkbookInvalid listing every problem found."""
    workbook = open_workbook(source)
    reader = _Reader(workbook)
    try:
        document = reader.document()
        goals = reader.goals()
        projects, units, months = reader.projects(document.get("department_code", ""), document.get("year"))
        reader.indicators(projects, document.get("framework"))
    except (zipfile.BadZipFile, zlib.error, ParseError, KeyError, EOFError, OSError, ValueError) as exc:
        raise WorkbookInvalid(
            [Problem(WORKBOOK, _("文件已损坏或不完整，无法读取（%(error)s）。") % {"error": exc.__class__.__name__})]
        ) from None
    finally:
        workbook.close()
    if reader.problems:
        raise WorkbookInvalid(reader.problems, reader.warnings)
    return WorkbookData(
        department_code=document["department_code"],
        department_name=document["department_name"],
        department_name_cell=document["department_name_cell"],
        year=document["year"],
        prepared_by=document["prepared_by"],
        approving_authority=document["approving_authority"],
        framework=document["framework"],
        checkpoint_months=months,
        units=units,
        goals=goals,
        projects=projects,
        warnings=reader.warnings,
    )
