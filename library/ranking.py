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
    """What ranking needs of an entry, and the entry's row as read (for showing it)."""

    entry_id: int
    name: str
    is_curated: bool
    use_count: int
    keywords: str
    row: dict | None = None

    @classmethod
    def from_row(cls, row: dict) -> "Candidate":
        return cls(row["id"], row["name"], row["source"] == Source.CURATED, row["use_count"], row["keywords"], row)


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


def candidates_from(rows, *, limit: int = SUGGESTION_LIMIT) -> list[Candidate]:
    """Only the entries that can reach the first `limit` places: those the database puts in them, and every
    entry tied with the last of them on source and use count, whose keywords may lift it past the others.

    `rows` are dicts (id, name, source, use_count, keywords and whatever else is to be shown) in
    DATABASE_ORDER; they are read no further than needed, so a large library is not read whole."""
    candidates: list[Candidate] = []
    for row in rows:
        candidate = Candidate.from_row(row)
        if len(candidates) >= limit:
            last = candidates[limit - 1]
            if (candidate.is_curated, candidate.use_count) != (last.is_curated, last.use_count):
                break
        candidates.append(candidate)
    return candidates
