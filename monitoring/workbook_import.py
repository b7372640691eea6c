"""Reading a monitoring workbook back: every cell checked first, every problem named by sheet and cell (监控指标!G7)
with a Chinese message, and nothing written unless there is none; then one transaction, history kept.

Cells are read with the target workbook's machinery (workbooks.reader: size and zip checks, formulas and merged
cells refused, amounts to the cent); the rules are monitoring.rules'."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from indicators.models import Indicator
from monitoring import rules
from monitoring import workbook_format as fmt
from monitoring.lock import round_assert_editable, rounds_lock_for_edit
from monitoring.models import IndicatorMonitoring, MonitoringRound, ProjectMonitoring
from monitoring.selectors import earlier_spending
from monitoring.services import round_add_missing_rows
from projects.access import Action, user_may
from projects.models import Document, Project
from workbooks.reader import WORKBOOK, Problem, Row, Sheet, WorkbookInvalid, open_workbook, plain_text

CHANGE_REASON = "Excel导入"


@dataclass
class ProjectValues:
    project: Project
    fiscal_spent: Decimal
    other_spent: Decimal
    annual_budget: Decimal
    note: str


@dataclass
class LineValues:
    indicator: Indicator
    actual: rules.Actual
    causes: list[str]
    cause_note: str
    likelihood: str
    remark: str
    cumulative: bool | None  # None: the column is absent, keep what is stored


@dataclass
class MonitoringImport:
    round: str
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def summary(self) -> str:
        return _("修改 %(count)s 行。") % {"count": len(self.changes)}


class _Reader:
    """The problem list that workbooks.reader's Sheet and Row report into."""

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
                % {"name": name, "names": "、".join(fmt.FLAT_SHEETS)},
            )
            return None
        return Sheet(self, self.workbook[name], name)

    def columns(self, sheet: Sheet, expected) -> dict[str, int] | None:
        header = sheet.header()
        missing = [c.header for c in expected if c.required and c.header not in header]
        for name in missing:
            self.problem(f"{sheet.name}!1:1", _("缺少列“%(name)s”（表头在第1行）。") % {"name": name})
        known = {c.header for c in expected}
        return None if missing else {k: v for k, v in header.items() if k in known}


def _document(reader: _Reader) -> tuple[Document | None, int | None]:
    sheet = reader.sheet(fmt.DOCUMENT_SHEET)
    if sheet is None:
        return None, None
    values, cells = {}, {}
    for number, row in sheet.rows:
        key = plain_text(row[0].value) if row else ""
        if key in fmt.DOCUMENT_FIELDS:
            line = Row(reader, sheet.name, number, row, {fmt.DOCUMENT_HEADERS[1]: 2})
            values[key], cells[key] = line.text(fmt.DOCUMENT_HEADERS[1]), line.at(fmt.DOCUMENT_HEADERS[1])
    for key in fmt.DOCUMENT_FIELDS:
        if not values.get(key):
            reader.problem(cells.get(key, sheet.name), _("缺少字段“%(name)s”（A列字段名，B列值）。") % {"name": key})
    if reader.problems:
        return None, None
    month = values[fmt.MONTH]
    if not month.isdigit() or not 1 <= int(month) <= 11:
        reader.problem(cells[fmt.MONTH], _("截止月份应为1到11之间的整数，不能是“%(value)s”。") % {"value": month})
        return None, None
    year = values[fmt.YEAR]
    document = Document.objects.select_related("department").filter(
        department__code=values[fmt.DEPARTMENT_CODE], year=int(year) if year.isdigit() else 0
    )
    document = document.first()
    if document is None:
        reader.problem(
            cells[fmt.YEAR],
            _("部门“%(code)s”没有%(year)s年的绩效文本。") % {"code": values[fmt.DEPARTMENT_CODE], "year": year},
        )
    return document, int(month)


def _money(row: Row, header: str, *, required: bool) -> Decimal | None:
    amount = row.money(header, required=required)
    if amount is not None and amount < 0:
        row.problem(header, _("“%(name)s”不能为负数。") % {"name": header})
        return None
    return amount


def _projects(reader: _Reader, document: Document, earlier: dict) -> dict[str, ProjectValues]:
    sheet = reader.sheet(fmt.PROJECTS_SHEET)
    columns = reader.columns(sheet, fmt.PROJECT_COLUMNS) if sheet else None
    if columns is None:
        return {}
    projects = {p.code: p for p in document.projects.all()}
    found, rows_of = {}, {}
    for number, cells in sheet.data_rows():
        row = Row(reader, sheet.name, number, cells, columns)
        code = row.text(fmt.PROJECT_CODE, required=True)
        project = projects.get(code)
        if code and project is None:
            row.problem(fmt.PROJECT_CODE, _("项目编码“%(code)s”不在本文档中。") % {"code": code})
        elif code in rows_of:
            row.problem(
                fmt.PROJECT_CODE, _("项目编码“%(code)s”与第%(row)s行重复。") % {"code": code, "row": rows_of[code]}
            )
        rows_of.setdefault(code, number)
        fiscal = _money(row, fmt.FISCAL_SPENT, required=True)
        # Most projects have no 其他资金, so a blank cell is 0.
        other = _money(row, fmt.OTHER_SPENT, required=False) or Decimal("0.00")
        budget = _money(row, fmt.ANNUAL_BUDGET, required=False)
        note = row.text(fmt.NOTE)
        if not row.ok or project is None:
            continue
        budget = project.budget if budget is None else budget
        errors = rules.check_spending(fiscal=fiscal, other=other, annual_budget=budget, earlier=earlier.get(project.pk))
        for field_name, messages in errors.items():
            header = fmt.FISCAL_SPENT if field_name == "fiscal_spent" else fmt.OTHER_SPENT
            for message in messages:
                row.problem(header, message)
        found[code] = ProjectValues(project, fiscal, other, budget, note)
    return found


def _lines(reader: _Reader, document: Document) -> list[LineValues]:
    sheet = reader.sheet(fmt.INDICATORS_SHEET)
    columns = reader.columns(sheet, fmt.INDICATOR_COLUMNS) if sheet else None
    if columns is None:
        return []
    indicators: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(project__document=document).select_related("project"):
        indicators.setdefault(indicator.project.code, []).append(indicator)
    for items in indicators.values():
        items.sort(key=lambda i: (i.position, i.id))
    lines, seen = [], {}
    for number, cells in sheet.data_rows():
        row = Row(reader, sheet.name, number, cells, columns)
        code = row.text(fmt.PROJECT_CODE, required=True)
        position_text = row.text(fmt.POSITION, required=True)
        name = row.text(fmt.INDICATOR_NAME, required=True)
        indicator = None
        if code and code not in indicators:
            row.problem(fmt.PROJECT_CODE, _("项目编码“%(code)s”不在本文档中，或该项目没有指标。") % {"code": code})
        elif position_text:
            items = indicators.get(code, [])
            if not position_text.isdigit() or not 1 <= int(position_text) <= len(items):
                row.problem(
                    fmt.POSITION,
                    _("序号“%(value)s”无效：项目“%(code)s”有 %(count)s 个指标，序号应为1到%(count)s。")
                    % {"value": position_text, "code": code, "count": len(items)},
                )
            else:
                indicator = items[int(position_text) - 1]
                if (code, indicator.pk) in seen:
                    row.problem(fmt.POSITION, _("与第%(row)s行是同一个指标。") % {"row": seen[(code, indicator.pk)]})
                seen.setdefault((code, indicator.pk), number)
                if name and name != indicator.name:
                    row.problem(
                        fmt.INDICATOR_NAME,
                        _("三级指标“%(name)s”与第%(position)s个指标的名称“%(stored)s”不一致，请核对是否错行。")
                        % {"name": name, "position": position_text, "stored": indicator.name},
                    )
                    indicator = None
        parsed = {}
        for header, parse in (
            (fmt.ACTUAL, (lambda text, ind=indicator: rules.parse_actual(ind, text) if ind else None)),
            (fmt.CAUSES, rules.parse_causes),
            (fmt.LIKELIHOOD, rules.parse_likelihood),
        ):
            try:
                parsed[header] = parse(row.text(header))
            except ValidationError as exc:
                for message in exc.messages:
                    row.problem(header, message)
        cumulative = None
        if fmt.CUMULATIVE in columns:
            flag = row.text(fmt.CUMULATIVE)
            if flag and flag not in (fmt.YES, fmt.NO):
                row.problem(fmt.CUMULATIVE, _("“按进度累计”只能填“是”或“否”。"))
            cumulative = flag == fmt.YES if flag else None
        if row.ok and indicator is not None:
            lines.append(
                LineValues(
                    indicator=indicator,
                    actual=parsed[fmt.ACTUAL],
                    causes=parsed[fmt.CAUSES],
                    cause_note=row.text(fmt.CAUSE_NOTE),
                    likelihood=parsed[fmt.LIKELIHOOD],
                    remark=row.text(fmt.REMARK),
                    cumulative=cumulative,
                )
            )
    return lines


def _read(source):
    workbook = open_workbook(source)
    reader = _Reader(workbook)
    try:
        document, month = _document(reader)
        projects, lines = {}, []
        if document is not None:
            stored = MonitoringRound.objects.filter(document=document, month=month).first()
            probe = stored or MonitoringRound(document=document, month=month)
            projects = _projects(reader, document, earlier_spending(probe))
            lines = _lines(reader, document)
    finally:
        workbook.close()
    if reader.problems:
        raise WorkbookInvalid(reader.problems, reader.warnings)
    return document, month, projects, lines, reader.warnings


def _refusals(document: Document, round: MonitoringRound | None, user) -> list[Problem]:
    if user is not None and not user_may(user, Action.IMPORT, document):
        return [Problem(WORKBOOK, _("您不能导入部门“%(code)s”的运行监控。") % {"code": document.department.code})]
    if round is not None:
        try:
            round_assert_editable(round=round)
        except ValidationError as exc:
            return [Problem(fmt.DOCUMENT_SHEET, message) for message in exc.messages]
    return []


def monitoring_import(*, source, user=None, dry_run: bool = False) -> MonitoringImport:
    """Import a monitoring workbook (path or file object); raises WorkbookInvalid listing every problem.

    A round not opened yet is opened. No user means the server's operator, who may import anything."""
    document, month, projects, lines, warnings = _read(source)
    with transaction.atomic():
        round = MonitoringRound.objects.filter(document=document, month=month).first()
        problems = _refusals(document, round, user)
        if problems:
            raise WorkbookInvalid(problems, warnings)
        result = MonitoringImport(round=f"{document.department.name} {document.year}年1-{month}月运行监控")
        result.warnings, result.dry_run = warnings, dry_run
        if round is None:
            result.changes.append(_("新建 %(round)s") % {"round": result.round})
            round = MonitoringRound(document=document, month=month)
            if not dry_run:
                round._history_user = user
                round.full_clean(validate_unique=False)
                round.save()
        elif not dry_run:
            rounds_lock_for_edit(rounds=MonitoringRound.objects.filter(pk=round.pk))
        if not dry_run:
            round_add_missing_rows(round=round, user=user)
        _apply(round, projects, lines, result, user=user, write=not dry_run)
    return result


def _apply(round, projects: dict[str, ProjectValues], lines: list[LineValues], result, *, user, write: bool):
    reports = {r.project_id: r for r in ProjectMonitoring.objects.filter(round=round)} if round.pk else {}
    items = {}
    if round.pk:
        for item in IndicatorMonitoring.objects.filter(project_report__round=round):
            items[item.indicator_id] = item
    changed_reports, report_fields = [], set()
    for values in projects.values():
        report = reports.get(values.project.pk)
        wanted = {
            "fiscal_spent": values.fiscal_spent,
            "other_spent": values.other_spent,
            "annual_budget": values.annual_budget,
            "note": values.note,
        }
        differing = [k for k, v in wanted.items() if report is None or getattr(report, k) != v]
        if differing:
            result.changes.append(_("项目 %(code)s") % {"code": values.project.code})
            if report is not None:
                for k in differing:
                    setattr(report, k, wanted[k])
                changed_reports.append(report)
                report_fields.update(differing)
    changed_items, item_fields = [], set()
    for values in lines:
        item = items.get(values.indicator.pk)
        wanted = {
            "actual_text": values.actual.text,
            "actual_number": values.actual.number,
            "causes": values.causes,
            "cause_note": values.cause_note,
            "likelihood": values.likelihood,
            "remark": values.remark,
        }
        if values.cumulative is not None:
            wanted["cumulative"] = values.cumulative
        differing = [k for k, v in wanted.items() if item is None or getattr(item, k) != v]
        if differing:
            result.changes.append(
                _("项目 %(code)s 指标“%(name)s”")
                % {"code": values.indicator.project.code, "name": values.indicator.name}
            )
            if item is not None:
                for k in differing:
                    setattr(item, k, wanted[k])
                changed_items.append(item)
                item_fields.update(differing)
    if not write:
        return
    history = {"default_user": user, "default_change_reason": CHANGE_REASON, "default_date": timezone.now()}
    bulk_update_with_history(changed_reports, ProjectMonitoring, sorted(report_fields), **history)
    bulk_update_with_history(changed_items, IndicatorMonitoring, sorted(item_fields), **history)
    if changed_reports or changed_items:
        MonitoringRound.objects.filter(pk=round.pk).update(revision=F("revision") + 1)
