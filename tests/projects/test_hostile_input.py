"""Absurd and hostile input, as an attacker would send it: huge numbers, XML with a DTD, control characters.
Each gets a clear Chinese message naming its field or cell, nothing is written, and text already stored with
control characters still prints in every format."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from indicators.models import Indicator
from projects.models import Project
from projects.selectors import document_report
from reports.pdf import build_pdf, document_sources
from tests.projects.form_data import page_data
from tests.workbooks.workbook_helpers import db_state, edited, export_bytes, problems_of
from workbooks.exporter import export_document, workbook_bytes

HOSTILE_NAME = "工会\x01礼堂\x1b[31m"


def set_cell(sheet, ref, value):
    def change(workbook):
        workbook[sheet][ref] = value

    return change


@pytest.mark.parametrize(
    "value", [1e300, "1" * 30, "9" * 40, 10**40, -(10**20)], ids=["1e300", "30-digits", "40-digits", "int", "neg"]
)
def test_an_absurd_amount_is_refused_at_its_cell(seed, value):
    before = db_state()
    problems = problems_of(edited(export_bytes(seed), set_cell("项目", "E2", value)))
    assert any(p.startswith("项目!E2：") and "过大" in p for p in problems), problems
    assert db_state() == before


def test_an_absurd_target_number_is_refused_at_its_cell(seed):
    problems = problems_of(edited(export_bytes(seed), set_cell("指标", "F2", "≥" + "9" * 40 + "人")))
    assert any(p.startswith("指标!") and "过大" in p for p in problems), problems


def with_part_replaced(content: bytes, name: str, new_text: bytes) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, new_text if info.filename == name else source.read(info))
    out.seek(0)
    return out


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    declaration_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:declaration_end] + doctype + xml[declaration_end:]


DOCTYPES = {
    "external-entity": b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "entity-expansion": b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    "bare-dtd": b"<!DOCTYPE workbook>",
}


@pytest.mark.parametrize("doctype", DOCTYPES.values(), ids=DOCTYPES.keys())
@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"])
def test_a_dtd_in_any_part_of_the_workbook_is_refused(seed, part, doctype):
    content = export_bytes(seed)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read(part)
    before = db_state()
    problems = problems_of(with_part_replaced(content, part, with_doctype(xml, doctype)))
    assert problems == [
        f"工作簿（{part}）：文件含有 XML 文档类型定义（DOCTYPE），Excel 工作簿不会有这样的内容，拒绝读取。"
    ]
    assert db_state() == before


def test_the_import_command_reports_a_dtd_without_a_traceback(seed, tmp_path):
    content = export_bytes(seed)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/workbook.xml")
    path = tmp_path / "entity.xlsx"
    path.write_bytes(
        with_part_replaced(content, "xl/workbook.xml", with_doctype(xml, DOCTYPES["external-entity"])).read()
    )
    with pytest.raises(CommandError, match="未导入任何内容"):
        call_command("import_workbook", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_upload_page_answers_422_not_500_for_a_dtd(client, seed, django_user_model):
    from tests.conftest import make_user

    client.force_login(make_user(django_user_model, "f", role="填报人", departments=[seed.department]))
    content = export_bytes(seed)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/workbook.xml")
    upload = with_part_replaced(content, "xl/workbook.xml", with_doctype(xml, DOCTYPES["entity-expansion"]))
    upload.name = "bomb.xlsx"
    response = client.post(reverse("workbooks:import"), {"file": upload})
    assert response.status_code == 422
    assert "DOCTYPE" in response.content.decode()


# Control characters


def test_control_characters_typed_in_the_editor_are_refused_next_to_the_field(client, seed, django_user_model):
    from tests.conftest import make_user

    client.force_login(make_user(django_user_model, "f", role="填报人", departments=[seed.department]))
    project = seed.projects.get(position=1)
    url = reverse("projects:project_edit", args=[project.pk])
    data = page_data(client.get(url))
    data["name"] = HOSTILE_NAME
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["“项目名称”含有不可见的控制字符（U+0001），请删除后重新填写。"]
    project.refresh_from_db()
    assert project.name != HOSTILE_NAME


def test_control_characters_in_the_admin_are_refused_next_to_the_field(client, seed, superuser):
    client.force_login(superuser)
    department = seed.department
    url = reverse("admin:projects_department_change", args=[department.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(name="总工会\x1b[2J", **{"units-TOTAL_FORMS": 0, "units-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "控制字符" in str(response.context["errors"])
    department.refresh_from_db()
    assert department.name == "正定县总工会"


def test_control_characters_in_a_workbook_are_refused_at_their_cell(seed):
    # openpyxl itself refuses to write C0 characters; DEL and C1 it writes, as other tools write the rest.
    problems = problems_of(edited(export_bytes(seed), set_cell("项目", "D2", "礼堂\x7f")))
    assert "项目!D2：“项目名称”含有不可见的控制字符（U+007F），请删除后重新填写。" in problems


def test_a_return_comment_with_control_characters_is_refused(seed, django_user_model):
    from django.core.exceptions import ValidationError

    from tests.conftest import make_user
    from workflow.transitions import document_return, document_submit

    document_submit(
        document=seed, user=make_user(django_user_model, "d", role="部门审核人", departments=[seed.department])
    )
    with pytest.raises(ValidationError, match="控制字符"):
        document_return(document=seed, user=make_user(django_user_model, "b", role="财政局审核人"), comment="改\x1b")


@pytest.fixture
def stored_control_characters(seed):
    """Text that came in before the rule existed (or by the shell), stored as it was."""
    project = seed.projects.get(position=1)
    Project.objects.filter(pk=project.pk).update(name=HOSTILE_NAME, purpose="甲\x0b乙", goal="x\x7f\x85y")
    Indicator.objects.filter(pk=project.indicators.first().pk).update(name="指标\x08名")
    return seed


def test_every_output_survives_stored_control_characters(client, stored_control_characters, superuser):
    seed = stored_control_characters
    client.force_login(superuser)
    args = [seed.department.code, seed.year]
    export = client.get(reverse("workbooks:export", args=args))
    assert export.status_code == 200
    assert "工会礼堂[31m" in str(export_document(seed)["项目"]["D2"].value)
    assert client.get(reverse("reports:document", args=args)).status_code == 200
    assert client.get(reverse("projects:document", args=args)).status_code == 200
    pdf = build_pdf(document_sources(document_report(seed)), use_cache=False)
    assert pdf.content.startswith(b"%PDF")
    assert "工会礼堂[31m" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert workbook_bytes(export_document(seed))


def test_the_admin_still_lists_what_is_stored(client, stored_control_characters, superuser):
    client.force_login(superuser)
    for model in [Project, Indicator]:
        assert model in site._registry
        assert (
            client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")).status_code == 200
        )


def test_money_still_round_trips(seed):
    assert seed.projects.get(position=1).budget == Decimal("7.70")
