from decimal import Decimal as D

from projects.numbering import chinese_numeral, item_label
from projects.selectors import _spans, document_report
from tests.conftest import grow_document


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (1, 2, 9, 10, 11, 19, 20, 21, 99)] == [
        "一",
        "二",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "二十一",
        "九十九",
    ]
    assert item_label(10) == "（十）"


def test_spans_merge_consecutive_equal_keys_only():
    assert _spans(["a", "a", "b", "a"]) == [2, 0, 1, 1]
    assert _spans([]) == []


def test_seed_report_numbers_goals_and_keeps_project_order(seed):
    report = document_report(seed)
    assert [(s.number, s.title, len(s.items)) for s in report.goal_sections] == [
        ("一", "总体绩效目标", 5),
        ("二", "分项绩效目标", 3),
        ("三", "工作保障措施", 10),
    ]
    assert report.goal_sections[2].items[9].label == "（十）"
    assert [t.project.position for t in report.projects] == [1, 2, 3, 4, 5, 6]


def test_seed_project_two_plan_has_blank_checkpoints(seed):
    table = document_report(seed).projects[1]
    assert [(c.label, c.amount) for c in table.plan] == [
        ("3月底", None),
        ("6月底", D("5.00")),
        ("10月底", None),
        ("12月底", D("10.00")),
    ]


def test_seed_project_five_merges_category_cells_over_runs(seed):
    rows = document_report(seed).projects[4].rows
    assert [(r.category_rowspan, r.subcategory_rowspan) for r in rows] == [
        (4, 1),
        (0, 1),
        (0, 1),
        (0, 1),
        (2, 1),
        (0, 1),
        (1, 1),
    ]
    assert [r.subcategory for r in rows][4:6] == ["社会效益指标", "经济效益指标"]


def test_report_queries_do_not_grow_with_projects(seed, django_assert_num_queries):
    with django_assert_num_queries(5):
        document_report(seed)
    grow_document(seed, copies=9)
    with django_assert_num_queries(5):
        report = document_report(seed)
    assert len(report.projects) == 60


def test_four_checkpoints_spread_over_six_columns_wider_first_as_in_the_seed(seed):
    table = document_report(seed).projects[0]
    assert [(cell.label, span) for cell, span in table.plan_colspans] == [
        ("3月底", 2),
        ("6月底", 2),
        ("10月底", 1),
        ("12月底", 1),
    ]


def test_more_checkpoints_than_columns_leave_the_plan_to_its_own_grid(seed):
    seed.checkpoint_months = list(range(1, 13))
    seed.save(update_fields=["checkpoint_months"])
    assert document_report(seed).projects[0].plan_colspans == []


def test_splitting_at_a_page_break_restarts_the_merged_cells_there(seed):
    table = document_report(seed).projects[4]
    split = table.split_at_pages([0, 0, 1, 1, 1, 1, 1])
    assert [(r.category_rowspan, r.subcategory_rowspan) for r in split.rows] == [
        (2, 1),
        (0, 1),
        (2, 1),
        (0, 1),
        (2, 1),
        (0, 1),
        (1, 1),
    ]
    assert [r.indicator.pk for r in split.rows] == [r.indicator.pk for r in table.rows]
