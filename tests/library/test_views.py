"""The suggestions endpoint (scoped to the user's departments), the library page, and its Excel import/export."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from library.models import LibraryEntry, ProjectType, Source
from library.workbook import export_library
from projects.models import Document
from selfeval.demo import demo_selfevaluation
from selfeval.models import IndicatorEvaluation
from tests.conftest import make_user
from workbooks.exporter import workbook_bytes
from workflow.rollover import document_rollover


def suggestions_url(document):
    return reverse("library:suggestions", args=[document.department.code, document.year])


def ask(client, document, **params):
    query = {"category": "产出指标", "subcategory": "时效指标", "q": "", **params}
    response = client.get(suggestions_url(document), query)
    assert response.status_code == 200
    return response.json()


def test_suggestions_are_ranked_and_carry_what_the_row_needs(client, filler, seed, make_entry):
    make_entry("验收及时性", source=Source.LEARNED, use_count=9)
    make_entry("发放及时率", definition="按时发放的比例", comparator="≥", unit="%")
    client.force_login(filler)
    data = ask(client, seed, q="及时")
    assert [s["name"] for s in data["suggestions"]] == ["发放及时率", "验收及时性"]
    first = data["suggestions"][0]
    assert (first["definition"], first["comparator"], first["unit"], first["common_value"]) == (
        "按时发放的比例",
        "≥",
        "%",
        "",
    )
    assert first["curated"] is True


def test_an_unknown_subcategory_gets_no_suggestions(client, filler, seed, make_entry):
    make_entry("发放及时率")
    client.force_login(filler)
    assert ask(client, seed, subcategory="没有这个二级") == {"suggestions": [], "history": []}


def test_another_departments_document_is_404(client, outsider, seed):
    client.force_login(outsider)
    assert client.get(suggestions_url(seed), {"category": "产出指标", "subcategory": "时效指标"}).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, seed):
    assert client.get(suggestions_url(seed)).status_code == 302


@pytest.fixture
def next_year(seed):
    Document.objects.filter(pk=seed.pk).update(status=Document.Status.APPROVED)
    return document_rollover(document=seed, to_year=2023).document


def test_last_years_row_of_the_same_project_is_found_by_code_without_the_year(client, filler, seed, next_year):
    project = next_year.projects.order_by("position").first()
    client.force_login(filler)
    data = ask(client, next_year, code=project.code, name="改了名字的项目")
    assert data["history"] == [
        {
            "year": 2022,
            "name": "及时率",
            "description": "慰问困难职工的及时率",
            "value_text": "≥95",
            "comparator": "≥",
            "unit": "",
            "actual": "",
        }
    ]


def test_last_years_row_shows_what_its_self_evaluation_says_was_reached(client, filler, seed):
    demo_selfevaluation(document=seed)
    Document.objects.filter(pk=seed.pk).update(status=Document.Status.APPROVED)
    next_year = document_rollover(document=seed, to_year=2023).document
    project = next_year.projects.order_by("position").first()
    first = seed.projects.order_by("position").first()
    reached = IndicatorEvaluation.objects.get(indicator__project=first, indicator__name="及时率")
    client.force_login(filler)
    [row] = ask(client, next_year, code=project.code, name=project.name)["history"]
    assert (row["value_text"], row["actual"]) == ("≥95", reached.actual_text)
    assert reached.actual_text


def test_last_years_row_is_found_by_name_when_the_code_changed(client, filler, seed, next_year):
    project = next_year.projects.order_by("position").first()
    client.force_login(filler)
    data = ask(client, next_year, code="13012323P99999999999X", name=project.name, q="及时")
    assert [row["value_text"] for row in data["history"]] == ["≥95"]
    assert ask(client, next_year, code="13012323P99999999999X", name="新项目")["history"] == []


def test_the_library_page_lists_entries_in_the_same_queries_whatever_their_number(
    client, filler, make_entry, django_assert_num_queries
):
    relief = ProjectType.objects.create(name="困难帮扶类")
    for number in range(3):
        make_entry(f"指标{number}").project_types.add(relief)
    client.force_login(filler)
    url = reverse("library:entries")
    client.get(url)
    with django_assert_num_queries(10) as small:
        client.get(url)
    for number in range(3, 30):
        make_entry(f"指标{number}").project_types.add(relief)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert "指标29" in response.content.decode()


def test_a_department_user_may_not_import_the_library(client, filler):
    client.force_login(filler)
    assert client.get(reverse("library:import")).status_code == 403


def upload(workbook_content: bytes):
    return SimpleUploadedFile("指标库.xlsx", workbook_content)


def test_the_bureau_imports_an_exported_library_back_changing_what_it_edited(client, bureau_reviewer, seed, make_entry):
    ProjectType.objects.create(name="困难帮扶类")
    make_entry("发放及时率", unit="%")
    make_entry("验收及时性", source=Source.LEARNED)
    workbook = export_library()
    ws = workbook.active
    ws["E2"] = "按时发放的人数占应发放人数的比例"
    ws["I2"] = "困难帮扶类"
    ws.append(["旧的指标体系", "产出指标", "时效指标", "新增的指标", "", "", "≥", "天"])
    ws["A4"] = seed.framework.name
    client.force_login(bureau_reviewer)
    response = client.post(reverse("library:import"), {"file": upload(workbook_bytes(workbook))})
    assert response.status_code == 302
    entry = LibraryEntry.objects.get(name="发放及时率")
    assert entry.definition == "按时发放的人数占应发放人数的比例"
    assert [t.name for t in entry.project_types.all()] == ["困难帮扶类"]
    assert LibraryEntry.objects.get(name="新增的指标").source == Source.CURATED
    assert LibraryEntry.objects.count() == 3


def test_an_import_with_bad_cells_names_each_and_writes_nothing(client, bureau_reviewer, seed, make_entry):
    make_entry("发放及时率")
    workbook = export_library()
    ws = workbook.active
    ws["E2"] = "改了的解释"
    ws.append([seed.framework.name, "产出指标", "满意度指标", "放错了的指标"])
    ws.append([seed.framework.name, "产出指标", "时效指标", "另一个", "", "", "约", "", "没有的类型", "", "2026-13-01"])
    ws.append([seed.framework.name, "产出指标", "时效指标", "发放 及时率"])
    client.force_login(bureau_reviewer)
    response = client.post(reverse("library:import"), {"file": upload(workbook_bytes(workbook))})
    assert response.status_code == 422
    problems = [str(p) for p in response.context["problems"]]
    assert problems[0].startswith("指标库!C3：二级指标“满意度指标”不在一级指标“产出指标”下")
    assert problems[1] == "指标库!G4：计算符号“约”无效，可选：≥ ≤ = > <，或留空。"
    assert problems[2].startswith("指标库!I4：项目类型“没有的类型”不在财政局的项目类型列表中")
    assert problems[3] == "指标库!K4：“2026-13-01”不是日期，请写作 2026-01-01。"
    assert problems[4] == "指标库!D5：与第2行是同一二级指标下的同名指标。"
    assert LibraryEntry.objects.get().definition == ""


def test_the_export_has_one_row_per_entry_with_the_learned_figures(client, filler, make_entry):
    make_entry("验收及时性", source=Source.LEARNED, use_count=4)
    client.force_login(filler)
    response = client.get(reverse("library:export"))
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("指标体系", "一级指标", "二级指标", "指标名称")
    assert rows[1][3] == "验收及时性"
    assert rows[1][12:14] == ("从已审核文档学习", 4)


def test_the_page_and_the_export_are_for_logged_in_users_only(client, db):
    assert client.get(reverse("library:entries")).status_code == 302
    assert client.get(reverse("library:export")).status_code == 302


def test_an_auditor_reads_the_library_in_the_admin_but_changes_nothing(client, db, django_user_model, make_entry):
    entry = make_entry("发放及时率")
    auditor = make_user(django_user_model, "auditor2", role="审计人员")
    client.force_login(auditor)
    assert client.get(reverse("admin:library_libraryentry_change", args=[entry.pk])).status_code == 200
    assert client.post(reverse("admin:library_libraryentry_change", args=[entry.pk]), {"name": "x"}).status_code == 403
