"""The review engine's public API on the seed: what it finds, what blocks submission, and how many queries."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator
from projects.models import Project
from review.rulebook import (
    Finding,
    Severity,
    blocking_findings,
    document_assert_submittable,
    document_review,
    review_document,
    review_project,
)
from tests.conftest import grow_document

# (rule, project position) of every finding on the seed; docs/seed-review.md explains each one.
SEED_FINDINGS = [
    ("measurable-comparator", 1),
    ("measurable-qualitative-outcome", 1),
    ("quality-cost-usage-rate", 1),
    ("quality-cost-usage-rate", 2),
    ("measurable-comparator", 3),
    ("measurable-comparator", 3),
    ("quality-cost-usage-rate", 3),
    ("text-doubled-character", 3),
    ("quality-cost-usage-rate", 4),
    ("quality-cost-usage-rate", 5),
    ("quality-late-spending", 5),
    ("measurable-comparator", 6),
    ("quality-cost-usage-rate", 6),
]


def test_seed_findings_are_the_documented_ones(seed):
    assert [(f.rule, f.project.position) for f in review_document(seed)] == SEED_FINDINGS


def test_the_seed_has_only_warnings_so_it_may_be_submitted(seed):
    assert {f.severity for f in review_document(seed)} == {Severity.WARNING}
    assert blocking_findings(seed) == []


def test_the_seed_typo_is_found_where_it_is(seed):
    [finding] = [f for f in review_document(seed) if f.rule == "text-doubled-character"]
    assert finding.project.name == "工会在职人员社保缴费"
    assert finding.field == "purpose"
    assert finding.message == "项目“工会在职人员社保缴费”的“资金用途”中有重复字“为为”，请核对是否笔误。"


def test_blocking_findings_are_the_errors_only(seed):
    Project.objects.filter(document=seed, position=2).update(goal="")
    [blocking] = blocking_findings(seed)
    assert blocking.rule == "complete-goal"
    assert blocking.severity == Severity.ERROR
    assert blocking.is_blocking
    assert blocking.message == "项目“工会礼堂维护费”的“绩效目标”未填写。"


def test_a_document_with_errors_cannot_be_submitted_and_is_told_why(seed):
    Project.objects.filter(document=seed, position=2).update(goal="")
    with pytest.raises(ValidationError) as excinfo:
        document_assert_submittable(document=seed)
    assert excinfo.value.messages == ["审核发现1个错误，改正后才能提交。", "项目“工会礼堂维护费”的“绩效目标”未填写。"]


def test_the_seed_may_be_submitted(seed):
    document_assert_submittable(document=seed)


def test_review_project_gives_that_projects_findings_only(seed):
    project = seed.projects.get(position=5)
    assert [f.rule for f in review_project(project)] == ["quality-cost-usage-rate", "quality-late-spending"]


def test_project_findings_match_the_document_review(seed):
    by_document = [(f.rule, f.field, f.message) for f in review_document(seed) if f.project.position == 3]
    by_project = [(f.rule, f.field, f.message) for f in review_project(seed.projects.get(position=3))]
    assert by_project == by_document


def test_a_finding_is_a_small_frozen_value():
    finding = Finding("complete-goal", Severity.ERROR, None, "goal", "绩效目标未填写。")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.severity = Severity.WARNING
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "rule",
        "severity",
        "project",
        "field",
        "message",
        "indicator",
    ]


def test_document_review_groups_by_project_with_counts(seed):
    Project.objects.filter(document=seed, position=2).update(goal="")
    review = document_review(seed)
    assert (review.errors, review.warnings) == (1, 13)
    groups = review.by_project
    assert [g.project.position for g in groups] == [1, 2, 3, 4, 5, 6]
    assert [(g.errors, g.warnings) for g in groups] == [(0, 3), (1, 1), (0, 4), (0, 1), (0, 2), (0, 2)]
    assert review.document_findings == []


def test_document_level_findings_have_no_project(seed):
    seed.goals.filter(kind="overall").delete()
    review = document_review(seed)
    [finding] = review.document_findings
    assert finding.project is None
    assert finding.rule == "complete-overall-goal"


def test_reviewing_a_document_takes_the_same_queries_whatever_its_size(seed, django_assert_num_queries):
    with django_assert_num_queries(6):
        small = review_document(seed)
    grow_document(seed, copies=5)
    with django_assert_num_queries(6):
        large = review_document(seed)
    assert len(large) == 6 * len(small)


def test_reviewing_a_project_takes_the_same_queries_whatever_its_size(seed, django_assert_num_queries):
    project = seed.projects.get(position=1)
    with django_assert_num_queries(4):
        small = review_project(project)
    first = project.indicators.first()
    Indicator.objects.bulk_create(
        Indicator(
            project=project,
            subcategory_id=first.subcategory_id,
            name=f"第{n}类人员覆盖率",
            description="说明",
            value_text="≥120",
            comparator="≥",
            target_number=120,
            position=100 + n,
        )
        for n in range(40)
    )
    with django_assert_num_queries(4):
        findings = review_project(project)
    assert len(findings) == len(small) + 40
