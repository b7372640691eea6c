"""The order of suggestions in the editor, in one place: the bureau's curated entries first, then those more
documents used, then those sharing more keywords with the project's name and 资金用途."""

import heapq
from dataclasses import dataclass

from library.names import split_keywords

SUGGESTION_LIMIT = 8


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
