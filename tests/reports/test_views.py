import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Department
from reports import pdf as report_pdf
from tests.conftest import grow_document, make_user
from tests.reports.texts import expected_texts, html_text, missing_in_order, norm, pdf_pages

HTML_URL = "/reports/711/2022/"
PDF_URL = "/reports/711/2022/pdf/"


@pytest.fixture
def member(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


@pytest.fixture
def outsider(seed, django_user_model):
    other = Department.objects.create(code="799", name="别的部门")
    return make_user(django_user_model, "outsider", role="填报人", departments=[other])


@pytest.fixture
def layouts(monkeypatch):
    calls = []
    original = report_pdf.lay_out
    monkeypatch.setattr(report_pdf, "lay_out", lambda html, css: calls.append(html) or original(html, css))
    return calls


def download(client, **headers):
    response = client.get(PDF_URL, headers=headers)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def test_url_names_give_the_documented_paths():
    assert reverse("reports:document", args=["711", 2022]) == HTML_URL
    assert reverse("reports:pdf", args=["711", 2022]) == PDF_URL


@pytest.mark.parametrize("url", [HTML_URL, PDF_URL])
def test_anonymous_reader_is_sent_to_log_in(client, seed, settings, url):
    settings.LOGIN_URL = "/admin/login/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("url", [HTML_URL, PDF_URL])
def test_outsider_gets_404_for_another_departments_report(client, outsider, url):
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_member_reads_every_text_of_the_seed_in_the_html_page(client, member, seed):
    client.force_login(member)
    response = client.get(HTML_URL)
    assert response.status_code == 200
    assert missing_in_order(expected_texts(seed), html_text(response.content.decode())) == []


def test_html_page_links_the_toc_and_the_pdf(client, member):
    client.force_login(member)
    page = client.get(HTML_URL).content.decode()
    assert 'href="#project-6"' in page
    assert f'href="{PDF_URL}"' in page


def test_html_page_links_back_to_its_document_and_has_the_user_menu(client, member):
    client.force_login(member)
    page = client.get(HTML_URL).content.decode()
    assert f'href="{reverse("projects:document", args=["711", 2022])}"' in page
    assert "返回文档" in page
    assert f'action="{reverse("logout")}"' in page
    assert 'href="#main"' in page


def test_auditor_reads_every_department(client, auditor, seed):
    client.force_login(auditor)
    assert client.get(HTML_URL).status_code == 200


def test_markup_in_a_project_name_is_escaped_in_the_html_page(client, member, seed):
    seed.projects.filter(position=1).update(name='<script>alert(1)</script> & "quotes"')
    client.force_login(member)
    page = client.get(HTML_URL).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in page


def test_html_page_queries_do_not_grow_with_projects(client, member, seed):
    client.force_login(member)
    client.get(HTML_URL)
    with CaptureQueriesContext(connection) as small:
        client.get(HTML_URL)
    grow_document(seed, copies=9)
    with CaptureQueriesContext(connection) as large:
        response = client.get(HTML_URL)
    assert "60.退役军人人员经费（副本54）绩效目标表" in norm(html_text(response.content.decode()))
    assert len(large) == len(small)


def test_pdf_is_an_attachment_with_a_chinese_file_name_and_an_etag(client, member, seed):
    client.force_login(member)
    response, content = download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        "%E6%AD%A3%E5%AE%9A%E5%8E%BF%E6%80%BB%E5%B7%A5%E4%BC%9A2022%E5%B9%B4"
        "%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97%E7%BB%A9%E6%95%88%E6%96%87%E6%9C%AC.pdf"
    )
    assert response["ETag"].startswith('"')
    assert "no-cache" in response["Cache-Control"]
    assert missing_in_order(expected_texts(seed), "".join(pdf_pages(content))) == []


def test_unchanged_document_answers_304_to_revalidation_without_rendering(client, member, layouts):
    client.force_login(member)
    first, _ = download(client)
    layouts.clear()
    again, content = download(client, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert content == b""
    assert layouts == []


def test_repeated_download_of_an_unchanged_document_is_served_without_rendering(client, member, layouts):
    client.force_login(member)
    _, first = download(client)
    assert layouts
    layouts.clear()
    _, second = download(client)
    assert layouts == []
    assert second == first


def test_an_edit_renders_the_edited_project_before_anyone_asks(
    client, member, seed, layouts, django_capture_on_commit_callbacks
):
    client.force_login(member)
    before, _ = download(client)
    layouts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seed.projects.filter(position=4).update(goal="1.对困难职工进行生活救助和节日慰问。（修订）")
    assert len(layouts) == 1, "the change itself rendered the edited project, and only it"
    after, content = download(client, if_none_match=before["ETag"])
    assert len(layouts) == 1, "the download is a file read"
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "（修订）" in "".join(pdf_pages(content))


def test_approval_changes_the_etag_since_the_cover_loses_its_draft_mark(
    client, member, seed, django_capture_on_commit_callbacks
):
    client.force_login(member)
    before, _ = download(client)
    with django_capture_on_commit_callbacks(execute=True):
        seed.status = seed.Status.APPROVED
        seed.save(update_fields=["status"])
    after, content = download(client)
    assert after["ETag"] != before["ETag"]
    assert "草案" not in pdf_pages(content)[0]


def test_renaming_the_department_renders_its_cover_again(client, member, seed, django_capture_on_commit_callbacks):
    client.force_login(member)
    download(client)
    with django_capture_on_commit_callbacks(execute=True):
        seed.department.name = "正定县总工会（新）"
        seed.department.save()
    _, content = download(client)
    assert "正定县总工会（新）" in pdf_pages(content)[0]


def test_a_pending_render_shows_progress_and_offers_the_last_complete_pdf(
    client, member, seed, queued_tasks, django_capture_on_commit_callbacks
):
    client.force_login(member)
    _, old = download(client)
    queued_tasks.hold()
    with django_capture_on_commit_callbacks(execute=True):
        seed.projects.filter(position=1).update(purpose="对困难职工及劳模帮扶救助（新）")
    waiting = client.get(PDF_URL)
    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "2"
    page = waiting.content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert "正在生成" in page
    assert "下载上一版本" in page
    assert "共 11 页" in page
    previous, content = download_previous(client)
    assert previous.status_code == 200
    assert content == old
    queued_tasks.run()
    fresh, content = download(client)
    assert fresh.status_code == 200
    assert "（新）" in "".join(pdf_pages(content))


def test_a_first_download_waits_for_the_worker_and_lays_out_nothing_itself(client, member, seed, queued_tasks, layouts):
    queued_tasks.hold()
    client.force_login(member)
    waiting = client.get(PDF_URL)
    assert waiting.status_code == 202
    assert layouts == []
    assert report_pdf._pools == {}, "the web process forked no layout process"
    assert "下载上一版本" not in waiting.content.decode()
    assert client.get(PDF_URL, {"version": "previous"}).status_code == 404


def test_requests_while_a_render_is_pending_enqueue_nothing_more(client, member, seed, queued_tasks):
    queued_tasks.hold()
    client.force_login(member)
    assert client.get(PDF_URL).status_code == 202
    assert client.get(PDF_URL).status_code == 202
    assert len(queued_tasks.pending()) == 1


def download_previous(client):
    response = client.get(PDF_URL, {"version": "previous"})
    return response, b"".join(response.streaming_content) if response.streaming else response.content
