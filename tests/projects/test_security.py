"""Security: outsiders get 404, forms need CSRF, logins are throttled, request sizes are capped, user text is
escaped, and the production settings pass Django's deployment check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from indicators.models import Indicator
from projects.models import Document, Project
from workflow.transitions import document_return, document_submit

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    """Run manage.py in a fresh process, so settings are read from the given environment."""
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"DEBUG": "0", "ALLOWED_HOSTS": "example.org"}


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_settings_are_hardened():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF, s.AXES_ENABLED)"
    )
    result = manage("shell", "-v", "0", "-c", code, SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    assert result.stdout.split() == ["True", "True", "True", "31536000", "DENY", "True", "True"], result.stderr


def test_responses_carry_the_security_headers(client, seed, superuser):
    client.force_login(superuser)
    response = client.get(reverse("workflow:status", args=["711", 2022]))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "password", ["12345678", "password", "short", "filler2022"], ids=["numeric", "common", "short", "like-name"]
)
def test_weak_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="filler2022")
    with pytest.raises(ValidationError):
        validate_password(password, user)


# Other departments get 404 on every URL here, for GET and POST


def workflow_urls(seed):
    project = seed.projects.first()
    return [
        reverse("workflow:status", args=["711", 2022]),
        reverse("workflow:rollover", args=["711", 2022]),
        *(reverse("workflow:transition", args=["711", 2022, a]) for a in ["submit", "approve", "return"]),
        reverse("workflow:transition", args=["711", 2022, "unknown"]),
        reverse("workflow:project_history", args=[project.pk]),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_every_workflow_url(client, seed, outsider, method):
    client.force_login(outsider)
    for url in workflow_urls(seed):
        assert getattr(client, method)(url, {"comment": "x"}).status_code == 404, url
    seed.refresh_from_db()
    assert seed.status == Document.Status.DRAFT
    assert not Document.objects.filter(year=2023).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_get_the_login_page_on_every_workflow_url(client, seed, method):
    for url in workflow_urls(seed):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_missing_documents_and_projects_are_404_too(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("workflow:status", args=["711", 2031])).status_code == 404
    assert client.get(reverse("workflow:project_history", args=[999999])).status_code == 404


# CSRF


def test_workflow_buttons_need_the_csrf_token(seed, dept_reviewer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(dept_reviewer)
    url = reverse("workflow:transition", args=["711", 2022, "submit"])
    assert browser.post(url).status_code == 403
    page = browser.get(reverse("workflow:status", args=["711", 2022])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(url, {"csrfmiddlewaretoken": token, "confirmed": "1"}).status_code == 302
    seed.refresh_from_db()
    assert seed.status == Document.Status.SUBMITTED


def test_every_post_form_on_the_workflow_pages_carries_the_csrf_token(
    client, seed, filler, dept_reviewer, bureau_reviewer
):
    document_submit(document=seed, user=dept_reviewer)
    pages = []
    for user in (bureau_reviewer, filler):
        client.force_login(user)
        pages.append(client.get(reverse("workflow:status", args=["711", 2022])).content.decode())
    forms = [form for page in pages for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)]
    assert len(forms) >= 4  # logout, language, approve, return
    assert all('name="csrfmiddlewaretoken"' in form for form in forms)


# Login throttling


def admin_login(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    return settings


def test_logins_are_locked_after_repeated_failures(throttled, client, superuser):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "root", "wrong").status_code == 200
    locked = admin_login(client, "root", "wrong")
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    # Even the right password is refused while locked.
    assert admin_login(client, "root", "pw-for-tests-only").status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(throttled, client, superuser, django_user_model):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "root", "wrong")
    django_user_model.objects.create_user("other", password="other-pw-for-tests", is_staff=True)
    assert admin_login(client, "other", "other-pw-for-tests").status_code == 302


def test_changing_the_case_of_a_user_name_does_not_give_fresh_guesses(throttled, client, superuser):
    for spelling in ["root", "Root", "ROOT", " root ", "rOOt"][: settings.AXES_FAILURE_LIMIT]:
        admin_login(client, spelling, "wrong")
    assert admin_login(client, "RoOt", "wrong").status_code == 429
    assert admin_login(client, "root", "pw-for-tests-only").status_code == 429


def test_a_user_name_in_another_case_does_not_log_in(client, superuser):
    assert admin_login(client, "Root", "pw-for-tests-only").status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_good_login_clears_earlier_failures(throttled, client, superuser):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "root", "wrong")
    assert admin_login(client, "root", "pw-for-tests-only").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "root", "wrong").status_code == 200


def test_auditors_read_the_login_attempts_in_the_admin(throttled, client, superuser, auditor):
    admin_login(Client(), "root", "wrong")
    client.force_login(auditor)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "root" in response.content.decode()


# Request size


def test_oversized_posts_are_refused(client, seed, dept_reviewer, bureau_reviewer):
    document_submit(document=seed, user=dept_reviewer)
    client.force_login(bureau_reviewer)
    url = reverse("workflow:transition", args=["711", 2022, "return"])
    huge = "退" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 1)
    assert client.post(url, {"comment": huge, "confirmed": "1"}).status_code == 400
    seed.refresh_from_db()
    assert seed.status == Document.Status.SUBMITTED


def test_upload_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.WORKBOOK_MAX_UPLOAD_BYTES <= 20 * 1024 * 1024


# User text is escaped in the HTML pages


NASTY = '<script>alert(\'x\')</script> & "quoted" =HYPERLINK("http://evil.example","点击")'


def test_user_text_is_escaped_on_the_workflow_and_admin_pages(client, seed, superuser):
    seed.goals.update(text=NASTY)
    project = seed.projects.get(position=2)
    Project.objects.filter(pk=project.pk).update(name=NASTY, purpose=NASTY, goal=NASTY)
    for indicator in project.indicators.all():
        # Distinct names: the same name twice in one project would (rightly) block submission.
        Indicator.objects.filter(pk=indicator.pk).update(name=f"{NASTY}{indicator.position}", description=NASTY)
    project.refresh_from_db()
    project.name = NASTY + "!"
    project.save()
    document_submit(document=seed, user=superuser, comment=NASTY)
    document_return(document=seed, user=superuser, comment=NASTY)
    client.force_login(superuser)
    pages = {
        "status": reverse("workflow:status", args=["711", 2022]),
        "history": reverse("workflow:project_history", args=[project.pk]),
        "admin project": reverse("admin:projects_project_change", args=[project.pk]),
        "admin document": reverse("admin:projects_document_change", args=[seed.pk]),
        "admin project history": reverse("admin:projects_project_history", args=[project.pk]),
        "admin project list": reverse("admin:projects_project_changelist"),
    }
    for name, url in pages.items():
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page, name
        assert "&lt;script&gt;alert(" in page, name


# The admin is scoped to the user's departments too


def test_department_staff_see_only_their_departments_in_the_admin(client, seed, project, filler):
    other = project  # in department 712
    client.force_login(filler)
    listing = client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert seed.projects.first().name in listing
    assert other.name not in listing
    assert client.get(reverse("admin:projects_project_change", args=[seed.projects.first().pk])).status_code == 200
    for url in [
        reverse("admin:projects_project_change", args=[other.pk]),
        reverse("admin:projects_document_change", args=[other.document.pk]),
        reverse("admin:projects_department_change", args=[other.document.department.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url  # the admin's "does not exist" redirect
        assert other.name not in client.get(response["Location"]).content.decode()


def test_department_staff_cannot_pick_another_departments_document(client, seed, project, filler):
    client.force_login(filler)
    form = client.get(reverse("admin:projects_project_add")).context["adminform"].form
    assert list(form.fields["document"].queryset) == [seed]
    assert list(form.fields["unit"].queryset) == list(seed.department.units.all())


def test_department_staff_cannot_post_changes_to_another_departments_project(client, seed, project, filler):
    client.force_login(filler)
    client.post(reverse("admin:projects_project_change", args=[project.pk]), {"name": "改掉"})
    project.refresh_from_db()
    assert project.name == "测试项目"
