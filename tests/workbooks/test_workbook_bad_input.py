"""Every kind of bad workbook is refused with Chinese messages naming sheet!cell, the command fails, and the
database is exactly as it was."""

import zipfile
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from projects.models import Document
from tests.workbooks.workbook_helpers import db_state, edited, export_bytes, problems_of

# Seed export: 项目 row 2 is project 1 (预算数 7.70; plan 2.00, 4.00, 6.00, 7.70 in J..M); 指标 rows 2-7 are its
# indicators, row 2 being 产出指标 / 质量指标.
CODE_1 = "13012322P00259810156P"


def set_cells(**cells):
    """set_cells(项目={"E2": 1}) -> a change writing those cells."""

    def change(workbook):
        for sheet, values in cells.items():
            for ref, value in values.items():
                workbook[sheet][ref] = value

    return change


def delete_sheet(name):
    def change(workbook):
        del workbook[name]

    return change


def delete_column(sheet, column):
    def change(workbook):
        workbook[sheet].delete_cols(column)

    return change


def merge(sheet, cells):
    def change(workbook):
        workbook[sheet].merge_cells(cells)

    return change


CASES = {
    "formula_instead_of_value": (set_cells(项目={"E2": "=F2+G2"}), "项目!E2：不能使用公式"),
    "merged_cells_in_flat_sheet": (merge("指标", "B2:B3"), "指标!B2:B3：此表不能有合并单元格"),
    "text_in_number_cell": (
        set_cells(项目={"E2": "七点七"}),
        "项目!E2：“预算数”应为数字（单位：万元，最多两位小数），不能是“七点七”。",
    ),
    "more_than_two_decimals": (set_cells(项目={"F2": "7.701"}), "项目!F2：“财政资金”的 7.701 超过两位小数"),
    "negative_amount": (set_cells(项目={"G2": -1}), "项目!G2：预算数、财政资金和其他资金不能为负数。"),
    "funds_do_not_add_up": (
        set_cells(项目={"F2": 7}),
        "项目!E2：预算数 7.70 应等于财政资金 7.00 与其他资金 0.00 之和（7.00）。",
    ),
    "plan_decreases": (
        set_cells(项目={"K2": 1}),
        "项目!K2：资金支出计划是累计数，6月底的 1.00 不能小于3月底的 2.00。",
    ),
    "plan_does_not_reach_budget": (
        set_cells(项目={"M2": 7}),
        "项目!M2：12月底的累计计划数 7.00 应等于预算数 7.70。",
    ),
    "unknown_first_level": (set_cells(指标={"B2": "产出"}), "指标!B2：一级指标“产出”不在指标体系"),
    "unknown_second_level": (set_cells(指标={"C2": "数目指标"}), "指标!C2：二级指标“数目指标”不在一级指标“产出指标”下"),
    "second_level_under_wrong_first_level": (
        set_cells(指标={"C2": "社会效益指标"}),
        "指标!C2：二级指标“社会效益指标”不能放在一级指标“产出指标”下，应属于“效益指标”。",
    ),
    "duplicate_project_code": (set_cells(项目={"C3": CODE_1}), f"项目!C3：项目编码“{CODE_1}”与第2行重复。"),
    "indicator_for_project_not_in_projects": (
        set_cells(指标={"A3": "13012322P99999999999X"}),
        "指标!A3：项目编码“13012322P99999999999X”不在“项目”表中。",
    ),
    "empty_required_cell": (set_cells(项目={"D2": None}), "项目!D2：“项目名称”不能为空。"),
    "missing_sheet": (delete_sheet("指标"), "工作簿：缺少工作表“指标”"),
    "missing_column": (delete_column("项目", 5), "项目!1:1：缺少列“预算数”"),
    "target_too_large": (set_cells(指标={"F2": "≥1" + "0" * 20}), "指标!F2：指标值“≥1"),
    "basis_too_long": (set_cells(指标={"G2": "其他：" + "说明" * 100}), "指标!G2："),
    "unit_code_outside_department": (
        set_cells(项目={"A2": "712001"}),
        "项目!A2：单位编码“712001”应以所属部门编码“711”开头。",
    ),
    "project_code_of_another_year": (
        set_cells(项目={"C2": "13012321P00259810156P"}),
        "项目!C2：项目编码“13012321P00259810156P”的年度位为“21”",
    ),
    "months_out_of_order": (set_cells(项目={"J1": "11月底"}), "项目!1:1：资金支出计划时间节点必须按月份从小到大排列"),
    "unknown_goal_kind": (set_cells(部门目标={"A2": "总目标"}), "部门目标!A2：类别“总目标”无效"),
    "year_out_of_range": (set_cells(文档={"B4": "1999"}), "文档!B4：年度应在2000到2099之间。"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_workbook_is_refused_at_its_cell_and_nothing_changes(seed, tmp_path, case):
    change, expected = CASES[case]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(edited(export_bytes(seed), change).getvalue())
    before = db_state()

    problems = problems_of(path)
    assert any(p.startswith(expected) for p in problems), problems
    with pytest.raises(CommandError, match="未导入任何内容"):
        call_command("import_workbook", str(path))
    assert db_state() == before


def test_every_error_is_reported_not_only_the_first(seed):
    change = set_cells(
        项目={"E3": "abc", "D4": None, "G5": -1},
        指标={"B2": "产出", "C9": "社会效益指标", "F10": None},
    )
    problems = problems_of(edited(export_bytes(seed), change))
    assert [p.split("：")[0] for p in problems] == ["项目!E3", "项目!D4", "项目!G5", "指标!B2", "指标!C9", "指标!F10"]


def test_text_numbers_are_taken_as_amounts(seed):
    from workbooks.importer import workbook_import

    change = set_cells(项目={"E2": "7.7", "F2": " 7.70 ", "M2": "7.7"})
    workbook_import(source=edited(export_bytes(seed), change))
    assert Document.objects.get().projects.get(code=CODE_1).budget == Decimal("7.70")


def test_a_file_that_is_not_a_workbook_is_refused(seed, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("部门编码,711\n", encoding="utf-8")
    before = db_state()
    assert problems_of(path) == [
        "工作簿：文件不是有效的 Excel 工作簿（.xlsx），或已损坏、不完整。请用 Excel 或 WPS 另存为 .xlsx 后重试。"
    ]
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path))
    assert db_state() == before


def test_a_truncated_workbook_is_refused(seed, tmp_path):
    content = export_bytes(seed)
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(content[: len(content) // 2])
    before = db_state()
    assert problems_of(path)[0].startswith("工作簿：文件不是有效的 Excel 工作簿")
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path))
    assert db_state() == before


def test_a_workbook_with_corrupt_sheet_data_is_refused(seed, tmp_path):
    source = zipfile.ZipFile(BytesIO(export_bytes(seed)))
    path = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    before = db_state()
    assert problems_of(path)[0].startswith("工作簿：文件已损坏或不完整")
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path))
    assert db_state() == before


def test_a_zip_bomb_is_refused_from_its_directory_before_decompressing(seed, tmp_path, settings, monkeypatch):
    settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    assert path.stat().st_size < 200 * 1024

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    before = db_state()
    assert problems_of(path) == ["工作簿：文件解压后为 64.0 MB，超过上限 10.0 MB，拒绝读取。"]
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path))
    assert db_state() == before


def test_a_50_mb_file_is_refused_before_it_is_read(seed, tmp_path, monkeypatch):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)

    def never(*args, **kwargs):
        raise AssertionError("a file over the size limit must not be opened as a zip")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    before = db_state()
    assert problems_of(path) == ["工作簿：文件大小 50.0 MB 超过上限 20.0 MB。"]
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path))
    assert db_state() == before


def test_too_many_rows_are_refused(seed, settings):
    settings.WORKBOOK_MAX_ROWS = 10
    problems = problems_of(BytesIO(export_bytes(seed)))
    assert "指标：数据超过 10 行的上限，请拆分后分别导入。" in problems


def test_a_document_that_is_no_longer_editable_is_not_replaced(seed, tmp_path):
    path = tmp_path / "seed.xlsx"
    path.write_bytes(export_bytes(seed))
    Document.objects.filter(pk=seed.pk).update(status=Document.Status.SUBMITTED)
    before = db_state()
    assert problems_of(path) == [
        "文档：《正定县总工会 2022年部门预算绩效文本》当前状态为“已提交”，只有草稿或退回的文档可以修改。"
    ]
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path), dry_run=True)
    assert db_state() == before


def test_unknown_columns_are_ignored_with_a_warning(seed):
    from workbooks.importer import workbook_import

    result = workbook_import(source=edited(export_bytes(seed), set_cells(项目={"N1": "备注", "N2": "随便写"})))
    assert result.warnings == ["项目!N1：未知的列“备注”，已忽略。"]
    assert result.changes == []


def test_a_new_workbook_cannot_take_another_departments_unit(seed, document, unit):
    change = set_cells(文档={"B2": "713", "B3": "正定县新局"}, 项目={f"A{r}": "713001" for r in range(2, 8)})
    source = edited(export_bytes(seed), change)
    unit.code, unit.department = "713001", document.department
    unit.save()
    assert problems_of(source) == ["项目：单位编码“713001”已属于部门“712 正定县测试局”，不能用于部门“713”。"]


def test_blank_rows_are_skipped_and_errors_keep_the_row_numbers_excel_shows(seed):
    def change(workbook):
        workbook["项目"].insert_rows(3, 2)
        workbook["项目"]["E6"] = "abc"

    assert problems_of(edited(export_bytes(seed), change)) == [
        "项目!E6：“预算数”应为数字（单位：万元，最多两位小数），不能是“abc”。"
    ]
