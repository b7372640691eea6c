"""prune_reports: old parts, replaced PDFs and torn files go; what renders use now and each last PDF stay."""

import os
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from reports import store
from reports.models import DocumentRender, ReportChunk, ReportPart
from reports.prune import reports_prune
from reports.tasks import enqueue_render
from tests.reports.texts import pdf_pages

LONG_AGO = timezone.now() - timedelta(days=400)


def age_files(root):
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (LONG_AGO.timestamp(), LONG_AGO.timestamp()))


def age_everything(root):
    ReportPart.objects.update(used_at=LONG_AGO)
    ReportChunk.objects.update(created_at=LONG_AGO)
    age_files(root)


def test_unused_parts_go_with_their_files_and_the_last_pdf_stays(seed, report_store):
    enqueue_render(seed.pk)
    pdf = DocumentRender.objects.get(document=seed).pdf_name
    age_everything(report_store)
    result = reports_prune(max_age=timedelta(days=30))
    assert result.parts == 3 + seed.projects.count()
    assert ReportChunk.objects.count() == 0
    assert [path.name for path in report_store.rglob("*.pdf")] == [pdf.rsplit("/", 1)[1]]
    assert result.bytes_left == DocumentRender.objects.get(document=seed).pdf_size


def test_parts_used_recently_stay(seed, report_store):
    enqueue_render(seed.pk)
    age_files(report_store)
    result = reports_prune(max_age=timedelta(days=30))
    assert result.parts == 0
    assert ReportPart.objects.count() == 3 + seed.projects.count()
    assert all(store.storage().exists(chunk.name) for chunk in ReportChunk.objects.all())


def test_replaced_pdfs_and_torn_files_go_once_they_are_old(seed, report_store):
    enqueue_render(seed.pk)
    old_pdf = DocumentRender.objects.get(document=seed).pdf_name
    seed.projects.filter(position=1).update(purpose="新的资金用途")
    enqueue_render(seed.pk)
    torn = store.storage().save("chunks/torn-by-a-killed-worker.pdf", store.ContentFile(b"%PDF-1.7 trunc"))
    fresh = store.storage().save("chunks/being-written-now.pdf", store.ContentFile(b"%PDF-1.7 trunc"))
    age_files(report_store)
    os.utime(report_store / fresh, None)
    reports_prune(max_age=timedelta(days=30))
    assert not store.storage().exists(old_pdf)
    assert not store.storage().exists(torn)
    assert store.storage().exists(fresh)
    assert store.pdf_exists(DocumentRender.objects.get(document=seed).pdf_name)


def test_a_size_limit_removes_the_least_recently_used_parts_first(seed, report_store):
    enqueue_render(seed.pk)
    age_everything(report_store)
    newest = ReportChunk.objects.order_by("name").first()
    newest.parts.update(used_at=timezone.now() - timedelta(days=2))
    reports_prune(max_age=timedelta(days=3650), max_bytes=newest.size + DocumentRender.objects.get().pdf_size)
    assert list(ReportChunk.objects.values_list("name", flat=True)) == [newest.name]


def test_a_render_after_pruning_lays_out_again_what_was_removed(seed, report_store):
    enqueue_render(seed.pk)
    age_everything(report_store)
    reports_prune(max_age=timedelta(days=1))
    seed.projects.filter(position=2).update(purpose="清理之后的修改")
    enqueue_render(seed.pk)
    render = DocumentRender.objects.get(document=seed)
    assert "清理之后的修改" in "".join(pdf_pages(store.open_pdf(render.pdf_name).read()))


def test_the_command_reports_what_it_removed_and_may_run_again(seed, report_store, capsys):
    enqueue_render(seed.pk)
    age_everything(report_store)
    call_command("prune_reports", "--max-age-days", "30", "--max-size-mb", "100")
    first = capsys.readouterr().out
    call_command("prune_reports", "--max-age-days", "30")
    again = capsys.readouterr().out
    assert first.startswith(f"删除排版部分 {3 + seed.projects.count()} 个")
    assert again.startswith("删除排版部分 0 个、文件 0 个")
