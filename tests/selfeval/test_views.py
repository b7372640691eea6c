"""The self-evaluation pages: summary, 自评表 form with live scores, print, PDF, Excel, upload with preview."""

from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selfeval.excel import export_evaluation
from selfeval.models import IndicatorEvaluation, SelfEvaluation
from selfeval.selectors import evaluation_report
from selfeval.tasks import evaluation_pdf_render
from tests.conftest import grow_document
from workbooks.exporter import workbook_bytes

SUMMARY = reverse("selfeval:summary", args=["711", 2022])


def _project(seed, position=2):
    return seed.projects.get(position=position)


def _form_data(client, project) -> dict:
    """What the form posts when the user changes nothing."""
    form = client.get(reverse("selfeval:project", args=[project.pk])).context["form"]
    return {name: "" if form.initial.get(name) is None else str(form.initial[name]) for name in form.fields}


def test_summary_lists_every_project_with_its_total_and_grade(client, evaluation, filler):
    client.force_login(filler)
    response = client.get(SUMMARY)
    assert response.status_code == 200
    assert response.context["report"].department.score == Decimal("99.45")
    assert "99.45" in response.content.decode()
    assert response.context["findings"] == []


def test_summary_queries_do_not_grow_with_the_document(client, evaluation, seed, filler, django_assert_num_queries):
    client.force_login(filler)
    client.get(SUMMARY)
    with django_assert_num_queries(15):
        client.get(SUMMARY)
    grow_document(seed, 3)
    with django_assert_num_queries(15):
        response = client.get(SUMMARY)
    assert len(response.context["report"].projects) == 24


def test_an_editor_starts_the_self_evaluation(client, seed, filler):
    client.force_login(filler)
    assert "开始绩效自评" in client.get(SUMMARY).content.decode()
    assert client.post(reverse("selfeval:start", args=["711", 2022])).status_code == 302
    assert SelfEvaluation.objects.filter(document=seed).exists()


def test_the_form_saves_and_recomputes_on_the_server(client, evaluation, seed, filler):
    client.force_login(filler)
    project = _project(seed)
    data = _form_data(client, project)
    data["actual_1"] = "50"
    data["reason_1"] = "年度任务调整。"
    response = client.post(reverse("selfeval:project", args=[project.pk]), data)
    assert response.status_code == 302
    row = IndicatorEvaluation.objects.get(indicator=project.indicators.order_by("position").first())
    assert row.actual_text == "50"
    page = client.get(reverse("selfeval:project", args=[project.pk]))
    assert page.context["row"].indicators[0].score.score == Decimal("6.25")


def test_a_refused_value_is_shown_at_its_field_and_nothing_is_saved(client, evaluation, seed, filler):
    client.force_login(filler)
    project = _project(seed)
    data = _form_data(client, project)
    data["actual_1"] = "95天"
    response = client.post(reverse("selfeval:project", args=[project.pk]), data)
    assert response.status_code == 422
    assert response.context["form"].errors["actual_1"] == [
        "“实际完成值”“95天”的单位“天”与指标值“100”的单位“无”不一致。"
    ]
    first = project.indicators.order_by("position").first()
    assert IndicatorEvaluation.objects.get(indicator=first).actual_text == "95"


def test_live_scores_come_from_the_server(client, evaluation, seed, filler):
    client.force_login(filler)
    project = _project(seed)
    data = _form_data(client, project)
    data["spent"] = "5.00"
    data["actual_1"] = "50"
    scores = client.post(reverse("selfeval:project_scores", args=[project.pk]), data).json()
    assert scores["rate"] == "50.00%"
    assert scores["rate_score"] == "5.00"
    assert scores["indicators"][0] == {"points": "12.50", "score": "6.25"}
    assert scores["total"] == "88.75"
    assert scores["grade"] == "良"


def test_readers_see_the_form_without_inputs_and_may_not_post(client, evaluation, seed, auditor):
    client.force_login(auditor)
    project = _project(seed)
    response = client.get(reverse("selfeval:project", args=[project.pk]))
    assert response.status_code == 200
    assert 'class="selfeval-fieldset" disabled' in response.content.decode()
    assert client.post(reverse("selfeval:project", args=[project.pk]), {}).status_code == 403


def test_submit_button_moves_the_self_evaluation(client, evaluation, dept_reviewer):
    client.force_login(dept_reviewer)
    response = client.post(reverse("selfeval:transition", args=["711", 2022, "submit"]))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"
    assert client.post(reverse("selfeval:transition", args=["711", 2022, "explode"])).status_code == 404


def test_the_printed_table_as_html_and_pdf(client, evaluation, filler):
    client.force_login(filler)
    html = client.get(reverse("selfeval:print", args=["711", 2022])).content.decode()
    assert html.count('class="selfeval-sheet"') == 6
    assert "部门得分（按全年预算数加权）" in html
    pdf = client.get(reverse("selfeval:pdf", args=["711", 2022]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_excel_download_and_upload_with_preview(client, evaluation, seed, filler):
    client.force_login(filler)
    response = client.get(reverse("selfeval:export", args=["711", 2022]))
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    workbook["自评项目"]["F2"] = "全部完成。"
    out = BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("自评.xlsx", out.getvalue())
    preview = client.post(reverse("selfeval:import"), {"file": upload})
    assert preview.status_code == 200
    assert [str(c) for c in preview.context["result"].changes] == ["项目“13012322P00259810156P”（实际完成情况）"]
    confirm = preview.context["confirm"]
    done = client.post(reverse("selfeval:import"), {"token": confirm["token"].value(), "revision": 0})
    assert done.context["done"]
    assert evaluation_report(seed).projects[0].achievement == "全部完成。"


def test_an_upload_with_errors_lists_them_by_cell(client, evaluation, seed, filler):
    client.force_login(filler)
    workbook = export_evaluation(evaluation_report(seed))
    workbook["自评项目"]["E2"] = "七"
    response = client.post(reverse("selfeval:import"), {"file": SimpleUploadedFile("x.xlsx", workbook_bytes(workbook))})
    assert response.status_code == 422
    assert [p.where for p in response.context["problems"]] == ["自评项目!E2"]


def test_the_pdf_is_laid_out_by_the_worker_and_then_served(client, evaluation, filler, monkeypatch):
    enqueued = []
    monkeypatch.setattr("selfeval.views.evaluation_pdf_render", SimpleNamespace(enqueue=enqueued.append))
    client.force_login(filler)
    url = reverse("selfeval:pdf", args=["711", 2022])
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "5"
    assert client.get(url).status_code == 202
    assert enqueued == [evaluation.document.pk]  # one job, however often the page reloads
    evaluation_pdf_render.call(evaluation.document.pk)
    ready = client.get(url)
    assert ready.status_code == 200
    assert b"".join(ready.streaming_content).startswith(b"%PDF")
