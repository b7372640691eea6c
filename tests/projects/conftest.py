"""One user per role around the seed department, and an outsider of the same role in another department."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.conftest import make_user


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


@pytest.fixture
def dept_reviewer(seed, django_user_model):
    return make_user(django_user_model, "dept_reviewer", role="部门审核人", departments=[seed.department])


@pytest.fixture
def bureau_reviewer(db, django_user_model):
    return make_user(django_user_model, "bureau_reviewer", role="财政局审核人")


@pytest.fixture
def outsider(department, django_user_model):
    """A department reviewer and editor, but of 712, not of the seed's 711."""
    user = make_user(django_user_model, "outsider", role="部门审核人", departments=[department])
    user.groups.add(Group.objects.get(name="填报人"))
    return user


@pytest.fixture
def seed_with_history(seed):
    """The seed as the demo set-up leaves it: every row with its first history record."""
    call_command("populate_history", auto=True, verbosity=0)
    return seed
