"""The seed document with the demo self-evaluation, and helpers to read and change it."""

import pytest
from django.utils import translation

from selfeval.demo import demo_selfevaluation
from selfeval.models import IndicatorEvaluation, ProjectEvaluation, SelfEvaluation


@pytest.fixture
def evaluation(seed) -> SelfEvaluation:
    evaluation = demo_selfevaluation(document=seed)
    evaluation.refresh_from_db()
    return evaluation


def evaluation_snapshot(evaluation: SelfEvaluation) -> dict:
    return {
        "evaluation": SelfEvaluation.objects.filter(pk=evaluation.pk).values().get(),
        "projects": list(ProjectEvaluation.objects.filter(evaluation=evaluation).values().order_by("pk")),
        "indicators": list(IndicatorEvaluation.objects.filter(evaluation=evaluation).values().order_by("pk")),
    }


def lock(evaluation: SelfEvaluation, status: str = "submitted") -> SelfEvaluation:
    evaluation.status = status
    evaluation.save(update_fields=["status"])
    return evaluation


@pytest.fixture(autouse=True)
def pdf_store(settings, tmp_path):
    """Printed PDFs go to a throwaway folder."""
    settings.REPORTS_CACHE_DIR = tmp_path / "reports"
    return settings.REPORTS_CACHE_DIR


@pytest.fixture(autouse=True)
def chinese():
    """Messages are asserted in Chinese, whatever language an earlier test left active."""
    with translation.override("zh-hans"):
        yield
