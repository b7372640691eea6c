"""The monitoring workbook: export, import round trip, every refusal named by sheet!cell, nothing half-written."""

from decimal import Decimal as D
from io import BytesIO

import openpyxl
import pytest
from django.core.management import call_command

from monitoring import services
from monitoring.models import IndicatorMonitoring, MonitoringRound, ProjectMonitoring
from monitoring.workbook_export import export_monitoring
from monitoring.workbook_import import monitoring_import
from workbooks.exporter import workbook_bytes
from workbooks.reader import WorkbookInvalid


def exported(document, month=7) -> bytes:
    return workbook_bytes(export_monitoring(document, month))


def edited(content: bytes, change) -> BytesIO:
    workbook = openpyxl.load_workbook(BytesIO(content))
    change(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def problems_of(source, **kwargs) -> list[str]:
    with pytest.raises(WorkbookInvalid) as exc:
        monitoring_import(source=source, **kwargs)
    return [str(p) for p in exc.value.problems]


def state(round) -> list:
    reports = (
        ProjectMonitoring.objects.filter(round=round)
        .order_by("pk")
        .values_list("fiscal_spent", "other_spent", "annual_budget", "note")
    )
    lines = (
        IndicatorMonitoring.objects.filter(project_report__round=round)
        .order_by("pk")
        .values_list("actual_text", "actual_number", "causes", "cause_note", "likelihood", "remark", "cumulative")
    )
    return [list(reports), list(lines), ProjectMonitoring.history.count(), IndicatorMonitoring.history.count()]


def test_the_export_has_the_three_sheets_and_one_print_sheet_per_project(round7):
    workbook = openpyxl.load_workbook(BytesIO(exported(round7.document)))
    assert workbook.sheetnames[:3] == ["文档", "监控项目", "监控指标"]
    assert len(workbook.sheetnames) == 3 + 6
    indicators = workbook["监控指标"]
    assert [c.value for c in indicators[1]][:7] == [
        "项目编码",
        "序号",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "实际完成值",
    ]
    assert indicators.max_row == 1 + 41
    assert workbook["3.执行监控表"]["A1"].value.startswith("工会在职人员社保缴费绩效目标执行监控表")


def test_the_round_trip_changes_nothing(round7):
    before = state(round7)
    result = monitoring_import(source=BytesIO(exported(round7.document)))
    assert result.changes == []
    assert state(round7) == before


def test_an_import_writes_the_changed_cells_in_one_go_with_history(round7, filler):
    def change(workbook):
        workbook["监控项目"]["D2"] = 5.5  # 财政资金执行数 of project 1
        workbook["监控指标"]["G2"] = "85"  # 实际完成值 of project 1, 序号 1
        workbook["监控指标"]["I2"] = "经费保障,其他"

    result = monitoring_import(source=edited(exported(round7.document), change), user=filler)
    assert len(result.changes) == 2
    report = ProjectMonitoring.objects.get(round=round7, project__position=1)
    assert report.fiscal_spent == D("5.50")
    line = report.indicator_reports.get(indicator__position=1)
    assert (line.actual_number, line.causes) == (D("85"), ["经费保障", "其他"])
    assert line.history.first().history_user == filler
    assert line.history.first().history_change_reason == "Excel导入"


def test_a_dry_run_writes_nothing(round7):
    before = state(round7)
    source = edited(exported(round7.document), lambda wb: wb["监控项目"].__setitem__("D2", 5.5))
    assert len(monitoring_import(source=source, dry_run=True).changes) == 1
    assert state(round7) == before


def test_every_error_is_named_by_its_cell_and_nothing_is_written(round7):
    def change(workbook):
        projects, lines = workbook["监控项目"], workbook["监控指标"]
        projects["A3"] = "13012322P00000000000X"  # unknown project
        projects["D4"] = 18  # 执行数 above 全年预算数 17.63
        lines["B2"] = 9  # project 1 has 6 indicators
        lines["E3"] = "错行的指标名"
        lines["G4"] = "52次"  # the target 100 has no unit
        lines["I5"] = "天气原因"
        lines["K6"] = "差不多"

    before = state(round7)
    problems = problems_of(edited(exported(round7.document), change))
    assert problems == [
        "监控项目!A3：项目编码“13012322P00000000000X”不在本文档中。",
        "监控项目!D4：执行数 18.00（财政资金 + 其他资金）超过全年预算数 17.63。",
        "监控指标!B2：序号“9”无效：项目“13012322P00259810156P”有 6 个指标，序号应为1到6。",
        "监控指标!E3：三级指标“错行的指标名”与第2个指标的名称“生活救助项目资金使用率”不一致，请核对是否错行。",
        "监控指标!G4：实际完成值“52次”的单位“次”与指标值“100”的单位“（无）”不一致。",
        "监控指标!I5：偏差原因“天气原因”无效，可选：经费保障、制度保障、人员保障、硬件条件保障、其他。",
        "监控指标!K6：完成目标可能性“差不多”无效，可选：确定能、有可能、完全不可能。",
    ]
    assert state(round7) == before


def test_a_decreasing_amount_against_an_earlier_round_is_refused(round7, filler):
    later = services.round_create(document=round7.document, month=9, user=filler)
    july = {r.project.position: r.fiscal_spent for r in round7.project_reports.select_related("project")}

    def change(workbook):
        for row in range(2, 8):
            workbook["监控项目"].cell(row=row, column=4, value=float(july[row - 1]))
        workbook["监控项目"]["D2"] = 4.0

    source = edited(exported(round7.document, month=9), change)
    assert problems_of(source) == ["监控项目!D2：财政资金执行数是累计数，4.00 少于上一轮监控的 4.20。"]
    assert ProjectMonitoring.objects.get(round=later, project__position=1).fiscal_spent == 0


def test_columns_may_come_in_any_order_and_extra_ones_are_ignored(round7):
    def change(workbook):
        sheet = workbook["监控项目"]
        sheet.move_range("A1:A7", cols=8)
        sheet["J1"] = "自加的列"
        sheet["J2"] = "随便写"

    assert monitoring_import(source=edited(exported(round7.document), change)).changes == []


def test_a_locked_round_or_a_foreign_user_is_refused(round7, dept_reviewer, outsider):
    content = exported(round7.document)
    assert problems_of(BytesIO(content), user=outsider) == ["工作簿：您不能导入部门“711”的运行监控。"]
    services.round_transition(round=round7, user=dept_reviewer, action="submit")
    assert problems_of(BytesIO(content))[0].startswith("文档：《正定县总工会 2022年1-7月运行监控》当前状态为“已提交”")


def test_importing_a_round_not_opened_yet_opens_it(seed, tmp_path):
    path = tmp_path / "m8.xlsx"
    call_command("export_monitoring", "711", "2022", "--month", "8", "--output", str(path))

    def fill(workbook):
        for row in range(2, 8):
            workbook["监控项目"].cell(row=row, column=4, value=1)
        workbook["监控指标"]["G2"] = "90"

    monitoring_import(source=edited(path.read_bytes(), fill))
    round = MonitoringRound.objects.get(document=seed, month=8)
    assert round.project_reports.count() == 6
    assert round.project_reports.get(project__position=1).fiscal_spent == D("1.00")
