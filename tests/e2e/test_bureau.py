"""A 财政局审核人 logs in, lands on the list of every department's document, filters it and opens a document."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from review.rulebook import document_review
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bureau_reviewer_starts_from_the_list_and_opens_a_document(
    live_server, page: Page, seed, django_user_model
):
    make_user(django_user_model, "bureau_reviewer", role="财政局审核人")
    call_command("refresh_review_summaries", verbosity=0)
    review = document_review(seed)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("bureau_reviewer")
    page.get_by_label("密码").fill("pw-for-tests-only")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="2022 年度部门绩效文本总览")).to_be_visible()
    row = page.locator("table.bureau tbody tr").filter(has_text="711 正定县总工会")
    expect(row).to_contain_text("草稿")
    expect(row.get_by_role("link", name=str(review.warnings))).to_be_visible()

    page.get_by_label("状态").select_option(label="已提交")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table.bureau tbody")).to_contain_text("没有符合条件的绩效文本。")

    page.get_by_role("link", name="清除").click()
    page.get_by_role("link", name="711 正定县总工会").click()
    expect(page.get_by_role("heading", name=re.compile("2022 年部门预算绩效文本"))).to_be_visible()
