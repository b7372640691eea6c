"""Learning the library from what departments wrote: the indicators of approved documents, gathered by 二级 and
normalised name, with how many documents used each and the target value written most often.

The learning only ever writes use counts and common values, and creates learned entries for names the library
lacks; the bureau's curated text is never changed by it.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from indicators.models import Indicator
from library.models import LibraryEntry, Source
from library.names import normalise_name
from projects.models import Document

BATCH = 500


@dataclass
class _Usage:
    documents: set = field(default_factory=set)
    names: Counter = field(default_factory=Counter)
    values: Counter = field(default_factory=Counter)
    descriptions: Counter = field(default_factory=Counter)
    signs: Counter = field(default_factory=Counter)

    def most_common(self, counter: Counter) -> str:
        # Ties go to the text that sorts first, so learning the same documents twice gives the same library.
        return min(counter.items(), key=lambda item: (-item[1], item[0]))[0] if counter else ""


@dataclass(frozen=True)
class LearningResult:
    created: int
    updated: int
    unused: int


def _usages() -> dict[tuple[int, str], _Usage]:
    usages: dict[tuple[int, str], _Usage] = {}
    rows = Indicator.objects.filter(project__document__status=Document.Status.APPROVED).values_list(
        "subcategory_id", "name", "value_text", "description", "comparator", "unit", "project__document_id"
    )
    for subcategory_id, name, value_text, description, comparator, unit, document_id in rows.iterator(BATCH):
        key = normalise_name(name)
        if not key:
            continue
        usage = usages.setdefault((subcategory_id, key), _Usage())
        usage.documents.add(document_id)
        usage.names[name.strip()] += 1
        usage.values[value_text] += 1
        if description.strip():
            usage.descriptions[description.strip()] += 1
        usage.signs[(comparator, unit)] += 1
    return usages


@transaction.atomic
def library_learn() -> LearningResult:
    """Count again, from every approved document, how often each library name is used; add what is missing."""
    usages = _usages()
    stored = {(e.subcategory_id, e.normalized_name): e for e in LibraryEntry.objects.all()}
    changed, created = [], []
    for key, entry in stored.items():
        usage = usages.get(key)
        count = len(usage.documents) if usage else 0
        value = usage.most_common(usage.values) if usage else ""
        if (entry.use_count, entry.common_value) != (count, value):
            entry.use_count, entry.common_value = count, value
            changed.append(entry)
    for (subcategory_id, normalized), usage in usages.items():
        if (subcategory_id, normalized) in stored:
            continue
        comparator, unit = usage.most_common(usage.signs)
        created.append(
            LibraryEntry(
                subcategory_id=subcategory_id,
                name=usage.most_common(usage.names)[:200],
                normalized_name=normalized[:200],
                definition=usage.most_common(usage.descriptions),
                comparator=comparator,
                unit=unit,
                source=Source.LEARNED,
                use_count=len(usage.documents),
                common_value=usage.most_common(usage.values)[:500],
            )
        )
    LibraryEntry.objects.bulk_update(changed, ["use_count", "common_value"], batch_size=BATCH)
    LibraryEntry.objects.bulk_create(created, batch_size=BATCH)
    return LearningResult(
        created=len(created),
        updated=len(changed),
        unused=sum(1 for e in stored.values() if e.use_count == 0),
    )
