from decimal import Decimal as D

from projects.money import format_money


def test_money_prints_two_places():
    assert format_money(D("7.7")) == "7.70"
    assert format_money(D("10")) == "10.00"
    assert format_money(D("0.005")) == "0.01"
    assert format_money(None) == ""


def test_zero_prints_blank_only_when_asked():
    assert format_money(D("0")) == "0.00"
    assert format_money(D("0"), blank_zero=True) == ""
