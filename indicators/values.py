"""Parsing of 指标值 as finance staff type it: "≥90", "≤5天", "100%", "100", or a sentence."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Comparator(models.TextChoices):
    GE = "≥", "≥"
    LE = "≤", "≤"
    EQ = "=", "="
    GT = ">", ">"
    LT = "<", "<"


# Spellings seen in workbooks and typed by hand, longest first so ">=" wins over ">".
_SIGN_SPELLINGS = [
    (">=", Comparator.GE),
    ("＞＝", Comparator.GE),
    ("≧", Comparator.GE),
    ("≥", Comparator.GE),
    ("<=", Comparator.LE),
    ("＜＝", Comparator.LE),
    ("≦", Comparator.LE),
    ("≤", Comparator.LE),
    ("＝", Comparator.EQ),
    ("=", Comparator.EQ),
    ("＞", Comparator.GT),
    (">", Comparator.GT),
    ("＜", Comparator.LT),
    ("<", Comparator.LT),
]
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_NUMBER_AND_UNIT = re.compile(r"^(?P<number>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s，。,;；:：]{0,8})$")
# Indicator.target_number holds 20 digits, 4 of them decimals.
TARGET_INTEGER_DIGITS = 16
_HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass(frozen=True)
class Target:
    text: str
    comparator: str = ""
    number: Decimal | None = None
    unit: str = ""

    @property
    def is_qualitative(self) -> bool:
        return self.number is None


def parse_target(raw: str) -> Target:
    """Split 指标值 into sign, number and unit; anything else (a sentence, "≥上年水平", a range "3-5") is kept
    as written as a qualitative target, and the review points out the ones that look like an unread number.

    Raises ValidationError (in Chinese) only for what cannot be stored: an empty value or a number too large.
    """
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("指标值不能为空。"), code="required")
    rest = text.translate(_FULLWIDTH_DIGITS)
    comparator = ""
    for spelling, sign in _SIGN_SPELLINGS:
        if rest.startswith(spelling):
            comparator = sign.value
            rest = rest[len(spelling) :].strip()
            break
    match = _NUMBER_AND_UNIT.match(rest)
    if match:
        number = Decimal(match["number"])
        if number and number.adjusted() >= TARGET_INTEGER_DIGITS:
            raise ValidationError(
                _("指标值“%(value)s”的数值过大：整数部分最多 %(digits)s 位。"),
                code="too_large",
                params={"value": text[:40], "digits": TARGET_INTEGER_DIGITS},
            )
        return Target(text=text, comparator=comparator, number=number, unit=match["unit"])
    return Target(text=text)


def looks_quantitative(target: Target) -> bool:
    """A qualitative target that starts with a sign or has no words was probably meant as a number."""
    if not target.is_qualitative:
        return False
    rest = target.text.translate(_FULLWIDTH_DIGITS)
    return rest.startswith(tuple(s for s, _sign in _SIGN_SPELLINGS)) or not _HAS_WORDS.search(rest)
