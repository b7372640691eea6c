"""The blank template imports as it is, so its example rows show a clerk exactly what a valid row looks like."""

from io import BytesIO

from indicators.models import Framework, Indicator
from projects.models import Document
from workbooks.exporter import workbook_bytes
from workbooks.importer import workbook_import
from workbooks.template import template_workbook


def test_the_template_with_its_example_rows_imports_as_a_new_department(seed):
    content = workbook_bytes(template_workbook(Framework.objects.get(code="legacy")))
    result = workbook_import(source=BytesIO(content))
    assert [str(c) for c in result.changes] == [
        "新增 部门 999 示例部门",
        "新增 预算单位 999001 示例部门本级",
        "新增 绩效文本 示例部门 2022年",
        "新增 总体绩效目标（一）",
        "新增 项目 13012322P00000000001X 工会礼堂维护费（1 个指标）",
    ]
    assert Document.objects.get(department__code="711").projects.count() == 6
    indicator = Indicator.objects.get(project__code="13012322P00000000001X")
    assert (indicator.subcategory.category.name, indicator.comparator, indicator.unit) == ("产出指标", "≥", "%")
