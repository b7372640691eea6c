"""The learning gathers the indicators of approved documents by 二级 and normalised name, counting documents
and the most common target value, without touching the bureau's curated text."""

from io import StringIO

import pytest
from django.core.management import call_command

from library.learning import library_learn
from library.models import LibraryEntry, Source
from library.tasks import learn_library
from projects.models import Document
from workflow.rollover import document_rollover


def approve(document):
    Document.objects.filter(pk=document.pk).update(status=Document.Status.APPROVED)


@pytest.fixture
def two_approved_years(seed):
    approve(seed)
    following = document_rollover(document=seed, to_year=2023).document
    approve(following)
    return seed, following


def test_a_draft_document_teaches_nothing(seed):
    library_learn()
    assert not LibraryEntry.objects.exists()


def test_the_command_learns_each_name_once_per_subcategory_with_its_document_count(two_approved_years):
    out = StringIO()
    call_command("learn_library", stdout=out)
    timely = LibraryEntry.objects.get(subcategory__name="时效指标", name="及时率")
    assert (timely.source, timely.use_count, timely.common_value) == (Source.LEARNED, 2, "≥95")
    assert (timely.comparator, timely.unit) == ("≥", "")
    satisfaction = LibraryEntry.objects.get(name="职工满意度")
    # Written "100" once and "≥95" once in each year: the tie goes to the text that sorts first.
    assert (satisfaction.use_count, satisfaction.common_value) == (2, "100")
    # 及时率, 及时性 and the rest: the seed's 41 rows hold 35 distinct (二级, name) pairs.
    assert LibraryEntry.objects.count() == 35
    assert "新增学习指标 35 个" in out.getvalue()


def test_names_differing_only_in_spaces_and_punctuation_are_one_entry(seed):
    following = document_rollover(document=seed, to_year=2023).document
    row = following.projects.first().indicators.get(name="建档职工帮扶救助率")
    row.name = "建档职工 帮扶救助率。"
    row.save()
    approve(seed)
    approve(following)
    library_learn()
    entry = LibraryEntry.objects.get(normalized_name="建档职工帮扶救助率")
    assert entry.use_count == 2


def test_learning_again_changes_nothing(two_approved_years):
    library_learn()
    before = list(LibraryEntry.objects.values_list("name", "use_count", "common_value").order_by("name"))
    result = library_learn()
    assert (result.created, result.updated) == (0, 0)
    assert list(LibraryEntry.objects.values_list("name", "use_count", "common_value").order_by("name")) == before


def test_curated_entries_get_counts_but_keep_their_text(two_approved_years, make_entry):
    curated = make_entry("及时率", definition="按时完成的比例", comparator="≥", unit="%")
    library_learn()
    curated.refresh_from_db()
    assert (curated.source, curated.definition, curated.unit) == (Source.CURATED, "按时完成的比例", "%")
    assert (curated.use_count, curated.common_value) == (2, "≥95")
    assert LibraryEntry.objects.filter(subcategory__name="时效指标", normalized_name="及时率").count() == 1


def test_an_entry_no_longer_used_counts_zero(two_approved_years, make_entry):
    make_entry("已不再使用的指标", use_count=7)
    result = library_learn()
    assert LibraryEntry.objects.get(name="已不再使用的指标").use_count == 0
    assert result.unused == 1


def test_the_task_runs_the_same_learning(two_approved_years):
    result = learn_library.enqueue()
    assert result.return_value["created"] == 35
    assert LibraryEntry.objects.count() == 35
