"""The library as an Excel workbook: one sheet 指标库, exported for editing and imported back.

An import reads and checks every cell first (with the document importer's reader, so problems name the cell,
指标库!D7) and writes nothing if any is wrong; otherwise it writes every row in one transaction. A row is matched
to an entry by its 二级 and normalised name; entries the workbook does not list are left as they are, since
learned entries are not the bureau's to list. Every imported row becomes a curated entry.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from indicators.catalog import Catalog
from indicators.models import Framework, Subcategory
from indicators.values import Comparator
from library.models import LibraryEntry, ProjectType, Source
from library.names import normalise_name, split_keywords
from workbooks.exporter import write_header, write_rows
from workbooks.format import Column
from workbooks.reader import Row, SheetReader, WorkbookInvalid, open_workbook

SHEET = "指标库"
FRAMEWORK, CATEGORY, SUBCATEGORY, NAME = "指标体系", "一级指标", "二级指标", "指标名称"
DEFINITION, FORMULA, COMPARATOR, UNIT = "指标解释", "计算公式或评分标准", "计算符号", "计量单位"
PROJECT_TYPES, KEYWORDS, ENABLED_FROM, ENABLED_TO = "项目类型", "关键词", "启用日期", "停用日期"
# Written for the reader's information; the import leaves them to the learning.
SOURCE, USE_COUNT, COMMON_VALUE = "指标来源", "使用文档数", "常用指标值"
COLUMNS = (
    Column(FRAMEWORK, width=14),
    Column(CATEGORY, width=12),
    Column(SUBCATEGORY, width=16),
    Column(NAME, width=30),
    Column(DEFINITION, required=False, width=40),
    Column(FORMULA, required=False, width=30),
    Column(COMPARATOR, required=False, width=8),
    Column(UNIT, required=False, width=8),
    Column(PROJECT_TYPES, required=False, width=20),
    Column(KEYWORDS, required=False, width=20),
    Column(ENABLED_FROM, required=False, width=12),
    Column(ENABLED_TO, required=False, width=12),
    Column(SOURCE, required=False, width=14),
    Column(USE_COUNT, required=False, width=10),
    Column(COMMON_VALUE, required=False, width=14),
)
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$")


def export_library(entries=None) -> Workbook:
    """Every entry (or those given), in the library's order."""
    if entries is None:
        entries = LibraryEntry.objects.all()
    entries = entries.select_related("subcategory__category__framework").prefetch_related("project_types")
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    write_header(ws, [c.header for c in COLUMNS], [c.width for c in COLUMNS])
    write_rows(
        ws,
        (
            [
                e.subcategory.category.framework.name,
                e.subcategory.category.name,
                e.subcategory.name,
                e.name,
                e.definition,
                e.formula,
                e.comparator,
                e.unit,
                "、".join(t.name for t in e.project_types.all()),
                e.keywords,
                e.enabled_from.isoformat() if e.enabled_from else "",
                e.enabled_to.isoformat() if e.enabled_to else "",
                e.get_source_display(),
                e.use_count,
                e.common_value,
            ]
            for e in entries
        ),
    )
    return workbook


@dataclass
class EntryData:
    subcategory: Subcategory
    name: str
    definition: str
    formula: str
    comparator: str
    unit: str
    project_types: list[ProjectType]
    keywords: str
    enabled_from: date | None
    enabled_to: date | None


@dataclass
class LibraryImportResult:
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


class _LibraryReader(SheetReader):
    expected_sheets = (SHEET,)

    def __init__(self, workbook):
        super().__init__(workbook)
        self.frameworks = list(Framework.objects.all())
        self.catalogs: dict[int, Catalog] = {}
        self.types = {t.name: t for t in ProjectType.objects.all()}

    def entries(self) -> list[EntryData]:
        sheet = self.sheet(SHEET)
        if sheet is None:
            return []
        columns, _months = self.columns(sheet, COLUMNS)
        if len(columns) < sum(c.required for c in COLUMNS):
            return []
        entries, seen = [], {}
        for number, cells in sheet.data_rows():
            row = Row(self, sheet.name, number, cells, columns)
            subcategory = self._subcategory(row)
            name = row.text(NAME, required=True)
            row.check_field(NAME, LibraryEntry, "name", name)
            comparator = row.text(COMPARATOR)
            if comparator and comparator not in Comparator.values:
                row.problem(
                    COMPARATOR,
                    _("计算符号“%(value)s”无效，可选：%(choices)s，或留空。")
                    % {"value": comparator, "choices": " ".join(Comparator.values)},
                )
            unit = row.text(UNIT)
            row.check_field(UNIT, LibraryEntry, "unit", unit)
            keywords = "、".join(split_keywords(row.text(KEYWORDS)))
            row.check_field(KEYWORDS, LibraryEntry, "keywords", keywords)
            types = self._project_types(row)
            enabled_from, enabled_to = self._date(row, ENABLED_FROM), self._date(row, ENABLED_TO)
            if enabled_from and enabled_to and enabled_to < enabled_from:
                row.problem(ENABLED_TO, _("停用日期不能早于启用日期。"))
            if subcategory is not None and name:
                key = (subcategory.pk, normalise_name(name))
                if key in seen:
                    row.problem(NAME, _("与第%(row)s行是同一二级指标下的同名指标。") % {"row": seen[key]})
                seen.setdefault(key, number)
            if row.ok:
                entries.append(
                    EntryData(
                        subcategory=subcategory,
                        name=name,
                        definition=row.text(DEFINITION),
                        formula=row.text(FORMULA),
                        comparator=comparator,
                        unit=unit,
                        project_types=types,
                        keywords=keywords,
                        enabled_from=enabled_from,
                        enabled_to=enabled_to,
                    )
                )
        return entries

    def _subcategory(self, row: Row) -> Subcategory | None:
        framework_text = row.text(FRAMEWORK, required=True)
        category, subcategory = row.text(CATEGORY, required=True), row.text(SUBCATEGORY, required=True)
        if not framework_text:
            return None
        framework = next((f for f in self.frameworks if framework_text in (f.name, f.code)), None)
        if framework is None:
            row.problem(
                FRAMEWORK,
                _("指标体系“%(name)s”不存在，可选：%(choices)s。")
                % {"name": framework_text, "choices": "、".join(f.name for f in self.frameworks)},
            )
            return None
        if not (category and subcategory):
            return None
        catalog = self.catalogs.setdefault(framework.pk, Catalog(framework))
        try:
            return catalog.resolve(category, subcategory)
        except ValidationError as exc:
            row.problem(CATEGORY if exc.code == "unknown_category" else SUBCATEGORY, exc.messages[0])
            return None

    def _project_types(self, row: Row) -> list[ProjectType]:
        found = []
        for name in split_keywords(row.text(PROJECT_TYPES)):
            if name in self.types:
                found.append(self.types[name])
            else:
                row.problem(
                    PROJECT_TYPES,
                    _("项目类型“%(name)s”不在财政局的项目类型列表中，可选：%(choices)s。")
                    % {"name": name, "choices": "、".join(self.types) or _("（列表为空）")},
                )
        return found

    def _date(self, row: Row, header: str) -> date | None:
        text = row.text(header)
        if not text:
            return None
        match = _DATE.match(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
        row.problem(header, _("“%(value)s”不是日期，请写作 2026-01-01。") % {"value": text})
        return None


def read_library(source) -> tuple[list[EntryData], list[str]]:
    """Every row checked; raises WorkbookInvalid listing every problem at its cell."""
    workbook = open_workbook(source)
    reader = _LibraryReader(workbook)
    try:
        entries = reader.entries()
    finally:
        workbook.close()
    if reader.problems:
        raise WorkbookInvalid(reader.problems, reader.warnings)
    return entries, reader.warnings


@transaction.atomic
def library_import(*, source) -> LibraryImportResult:
    """Read the workbook, then create or update its entries as curated ones, all or nothing."""
    rows, warnings = read_library(source)
    result = LibraryImportResult(warnings=warnings)
    stored = {
        (e.subcategory_id, e.normalized_name): e
        for e in LibraryEntry.objects.filter(subcategory__in={r.subcategory for r in rows})
    }
    for row in rows:
        entry = stored.get((row.subcategory.pk, normalise_name(row.name)))
        if entry is None:
            entry = LibraryEntry(subcategory=row.subcategory)
            result.created += 1
        else:
            result.updated += 1
        for name in ("name", "definition", "formula", "comparator", "unit", "keywords", "enabled_from", "enabled_to"):
            setattr(entry, name, getattr(row, name))
        entry.source = Source.CURATED
        entry.full_clean()
        entry.save()
        entry.project_types.set(row.project_types)
    return result
