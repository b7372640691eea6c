"""What a user sees when something goes wrong, with DEBUG off as in production: friendly Chinese pages, never a
traceback, and a 500 page that renders with neither request nor database."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[1]


def test_debug_is_off_unless_the_environment_turns_it_on():
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    code = "from django.conf import settings; print(settings.DEBUG)"
    run = [sys.executable, "manage.py", "shell", "-v", "0", "-c", code]
    off = subprocess.run(run, cwd=ROOT, env={**clean, "SECRET_KEY": "x" * 50}, capture_output=True, text=True)
    on = subprocess.run(run, cwd=ROOT, env={**clean, "DEBUG": "1"}, capture_output=True, text=True)
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True"), off.stderr + on.stderr


def test_an_unknown_address_gets_the_chinese_404_page(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page
    assert "返回首页" in page
    assert '<a class="skip-link" href="#main">跳到正文</a>' in page
    assert '<main id="main"' in page


def test_another_departments_document_gets_the_same_404_page(client, seed, department, django_user_model):
    client.force_login(make_user(django_user_model, "outsider", role="填报人", departments=[department]))
    response = client.get(reverse("projects:document", args=["711", 2022]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_admins_delete_refusal_is_the_chinese_403_page(client, seed, django_user_model):
    reviewer = make_user(django_user_model, "reviewer", role="部门审核人", departments=[seed.department])
    client.force_login(reviewer)
    response = client.get(reverse("admin:projects_document_delete", args=[seed.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权进行此操作" in page
    assert "403 Forbidden" not in page


def test_a_refused_action_says_why_on_the_403_page(client, seed, django_user_model):
    reviewer = make_user(django_user_model, "reviewer", role="部门审核人", departments=[seed.department])
    client.force_login(reviewer)
    project = seed.projects.first()
    response = client.post(reverse("projects:project_edit", args=[project.pk]), {"name": "x"})
    assert response.status_code == 403
    assert "只有本部门的填报人可以修改绩效文本。" in response.content.decode()


def test_the_500_page_renders_without_request_context_or_database(django_assert_num_queries, db):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page
    assert "Traceback" not in page


def test_a_crashing_page_answers_with_the_500_page(seed, monkeypatch, auditor):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("projects.views.document_projects", broken)
    client = Client(raise_request_exception=False)
    client.force_login(auditor)
    response = client.get(reverse("projects:document", args=["711", 2022]))
    assert response.status_code == 500
    assert "系统出错" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_error_pages_render_in_english_too(client, db):
    client.cookies["django_language"] = "en"
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
