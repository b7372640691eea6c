"""The workbook pages: export and template downloads, upload with preview, then confirmation."""

import os
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Document, Project
from tests.conftest import make_user
from tests.workbooks.workbook_helpers import db_state, edited, export_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def member(seed, django_user_model):
    return make_user(django_user_model, "member", role="填报人", departments=[seed.department])


@pytest.fixture
def outsider(seed, django_user_model):
    return make_user(django_user_model, "outsider", role="填报人")


def upload(content, name="seed.xlsx"):
    return SimpleUploadedFile(name, content.getvalue() if isinstance(content, BytesIO) else content, XLSX)


def test_member_downloads_the_document_as_xlsx(client, member):
    client.force_login(member)
    response = client.get(reverse("workbooks:export", args=["711", 2022]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "filename*=utf-8''711-2022-" in response["Content-Disposition"]
    assert openpyxl.load_workbook(BytesIO(response.content)).sheetnames[:4] == ["文档", "部门目标", "项目", "指标"]


def test_outsider_gets_404_on_export(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("workbooks:export", args=["711", 2022])).status_code == 404


def test_anonymous_user_is_sent_to_log_in(client, seed, settings):
    settings.LOGIN_URL = "login"
    for url in (
        reverse("workbooks:export", args=["711", 2022]),
        reverse("workbooks:template"),
        reverse("workbooks:import"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_template_has_headers_drop_downs_and_an_example_row(client, member):
    client.force_login(member)
    response = client.get(reverse("workbooks:template"), {"framework": "central-2021"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["文档", "部门目标", "项目", "指标", "选项"]
    assert workbook["选项"].sheet_state == "hidden"
    indicators = workbook["指标"]
    assert [c.value for c in indicators[1]] == [
        "项目编码",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
    ]
    assert [c.value for c in indicators[2]][1:3] == ["成本指标", "经济成本指标"]
    lists = {str(v.sqref): v.formula1 for v in indicators.data_validations.dataValidation}
    assert lists == {
        "B2:B5000": "='选项'!$B$2:$B$5",
        "C2:C5000": '=INDIRECT("level2_"&MATCH($B2,level1,0))',
        "G2:G5000": "='选项'!$D$2:$D$5",
    }
    assert workbook.defined_names["level2_1"].attr_text == "'选项'!$E$2:$E$4"
    cost = [c.value for c in workbook["选项"]["E"] if c.value]
    assert cost == ["成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标"]
    assert [c.value for c in workbook["选项"]["B"]][1:5] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    assert workbook["部门目标"].data_validations.dataValidation[0].formula1 == "='选项'!$A$2:$A$4"
    assert workbook["项目"]["C2"].value == "13012322P00000000001X"


def test_unknown_framework_template_is_404(client, member):
    client.force_login(member)
    assert client.get(reverse("workbooks:template"), {"framework": "nope"}).status_code == 404


def test_upload_shows_a_preview_and_confirming_imports(client, member, seed):
    client.force_login(member)
    content = edited(export_bytes(seed), lambda wb: wb["项目"].__setitem__("D3", "工会礼堂维修费"))
    before = db_state()
    preview = client.post(reverse("workbooks:import"), {"file": upload(content)})
    assert preview.status_code == 200
    assert "预览：确认后将进行以下修改" in preview.content.decode()
    page = preview.content.decode()
    assert "<td>项目 13012322P002581106928 工会礼堂维修费</td><td>项目名称" in page
    assert '<span class="field">项目名称</span>：<del>工会礼堂维护费</del> → <ins>工会礼堂维修费</ins>' in page
    assert db_state() == before

    confirm = preview.context["confirm"].initial
    done = client.post(reverse("workbooks:import"), {"token": confirm["token"], "revision": confirm["revision"]})
    assert done.status_code == 200
    assert "新增 0 项，修改 1 项，删除 0 项。" in done.content.decode()
    assert Project.objects.get(code="13012322P002581106928").name == "工会礼堂维修费"
    assert Project.history.filter(code="13012322P002581106928").latest("history_date").history_user == member
    again = client.post(reverse("workbooks:import"), {"token": confirm["token"], "revision": confirm["revision"]})
    assert again.status_code == 400


def test_upload_with_errors_lists_them_and_offers_no_confirmation(client, member, seed):
    client.force_login(member)
    content = edited(export_bytes(seed), lambda wb: wb["项目"].__setitem__("E2", "abc"))
    response = client.post(reverse("workbooks:import"), {"file": upload(content)})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<td class="where">项目!E2</td>' in page
    assert "确认导入" not in page


def test_confirmation_fails_if_the_document_changed_after_the_preview(client, member, seed):
    client.force_login(member)
    content = edited(export_bytes(seed), lambda wb: wb["项目"].__setitem__("D3", "工会礼堂维修费"))
    preview = client.post(reverse("workbooks:import"), {"file": upload(content)})
    Document.objects.filter(pk=seed.pk).update(revision=seed.revision + 1)
    before = db_state()
    confirm = preview.context["confirm"].initial
    response = client.post(reverse("workbooks:import"), {"token": confirm["token"], "revision": confirm["revision"]})
    assert response.status_code == 422
    assert "预览之后该文档已被其他人修改" in response.content.decode()
    assert db_state() == before


def test_member_of_another_department_cannot_import_over_it(client, outsider, seed):
    client.force_login(outsider)
    before = db_state()
    response = client.post(reverse("workbooks:import"), {"file": upload(export_bytes(seed))})
    assert response.status_code == 422
    assert "您不能导入部门“711”的绩效文本。" in response.content.decode()
    assert db_state() == before


def test_auditor_reads_but_cannot_import(client, auditor, seed):
    client.force_login(auditor)
    assert client.get(reverse("workbooks:export", args=["711", 2022])).status_code == 200
    response = client.post(reverse("workbooks:import"), {"file": upload(export_bytes(seed))})
    assert "您不能导入部门“711”的绩效文本。" in response.content.decode()


def test_a_token_from_another_session_is_refused(client, member, seed, django_user_model):
    client.force_login(member)
    preview = client.post(reverse("workbooks:import"), {"file": upload(export_bytes(seed))})
    token = preview.context["confirm"].initial["token"]
    client.logout()
    client.force_login(make_user(django_user_model, "colleague", departments=[seed.department]))
    response = client.post(reverse("workbooks:import"), {"token": token, "revision": 0})
    assert response.status_code == 400
    assert "上传的文件已失效" in response.content.decode()


def test_previewed_uploads_are_kept_until_confirmed_and_stale_ones_are_removed(client, member, seed, file_storages):
    uploads = file_storages / "workbook_uploads"
    uploads.mkdir(parents=True)
    stale = uploads / "00000000-0000-0000-0000-000000000000.xlsx"
    stale.write_bytes(b"old")
    os.utime(stale, (0, 0))
    client.force_login(member)
    preview = client.post(reverse("workbooks:import"), {"file": upload(export_bytes(seed))})
    token = preview.context["confirm"].initial["token"]
    assert [p.name for p in uploads.iterdir()] == [f"{token}.xlsx"]
