"""A 填报人 enters a project in a real browser: indicators in all three 一级, a mistake, its fix, a reorder,
and the new table in the report in the new order."""

import re

import pytest
from playwright.sync_api import Page, expect

from projects.models import Project
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-only"
NEW_CODE = "13012322P002581109990"
ROWS = [
    ("产出指标", "数量指标", "帮扶人数", "≥100人"),
    ("效益指标", "社会效益指标", "困难职工生活改善", "有效改善"),
    ("满意度指标", "服务对象满意度指标", "受助职工满意度", "≥90%"),
]


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的绩效文本")).to_be_visible()


def indicator_names_on_page(page: Page) -> list[str]:
    return page.locator("table.indicators tbody input[name$='-name']").evaluate_all("els => els.map(e => e.value)")


def test_filler_creates_a_project_fixes_an_error_and_reorders_indicators(live_server, page: Page, seed, filler):
    log_in(page, live_server.url, "filler")
    page.get_by_role("link", name="711 正定县总工会").click()
    expect(page.get_by_role("heading", name=re.compile("2022 年部门预算绩效文本"))).to_be_visible()
    page.get_by_role("link", name="新增项目").click()

    page.get_by_label("项目编码").fill(NEW_CODE)
    page.get_by_label("项目名称").fill("职工书屋建设")
    page.get_by_label("其中：财政资金").fill("2.00")
    page.get_by_label("其他资金").fill("0.50")
    expect(page.get_by_label("预算数")).to_have_value("2.50")  # worked out as the amounts are typed
    page.get_by_label("资金用途").fill("购置图书")
    page.get_by_label("6月底").fill("1.00")
    page.get_by_label("12月底").fill("3.00")  # not 预算数 2.50: the first save must be refused
    page.get_by_label("绩效目标").fill("建成职工书屋2个")

    rows = page.locator("table.indicators tbody tr")
    for index, (category, subcategory, name, value) in enumerate(ROWS):
        if index:
            page.get_by_role("button", name="添加指标").click()
        row = rows.nth(index)
        row.locator("select[name$='-category']").select_option(category)
        sub = row.locator("select[name$='-subcategory_name']")
        # The 二级 list follows the 一级 chosen.
        offered = sub.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
        assert subcategory in offered
        assert "数量指标" not in offered or category == "产出指标"
        sub.select_option(subcategory)
        row.locator("input[name$='-name']").fill(name)
        row.locator("input[name$='-value_text']").fill(value)

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("未保存：发现 1 处错误，请修改后再保存。")).to_be_visible()
    summary = page.locator("#error-summary").get_by_role("link", name="12月底的累计计划数 3.00 应等于预算数 2.50。")
    summary.click()
    expect(page.get_by_label("12月底")).to_be_focused()
    assert not Project.objects.filter(code=NEW_CODE).exists()
    assert indicator_names_on_page(page) == ["帮扶人数", "困难职工生活改善", "受助职工满意度"]

    page.get_by_label("12月底").fill("2.50")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("项目“职工书屋建设”已保存。")).to_be_visible()
    project = Project.objects.get(code=NEW_CODE)
    assert [i.subcategory.category.name for i in project.indicators.order_by("position")] == [
        "产出指标",
        "效益指标",
        "满意度指标",
    ]

    page.locator("table.indicators tbody tr").nth(2).get_by_role("button", name="上移").click()
    assert indicator_names_on_page(page)[:3] == ["帮扶人数", "受助职工满意度", "困难职工生活改善"]
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("项目“职工书屋建设”已保存。")).to_be_visible()
    assert indicator_names_on_page(page)[:3] == ["帮扶人数", "受助职工满意度", "困难职工生活改善"]
    assert list(project.indicators.order_by("position").values_list("name", flat=True)) == [
        "帮扶人数",
        "受助职工满意度",
        "困难职工生活改善",
    ]

    page.get_by_role("link", name="查看报告").click()
    table = page.locator("section.project", has=page.get_by_role("heading", name="7.职工书屋建设绩效目标表"))
    expect(table).to_be_visible()
    names = table.locator("table.project-indicators tbody tr").evaluate_all(
        "rows => rows.map(r => r.querySelector('td:not(.merged)').textContent.trim())"
    )
    assert names == ["帮扶人数", "受助职工满意度", "困难职工生活改善"]
    expect(page.get_by_role("link", name="下载 PDF")).to_be_visible()


def test_outsider_gets_not_found_in_the_browser(live_server, page: Page, seed, department, django_user_model):
    make_user(django_user_model, "outsider", role="填报人", departments=[department])
    log_in(page, live_server.url, "outsider")
    response = page.goto(f"{live_server.url}/documents/711/2022/")
    assert response.status == 404


def test_without_javascript_rows_are_reordered_by_their_numbers(live_server, browser, seed, filler):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, live_server.url, "filler")
    project = seed.projects.get(position=2)
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    expect(page.get_by_role("button", name="添加指标")).to_be_hidden()
    before = indicator_names_on_page(page)
    positions = page.locator("table.indicators tbody input[name$='-position']")
    positions.nth(0).fill("2")
    positions.nth(1).fill("1")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text(f"项目“{project.name}”已保存。")).to_be_visible()
    assert indicator_names_on_page(page)[:2] == [before[1], before[0]]
    context.close()
