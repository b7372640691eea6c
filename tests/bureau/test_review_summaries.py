"""ReviewSummary: every committed change of a document brings its stored review counts up to date through a task,
reviews coalesce, and a command refreshes what is missing or out of date."""

from io import StringIO

from django.core.management import call_command

from bureau.models import ReviewSummary
from bureau.summaries import review_summary_count_change, review_summary_refresh
from review.rulebook import document_review


def test_a_committed_change_stores_the_documents_review_counts(seed, django_capture_on_commit_callbacks):
    project = seed.projects.first()
    with django_capture_on_commit_callbacks(execute=True):
        project.name = "改过名字的项目"
        project.save()
    summary = ReviewSummary.objects.get(document=seed)
    review = document_review(seed)
    assert (summary.errors, summary.warnings) == (review.errors, review.warnings)
    assert summary.is_current
    assert summary.changes == 1


def test_a_change_not_committed_leaves_no_summary(seed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        project = seed.projects.first()
        project.name = "未提交的修改"
        project.save()
    assert not ReviewSummary.objects.exists()


def test_changes_piling_up_are_reviewed_once(seed, django_assert_max_num_queries):
    for _ in range(10):
        review_summary_count_change(document_id=seed.pk)
    assert not ReviewSummary.objects.get(document=seed).is_current
    review_summary_refresh(document_id=seed.pk)
    assert ReviewSummary.objects.get(document=seed).reviewed_changes == 10
    # The nine other tasks find the summary current and leave the rulebook alone.
    with django_assert_max_num_queries(3):
        review_summary_refresh(document_id=seed.pk)


def test_a_review_that_began_earlier_never_overwrites_a_newer_one(seed):
    ReviewSummary.objects.create(document=seed, errors=99, changes=1, reviewed_changes=5)
    review_summary_refresh(document_id=seed.pk, force=True)
    assert ReviewSummary.objects.get(document=seed).errors == 99


def test_a_change_of_a_deleted_document_is_ignored(db):
    assert review_summary_count_change(document_id=123456) is False
    assert review_summary_refresh(document_id=123456) is None
    assert not ReviewSummary.objects.exists()


def test_the_command_reviews_missing_and_out_of_date_summaries_or_all(seed):
    out = StringIO()
    call_command("refresh_review_summaries", stdout=out)
    assert "1" in out.getvalue()
    assert ReviewSummary.objects.get(document=seed).is_current
    out = StringIO()
    call_command("refresh_review_summaries", "--year", "2022", stdout=out)
    assert "已更新 0 份" in out.getvalue()
    ReviewSummary.objects.update(errors=77)
    call_command("refresh_review_summaries", "--all", stdout=StringIO())
    assert ReviewSummary.objects.get(document=seed).errors == document_review(seed).errors
