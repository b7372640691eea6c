"""Regrouping indicator rows so each 一级, and each 二级 inside it, prints as one block."""

from types import SimpleNamespace

from indicators.ordering import indicators_regrouped, project_regroup_indicators, regrouped


def rows(*pairs):
    return [SimpleNamespace(category=c, sub=s, n=n) for n, (c, s) in enumerate(pairs, 1)]


def by_group(row):
    return row.category, row.sub


def test_a_row_entered_after_another_category_joins_its_group():
    entered = rows(("产出", "数量"), ("效益", "社会"), ("满意度", "服务对象"), ("效益", "社会"))
    assert [r.n for r in regrouped(entered, key=by_group)] == [1, 2, 4, 3]


def test_a_subcategory_is_brought_together_inside_its_category_keeping_first_appearance_order():
    entered = rows(("产出", "质量"), ("产出", "成本"), ("产出", "质量"), ("效益", "社会"), ("产出", "数量"))
    assert [r.n for r in regrouped(entered, key=by_group)] == [1, 3, 2, 5, 4]


def test_grouped_rows_keep_their_order_untouched():
    entered = rows(("产出", "质量"), ("产出", "成本"), ("产出", "数量"), ("效益", "经济"), ("效益", "社会"))
    assert regrouped(entered, key=by_group) == entered


def test_stored_rows_are_renumbered_into_print_order(seed):
    project = seed.projects.get(position=1)
    rows_now = list(project.indicators.order_by("position"))
    type(rows_now[0]).objects.filter(pk=rows_now[0].pk).update(position=99)
    assert project_regroup_indicators(project=project)
    stored = list(project.indicators.order_by("position"))
    assert [r.position for r in stored] == list(range(1, len(stored) + 1))
    assert indicators_regrouped(stored) == stored
    assert stored[3] == rows_now[0]
    assert not project_regroup_indicators(project=project)
