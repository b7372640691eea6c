"""Finding an earlier year named in a text copied into next year's draft."""

import re


def mentions_year(text: str, year: int) -> bool:
    """A four-digit year standing alone ("2022年", "（2022）"), not part of a longer number such as a code."""
    return bool(re.search(rf"(?<![0-9]){year}(?![0-9])", text or ""))
