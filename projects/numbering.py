"""Chinese ordinal numbering as printed: 一、二、三 for sections, （一）（二） for items."""

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    prefix = "" if tens == 1 else DIGITS[tens]
    return f"{prefix}十{DIGITS[ones] if ones else ''}"


def item_label(n: int) -> str:
    return f"（{chinese_numeral(n)}）"
