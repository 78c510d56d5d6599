"""Typos and equivalent rewrites of one written figure, for scripts/eval_typos.py.

A figure is split into its Arabic numeral, its multiplier and the rest (the unit):

>>> split_figure("1.25万亿元")
Figure(numeral='1.25', multiplier='万亿', rest='元')

A typo gives the same figure with a different value; a rewrite the same value written
differently. Values are computed with factcheck's number grammar (``factcheck.numbers``).

>>> typo("13908亿斤", "transpose", random.Random(1)).text
'19308亿斤'
>>> rewrite("1.25万亿元").text
'12500亿元'
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal

from factcheck.numbers import MULTIPLIERS, arabic_value

TYPO_KINDS = ("transpose", "digit", "decimal", "wan_yi")

_FIGURE = re.compile(r"^(\d+(?:\.\d+)?)(万亿|千万|百万|亿|万|千|百)?(.*)$", re.S)


@dataclass(frozen=True, slots=True)
class Figure:
    numeral: str  # Arabic digits, at most one decimal point (no thousands separators)
    multiplier: str  # 万亿 | 亿 | 万 | … | ""
    rest: str  # the unit as written: 元, %, 个百分点, 万吨 → rest '吨' with multiplier 万

    @property
    def text(self) -> str:
        return self.numeral + self.multiplier + self.rest

    @property
    def value(self) -> Decimal:
        return arabic_value(self.numeral) * MULTIPLIERS.get(self.multiplier, Decimal(1))


@dataclass(frozen=True, slots=True)
class Variant:
    kind: str  # a typo kind, or rewrite
    original: Figure
    changed: Figure

    @property
    def text(self) -> str:
        return self.changed.text


def split_figure(text: str) -> Figure | None:
    """The parts of an Arabic figure as written; None for Chinese numerals, ranges, 余/多."""
    m = _FIGURE.match(text)
    if not m:
        return None
    rest = m.group(3)
    if rest[:1] in ("余", "多", "—", "-", "～", "~", "至", "到") or any(ch.isdigit() for ch in rest):
        return None
    return Figure(m.group(1), m.group(2) or "", rest)


def typo(text: str, kind: str, rng: random.Random) -> Variant | None:
    """One typo of ``kind`` in the figure ``text``, or None when the kind does not apply.

    transpose: two adjacent different digits swapped (13908 → 19308);
    digit: one digit changed (13908 → 13958; never a leading zero);
    decimal: the decimal point moved one place (1.25 → 12.5; 595 → 59.5);
    wan_yi: 万 and 亿 swapped (1.25万亿 → 1.25亿亿 is not written: 万亿 → 亿, 亿 → 万, 万 → 亿).
    """
    fig = split_figure(text)
    if fig is None:
        return None
    changed = {"transpose": _transpose, "digit": _digit, "decimal": _decimal, "wan_yi": _wan_yi}[kind](fig, rng)
    if changed is None or changed.value == fig.value:
        return None
    return Variant(kind, fig, changed)


def _digit_positions(numeral: str) -> list[int]:
    return [i for i, ch in enumerate(numeral) if ch.isdigit()]


def _transpose(fig: Figure, rng: random.Random) -> Figure | None:
    n = fig.numeral
    digits = _digit_positions(n)
    pairs = [(a, b) for a, b in zip(digits, digits[1:]) if n[a] != n[b] and not (a == 0 and n[b] == "0")]
    if not pairs:  # (105 → 015 would not be written)
        return None
    a, b = rng.choice(pairs)
    s = list(n)
    s[a], s[b] = s[b], s[a]
    return Figure("".join(s), fig.multiplier, fig.rest)


def _digit(fig: Figure, rng: random.Random) -> Figure | None:
    i = rng.choice(_digit_positions(fig.numeral))
    old = fig.numeral[i]
    s = list(fig.numeral)
    s[i] = rng.choice([d for d in "0123456789" if d != old and not (d == "0" and i == 0)])
    return Figure("".join(s), fig.multiplier, fig.rest)


def _decimal(fig: Figure, rng: random.Random) -> Figure | None:
    n = fig.numeral
    if "." not in n:
        if len(n) < 2 or n.endswith("0"):  # 590 → 59.0 is written 59: that reads as a dropped digit
            return None
        return Figure(n[:-1] + "." + n[-1], fig.multiplier, fig.rest)  # 595 → 59.5
    whole, frac = n.split(".")
    if rng.random() < 0.5:  # 1.25 → 12.5
        moved = whole + frac[0] + ("." + frac[1:] if frac[1:] else "")
        moved = moved.lstrip("0") or "0"
    else:  # 1.25 → 0.125
        moved = (whole[:-1] or "0") + "." + whole[-1] + frac
    return Figure(moved, fig.multiplier, fig.rest)


def _wan_yi(fig: Figure, rng: random.Random) -> Figure | None:
    swap = {"万亿": "亿", "亿": "万", "万": "亿"}.get(fig.multiplier)
    if swap is None:
        rest = {"万": "亿", "亿": "万"}.get(fig.rest[:1])  # 万吨 read as the unit
        if rest is None:
            return None
        return Figure(fig.numeral, fig.multiplier, rest + fig.rest[1:])
    return Figure(fig.numeral, swap, fig.rest)


def rewrite(text: str) -> Variant | None:
    """The same value written another natural way, or None.

    1.25万亿元 → 12500亿元; 1.5亿元 → 15000万元; 3.5万人 → 35000人; 52.0% → 52%;
    1,234 → 1234 (a figure with separators is not split: the caller passes the digits).
    """
    fig = split_figure(text.replace(",", ""))
    if fig is None:
        return None
    n = fig.numeral
    changed: Figure | None = None
    if "." in n and n.rstrip("0").endswith("."):  # 52.0% → 52%
        changed = Figure(n.split(".")[0], fig.multiplier, fig.rest)
    elif fig.multiplier in ("万亿", "亿") and "." in n:  # 1.25万亿 → 12500亿; 1.5亿 → 15000万
        below = "亿" if fig.multiplier == "万亿" else "万"
        changed = Figure(_plain(arabic_value(n) * 10000), below, fig.rest)
    elif fig.multiplier == "万" and arabic_value(n) < 100:  # 3.5万 → 35000
        changed = Figure(_plain(arabic_value(n) * 10000), "", fig.rest)
    elif not fig.multiplier and "." not in n and len(n) >= 5 and fig.rest not in ("%", "‰", "个百分点") \
            and n[-3:] == "000":  # 35000 → 3.5万
        changed = Figure(_plain(arabic_value(n) / 10000), "万", fig.rest)
    if text != fig.text and changed is None:  # 1,234 → 1234
        changed = fig
    if changed is None or changed.value != fig.value or changed.text == text:
        return None
    return Variant("rewrite", fig, changed)


def _plain(value: Decimal) -> str:
    s = format(value.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s
