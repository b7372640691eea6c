"""A 填报人 picks an indicator from the library's suggestions with the keyboard alone, then types the number."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from indicators.models import Origin, Subcategory
from library.models import LibraryEntry, Source
from tests.conftest import make_user
from tests.e2e.test_project_editor import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


@pytest.fixture
def entries(seed):
    timeliness = Subcategory.objects.get(category__framework=seed.framework, name="时效指标")
    learned = LibraryEntry.objects.create(subcategory=timeliness, name="补助发放及时性", source=Source.LEARNED)
    LibraryEntry.objects.filter(pk=learned.pk).update(use_count=5, common_value="≥95")
    return LibraryEntry.objects.create(
        subcategory=timeliness,
        name="帮扶资金发放及时率",
        definition="按时发放的帮扶资金占应发放资金的比例",
        comparator="≥",
        unit="%",
    )


def test_filler_picks_a_suggestion_with_the_keyboard(live_server, page: Page, seed, filler, entries):
    project = seed.projects.order_by("position").first()
    log_in(page, live_server.url, "filler")
    page.goto(live_server.url + reverse("projects:project_edit", args=[project.pk]))
    page.get_by_role("button", name="添加指标").click()
    row = page.locator("table.indicators tbody tr").last
    row.locator("select[name$='-category']").select_option("产出指标")
    row.locator("select[name$='-subcategory_name']").select_option("时效指标")

    name = row.locator("input[name$='-name']")
    name.focus()
    name.press_sequentially("发放")
    listbox = page.get_by_role("listbox", name="指标建议")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(name).to_have_attribute("aria-expanded", "true")
    # Curated first, although the learned one is used more.
    expect(listbox.get_by_role("option").first).to_contain_text("帮扶资金发放及时率")

    name.press("ArrowDown")
    name.press("ArrowDown")
    expect(listbox.get_by_role("option").nth(1)).to_have_attribute("aria-selected", "true")
    name.press("ArrowUp")
    expect(name).to_have_attribute("aria-activedescendant", "indicator-suggestions-0")
    name.press("Enter")

    expect(listbox).to_be_hidden()
    expect(name).to_have_value("帮扶资金发放及时率")
    expect(row.locator("textarea[name$='-description']")).to_have_value("按时发放的帮扶资金占应发放资金的比例")
    value = row.locator("input[name$='-value_text']")
    expect(value).to_be_focused()
    page.keyboard.type("95")
    expect(value).to_have_value("≥95%")

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text(f"项目“{project.name}”已保存。")).to_be_visible()
    saved = project.indicators.get(name="帮扶资金发放及时率")
    assert (saved.origin, saved.library_entry_id, saved.value_text) == (Origin.LIBRARY, entries.pk, "≥95%")


def test_escape_closes_the_list_and_the_row_stays_typed_by_hand(live_server, page: Page, seed, filler, entries):
    project = seed.projects.order_by("position").first()
    log_in(page, live_server.url, "filler")
    page.goto(live_server.url + reverse("projects:project_edit", args=[project.pk]))
    page.get_by_role("button", name="添加指标").click()
    row = page.locator("table.indicators tbody tr").last
    row.locator("select[name$='-category']").select_option("产出指标")
    row.locator("select[name$='-subcategory_name']").select_option("时效指标")
    name = row.locator("input[name$='-name']")
    name.focus()
    expect(page.get_by_role("listbox", name="指标建议").get_by_role("option")).to_have_count(2)
    name.press("Escape")
    expect(page.get_by_role("listbox", name="指标建议")).to_be_hidden()
    expect(name).to_have_attribute("aria-expanded", "false")
    expect(row.locator("input[name$='-origin']")).to_have_value("typed")
