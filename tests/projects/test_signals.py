"""document_changed: one announcement per document per committed transaction, none for a rolled-back one."""

import pytest
from django.db import transaction

from projects.models import Document, Project
from projects.signals import document_changed


@pytest.fixture
def announced():
    seen = []

    def receiver(sender, document_id, **kwargs):
        seen.append(document_id)

    document_changed.connect(receiver)
    yield seen
    document_changed.disconnect(receiver)


def test_many_writes_to_one_document_announce_it_once_after_commit(seed, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for project in Project.objects.filter(document=seed):
            project.name = project.name + "（调整）"
            project.save()
        assert announced == []
    assert len(callbacks) == 1
    assert announced == [seed.pk]


def test_a_rolled_back_write_announces_nothing(seed, announced, django_capture_on_commit_callbacks):
    project = Project.objects.filter(document=seed).first()

    def rename_then_fail():
        with transaction.atomic():
            project.name = "不会保存"
            project.save()
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            rename_then_fail()
    assert callbacks == []
    assert announced == []

    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.get(pk=seed.pk).save()
    assert announced == [seed.pk]
