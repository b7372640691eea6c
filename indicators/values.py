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
    """Split 指标值 into sign, number and unit; a sentence is kept as a qualitative target.

    Raises ValidationError (in Chinese) for text that is neither: a sign with no number after it,
    or a string of digits and symbols that reads as no quantity.
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
    if comparator:
        raise ValidationError(
            _("指标值“%(value)s”无法识别：比较符号后应为数值和单位，如 ≥90、≤5天。"),
            code="unparseable",
            params={"value": text},
        )
    if not _HAS_WORDS.search(rest):
        raise ValidationError(
            _("指标值“%(value)s”无法识别：请填写数值（可带比较符号和单位，如 ≥90%%）或一句定性描述。"),
            code="unparseable",
            params={"value": text},
        )
    return Target(text=text)
