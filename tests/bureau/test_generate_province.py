"""generate_province: departments with one seed-shaped document each, sized as asked, with review summaries."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bureau.models import ReviewSummary
from indicators.models import Indicator
from projects.models import Department, Document, PlanEntry


def generate(*args):
    call_command("generate_province", *args, stdout=StringIO())


def test_the_province_is_filled_up_to_the_number_of_departments(seed):
    generate("--departments", "4", "--projects", "3", "--indicators", "5")
    generated = Document.objects.exclude(pk=seed.pk)
    assert Department.objects.count() == 4
    assert [d.projects.count() for d in generated] == [3, 3, 3]
    assert Indicator.objects.filter(project__document__in=generated).count() == 3 * 3 * 5
    assert PlanEntry.objects.filter(project__document__in=generated).count() == 3 * 3 * 4
    assert ReviewSummary.objects.filter(document__in=generated, reviewed_changes=0).count() == 3
    assert sorted(generated.values_list("status", flat=True)) == ["approved", "approved", "returned"]
    for document in generated:
        for project in document.projects.all():
            project.full_clean()
    generate("--departments", "4")
    assert Department.objects.count() == 4


def test_more_than_a_thousand_departments_is_refused(db):
    with pytest.raises(CommandError, match="1到1000"):
        generate("--departments", "1001")
