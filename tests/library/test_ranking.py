"""Suggestions rank curated entries first, then by how many documents used them, then by keywords shared with
the project's name and 资金用途; only enabled entries of the chosen 二级 whose name contains what was typed."""

from datetime import timedelta

from django.utils import timezone

from indicators.models import Subcategory
from library.models import Source
from library.ranking import Candidate, rank, shared_keywords
from library.suggestions import Place, ProjectHints, library_suggestions


def suggested(subcategory, typed="", **hints) -> list[str]:
    place = Place(subcategory.category.framework_id, subcategory.category.name, subcategory.name)
    return [row["name"] for row in library_suggestions(place=place, typed=typed, hints=ProjectHints(**hints))]


def candidate(pk, name, *, curated=False, uses=0, keywords=""):
    return Candidate(pk, name, curated, uses, keywords)


def test_curated_entries_come_before_more_used_learned_ones():
    ranked = rank([candidate(1, "及时率", uses=40), candidate(2, "完成及时性", curated=True)], project_text="")
    assert [c.entry_id for c in ranked] == [2, 1]


def test_more_used_entries_come_first_among_their_kind():
    ranked = rank([candidate(1, "甲", uses=2), candidate(2, "乙", uses=9), candidate(3, "丙", uses=5)], project_text="")
    assert [c.entry_id for c in ranked] == [2, 3, 1]


def test_keywords_shared_with_the_project_break_ties_of_use():
    text = "困难职工帮扶\n用于困难职工生活救助"
    ranked = rank(
        [candidate(1, "甲", uses=3, keywords="劳模"), candidate(2, "乙", uses=3, keywords="困难职工、救助")],
        project_text=text,
    )
    assert [c.entry_id for c in ranked] == [2, 1]


def test_use_count_outranks_shared_keywords():
    ranked = rank(
        [candidate(1, "甲", uses=1, keywords="困难职工"), candidate(2, "乙", uses=2)], project_text="困难职工帮扶"
    )
    assert [c.entry_id for c in ranked] == [2, 1]


def test_keywords_are_counted_once_each_however_they_are_separated():
    assert shared_keywords("困难职工, 救助 、救助", "困难职工生活救助") == 2


def test_at_most_eight_suggestions():
    assert len(rank([candidate(i, f"指标{i}") for i in range(20)], project_text="")) == 8


def test_suggestions_come_from_the_chosen_subcategory_and_match_what_was_typed(make_entry, seed, timeliness):
    quality = Subcategory.objects.get(category__framework=seed.framework, name="质量指标")
    make_entry("发放及时率", use_count=3)
    make_entry("验收及时性", source=Source.LEARNED, use_count=5)
    make_entry("完成数量")
    make_entry("及时率", subcategory=quality)
    make_entry("及时 率")
    assert suggested(timeliness, "及时") == ["发放及时率", "及时 率", "验收及时性"]


def test_typing_with_full_width_characters_or_spaces_still_matches(make_entry, timeliness):
    make_entry("Ａ类 及时率")
    assert suggested(timeliness, "a类及时") == ["Ａ类 及时率"]


def test_entries_outside_their_enabled_dates_are_not_suggested(make_entry, timeliness):
    today = timezone.localdate()
    make_entry("已停用", enabled_to=today - timedelta(days=1))
    make_entry("未启用", enabled_from=today + timedelta(days=1))
    make_entry("在用", enabled_from=today - timedelta(days=10), enabled_to=today)
    assert suggested(timeliness) == ["在用"]


def test_the_projects_name_and_purpose_pick_the_better_of_two_equally_used_entries(make_entry, timeliness):
    make_entry("慰问及时率", keywords="慰问", use_count=2)
    make_entry("维修及时率", keywords="维修 房屋", use_count=2)
    found = suggested(timeliness, "及时", name="机关房屋维修", purpose="办公楼房屋日常维修")
    assert found == ["维修及时率", "慰问及时率"]


def test_an_entry_tied_on_use_past_the_eighth_place_still_wins_by_keywords(make_entry, timeliness):
    for number in range(5):
        make_entry(f"常用及时率{number}", use_count=9)
    for number in range(6):
        make_entry(f"一般及时率{number}", use_count=5)
    make_entry("一般及时率（维修）", keywords="维修", use_count=5)
    assert suggested(timeliness, "及时", name="房屋维修") == [
        *(f"常用及时率{number}" for number in range(5)),
        "一般及时率（维修）",
        "一般及时率0",
        "一般及时率1",
    ]
