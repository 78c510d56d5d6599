"""The number grammar: numerals (Arabic and Chinese) and their values.

Values are exact :class:`~decimal.Decimal` until they leave this module.

>>> chinese_value("两千三百万")
Decimal('23000000')
>>> chinese_value("一千零五十")
Decimal('1050')
>>> arabic_value("1,234.5")
Decimal('1234.5')
"""
from __future__ import annotations

from decimal import Decimal

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
               "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4, "千": Decimal(1000), "百": Decimal(100)}

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"


def arabic_value(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def chinese_value(text: str) -> Decimal:
    """Value of a Chinese numeral: 两千三百万, 十二, 百, 一亿五千万, 二〇二四 (digit by digit)."""
    if len(text) > 1 and all(ch in CN_DIGITS for ch in text):
        return Decimal("".join(str(CN_DIGITS[ch]) for ch in text))  # 二〇二四
    total = Decimal(0)  # finished 亿 / 万 sections
    section = Decimal(0)  # the section below the current big unit
    digit: int | None = None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch in CN_BIG_UNITS:
            section += digit or 0
            if section == 0:
                section = Decimal(1)
            big = CN_BIG_UNITS[ch]
            if big == 10_000 and total and total % 100_000_000 == 0 and section < 10_000:
                total += section * big
            else:
                total = (total + section) * big
            section, digit = Decimal(0), None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + (digit or 0)


def is_well_formed(text: str) -> bool:
    """A Chinese numeral as people write it: no digit right after a digit, except an
    adjacent range (三四, 一两) or a digit-by-digit year (二〇二四). 十七两 is not one."""
    if not text or text[0].isdigit():
        return True
    if len(text) > 1 and all(ch in CN_DIGITS for ch in text):
        return len(text) == 4 or adjacent_range(text) is not None
    for a, b in zip(text, text[1:]):
        if a in CN_DIGITS and b in CN_DIGITS and a not in "零〇" and b not in "零〇":
            return adjacent_range(text) is not None and text.endswith(a + b)
    return True


def adjacent_range(text: str) -> tuple[Decimal, Decimal] | None:
    """三四 → (3, 4); 一两 → (1, 2); 十五六 → (15, 16). None when not an adjacent pair."""
    if len(text) >= 2 and text[-1] in CN_DIGITS and text[-2] in CN_DIGITS:
        a, b = CN_DIGITS[text[-2]], CN_DIGITS[text[-1]]
        if b == a + 1 or (a == 1 and text[-1] == "两"):
            head = text[:-2]
            base = chinese_value(head) if head else Decimal(0)
            return base + a, base + b
    return None


def numeral_value(text: str) -> Decimal:
    """Value of an Arabic or Chinese numeral."""
    if text and (text[0].isdigit()):
        return arabic_value(text)
    return chinese_value(text)


def step_of(value: Decimal) -> Decimal:
    """Place value of the lowest non-zero digit: 1800 → 100, 120 → 10, 1.4 → 0.1."""
    if value == 0:
        return Decimal(1)
    sign, digits, exponent = value.normalize().as_tuple()
    return Decimal(1).scaleb(int(exponent))


def to_number(value: Decimal | None) -> float | int | None:
    """Leave the exact world: an int where integral, else a float."""
    if value is None:
        return None
    whole = int(value)
    if whole == value:
        return whole
    return float(round(value, 10))
