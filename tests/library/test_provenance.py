"""Each indicator records where it came from (the library, last year, typed by hand), and its history says so."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from indicators.models import Origin
from tests.projects.form_data import indicator_key, page_data
from workflow.history import project_history
from workflow.rollover import document_rollover


def edit_first_row(client, project, **values):
    url = reverse("projects:project_edit", args=[project.pk])
    data = page_data(client.get(url))
    data.update({indicator_key(0, name): value for name, value in values.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    return response


def test_a_row_picked_from_the_library_records_the_entry_and_the_history_shows_it(
    client, filler, seed_with_history, make_entry
):
    entry = make_entry("建档职工帮扶救助及时率")
    project = seed_with_history.projects.order_by("position").first()
    client.force_login(filler)
    edit_first_row(client, project, name=entry.name, origin=Origin.LIBRARY, library_entry=str(entry.pk))
    row = project.indicators.order_by("position").first()
    assert (row.origin, row.library_entry) == (Origin.LIBRARY, entry)
    [latest] = [e for e in project_history(project=project) if e.action == "修改"][:1]
    changes = {c.label: (c.old, c.new) for c in latest.changes}
    assert changes["指标出处"] == ("手工填写", "指标库")
    assert changes["指标库指标"] == ("", "建档职工帮扶救助及时率")
    page = client.get(reverse("workflow:project_history", args=[project.pk])).content.decode()
    assert "指标出处" in page
    assert "建档职工帮扶救助及时率" in page


def test_a_row_saved_without_a_posted_origin_stays_typed_by_hand(client, filler, seed):
    project = seed.projects.order_by("position").first()
    client.force_login(filler)
    url = reverse("projects:project_edit", args=[project.pk])
    data = page_data(client.get(url))
    del data[indicator_key(0, "origin")]
    data[indicator_key(0, "name")] = "改过的名称"
    assert client.post(url, data).status_code == 302
    assert project.indicators.order_by("position").first().origin == Origin.TYPED


def test_an_unknown_library_entry_is_refused_next_to_the_row(client, filler, seed):
    project = seed.projects.order_by("position").first()
    client.force_login(filler)
    url = reverse("projects:project_edit", args=[project.pk])
    data = page_data(client.get(url))
    data[indicator_key(0, "library_entry")] = "999999"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["library_entry"]


def test_next_years_draft_marks_its_rows_as_last_years(seed, make_entry):
    entry = make_entry("及时率")
    seed.projects.first().indicators.filter(name="及时率").update(origin=Origin.LIBRARY, library_entry=entry)
    following = document_rollover(document=seed, to_year=2023).document
    rows = list(following.projects.first().indicators.all())
    assert {row.origin for row in rows} == {Origin.LAST_YEAR}
    assert [row.library_entry for row in rows if row.name == "及时率"] == [entry]


def test_an_entry_that_indicators_came_from_cannot_be_deleted(seed, make_entry):
    entry = make_entry("及时率")
    seed.projects.first().indicators.filter(name="及时率").update(origin=Origin.LIBRARY, library_entry=entry)
    with pytest.raises(ProtectedError):
        entry.delete()
