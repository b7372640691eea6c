"""The Excel import from an attacker's side: it asks the same permission decision as the editor, and it does not
rename or create departments for someone who may not do so in the admin."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from projects.models import Department
from tests.workbooks.workbook_helpers import db_state, edited, export_bytes
from workbooks.importer import workbook_import
from workbooks.reader import WorkbookInvalid


def department_name_cell(workbook):
    sheet = workbook["文档"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "部门名称")
    return sheet.cell(row, 2)


def renamed_department(workbook):
    department_name_cell(workbook).value = "改名后的总工会"


def moved_to_department(code, name):
    def change(workbook):
        sheet = workbook["文档"]
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "部门编码")
        sheet.cell(row, 2).value = code
        department_name_cell(workbook).value = name
        for row in range(2, workbook["项目"].max_row + 1):
            workbook["项目"][f"A{row}"] = f"{code}001"
            workbook["项目"][f"B{row}"] = f"{name}本级"

    return change


def problems(source, user):
    with pytest.raises(WorkbookInvalid) as refused:
        workbook_import(source=source, user=user)
    return [str(p) for p in refused.value.problems]


def test_a_filler_may_not_rename_their_department_through_the_document_sheet(seed, filler):
    before = db_state()
    found = problems(edited(export_bytes(seed), renamed_department), filler)
    assert found == [
        "文档!B3：部门名称“改名后的总工会”与系统中部门 711 的名称“正定县总工会”不一致；部门名称只能由管理员修改。"
    ]
    assert db_state() == before


def test_a_superuser_may_rename_a_department_by_import(seed, superuser):
    workbook_import(source=edited(export_bytes(seed), renamed_department), user=superuser)
    assert Department.objects.get(code="711").name == "改名后的总工会"


def test_a_filler_may_not_create_a_department_by_import(seed, filler):
    before = db_state()
    found = problems(edited(export_bytes(seed), moved_to_department("799", "新建局")), filler)
    assert found == ["工作簿：您不能导入部门“799”的绩效文本。"]
    assert db_state() == before


@pytest.mark.parametrize("role", ["dept_reviewer", "bureau_reviewer", "auditor", "outsider"])
def test_readers_may_not_import_even_a_project_rename(seed, request, role):
    user = request.getfixturevalue(role)

    def rename(workbook):
        workbook["项目"]["D2"] = "偷偷改名"

    before = db_state()
    assert problems(edited(export_bytes(seed), rename), user) == ["工作簿：您不能导入部门“711”的绩效文本。"]
    assert db_state() == before


def test_the_upload_page_refuses_a_department_reviewers_rename_at_preview(client, seed, dept_reviewer):
    def rename(workbook):
        workbook["项目"]["D2"] = "偷偷改名"

    client.force_login(dept_reviewer)
    upload = edited(export_bytes(seed), rename)
    upload.name = "x.xlsx"
    response = client.post(reverse("workbooks:import"), {"file": upload})
    assert response.status_code == 422
    assert "您不能导入部门“711”的绩效文本。" in response.content.decode()


def test_the_import_command_with_a_user_asks_the_same_decision(seed, dept_reviewer, tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(edited(export_bytes(seed), renamed_department).read())
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path), "--user", "dept_reviewer", stdout=StringIO(), stderr=stderr)
    assert "您不能导入部门“711”的绩效文本。" in stderr.getvalue()
