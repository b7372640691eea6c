import pytest

from indicators.models import Subcategory
from library.models import LibraryEntry, Source


@pytest.fixture
def timeliness(seed):
    """产出指标 / 时效指标 of the seed's framework."""
    return Subcategory.objects.get(category__framework=seed.framework, category__name="产出指标", name="时效指标")


@pytest.fixture
def make_entry(timeliness):
    def make(name, *, subcategory=None, source=Source.CURATED, use_count=0, **fields):
        entry = LibraryEntry.objects.create(subcategory=subcategory or timeliness, name=name, source=source, **fields)
        if use_count:
            LibraryEntry.objects.filter(pk=entry.pk).update(use_count=use_count)
            entry.refresh_from_db()
        return entry

    return make
