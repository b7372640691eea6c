"""The pages: the form, the dashboard, the bureau overview, print and PDF, upload with preview."""

from decimal import Decimal as D
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from monitoring import services
from monitoring.models import IndicatorMonitoring, ProjectMonitoring
from monitoring.workbook_export import export_monitoring
from tests.conftest import grow_document
from workbooks.exporter import workbook_bytes


def project_url(name, round, position=1):
    project = round.document.projects.get(position=position)
    return reverse(name, args=["711", 2022, round.month, project.pk])


def form_data(client, url) -> dict:
    """What the browser would post back unchanged."""
    form = client.get(url).context
    data = {f"funds-{k}": v for k, v in form["funds"].initial.items()}
    for _line, line_form in form["lines"]:
        for name, value in line_form.initial.items():
            key = f"{line_form.prefix}-{name}"
            if name == "cumulative":
                if value:
                    data[key] = "on"
            elif name == "causes":
                data[key] = list(value)
            else:
                data[key] = value
    return data


def test_the_filler_saves_the_form(client, round7, filler):
    client.force_login(filler)
    url = project_url("monitoring:project", round7)
    data = form_data(client, url)
    line = IndicatorMonitoring.objects.get(
        project_report__round=round7, project_report__project__position=1, indicator__position=1
    )
    data["funds-fiscal_spent"] = "5.00"
    data[f"line-{line.pk}-actual_text"] = "70"
    data[f"line-{line.pk}-causes"] = ["人员保障"]
    response = client.post(url, data)
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.actual_number, line.causes) == (D("70"), ["人员保障"])
    assert ProjectMonitoring.objects.get(pk=line.project_report_id).fiscal_spent == D("5.00")


def test_a_wrong_unit_is_shown_at_its_row_and_nothing_is_saved(client, round7, filler):
    client.force_login(filler)
    url = project_url("monitoring:project", round7)
    data = form_data(client, url)
    line = IndicatorMonitoring.objects.get(
        project_report__round=round7, project_report__project__position=1, indicator__position=1
    )
    data["funds-fiscal_spent"] = "5.00"
    data[f"line-{line.pk}-actual_text"] = "70天"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "单位“天”" in response.content.decode()
    assert ProjectMonitoring.objects.get(pk=line.project_report_id).fiscal_spent == D("4.20")


def test_spending_above_the_budget_is_shown_on_the_form(client, round7, filler):
    client.force_login(filler)
    url = project_url("monitoring:project", round7)
    data = form_data(client, url)
    data["funds-fiscal_spent"] = "9.00"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "超过全年预算数 7.70" in response.content.decode()


def test_readers_see_the_form_without_inputs_and_may_not_post(client, round7, dept_reviewer):
    client.force_login(dept_reviewer)
    url = project_url("monitoring:project", round7)
    assert 'name="funds-fiscal_spent"' not in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 403


def test_the_dashboard_shows_lights_findings_and_the_submit_button(client, round7, dept_reviewer):
    client.force_login(dept_reviewer)
    response = client.get(reverse("monitoring:dashboard", args=["711", 2022, 7]))
    page = response.content.decode()
    assert "提交审核" in page
    assert "light-blue" in page
    response = client.post(reverse("monitoring:transition", args=["711", 2022, 7, "submit"]))
    assert response.status_code == 302
    round7.refresh_from_db()
    assert round7.status == "submitted"


def test_the_dashboard_reads_a_fixed_number_of_queries(client, round7, filler, django_assert_max_num_queries):
    client.force_login(filler)
    url = reverse("monitoring:dashboard", args=["711", 2022, 7])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    grow_document(round7.document, 3)
    services.round_add_missing_rows(round=round7)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_bureau_overview_counts_lights_per_department(client, round7, bureau_reviewer):
    client.force_login(bureau_reviewer)
    page = client.get(reverse("monitoring:overview", args=[2022, 7])).content.decode()
    assert "正定县总工会" in page
    assert project_url("monitoring:project", round7, position=2) in page  # a red project links down


def test_print_html_and_pdf(client, round7, filler, settings, tmp_path):
    settings.REPORTS_CACHE_DIR = tmp_path
    client.force_login(filler)
    page = client.get(project_url("monitoring:print", round7, position=2)).content.decode()
    assert "项目支出绩效目标执行监控表" in page
    assert "维修资金使用率" in page
    response = client.get(project_url("monitoring:pdf", round7, position=2))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(BytesIO(response.content))
    text = pdf.pages[0].extract_text()
    assert "执行监控表" in text
    assert "— 1 —" in text
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
    assert client.get(project_url("monitoring:pdf", round7, position=2)).content == response.content


def test_upload_preview_then_confirm(client, round7, filler):
    client.force_login(filler)
    content = workbook_bytes(export_monitoring(round7.document, 7))
    upload = SimpleUploadedFile("m.xlsx", content)
    response = client.post(reverse("monitoring:import"), {"file": upload})
    assert response.status_code == 200
    token = response.context["token"]
    response = client.post(reverse("monitoring:import"), {"token": token})
    assert response.context["done"]


def test_opening_a_round_from_the_page(client, seed, filler):
    client.force_login(filler)
    response = client.post(reverse("monitoring:rounds", args=["711", 2022]), {"month": 7})
    assert response.status_code == 302
    assert seed.monitoring_rounds.filter(month=7).exists()


def test_the_admin_shows_rounds_read_only_and_scoped(client, round7, auditor, outsider):
    client.force_login(auditor)
    url = reverse("admin:monitoring_projectmonitoring_history", args=[round7.project_reports.first().pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:monitoring_monitoringround_changelist")).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)


def test_a_save_over_a_newer_edit_is_refused(client, round7, filler):
    client.force_login(filler)
    url = project_url("monitoring:project", round7)
    data = form_data(client, url)
    data["revision"] = str(round7.revision)
    data["funds-fiscal_spent"] = "5.00"
    assert client.post(url, data).status_code == 302
    data["funds-fiscal_spent"] = "6.00"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "已被其他人修改" in response.content.decode()


def test_the_bureau_overview_reads_a_fixed_number_of_queries(
    client, round7, bureau_reviewer, document, project, django_assert_num_queries
):
    client.force_login(bureau_reviewer)
    url = reverse("monitoring:overview", args=[2022, 7])
    client.get(url)
    with django_assert_num_queries(10) as one:
        client.get(url)
    services.round_create(document=document, month=7)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "正定县测试局" in page
