"""The exported workbook: four flat sheets the importer reads back, and one printable sheet per project."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.management import call_command

from projects.models import Document
from tests.conftest import grow_document
from tests.workbooks.workbook_helpers import export_bytes
from workbooks.exporter import export_document


@pytest.fixture
def workbook(seed):
    return openpyxl.load_workbook(BytesIO(export_bytes(seed)))


def rows(ws):
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_flat_sheets_come_first_then_one_sheet_per_project(workbook):
    assert workbook.sheetnames[:4] == ["文档", "部门目标", "项目", "指标"]
    assert workbook.sheetnames[4:] == [
        "1.2022年省级困难职工及劳模帮扶救助资金（石财行20216",
        "2.工会礼堂维护费",
        "3.工会在职人员社保缴费",
        "4.困难职工帮扶资金",
        "5.市级以上劳模体检资金",
        "6.退役军人人员经费",
        "选项",
    ]
    assert workbook["选项"].sheet_state == "hidden"


def test_the_export_has_the_templates_drop_downs_and_the_subcategory_list_follows_the_category(workbook):
    indicators = workbook["指标"]
    lists = {str(v.sqref): (v.formula1, v.showErrorMessage) for v in indicators.data_validations.dataValidation}
    assert lists == {
        "B2:B5000": ("='选项'!$B$2:$B$4", True),
        "C2:C5000": ('=INDIRECT("level2_"&MATCH($B2,level1,0))', True),
        "G2:G5000": ("='选项'!$D$2:$D$5", False),
    }
    assert workbook.defined_names["level1"].attr_text == "'选项'!$B$2:$B$4"
    assert workbook.defined_names["level2_1"].attr_text == "'选项'!$E$2:$E$5"
    options = workbook["选项"]
    assert [c.value for c in options["E"] if c.value] == ["产出指标", "数量指标", "质量指标", "时效指标", "成本指标"]
    assert [c.value for c in options["G"] if c.value] == ["满意度指标", "服务对象满意度指标"]
    assert workbook["部门目标"].data_validations.dataValidation[0].formula1 == "='选项'!$A$2:$A$4"


def test_document_and_goal_sheets_hold_cover_fields_and_numbered_goals(workbook):
    assert rows(workbook["文档"]) == [
        ["字段", "值"],
        ["部门编码", "711"],
        ["部门名称", "正定县总工会"],
        ["年度", "2022"],
        ["编制单位", "正定县总工会"],
        ["审核单位", "正定县财政局"],
        ["指标体系", "产出/效益/满意度指标体系"],
    ]
    goals = rows(workbook["部门目标"])
    assert goals[0] == ["类别", "序号", "内容"]
    assert [(kind, number) for kind, number, _text in goals[1:]][4:7] == [
        ("总体绩效目标", 5),
        ("分项绩效目标", 1),
        ("分项绩效目标", 2),
    ]
    assert len(goals) == 1 + 18


def test_project_sheet_has_amounts_as_two_place_numbers_and_blank_checkpoints(workbook):
    ws = workbook["项目"]
    assert rows(ws)[0] == [
        "单位编码", "单位名称", "项目编码", "项目名称", "预算数", "财政资金", "其他资金", "资金用途", "绩效目标",
        "3月底", "6月底", "10月底", "12月底",
    ]  # fmt: skip
    hall = rows(ws)[2]
    assert hall[:7] == ["711001", "正定县总工会本级", "13012322P002581106928", "工会礼堂维护费", 10, 10, 0]
    assert hall[9:] == [None, 5, None, 10]
    assert {ws[ref].number_format for ref in ("E3", "F3", "G3", "K3", "M3")} == {"0.00"}
    assert sum(Decimal(str(r[4])) for r in rows(ws)[1:]) == Decimal("50.58")


def test_indicator_sheet_keeps_entry_order_and_basis(workbook):
    indicators = rows(workbook["指标"])
    assert indicators[0] == ["项目编码", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    assert len(indicators) == 1 + 41
    assert [r[2] for r in indicators[1:5]] == ["质量指标", "成本指标", "数量指标", "时效指标"]
    assert indicators[1][5:] == ["≥90", "行业标准"]


def test_project_sheet_is_laid_out_like_the_printed_table(workbook):
    ws = workbook["2.工会礼堂维护费"]
    assert ws["A1"].value == "2.工会礼堂维护费绩效目标表"
    assert (ws["A2"].value, ws["E2"].value) == ("711001 正定县总工会本级", "单位：万元")
    assert (ws["A3"].value, ws["B3"].value, ws["D3"].value, ws["E3"].value) == (
        "项目编码",
        "13012322P002581106928",
        "项目名称",
        "工会礼堂维护费",
    )
    assert [ws.cell(row=4, column=c).value for c in range(1, 8)] == [
        "预算规模及资金用途", "预算数", 10, "其中：财政资金", 10, "其他资金", None,
    ]  # fmt: skip
    assert [ws[ref].value for ref in ("B6", "D6", "F6", "G6")] == ["3月底", "6月底", "10月底", "12月底"]
    assert [ws[ref].value for ref in ("B7", "D7", "F7", "G7")] == [None, 5, None, 10]
    assert ws["A9"].value == "一级指标"
    assert ws["G9"].value == "指标值确定依据"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:G1", "B3:C3", "E3:G3", "A4:A5", "B5:G5", "A6:A7", "B6:C6", "B8:G8", "D9:E9", "A10:A13"} <= merged
    assert [ws.cell(row=r, column=1).value for r in range(10, 17)] == [
        "产出指标",
        None,
        None,
        None,
        "效益指标",
        None,
        "满意度指标",
    ]


def test_project_sheet_is_framed_wrapped_and_set_up_for_a4(workbook):
    ws = workbook["1.2022年省级困难职工及劳模帮扶救助资金（石财行20216"]
    assert ws["D10"].border.left.style == "thin"
    assert ws["G15"].border.bottom.style == "thin"
    assert ws["D10"].alignment.wrap_text
    assert ws["C4"].number_format == "0.00"
    assert ws.column_dimensions["D"].width == 14
    assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$9:$9"
    assert ws.row_dimensions[10].height > ws.row_dimensions[13].height


def test_text_that_looks_like_a_formula_is_written_as_text(seed):
    project = seed.projects.get(position=1)
    project.name, project.purpose, project.goal = "=1+1", "+86 电话", "@所有人"
    project.save()
    ws = openpyxl.load_workbook(BytesIO(export_bytes(seed)))["项目"]
    for ref, value in (("D2", "=1+1"), ("H2", "+86 电话"), ("I2", "@所有人")):
        assert (ws[ref].value, ws[ref].data_type) == (value, "s")
    assert ws["D2"].quotePrefix


@pytest.mark.parametrize("copies", [0, 5])
def test_export_reads_the_document_in_six_queries_whatever_its_size(seed, copies, django_assert_num_queries):
    grow_document(seed, copies)
    with django_assert_num_queries(6):
        export_document(seed)


def test_export_command_writes_the_file(seed, tmp_path):
    path = tmp_path / "out.xlsx"
    call_command("export_workbook", "711", "2022", output=str(path))
    assert openpyxl.load_workbook(path).sheetnames[2] == "项目"


def test_export_command_fails_for_a_missing_document(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="没有部门“999”2022年的绩效文本"):
        call_command("export_workbook", "999", "2022")
    assert not Document.objects.exists()
