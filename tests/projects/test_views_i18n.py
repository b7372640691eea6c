"""The pages speak Chinese by default and English on request, messages from the rules included."""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.projects.form_data import page_data


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


def test_pages_are_in_chinese_by_default(seed, filler, client):
    client.force_login(filler)
    html = client.get(reverse("projects:dashboard")).content.decode()
    assert "我的绩效文本" in html
    assert '<html lang="zh-hans">' in html


def test_pages_are_in_english_when_chosen(seed, filler, client):
    client.force_login(filler)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("projects:document", args=["711", 2022])).content.decode()
    assert "My performance documents" in html
    assert "Add project" in html
    assert "Total" in html


def test_rule_messages_follow_the_chosen_language(seed, filler, client):
    client.force_login(filler)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("projects:project_edit", args=[seed.projects.get(position=1).pk])
    data = page_data(client.get(url))
    data["fiscal_funds"] = "7.00"
    response = client.post(url, data)
    assert response.context["form"].errors["budget"] == [
        "The budget 7.70 must equal fiscal funds 7.00 plus other funds 0.00 (7.00)."
    ]
    assert "Not saved: 1 error found; please correct it and save again." in response.content.decode()
