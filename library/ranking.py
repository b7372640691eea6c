"""The order of suggestions in the editor, in one place: the bureau's curated entries first, then those more
documents used, then those sharing more keywords with the project's name and 资金用途."""

import heapq
from dataclasses import dataclass

from library.models import Source
from library.names import split_keywords

SUGGESTION_LIMIT = 8
# The first two keys of `rank`, as the database orders them (and the index library_entry_ranking serves):
# "curated" sorts before "learned".
DATABASE_ORDER = ("source", "-use_count")


@dataclass(frozen=True)
class Candidate:
    """What ranking needs of an entry; `entry_id` finds the rest."""

    entry_id: int
    name: str
    is_curated: bool
    use_count: int
    keywords: str


def shared_keywords(keywords: str, project_text: str) -> int:
    """How many of the entry's keywords appear in the project's name and 资金用途."""
    return sum(1 for keyword in split_keywords(keywords) if keyword in project_text)


def rank(candidates, *, project_text: str, limit: int = SUGGESTION_LIMIT) -> list[Candidate]:
    """The best `limit` candidates, best first; ties go by name so the list is stable."""

    def key(candidate: Candidate):
        return (
            not candidate.is_curated,
            -candidate.use_count,
            -shared_keywords(candidate.keywords, project_text),
            candidate.name,
        )

    return heapq.nsmallest(limit, candidates, key=key)


def candidates_from(entries, *, limit: int = SUGGESTION_LIMIT) -> list[Candidate]:
    """Only the entries that can reach the first `limit` places: those the database puts in them, and every
    entry tied with the last of them on source and use count, whose keywords may lift it past the others.
    Rows are read in the database's order and no further than that, so a large library is not read whole."""
    candidates: list[Candidate] = []
    rows = entries.order_by(*DATABASE_ORDER).values_list("pk", "name", "source", "use_count", "keywords")
    for pk, name, source, use_count, keywords in rows.iterator(chunk_size=4 * limit):
        candidate = Candidate(pk, name, source == Source.CURATED, use_count, keywords)
        if len(candidates) >= limit:
            last = candidates[limit - 1]
            if (candidate.is_curated, candidate.use_count) != (last.is_curated, last.use_count):
                break
        candidates.append(candidate)
    return candidates
