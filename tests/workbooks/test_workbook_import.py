"""Importing workbooks: into an empty database, over an existing document, as a dry run, with history kept,
in a number of queries that does not grow with the rows, and from a file re-saved by LibreOffice."""

import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, PlanEntry, Project
from tests.workbooks.workbook_helpers import db_state, edited, empty_database, export_bytes, sheet_values
from workbooks.importer import CHANGE_REASON, workbook_import


def test_round_trip_export_import_into_empty_database_export_gives_the_same_workbook(seed):
    original = export_bytes(seed)
    empty_database()
    result = workbook_import(source=BytesIO(original))
    assert result.summary == "新增 27 项，修改 0 项，删除 0 项。"  # department, unit, document, 18 goals, 6 projects
    document = Document.objects.get(department__code="711", year=2022)
    assert (document.projects.count(), Indicator.objects.count(), PlanEntry.objects.count()) == (6, 41, 17)
    assert sheet_values(export_bytes(document)) == sheet_values(original)


def test_importing_the_same_workbook_again_changes_nothing(seed):
    before = db_state()
    result = workbook_import(source=BytesIO(export_bytes(seed)))
    assert result.changes == []
    assert db_state() == before


def test_reimport_replaces_content_matched_by_codes_and_reports_it(seed):
    def change(workbook):
        projects, indicators = workbook["项目"], workbook["指标"]
        projects["D3"] = "工会礼堂维修费"
        projects["K3"], projects["M3"], projects["E3"], projects["F3"] = 6, 12, 12, 12
        drop_project(workbook, 7)  # 退役军人人员经费
        projects.append(
            ["711002", "正定县工人文化宫", "13012322P002581106999", "文化宫运行", 1, 1, 0, "", "", None, None, None, 1]
        )
        indicators["F2"], indicators["C2"] = "≥95", "数量指标"
        indicators.append(["13012322P002581106999", "产出指标", "数量指标", "开放天数", "", "≥300天", "计划标准"])
        workbook["部门目标"].delete_rows(2)

    source = edited(export_bytes(seed), change)
    lines = [str(c) for c in workbook_import(source=source, dry_run=True).changes]
    assert lines == [
        "新增 预算单位 711002 正定县工人文化宫",
        "修改 总体绩效目标（一）",
        "修改 总体绩效目标（二）",
        "修改 总体绩效目标（三）",
        "修改 总体绩效目标（四）",
        "删除 总体绩效目标（五）",
        "修改 项目 13012322P00259810156P 2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）"
        "（指标：新增0、修改3、删除0）",
        "修改 项目 13012322P002581106928 工会礼堂维修费（项目名称、预算数、财政资金、资金支出计划）",
        "新增 项目 13012322P002581106999 文化宫运行（1 个指标）",
        "删除 项目 13012322P002581106901 退役军人人员经费",
    ]
    assert Project.objects.filter(code="13012322P002581106901").exists()

    source.seek(0)
    result = workbook_import(source=source)
    assert [str(c) for c in result.changes] == lines
    document = Document.objects.get(pk=seed.pk)
    assert document.revision == seed.revision + 1
    assert list(document.projects.values_list("code", flat=True)) == [
        "13012322P00259810156P",
        "13012322P002581106928",
        "13012322P00258110688" + "2",
        "13012322P00258110694F",
        "13012322P00258110696N",
        "13012322P002581106999",
    ]
    hall = document.projects.get(code="13012322P002581106928")
    assert (hall.name, hall.budget, hall.revision) == ("工会礼堂维修费", Decimal("12.00"), 1)
    assert dict(hall.plan_entries.values_list("month", "amount")) == {6: Decimal("6.00"), 12: Decimal("12.00")}
    assert BudgetUnit.objects.get(code="711002").department.code == "711"
    assert document.goals.filter(kind="overall").count() == 4
    assert Indicator.objects.filter(project__code="13012322P002581106901").count() == 0
    first = Indicator.objects.get(project__code="13012322P00259810156P", position=1)
    assert (first.subcategory.name, first.value_text, first.target_number) == ("数量指标", "≥95", Decimal("95"))


def test_dry_run_command_lists_changes_and_writes_nothing(seed, tmp_path, capsys):
    path = tmp_path / "changed.xlsx"
    path.write_bytes(edited(export_bytes(seed), lambda wb: drop_project(wb, 7)).getvalue())
    before = db_state()
    call_command("import_workbook", str(path), dry_run=True)
    out = capsys.readouterr().out
    assert "删除 项目 13012322P002581106901 退役军人人员经费" in out
    assert "试运行（未写入）：正定县总工会 2022年部门预算绩效文本。新增 0 项，修改 0 项，删除 1 项。" in out
    assert db_state() == before


def test_import_changes_appear_in_history_with_their_reason(seed, superuser):
    def change(workbook):
        workbook["项目"]["D3"] = "工会礼堂维修费"
        drop_project(workbook, 7)

    workbook_import(source=edited(export_bytes(seed), change), user=superuser)
    changed = Project.history.filter(code="13012322P002581106928").latest("history_date")
    removed = Project.history.filter(code="13012322P002581106901").latest("history_date")
    assert (changed.history_type, changed.name, changed.history_change_reason) == ("~", "工会礼堂维修费", CHANGE_REASON)
    assert (removed.history_type, removed.history_user) == ("-", superuser)
    assert Indicator.history.filter(history_type="-", project_id=removed.id).count() == 7
    assert PlanEntry.history.filter(history_type="-", project_id=removed.id).count() == 4


def drop_project(workbook, row: int) -> None:
    """Remove the project on 项目 row `row` and its indicators."""
    projects, indicators = workbook["项目"], workbook["指标"]
    code = projects[f"C{row}"].value
    projects.delete_rows(row)
    for number in range(indicators.max_row, 1, -1):
        if indicators[f"A{number}"].value == code:
            indicators.delete_rows(number)


def _small(workbook):
    """The first two projects with one indicator each, and one goal."""
    workbook["项目"].delete_rows(4, 10)
    workbook["指标"].delete_rows(9, 100)
    workbook["指标"].delete_rows(3, 5)
    workbook["部门目标"].delete_rows(3, 100)


def _every_row_changed(workbook):
    projects, indicators = workbook["项目"], workbook["指标"]
    for row in range(2, projects.max_row + 1):
        projects[f"D{row}"] = f"{projects[f'D{row}'].value}（修订）"
    for row in range(2, indicators.max_row + 1):
        indicators[f"D{row}"] = f"{indicators[f'D{row}'].value}（修订）"
    drop_project(workbook, projects.max_row)


@pytest.mark.parametrize("size", ["small", "seed"])
def test_import_into_an_empty_database_takes_the_same_queries_whatever_the_size(seed, size, django_assert_num_queries):
    content = export_bytes(seed)
    source = edited(content, _small) if size == "small" else BytesIO(content)
    empty_database()
    with django_assert_num_queries(36):
        workbook_import(source=source)


@pytest.mark.parametrize("size", ["small", "seed"])
def test_reimport_changing_every_row_takes_the_same_queries_whatever_the_size(seed, size, django_assert_num_queries):
    content = export_bytes(seed)
    if size == "small":
        empty_database()
        workbook_import(source=edited(content, _small))
    source = edited(content, _small) if size == "small" else BytesIO(content)
    source = edited(source.getvalue(), _every_row_changed)
    # Includes the edit lock's one check per bulk write (projects/edit_lock.py).
    with django_assert_num_queries(40):
        workbook_import(source=source)


@pytest.mark.parametrize("size", ["small", "seed"])
def test_dry_run_takes_the_same_queries_whatever_the_size(seed, size, django_assert_num_queries):
    content = export_bytes(seed)
    source = edited(content, _small) if size == "small" else BytesIO(content)
    with django_assert_num_queries(11):
        workbook_import(source=source, dry_run=True)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Calc is not installed")
def test_a_workbook_resaved_by_libreoffice_imports_exactly_as_the_original(seed, tmp_path):
    project = seed.projects.get(position=1)
    project.name, project.purpose, project.goal = "=1+1", "+86 电话", "@所有人"
    project.save()
    original = tmp_path / "original.xlsx"
    original.write_bytes(export_bytes(seed))
    resaved_dir = tmp_path / "resaved"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(resaved_dir),
            str(original),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    resaved = resaved_dir / "original.xlsx"
    assert resaved.read_bytes() != original.read_bytes()

    assert workbook_import(source=resaved, dry_run=True).changes == []
    empty_database()
    workbook_import(source=original)
    from_original = export_bytes(Document.objects.get())
    empty_database()
    workbook_import(source=resaved)
    assert sheet_values(export_bytes(Document.objects.get())) == sheet_values(from_original)
    assert Project.objects.get(code=project.code).name == "=1+1"


def test_formula_like_text_survives_the_round_trip_as_text(seed):
    project = seed.projects.get(position=1)
    project.name, project.purpose = '=HYPERLINK("http://x")', "+1 给职工"
    project.save()
    Indicator.objects.filter(project=project, position=1).update(description="-仅供参考", name="@SUM")
    content = export_bytes(seed)
    empty_database()
    workbook_import(source=BytesIO(content))
    again = Project.objects.get(code=project.code)
    assert (again.name, again.purpose) == ('=HYPERLINK("http://x")', "+1 给职工")
    assert again.indicators.values_list("name", "description").first() == ("@SUM", "-仅供参考")


def test_a_new_department_and_its_units_are_created(seed):
    def change(workbook):
        workbook["文档"]["B2"], workbook["文档"]["B3"] = "713", "正定县新局"
        for row in range(2, 8):
            workbook["项目"][f"A{row}"], workbook["项目"][f"B{row}"] = "713001", "正定县新局本级"

    result = workbook_import(source=edited(export_bytes(seed), change))
    assert [str(c) for c in result.changes[:3]] == [
        "新增 部门 713 正定县新局",
        "新增 预算单位 713001 正定县新局本级",
        "新增 绩效文本 正定县新局 2022年",
    ]
    assert Department.objects.get(code="713").documents.get().projects.count() == 6
    assert DepartmentGoal.objects.filter(document__department__code="713").count() == 18


AS_WRITTEN = ["其他", "其他：专家论证", "其他:上级文件", "国家职业技能标准"]


def test_a_real_style_workbook_keeps_every_basis_and_odd_target_as_written(seed):
    def real_style(workbook):
        sheet = workbook["指标"]
        for row, written in enumerate(AS_WRITTEN, 2):
            sheet[f"G{row}"] = written
        sheet["F3"] = "≥上年水平"

    workbook_import(source=edited(export_bytes(seed), real_style))
    rows = list(Indicator.objects.filter(project__document=seed).order_by("project__position", "position")[:4])
    assert [row.basis for row in rows] == AS_WRITTEN
    assert (rows[1].value_text, rows[1].is_qualitative) == ("≥上年水平", True)
    exported = sheet_values(export_bytes(seed))["指标"][0]
    assert [row[6] for row in exported[1:5]] == AS_WRITTEN


def test_rows_of_a_category_scattered_over_the_sheet_are_imported_as_one_block(seed):
    def first_row_last(workbook):
        sheet = workbook["指标"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=7)]
        for offset, values in enumerate([*rows[1:], rows[0]], 2):
            for column, value in enumerate(values, 1):
                sheet.cell(row=offset, column=column, value=value)

    before = list(seed.projects.get(position=1).indicators.order_by("position").values_list("name", flat=True))
    preview = workbook_import(source=edited(export_bytes(seed), first_row_last), dry_run=True)
    assert any("已按一级、二级指标归组" in warning for warning in preview.warnings)
    workbook_import(source=edited(export_bytes(seed), first_row_last))
    after = list(seed.projects.get(position=1).indicators.order_by("position").values_list("name", flat=True))
    assert after == [*before[1:4], before[0], *before[4:]]


def test_the_preview_shows_old_and_new_values_of_every_changed_field(seed):
    def change(workbook):
        projects, indicators = workbook["项目"], workbook["指标"]
        projects["E3"], projects["F3"], projects["M3"] = 12, 12, 12
        indicators["F2"], indicators["G2"] = "≥95", "其他：专家论证"
        workbook["文档"]["B5"] = "正定县总工会办公室"

    changes = workbook_import(source=edited(export_bytes(seed), change), dry_run=True).changes
    diffs = {(d.label, d.old, d.new) for c in changes for d in c.diffs}
    assert ("编制单位", "正定县总工会", "正定县总工会办公室") in diffs
    assert ("预算数", "10.00", "12.00") in diffs
    assert ("财政资金", "10.00", "12.00") in diffs
    assert ("12月底", "10.00", "12.00") in diffs
    first = Indicator.objects.get(project__code="13012322P00259810156P", position=1)
    assert (f"指标第1行“{first.name}”指标值", first.value_text, "≥95") in diffs
    assert (f"指标第1行“{first.name}”指标值确定依据", first.basis, "其他：专家论证") in diffs
