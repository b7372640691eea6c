"""The one money format (万元, two places) shared by HTML, PDF and Excel, so they agree to the cent."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_cents(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value, *, blank_zero: bool = False) -> str:
    """7.7 -> "7.70"; None -> ""; 0 -> "" when blank_zero (a 其他资金 cell with nothing in it prints empty)."""
    cents = to_cents(value)
    if cents is None or (blank_zero and cents == 0):
        return ""
    return f"{cents:.2f}"
