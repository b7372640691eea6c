import pytest
from django.utils import translation

from monitoring.demo import demo_round


@pytest.fixture
def round7(seed):
    """The seed's demo round: January to July 2022, filled, still a draft."""
    return demo_round(seed)


@pytest.fixture(autouse=True)
def chinese():
    """Messages are asserted in the source language, whatever an earlier request left activated."""
    with translation.override("zh-hans"):
        yield
