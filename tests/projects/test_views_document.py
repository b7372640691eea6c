"""The document page: cover texts, checkpoint months and the three goal lists, saved as one change."""

import pytest
from django.urls import reverse

from projects.models import DepartmentGoal, Document
from tests.conftest import make_user
from tests.projects.form_data import page_data


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


@pytest.fixture
def url(seed):
    return reverse("projects:document", args=[seed.department.code, seed.year])


@pytest.fixture
def data(seed, filler, client, url):
    client.force_login(filler)
    return page_data(client.get(url))


def goal_texts(document, kind):
    return list(document.goals.filter(kind=kind).order_by("position").values_list("text", flat=True))


def test_page_shows_cover_texts_months_and_all_eighteen_goals(seed, filler, client, url):
    client.force_login(filler)
    response = client.get(url)
    html = response.content.decode()
    assert 'value="3, 6, 10, 12"' in html
    assert [len(fs.initial_forms) for fs in response.context["goal_formsets"]] == [5, 3, 10]
    assert "一、总体绩效目标" in html
    assert "三、工作保障措施" in html


def test_cover_texts_and_months_are_saved_and_the_revision_moves_on(seed, client, url, data):
    data.update(
        {"prepared_by": "正定县总工会办公室", "approving_authority": "正定县财政局", "checkpoint_months": "3，6，9，12"}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    seed.refresh_from_db()
    assert (seed.prepared_by, seed.checkpoint_months, seed.revision) == ("正定县总工会办公室", [3, 6, 9, 12], 1)
    assert seed.history.first().revision == 1


def test_unchanged_save_writes_no_goal_history(seed, client, url, data):
    client.post(url, data)
    assert DepartmentGoal.history.count() == 0


def test_a_goal_is_added_at_the_end_of_its_list(seed, client, url, data):
    data["goals-overall-5-text"] = "新增的总体目标"
    assert client.post(url, data).status_code == 302
    assert goal_texts(seed, "overall")[-1] == "新增的总体目标"
    assert seed.goals.filter(kind="overall").count() == 6


def test_a_goal_is_edited_and_another_deleted(seed, client, url, data):
    data["goals-itemized-0-text"] = "改写的分项目标"
    data["goals-itemized-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    texts = goal_texts(seed, "itemized")
    assert len(texts) == 2
    assert texts[0] == "改写的分项目标"


def test_goals_are_reordered_by_their_position_numbers(seed, client, url, data):
    before = goal_texts(seed, "safeguard")
    data["goals-safeguard-0-position"] = "20"
    assert client.post(url, data).status_code == 302
    assert goal_texts(seed, "safeguard") == [*before[1:], before[0]]
    assert list(seed.goals.filter(kind="safeguard").order_by("position").values_list("position", flat=True)) == list(
        range(1, 11)
    )


def test_checkpoint_months_that_break_the_rule_are_refused_next_to_the_field(seed, client, url, data):
    data["checkpoint_months"] = "3, 6, 10"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["checkpoint_months"] == ["资金支出计划的最后一个时间节点必须是12月底。"]
    seed.refresh_from_db()
    assert seed.checkpoint_months == [3, 6, 10, 12]


def test_checkpoint_months_that_are_not_numbers_get_a_clear_message(seed, client, url, data):
    data["checkpoint_months"] = "三月, 12"
    response = client.post(url, data)
    assert response.context["form"].errors["checkpoint_months"] == [
        "资金支出计划时间节点“三月, 12”无法识别：请填写用逗号分隔的月份，如 3, 6, 10, 12。"
    ]


def test_an_error_in_one_goal_saves_nothing_and_keeps_the_input(seed, client, url, data):
    data["prepared_by"] = "新编制单位"
    data["goals-overall-0-text"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["goal_formsets"][0].forms[0].errors["text"]
    assert 'value="新编制单位"' in response.content.decode()
    seed.refresh_from_db()
    assert (seed.prepared_by, seed.revision) == ("正定县总工会", 0)


def test_stale_save_is_refused_shows_what_changed_and_keeps_the_typed_input(seed, client, url, data):
    other = page_data(client.get(url))
    other["approving_authority"] = "石家庄市财政局"
    other["goals-overall-0-text"] = "别人改写的总体目标"
    assert client.post(url, other).status_code == 302

    data["prepared_by"] = "我填写的编制单位"
    response = client.post(url, data)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    changes = {change.what: (change.before, change.after) for change in conflict.changes}
    assert changes["审核单位"] == ("正定县财政局", "石家庄市财政局")
    assert "别人改写的总体目标" in changes["总体绩效目标"][1]
    assert conflict.changed_by == "filler"
    html = response.content.decode()
    assert "未保存：别人已修改了这些内容" in html
    assert 'value="我填写的编制单位"' in html
    seed.refresh_from_db()
    assert (seed.prepared_by, seed.revision) == ("正定县总工会", 1)

    resend = page_data(response)
    assert resend["revision"] == 1
    assert client.post(url, resend).status_code == 302
    seed.refresh_from_db()
    assert (seed.prepared_by, seed.approving_authority, seed.revision) == ("我填写的编制单位", "石家庄市财政局", 2)
    assert goal_texts(seed, "overall")[0] == "别人改写的总体目标"


def test_stale_save_highlights_the_goal_both_people_rewrote(seed, client, url, data):
    other = page_data(client.get(url))
    other["approving_authority"] = "石家庄市财政局"
    other["goals-overall-0-text"] = "别人改写的总体目标"
    assert client.post(url, other).status_code == 302

    data["goals-overall-0-text"] = "我改写的总体目标"
    response = client.post(url, data)
    conflict = response.context["conflict"]
    assert [change.what for change in conflict.changed_by_both] == ["总体绩效目标"]
    overall = response.context["goal_formsets"][0]
    assert "changed-by-both" in str(overall.forms[0]["text"])
    assert "changed-by-both" not in str(response.context["form"]["approving_authority"])


def test_read_only_reader_sees_goals_as_disabled_fields(seed, django_user_model, client, url):
    client.force_login(make_user(django_user_model, "auditor", role="审计人员"))
    response = client.get(url)
    assert all(f.disabled for fs in response.context["goal_formsets"] for form in fs for f in form.fields.values())
    assert "新增项目" not in response.content.decode()


def test_document_page_offers_add_project_for_fillers(seed, client, url, data):
    html = client.get(url).content.decode()
    assert reverse("projects:project_add", args=["711", 2022]) in html


def test_document_model_keeps_one_document_per_department_year(seed):
    assert Document.objects.count() == 1


def test_stale_save_after_a_goal_was_deleted_keeps_the_users_goal_as_a_new_one(seed, client, url, data):
    other = page_data(client.get(url))
    other["goals-itemized-2-DELETE"] = "on"
    assert client.post(url, other).status_code == 302

    data["goals-itemized-2-text"] = "我改写的第三条分项目标"
    response = client.post(url, data)
    assert [fs.is_valid() for fs in response.context["goal_formsets"]] == [True, True, True]
    assert "分项绩效目标" in [change.what for change in response.context["conflict"].changes]
    assert client.post(url, page_data(response)).status_code == 302
    assert goal_texts(seed, "itemized")[-1] == "我改写的第三条分项目标"
    assert len(goal_texts(seed, "itemized")) == 3


def test_document_page_offers_workflow_review_and_excel(client, seed, django_user_model):
    reviewer = make_user(django_user_model, "dept-reviewer-links", role="部门审核人", departments=[seed.department])
    client.force_login(reviewer)
    page = client.get(reverse("projects:document", args=["711", 2022])).content.decode()
    assert reverse("workflow:transition", args=["711", 2022, "submit"]) in page
    assert reverse("review:document", args=["711", 2022]) in page
    assert reverse("workbooks:export", args=["711", 2022]) in page
