"""Renders on the task queue: one render for many quick saves, fan-out and join, and a dead render blocks nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports import pdf as report_pdf
from reports import renders, tasks
from reports.models import DocumentRender, ReportPart
from reports.tasks import enqueue_render
from tests.reports.texts import expected_texts, missing_in_order, pdf_pages


@pytest.fixture
def joins(monkeypatch):
    calls = []
    original = report_pdf.build_pdf
    monkeypatch.setattr(tasks, "build_pdf", lambda *args, **kw: calls.append(args) or original(*args, **kw))
    return calls


def edit(seed, position: int, text: str) -> None:
    seed.projects.filter(position=position).update(purpose=text)


def render_of(document) -> DocumentRender:
    return DocumentRender.objects.get(document=document)


def test_ten_quick_saves_cause_one_render(seed, queued_tasks, django_capture_on_commit_callbacks, joins):
    queued_tasks.hold()
    for n in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            edit(seed, 1, f"对困难职工帮扶救助（第{n}次修改）")
    assert len(queued_tasks.pending()) == 1
    queued_tasks.run()
    assert len(joins) == 1
    render = render_of(seed)
    assert render.state == DocumentRender.State.IDLE
    assert renders.is_current(render)
    assert "第9次修改" in "".join(pdf_pages(renders.store.open_pdf(render.pdf_name).read()))


def test_saves_during_a_render_cause_one_follow_up_render(seed, queued_tasks, django_capture_on_commit_callbacks):
    queued_tasks.hold()
    with django_capture_on_commit_callbacks(execute=True):
        edit(seed, 1, "第一次修改")
    [first] = queued_tasks.pending()
    assert renders.render_claimed(seed.pk, first.args[1])
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            edit(seed, 2, f"渲染中修改{n}")
    assert len(queued_tasks.pending()) == 1, "nothing more is queued while the render runs"
    queued_tasks.run()
    render = render_of(seed)
    assert renders.is_current(render)
    assert render.state == DocumentRender.State.IDLE
    assert "渲染中修改2" in "".join(pdf_pages(renders.store.open_pdf(render.pdf_name).read()))


def test_a_render_killed_mid_way_is_retaken_once_it_stops_reporting_progress(
    seed, queued_tasks, settings, django_capture_on_commit_callbacks
):
    queued_tasks.hold()
    with django_capture_on_commit_callbacks(execute=True):
        edit(seed, 1, "修改后被中断")
    [killed] = queued_tasks.pending()
    assert renders.render_claimed(seed.pk, killed.args[1])
    queued_tasks.forget()
    # Its worker died here: the row still says running and nothing will ever finish it.
    enqueue_render(seed.pk, change=False)
    assert queued_tasks.pending() == [], "a live render is not duplicated"
    DocumentRender.objects.filter(document=seed).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.REPORTS_RENDER_STALE_SECONDS + 1)
    )
    enqueue_render(seed.pk, change=False)
    [retaken] = queued_tasks.pending()
    assert retaken.args[1] != killed.args[1]
    queued_tasks.run()
    render = render_of(seed)
    assert renders.is_current(render)
    assert "修改后被中断" in "".join(pdf_pages(renders.store.open_pdf(render.pdf_name).read()))
    # Should the old render come back to life after all, it finds itself superseded and changes nothing.
    assert not renders.render_claimed(seed.pk, killed.args[1])
    assert renders.render_finished(seed.pk, killed.args[1], slug="711-2022", pdf=None) is None
    assert render_of(seed).pdf_name == render.pdf_name


def test_a_cold_render_fans_its_parts_out_and_the_last_share_joins(seed, settings, joins, monkeypatch):
    settings.REPORTS_TASK_PARTS = 3
    shares = []
    original = report_pdf.lay_out_parts
    monkeypatch.setattr(
        tasks, "lay_out_parts", lambda sources: shares.append([p.anchor for p in sources.parts]) or original(sources)
    )
    enqueue_render(seed.pk)
    parts = 3 + seed.projects.count()
    assert sorted(anchor for share in shares for anchor in share) == sorted(
        ["cover", "toc-0", "part-1", *(f"project-{n}" for n in range(1, parts - 2))]
    )
    assert len(shares) == 3
    assert len(joins) == 1, "only the last share joins"
    render = render_of(seed)
    assert (render.tasks_left, render.parts_done, render.parts_total) == (0, parts, parts)
    assert ReportPart.objects.count() == parts
    content = renders.store.open_pdf(render.pdf_name).read()
    assert missing_in_order(expected_texts(seed), "".join(pdf_pages(content))) == []


def test_a_share_of_a_superseded_render_does_no_join(seed, settings, queued_tasks, joins):
    settings.REPORTS_TASK_PARTS = 3
    queued_tasks.hold()
    enqueue_render(seed.pk)
    [render_task] = queued_tasks.pending()
    queued_tasks.forget()
    render_task.task.call(*render_task.args)
    first_shares = queued_tasks.pending()
    assert len(first_shares) == 3
    DocumentRender.objects.filter(document=seed).update(token="someone-else")
    queued_tasks.run()
    assert joins == []


def test_a_status_change_that_prints_the_same_keeps_the_pdf(seed, django_capture_on_commit_callbacks, joins):
    enqueue_render(seed.pk)
    before = render_of(seed)
    with django_capture_on_commit_callbacks(execute=True):
        seed.status = seed.Status.SUBMITTED
        seed.save(update_fields=["status"])
    after = render_of(seed)
    assert len(joins) == 1
    assert after.pdf_name == before.pdf_name
    assert renders.is_current(after)
