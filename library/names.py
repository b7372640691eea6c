"""How indicator names are compared: the same 三级 name typed with other spaces, punctuation or full-width
characters is one name."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")
_KEYWORD_SEPARATORS = re.compile(r"[\s,，、;；/]+")


def normalise_name(name: str) -> str:
    """NFKC (full-width to half-width), lower case, without spaces or punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name or "").lower())


def split_keywords(text: str) -> list[str]:
    """Keywords as the bureau types them, separated by spaces, commas or 、; duplicates dropped."""
    return list(dict.fromkeys(k for k in _KEYWORD_SEPARATORS.split(unicodedata.normalize("NFKC", text or "")) if k))
