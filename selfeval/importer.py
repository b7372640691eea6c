"""Importing a self-evaluation workbook (文档, 自评项目, 自评指标): every cell is read and checked first, with the
workbook machinery's cell-level errors (自评指标!G5), then each project's entries are checked as a whole by the
same service as the form; on any error nothing is written. Otherwise the rows that changed are saved in one
transaction, each with its history record.

A project not listed in 自评项目, and an indicator not listed in 自评指标, keep what is stored.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from projects.access import Action, assert_user_may
from projects.models import Document
from selfeval import excel
from selfeval.edit_lock import evaluation_assert_editable
from selfeval.models import IndicatorEvaluation, SelfEvaluation
from selfeval.scoring import HUNDREDTH, Result
from selfeval.selectors import projects_queryset, stored_row
from selfeval.services import (
    CHANGE_REASON_IMPORT,
    EvaluationInvalid,
    IndicatorValues,
    ProjectValues,
    prepared_write,
    project_evaluation_prepare,
)
from workbooks import format as fmt
from workbooks.reader import WORKBOOK, Problem, Row, Sheet, WorkbookInvalid, open_workbook, plain_text, where

_DECIMAL = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def _results() -> dict[str, str]:
    """达成情况 as the workbook spells it (Chinese, as exported) -> stored value."""
    with translation.override("zh-hans"):
        return {str(label): value for value, label in Result.choices}


_PROJECT_HEADERS = {"adjusted_budget": excel.ADJUSTED_BUDGET, "spent": excel.SPENT, "achievement": excel.ACHIEVEMENT}
_INDICATOR_HEADERS = {
    "actual_text": excel.ACTUAL,
    "actual_number": excel.ACTUAL,
    "result": excel.RESULT,
    "points": excel.POINTS,
    "score": excel.SCORE,
    "reason": excel.REASON,
}
# The export's columns for reading (names, computed scores) are known, so they are ignored without a warning.
PROJECT_COLUMNS = (
    fmt.Column(excel.PROJECT_CODE),
    fmt.Column(excel.ADJUSTED_BUDGET, required=False),
    fmt.Column(excel.SPENT),
    fmt.Column(excel.ACHIEVEMENT),
    *(fmt.Column(header, required=False) for header, _width in excel.PROJECT_COLUMNS if header in excel.READ_ONLY),
)
INDICATOR_COLUMNS = (
    fmt.Column(excel.PROJECT_CODE),
    fmt.Column(excel.NUMBER),
    fmt.Column(excel.INDICATOR_NAME),
    fmt.Column(excel.ACTUAL),
    fmt.Column(excel.POINTS, required=False),
    fmt.Column(excel.RESULT, required=False),
    fmt.Column(excel.SCORE, required=False),
    fmt.Column(excel.REASON),
    *(fmt.Column(header, required=False) for header, _width in excel.INDICATOR_COLUMNS if header in excel.READ_ONLY),
)


@dataclass
class Change:
    what: str
    fields: list[str]

    def __str__(self) -> str:
        return f"{self.what}（{'、'.join(self.fields)}）" if self.fields else self.what


@dataclass
class ImportResult:
    evaluation: str
    department_code: str
    year: int
    dry_run: bool
    created: bool
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return _("修改 %(count)s 项。") % {"count": len(self.changes)}


class _Reader:
    """Collects every problem (and every ignored column) while the sheets are read."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def problem(self, at: str, message: str) -> None:
        self.problems.append(Problem(at, message))

    def columns(self, sheet: Sheet, expected) -> dict[str, int]:
        """Header name -> column number; a missing required column is a problem, an unknown one a warning."""
        header = sheet.header()
        known = {c.header for c in expected}
        for column in expected:
            if column.required and column.header not in header:
                self.problem(f"{sheet.name}!1:1", _("缺少列“%(name)s”（表头在第1行）。") % {"name": column.header})
        for name, index in header.items():
            if name not in known:
                self.warnings.append(
                    _("%(at)s：未知的列“%(name)s”，已忽略。") % {"at": where(sheet.name, 1, index), "name": name}
                )
        return {k: v for k, v in header.items() if k in known}


def _sheet(reader: _Reader, name: str) -> Sheet | None:
    if name not in reader.workbook.sheetnames:
        reader.problem(
            WORKBOOK,
            _("缺少工作表“%(name)s”（工作表名须为：%(names)s）。")
            % {"name": name, "names": "、".join(excel.FLAT_SHEETS)},
        )
        return None
    return Sheet(reader, reader.workbook[name], name)


def _number(row: Row, header: str) -> Decimal | None:
    """A point count: a number with at most two places, or blank."""
    text = row.text(header)
    if not text:
        return None
    if not _DECIMAL.match(text):
        row.problem(
            header, _("“%(name)s”应为数字（最多两位小数），不能是“%(value)s”。") % {"name": header, "value": text}
        )
        return None
    value = Decimal(text)
    if value != value.quantize(HUNDREDTH):
        row.problem(header, _("“%(name)s”的 %(value)s 超过两位小数。") % {"name": header, "value": text})
        return None
    return value


def _actual(row: Row, header: str) -> str:
    """实际完成值 as typed; a number in a cell formatted as a percentage (0.95 shown as 95%) reads as 95%."""
    index = row.columns.get(header)
    cell = row.cells[index - 1] if index and index <= len(row.cells) else None
    value = getattr(cell, "value", None)
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{(Decimal(repr(value)) * 100).normalize():f}%"
    return row.text(header)


def _document(reader: _Reader) -> tuple[str, int | None, dict[str, str]]:
    sheet = _sheet(reader, excel.DOCUMENT_SHEET)
    if sheet is None:
        return "", None, {}
    values, cells = {}, {}
    for number, cells_in_row in sheet.rows:
        key = plain_text(cells_in_row[0].value) if cells_in_row else ""
        if key in (excel.DEPARTMENT_CODE, excel.YEAR):
            line = Row(reader, sheet.name, number, cells_in_row, {"值": 2})
            values[key] = line.text("值")
            cells[key] = line.at("值")
    for key in (excel.DEPARTMENT_CODE, excel.YEAR):
        if not values.get(key):
            reader.problem(cells.get(key, sheet.name), _("“%(name)s”不能为空（A列字段名，B列值）。") % {"name": key})
    year = values.get(excel.YEAR, "")
    if year and not re.fullmatch(r"\d{4}", year):
        reader.problem(cells[excel.YEAR], _("“年度”应为四位数字，不能是“%(value)s”。") % {"value": year})
        year = ""
    return values.get(excel.DEPARTMENT_CODE, ""), int(year) if year else None, cells


def _find_document(reader: _Reader, code: str, year: int | None, cells: dict) -> Document | None:
    if not code or year is None:
        return None
    document = (
        Document.objects.select_related("department", "framework").filter(department__code=code, year=year).first()
    )
    if document is None:
        reader.problem(
            cells[excel.DEPARTMENT_CODE],
            _("部门“%(code)s”没有%(year)s年度的绩效文本，请先建立绩效文本。") % {"code": code, "year": year},
        )
    return document


def _read_projects(reader: _Reader, projects: dict) -> dict:
    """项目编码 -> (row number, columns, ProjectValues) for each listed project."""
    sheet = _sheet(reader, excel.PROJECTS_SHEET)
    if sheet is None:
        return {}
    columns = reader.columns(sheet, PROJECT_COLUMNS)
    if any(c.required and c.header not in columns for c in PROJECT_COLUMNS):
        return {}
    found = {}
    for number, cells in sheet.data_rows():
        row = Row(reader, sheet.name, number, cells, columns)
        code = row.text(excel.PROJECT_CODE, required=True)
        values = ProjectValues(
            adjusted_budget=row.money(excel.ADJUSTED_BUDGET),
            spent=row.money(excel.SPENT),
            achievement=row.text(excel.ACHIEVEMENT),
        )
        if code and code not in projects:
            row.problem(excel.PROJECT_CODE, _("项目编码“%(code)s”不在本年度的绩效文本中。") % {"code": code})
        elif code in found:
            row.problem(
                excel.PROJECT_CODE, _("项目编码“%(code)s”与第%(row)s行重复。") % {"code": code, "row": found[code][0]}
            )
        elif code:
            found[code] = (number, columns, values)
    return found


def _read_indicators(reader: _Reader, projects: dict) -> dict:
    """(项目编码, 序号) -> (row number, columns, IndicatorValues) for each listed indicator."""
    sheet = _sheet(reader, excel.INDICATORS_SHEET)
    if sheet is None:
        return {}
    columns = reader.columns(sheet, INDICATOR_COLUMNS)
    if any(c.required and c.header not in columns for c in INDICATOR_COLUMNS):
        return {}
    found = {}
    for number, cells in sheet.data_rows():
        row = Row(reader, sheet.name, number, cells, columns)
        code = row.text(excel.PROJECT_CODE, required=True)
        position = row.text(excel.NUMBER, required=True)
        name = row.text(excel.INDICATOR_NAME, required=True)
        project = projects.get(code)
        if code and project is None:
            row.problem(excel.PROJECT_CODE, _("项目编码“%(code)s”不在本年度的绩效文本中。") % {"code": code})
            continue
        indicators = list(project.indicators.all()) if project else []
        if not position:
            continue
        if not position.isdigit() or not 1 <= int(position) <= len(indicators):
            row.problem(
                excel.NUMBER,
                _("“序号”应为 1 到 %(count)s 之间的整数（项目中第几个三级指标），不能是“%(value)s”。")
                % {"count": len(indicators), "value": position},
            )
            continue
        indicator = indicators[int(position) - 1]
        if (code, int(position)) in found:
            row.problem(
                excel.NUMBER,
                _("项目“%(code)s”的第%(number)s个指标与第%(row)s行重复。")
                % {"code": code, "number": position, "row": found[(code, int(position))][0]},
            )
            continue
        if name and name != indicator.name:
            row.problem(
                excel.INDICATOR_NAME,
                _("“三级指标”应为“%(expected)s”（项目中第%(number)s个指标），不能是“%(value)s”。")
                % {"expected": indicator.name, "number": position, "value": name},
            )
        result_text = row.text(excel.RESULT)
        results = _results()
        result = results.get(result_text, "")
        if result_text and not result:
            row.problem(
                excel.RESULT,
                _("“达成情况”只能是%(choices)s，不能是“%(value)s”。")
                % {"choices": "、".join(results), "value": result_text},
            )
        values = IndicatorValues(
            indicator=indicator,
            actual_text=_actual(row, excel.ACTUAL),
            result=result,
            points=_number(row, excel.POINTS),
            score=_number(row, excel.SCORE),
            reason=row.text(excel.REASON),
        )
        found[(code, int(position))] = (number, columns, values)
    return found


def _stored_values(project) -> tuple[ProjectValues, list[IndicatorValues]]:
    """What a project holds now, for the parts of it the workbook does not list."""
    stored = stored_row(project, "evaluation")
    values = ProjectValues(
        stored.adjusted_budget if stored else None,
        stored.spent if stored else None,
        stored.achievement if stored else "",
    )
    indicators = []
    for indicator in project.indicators.all():
        entry = stored_row(indicator, "evaluation")
        indicators.append(
            IndicatorValues(
                indicator=indicator,
                actual_text=entry.actual_text if entry else "",
                result=entry.result if entry else "",
                points=entry.points if entry else None,
                score=entry.score if entry else None,
                reason=entry.reason if entry else "",
            )
        )
    return values, indicators


_PROJECT_LABELS = {"adjusted_budget": excel.ADJUSTED_BUDGET, "spent": excel.SPENT, "achievement": excel.ACHIEVEMENT}
_INDICATOR_LABELS = {
    "actual_text": excel.ACTUAL,
    "result": excel.RESULT,
    "points": excel.POINTS,
    "score": excel.SCORE,
    "reason": excel.REASON,
}


def _changes(prepared) -> list[Change]:
    changes = []
    for item in prepared:
        for row, stored in item.changed:
            if isinstance(row, IndicatorEvaluation):
                what = _("项目“%(project)s”指标“%(name)s”") % {"project": item.project.code, "name": row.indicator.name}
                labels = _INDICATOR_LABELS
            else:
                what = _("项目“%(project)s”") % {"project": item.project.code}
                labels = _PROJECT_LABELS
            fields = [
                label for name, label in labels.items() if stored is None or getattr(row, name) != getattr(stored, name)
            ]
            changes.append(Change(what, fields))
    return changes


def evaluation_import(*, source, user=None, dry_run: bool = False) -> ImportResult:
    """Check the whole workbook, then (unless dry_run) save what changed in one transaction. Raises
    WorkbookInvalid listing every problem with its sheet and cell; with a user, only what they may import."""
    workbook = open_workbook(source)
    reader = _Reader(workbook)
    try:
        code, year, cells = _document(reader)
        document = _find_document(reader, code, year, cells)
        if document is not None and user is not None:
            try:
                assert_user_may(user, Action.IMPORT, document)
            except PermissionDenied as exc:
                raise WorkbookInvalid([Problem(cells[excel.DEPARTMENT_CODE], str(exc))]) from None
        projects = {p.code: p for p in projects_queryset().filter(document=document)} if document else {}
        listed_projects = _read_projects(reader, projects)
        listed_indicators = _read_indicators(reader, projects)
    finally:
        workbook.close()
    if document is None:
        raise WorkbookInvalid(reader.problems, reader.warnings)
    with transaction.atomic():
        evaluation = SelfEvaluation.objects.filter(document=document).select_for_update(of=("self",)).first()
        created = evaluation is None
        if evaluation is None:
            evaluation = SelfEvaluation.objects.create(document=document)
        try:
            evaluation_assert_editable(evaluation=evaluation)
        except ValidationError as exc:
            raise WorkbookInvalid([Problem(cells[excel.DEPARTMENT_CODE], m) for m in exc.messages]) from None
        prepared = []
        for project_code in dict.fromkeys([*listed_projects, *(c for c, _n in listed_indicators)]):
            project = projects[project_code]
            values, indicators = _stored_values(project)
            project_line = listed_projects.get(project_code)
            if project_line:
                values = project_line[2]
            for number in range(1, len(indicators) + 1):
                line = listed_indicators.get((project_code, number))
                if line:
                    indicators[number - 1] = line[2]
            try:
                prepared.append(
                    project_evaluation_prepare(
                        evaluation=evaluation, project=project, values=values, indicators=indicators
                    )
                )
            except EvaluationInvalid as invalid:
                for error in invalid.errors:
                    reader.problem(_where_error(error, project_code, project_line, listed_indicators), error.message)
        if reader.problems:
            transaction.set_rollback(True)
            raise WorkbookInvalid(reader.problems, reader.warnings)
        result = ImportResult(
            evaluation=str(evaluation),
            department_code=code,
            year=year,
            dry_run=dry_run,
            created=created,
            changes=_changes(prepared),
            warnings=reader.warnings,
        )
        if dry_run:
            transaction.set_rollback(True)
        else:
            prepared_write(evaluation=evaluation, prepared=prepared, user=user, reason=CHANGE_REASON_IMPORT)
    return result


def _where_error(error, project_code: str, project_line, listed_indicators: dict) -> str:
    if error.indicator is None:
        if project_line is None:
            return f"{excel.PROJECTS_SHEET}（{project_code}）"
        number, columns, _values = project_line
        header = _PROJECT_HEADERS.get(error.field)
        return (
            where(excel.PROJECTS_SHEET, number, columns[header])
            if header in columns
            else f"{excel.PROJECTS_SHEET}!{number}:{number}"
        )
    line = listed_indicators.get((project_code, error.indicator))
    if line is None:
        return f"{excel.INDICATORS_SHEET}（{project_code} 第{error.indicator}个指标）"
    number, columns, _values = line
    header = _INDICATOR_HEADERS.get(error.field)
    return (
        where(excel.INDICATORS_SHEET, number, columns[header])
        if header in columns
        else f"{excel.INDICATORS_SHEET}!{number}:{number}"
    )
