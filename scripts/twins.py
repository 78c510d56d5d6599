"""Twins for scripts/eval_typos.py: one figure of one statistic printed in an earlier and a
later item, found by aligning sentences — never by factcheck's matcher.

Figures come from ``factcheck.api.claims`` (the extractor gives each its span); the
alignment is this module's own: the two sentences carry the same figure as written, state
the same periods (years resolved from 今年/去年 by each item's date), and, with the figure
masked, read alike (rapidfuzz over characters) with the same words right before it.

>>> periods_of("今年上半年，全国粮食产量达到1.5亿吨", 2025)
('2025', '上半年')
>>> masked("全国粮食产量达到1.5亿吨。", "1.5亿吨")
'全国粮食产量达到＃。'
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

# Units of time, ages and ordinals: not statistics whose figure a typo would change.
SKIP_UNITS = {"年", "月", "日", "天", "号", "时", "小时", "分", "分钟", "秒", "周", "周年", "岁", "届",
              "次会议", "点", "后", "年代", "世纪", "代"}
_PERIOD = re.compile(r"(\d{4})年(?!代)|(今年|去年|明年|前年)|(上半年|下半年|全年|前三季度|[一二三四]季度|第[一二三四]季度"
                     r"|\d{1,2}[—\-－~至到]\d{1,2}月|\d{1,2}月(?:份)?(?!\d{1,2}日)|\d{1,2}月\d{1,2}日|截至\S{0,6}?[底末日])")
_RELATIVE = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}
_OTHER_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Figure:
    """One claim as this evaluation sees it: where it is and the sentence around it."""

    path: str  # the file as given to api.claims (absolute)
    date: str
    title: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # as written
    unit: str
    sentence: str
    stated: str = "exact"  # the quantity's kind: exact | approx | range | lower-bound | …


@dataclass(frozen=True, slots=True)
class Twin:
    early: Figure  # in the claims DB (before the cutoff)
    late: Figure  # the draft (after the cutoff)
    ratio: float  # rapidfuzz ratio of the two masked sentences
    left: str  # the words before the figure that both share

    @property
    def id(self) -> str:
        e, d = self.early, self.late
        return f"{_stem(d.path)}:{d.line}:{d.column}~{_stem(e.path)}:{e.line}:{e.column}"


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def periods_of(sentence: str, year: int) -> tuple[str, ...]:
    """The periods a sentence states, years resolved: 今年 in a 2025 item is 2025."""
    out: set[str] = set()
    for m in _PERIOD.finditer(sentence):
        if m.group(1):
            out.add(m.group(1))
        elif m.group(2):
            out.add(str(year + _RELATIVE[m.group(2)]))
        else:
            out.add(m.group(3))
    return tuple(sorted(out))


def masked(sentence: str, figure: str) -> str:
    return sentence.replace(figure, "＃", 1)


def eligible(fig: Figure) -> bool:
    """A figure worth a typo: Arabic digits, at least two of them, a unit that is not time."""
    t = fig.text
    if not t[:1].isdigit() or "," in t or fig.unit in SKIP_UNITS:
        return False
    digits = sum(ch.isdigit() for ch in t)
    if digits < 2 or any(ch in t for ch in "余多—-～~至到") or fig.stated not in ("exact", "rate"):
        return False  # (a typo in a bound, 3000万人以上 → 300万人以上, contradicts nothing)
    return fig.text in fig.sentence and len(fig.sentence) >= 12


def find_twins(early: Iterable[Figure], late: Iterable[Figure], *, min_ratio: float = 75.0,
               left_chars: int = 3, per_figure: int = 3, recurring_days: int = 4) -> list[Twin]:
    """Pairs (early, late) of one figure as written in sentences that align.

    Both sentences state the same periods; the ``left_chars`` characters before the figure
    are the same; the window around the masked figure (15 characters before, 10 after)
    reads alike (rapidfuzz ratio ≥ ``min_ratio``, and ≥ ``min_ratio`` for the 15 before it
    alone: 同比增长＃ after two different things is not one statistic); the other figures of
    one window are all in the other sentence (one may add a figure, not change one); ordinals of occasions (第七次会议,
    第5批) are the same; the two items are not printed within ``recurring_days`` of one
    date in different years (a yearly ceremony told with the same words: 18名礼兵 on
    every 9月30日, 3000只和平鸽 on every 12月13日, is a new occasion). A late figure gets at most one twin
    (its best early sentence); one figure text at most ``per_figure`` twins, so that a
    figure repeated daily does not fill the sample.
    """
    by_text: dict[str, list[Figure]] = defaultdict(list)
    for f in early:
        if eligible(f):
            by_text[f.text].append(f)
    best: dict[tuple[str, int, int], Twin] = {}
    for d in late:
        if not eligible(d) or d.text not in by_text:
            continue
        d_before, d_after, d_numbers = _window(d)
        d_periods = periods_of(d.sentence, int(d.date[:4]))
        if len(d_before) < left_chars:
            continue
        for e in by_text[d.text]:
            e_before, e_after, e_numbers = _window(e)
            if e_before[-left_chars:] != d_before[-left_chars:]:
                continue
            if periods_of(e.sentence, int(e.date[:4])) != d_periods:
                continue
            if _occasions(e.sentence) != _occasions(d.sentence) or _recurring(e.date, d.date, recurring_days):
                continue
            ratio = fuzz.ratio(d_before + "＃" + d_after, e_before + "＃" + e_after)
            if ratio < min_ratio or fuzz.ratio(d_before, e_before) < min_ratio:
                continue
            if not (_numbers(d_before + " " + d_after) <= e_numbers or _numbers(e_before + " " + e_after) <= d_numbers):
                continue
            key = (d.path, d.line, d.column)
            if key not in best or ratio > best[key].ratio:
                best[key] = Twin(e, d, ratio, d_before[-left_chars:])
    twins = sorted(best.values(), key=lambda t: (-t.ratio, t.id))
    count: dict[str, int] = defaultdict(int)
    out = []
    for t in twins:
        if count[t.late.text] < per_figure:
            count[t.late.text] += 1
            out.append(t)
    return sorted(out, key=lambda t: t.id)


_OCCASION = re.compile(r"第[\d一二三四五六七八九十百零〇]+[次届批期轮号]")


def _occasions(sentence: str) -> set[str]:
    return set(_OCCASION.findall(sentence))


def _recurring(a: str, b: str, days: int) -> bool:
    """Two dates in different years within ``days`` of the same day of the year."""
    from datetime import date

    da, db = date.fromisoformat(a[:10]), date.fromisoformat(b[:10])
    if da.year == db.year:
        return False
    shifted = da.replace(year=db.year) if not (da.month == 2 and da.day == 29) else date(db.year, 3, 1)
    return abs((shifted - db).days) <= days


_DATE_LIKE = re.compile(r"\d+(?:日|时|点)|\d+月(?=\d+日)")


def _numbers(text: str) -> set[str]:
    """The figures of a text, days and hours left out (今天（5月1日）12时 dates the item)."""
    return set(_OTHER_NUMBER.findall(_DATE_LIKE.sub("", text)))


def _window(f: Figure) -> tuple[str, str, set[str]]:
    m = masked(f.sentence, f.text)
    i = m.find("＃")
    return m[max(0, i - 15):i], m[i + 1:i + 11], _numbers(m)
