import pytest

from monitoring.demo import demo_round


@pytest.fixture
def round7(seed):
    """The seed's demo round: January to July 2022, filled, still a draft."""
    return demo_round(seed)
