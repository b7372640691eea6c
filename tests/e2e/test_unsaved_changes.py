"""Leaving the project editor with changes not yet saved asks first; saving or leaving untouched does not."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_user
from tests.e2e.test_project_editor import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


def test_leaving_the_editor_with_unsaved_changes_asks_first(live_server, page: Page, seed, filler):
    project = seed.projects.get(position=1)
    log_in(page, live_server.url, "filler")
    editor = f"{live_server.url}/projects/{project.pk}/"
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    page.goto(editor)
    page.get_by_role("link", name="返回文档").click()
    expect(page.get_by_role("heading", name="预算项目")).to_be_visible()
    assert asked == []

    page.goto(editor)
    page.get_by_label("项目名称").click()
    page.keyboard.press("End")
    page.keyboard.type("（修订）")
    page.get_by_role("link", name="返回文档").click()
    expect(page.get_by_label("项目名称")).to_have_value(f"{project.name}（修订）")
    assert asked == ["beforeunload"]

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text(f"项目“{project.name}（修订）”已保存。")).to_be_visible()
    assert asked == ["beforeunload"]
