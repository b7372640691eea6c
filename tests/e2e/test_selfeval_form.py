"""A 填报人 types into the 自评表 and sees the scores the server computes change as they type."""

import pytest
from playwright.sync_api import Page, expect

from selfeval.demo import demo_selfevaluation
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scores_follow_what_the_filler_types(live_server, page: Page, seed, django_user_model):
    make_user(django_user_model, "filler", role="填报人", departments=[seed.department])
    demo_selfevaluation(document=seed)
    project = seed.projects.get(position=2)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("filler")
    page.get_by_label("密码").fill("pw-for-tests-only")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/selfeval/projects/{project.pk}/")
    expect(page.locator("#live-total")).to_have_text("99.38")
    page.locator("input[name=spent]").fill("5.00")
    expect(page.locator("#live-rate")).to_have_text("50.00%")
    expect(page.locator("#live-rate-score")).to_have_text("5.00")
    page.locator("input[name=actual_2]").fill("50")
    expect(page.locator("#live-score-2")).to_have_text("6.58")  # 12.50 × 50 ÷ 95
    expect(page.locator("#live-total")).to_have_text("88.46")
    expect(page.locator("#live-grade")).to_have_text("良")
