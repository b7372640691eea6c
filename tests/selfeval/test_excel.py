"""The Excel round trip: export, import unchanged, cell-named errors with nothing written, dry runs, history."""

from io import BytesIO, StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from selfeval.excel import export_evaluation
from selfeval.importer import evaluation_import
from selfeval.models import IndicatorEvaluation, ProjectEvaluation, SelfEvaluation
from selfeval.selectors import evaluation_report
from tests.selfeval.conftest import evaluation_snapshot, lock
from workbooks.exporter import workbook_bytes
from workbooks.reader import WorkbookInvalid


def _workbook(seed) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(workbook_bytes(export_evaluation(evaluation_report(seed)))))


def _file(workbook) -> BytesIO:
    out = BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def _column(ws, header: str) -> int:
    return next(cell.column for cell in ws[1] if cell.value == header)


def test_the_export_has_the_flat_sheets_a_summary_and_one_sheet_per_project(evaluation, seed):
    workbook = _workbook(seed)
    assert workbook.sheetnames[:4] == ["文档", "自评项目", "自评指标", "自评汇总"]
    assert len(workbook.sheetnames) == 4 + 6
    indicators = workbook["自评指标"]
    assert indicators.max_row == 1 + 41
    summary = workbook["自评汇总"]
    assert summary["H9"].value == pytest.approx(99.45)
    assert summary["I9"].value == "优"


def test_an_exported_workbook_imports_without_changes(evaluation, seed):
    before = evaluation_snapshot(evaluation)
    result = evaluation_import(source=_file(_workbook(seed)))
    assert result.changes == []
    assert evaluation_snapshot(evaluation) == before


def test_an_edited_workbook_changes_only_what_was_edited_with_history(evaluation, seed, filler):
    workbook = _workbook(seed)
    ws = workbook["自评指标"]
    ws.cell(row=2, column=_column(ws, "实际完成值")).value = 80
    ws.cell(row=2, column=_column(ws, "偏差原因分析及改进措施")).value = "部分职工未参保。"
    ws = workbook["自评项目"]
    ws.cell(row=3, column=_column(ws, "全年执行数")).value = 9.5
    dry = evaluation_import(source=_file(workbook), user=filler, dry_run=True)
    assert [str(c) for c in dry.changes] == [
        "项目“13012322P00259810156P”指标“建档职工帮扶救助率”（实际完成值、偏差原因分析及改进措施）",
        "项目“13012322P002581106928”（全年执行数）",
    ]
    assert IndicatorEvaluation.objects.get(indicator__name="建档职工帮扶救助率").actual_text != "80"
    evaluation_import(source=_file(workbook), user=filler)
    row = IndicatorEvaluation.objects.get(indicator__name="建档职工帮扶救助率")
    assert row.actual_text == "80"
    assert (row.history.first().history_user, row.history.first().history_change_reason) == (filler, "Excel导入")
    assert str(ProjectEvaluation.objects.get(project__code="13012322P002581106928").spent) == "9.50"


def test_a_percentage_cell_reads_as_a_percentage(evaluation, seed):
    workbook = _workbook(seed)
    ws = workbook["自评指标"]
    cell = ws.cell(row=2, column=_column(ws, "实际完成值"))
    cell.value, cell.number_format = 0.95, "0%"
    with pytest.raises(WorkbookInvalid) as caught:
        evaluation_import(source=_file(workbook))
    # The seed's target "≥90" has no unit, so "95%" is refused for its unit, not read as 0.95.
    assert [str(p) for p in caught.value.problems] == [
        "自评指标!G2：“实际完成值”“95%”的单位“%”与指标值“≥90”的单位“无”不一致。"
    ]


def test_every_error_names_its_cell_and_nothing_is_written(evaluation, seed):
    workbook = _workbook(seed)
    ws = workbook["自评指标"]
    ws.cell(row=2, column=_column(ws, "三级指标")).value = "别的指标"
    ws.cell(row=3, column=_column(ws, "序号")).value = 99
    ws.cell(row=4, column=_column(ws, "达成情况")).value = "很好"
    ws.cell(row=5, column=_column(ws, "分值")).value = "十"
    ws.cell(row=6, column=_column(ws, "得分")).value = 3
    ws.cell(row=7, column=_column(ws, "实际完成值")).value = "很多"
    ws = workbook["自评项目"]
    ws.cell(row=2, column=_column(ws, "全年执行数")).value = "七点七"
    ws.cell(row=3, column=_column(ws, "项目编码")).value = "13012322P00000000000X"
    before = evaluation_snapshot(evaluation)
    with pytest.raises(WorkbookInvalid) as caught:
        evaluation_import(source=_file(workbook))
    assert [p.where for p in caught.value.problems] == [
        "自评项目!E2",
        "自评项目!A3",
        "自评指标!E2",
        "自评指标!B3",
        "自评指标!I4",
        "自评指标!H5",
        "自评指标!G7",
        "自评指标!J6",
    ]
    assert caught.value.problems[0].message == "“全年执行数”应为数字（单位：万元，最多两位小数），不能是“七点七”。"
    assert caught.value.problems[7].message.startswith("“得分”3 不在“达成”的范围内：应不低于 24 且不高于 30")
    assert evaluation_snapshot(evaluation) == before


def test_a_missing_sheet_or_column_is_named(evaluation, seed):
    workbook = _workbook(seed)
    del workbook["自评指标"]
    workbook["自评项目"].delete_cols(_column(workbook["自评项目"], "全年执行数"))
    with pytest.raises(WorkbookInvalid) as caught:
        evaluation_import(source=_file(workbook))
    assert [str(p) for p in caught.value.problems] == [
        "自评项目!1:1：缺少列“全年执行数”（表头在第1行）。",
        "工作簿：缺少工作表“自评指标”（工作表名须为：文档、自评项目、自评指标）。",
    ]


def test_a_locked_self_evaluation_refuses_the_import(evaluation, seed):
    lock(evaluation)
    with pytest.raises(WorkbookInvalid, match="只有草稿或退回的自评可以修改"):
        evaluation_import(source=_file(_workbook(seed)))


def test_importing_starts_the_self_evaluation_when_there_is_none(evaluation, seed):
    workbook = _workbook(seed)
    SelfEvaluation.objects.all().delete()
    result = evaluation_import(source=_file(workbook))
    assert result.created
    assert ProjectEvaluation.objects.count() == 6
    assert IndicatorEvaluation.objects.count() == 41


def test_an_editor_of_another_department_may_not_import(evaluation, seed, outsider):
    with pytest.raises(WorkbookInvalid, match="只有本部门的填报人可以导入"):
        evaluation_import(source=_file(_workbook(seed)), user=outsider)


def test_export_and_import_commands(evaluation, seed, tmp_path):
    path = tmp_path / "自评.xlsx"
    out = StringIO()
    call_command("export_selfeval", "711", "2022", "--output", str(path), stdout=out)
    assert out.getvalue() == f"已写入 {path}\n"
    out = StringIO()
    call_command("import_selfeval", str(path), "--dry-run", stdout=out)
    assert out.getvalue() == "试运行（未写入）：正定县总工会2022年绩效自评。修改 0 项。\n"
    workbook = openpyxl.load_workbook(path)
    workbook["自评项目"]["E2"] = -1
    workbook.save(path)
    err = StringIO()
    with pytest.raises(CommandError, match="共 1 个错误，未导入任何内容。"):
        call_command("import_selfeval", str(path), stderr=err)
    assert err.getvalue() == "自评项目!E2：全年执行数不能为负数。\n"
