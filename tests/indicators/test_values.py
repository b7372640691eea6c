from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.values import looks_quantitative, parse_target


@pytest.mark.parametrize(
    ("typed", "comparator", "number", "unit"),
    [
        ("≥90", "≥", Decimal("90"), ""),
        ("100", "", Decimal("100"), ""),
        ("≤5天", "≤", Decimal("5"), "天"),
        ("100%", "", Decimal("100"), "%"),
        (">=95%", "≥", Decimal("95"), "%"),
        ("＜＝３次", "≤", Decimal("3"), "次"),
        ("= 12.5 万元", "=", Decimal("12.5"), "万元"),
        ("<1", "<", Decimal("1"), ""),
    ],
)
def test_quantitative_targets_are_split_into_sign_number_and_unit(typed, comparator, number, unit):
    target = parse_target(typed)
    assert (target.comparator, target.number, target.unit) == (comparator, number, unit)
    assert target.text == typed.strip()


def test_sentence_is_kept_as_qualitative_target():
    target = parse_target("帮扶救助后职工困难得到缓解，生活状况有所提高")
    assert target.is_qualitative
    assert target.text == "帮扶救助后职工困难得到缓解，生活状况有所提高"
    assert (target.comparator, target.unit) == ("", "")


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_target_is_rejected(typed):
    with pytest.raises(ValidationError, match="指标值不能为空"):
        parse_target(typed)


@pytest.mark.parametrize("typed", ["≥上年水平", "≥很好", "≤5天以内的时间范围内完成", "90-95", "1.2.3", "≥98% 以上"])
def test_odd_targets_are_kept_as_written_and_marked_as_probably_numbers(typed):
    target = parse_target(typed)
    assert target.is_qualitative
    assert target.text == typed
    assert (target.comparator, target.unit) == ("", "")
    assert looks_quantitative(target)


def test_a_sentence_does_not_look_like_an_unread_number():
    assert not looks_quantitative(parse_target("职工生活状况有所提高"))
    assert not looks_quantitative(parse_target("≥90"))


def test_a_number_too_large_to_store_is_refused():
    with pytest.raises(ValidationError, match="数值过大"):
        parse_target("≥1" + "0" * 20)
