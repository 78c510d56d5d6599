"""Stage 3b (time): when a figure holds, read from the words before it.

Pure functions over text: ``scope_in("2024年昌吉州推荐入选", 2024)`` →
``TimeScope("year", "2024年", 2024)``; ``近年来`` → cumulative; ``今年`` resolved from the
article date; ``目前`` → as-of the article date. :class:`factcheck.context.TextContext` finds
them once per text and looks them up by position.
"""
from __future__ import annotations

import re

import regex

from .patterns import lazy
from .records import TimeScope

_SCOPE = lazy(regex.compile,
    r"""
    (?P<since>(?:19|20)\d{2}年(?:\d{1,2}月份?)?(?:底|末|初)?以来)
  | (?P<year>(?:19|20)\d{2})年(?P<ydetail>度|底|末|初)?(?P<period>上半年|下半年|前三季度|一季度|二季度|三季度|四季度|\d{1,2}[—–\-至]\d{1,2}月)?
  | (?P<day>\d{1,2}月\d{1,2}日(?:\d{1,2}时?)?[—–\-至](?:\d{1,2}日)?\d{1,2}时|\d{1,2}日(?:\d{1,2}时?)?[—–\-至](?:\d{1,2}日)?\d{1,2}时|[今昨][（(]\d{1,2}[）)]日|过去\d+小时|过去二十四小时|过去一天|过去1天|当天|当日|同一天|同日(?!而语)|昨天|今天|昨日|今日|昨晚|今晚|当晚)
  | (?P<thisyear>今年以来|今年|一年来|本年度|当年|全年|年内)
  | (?P<lastyear>去年|上年)
  | (?P<nextyear>明年|来年)
  | (?P<cum>近年来|近几年|近些年|多年来|累计|累积|先后|至今|已分|连续\d+年|连续[一二三四五六七八九十]+年|过去\d+年|过去\d{1,2}[日天]|\d+年来|[一二三四五六七八九十]+年来|近\d+年|近[一二三四五六七八九十]年|十多年来|截至目前)
  | (?P<asof>截至(?:当地时间|北京时间)?(?:\d{1,2}月)?\d{1,2}日(?:\d{1,2}时)?|截至\d{1,2}月底?|目前|如今|截至|现有|现已|现在|当前)
  | (?P<period2>上半年|下半年|前[一二三]季度|[一二三四]季度|第[一二三四]季度|\d{1,2}[—–\-]\d{1,2}月份?|前\d{1,2}个月|前[一二三四五六七八九十]{1,2}个月|\d{1,2}月份|\d{1,2}月末|\d{1,2}月底|\d{1,2}月(?=[，,])|(?<!提)前(?!一天)[\d一二三四五六七八九十两]{1,2}天(?=[，,\p{Han}]))
    """,
    regex.VERBOSE,
)



def scope_in(text: str, article_year: int | None, prefer_explicit: bool = False, article_date: str = "") -> TimeScope:
    """The scope stated nearest to the end of ``text`` (the text before a figure).

    ``prefer_explicit``: the first explicit year or period wins (an article's lead:
    2022年11月28日，……创历年新高 is about 2022); unless the year begins a day's period, which
    is the day then (2020年2月9日0—24时，……新增确诊病例12例: the day's news, not the year's).

    A written day (2月9日0—24时) is also preferred to a later 当日 (2月9日0—24时，当日新增治愈出院
    病例632例), and 当天/当日 is the article's date (``article_date``).

    >>> scope_in("2020年2月9日0—24时，河北省报告新增确诊病例12例", 2020, prefer_explicit=True).label
    '2月9日0—24时（2月9日0—24时）'
    >>> scope_in("2月9日0—24时，当日新增治愈出院病例632例", 2020, prefer_explicit=True).label
    '2月9日0—24时（2月9日0—24时）'
    """
    found = first_day = None
    for m in _SCOPE.finditer(text):
        if prefer_explicit and m.group("year"):
            day = _SCOPE.match(text, m.end())
            return scope_of(day if day and day.group("day") else m, article_year, article_date)
        if prefer_explicit and first_day is None and m.group("day") and m.group()[:1].isdigit():
            first_day = m
        found = m
    if first_day is not None:
        return scope_of(first_day, article_year, article_date)
    if found is None:
        return TimeScope()
    return scope_of(found, article_year, article_date)


# the words of next year (a plan's year, 明年起，…): a year scope that is never closed and
# scopes only its own sentence
NEXT_YEAR = frozenset({"明年", "来年"})

_DAY_AFTER = lazy(regex.compile, r"^[ \t]*[（(](?:(\d{1,2})月)?(\d{1,2})日[）)]")


def day_after(text: str, article_date: str, article_year: int | None) -> TimeScope:
    """The day written in brackets right after a figure, its own scope in a series of daily
    figures: 890例（3日）、731例（4日） → ``3日（2月3日）`` in an article of 2020-02-08 (the
    month is the article's, or the one before when the day is later than the article's)."""
    m = _DAY_AFTER.match(text)
    if not m:
        return TimeScope()
    day = int(m.group(2))
    month = int(m.group(1)) if m.group(1) else None
    if month is None and len(article_date) >= 10 and article_date[5:7].isdigit() and article_date[8:10].isdigit():
        month = int(article_date[5:7])
        if day > int(article_date[8:10]):
            month = month - 1 or 12
    if month is None or not (1 <= day <= 31 and 1 <= month <= 12):
        return TimeScope()  # an undated page: the day of which month? unknown, never "the same day"
    return TimeScope("period", f"{day}日（{month}月{day}日）", article_year)


_WRITTEN_DAY = lazy(regex.compile, r"[今昨][（(](\d{1,2})[）)]日")  # 昨（20）日: the 20th


def scope_of(found: regex.Match[str], article_year: int | None, article_date: str = "") -> TimeScope:
    label = found.group()
    if found.group("day"):
        # 当天 / 同一天 / 过去24小时 / 0—24时: one day, the article's (two days' tolls are two facts)
        day = label if label[:1].isdigit() else ""
        written = _WRITTEN_DAY.match(label)
        if written and not day:  # 昨（20）日 printed on the 21st: the 20th, as written
            day = day_after(f"（{written.group(1)}日）", article_date, article_year).label.partition("（")[2].rstrip("）")
        return TimeScope("period", f"{label}（{day or article_date or '?'}）", article_year)
    if found.group("since"):  # 2012年以来: a running total since then, held on the article's day
        return TimeScope("cumulative", label, article_year)
    if found.group("year"):
        year = int(found.group("year"))
        if found.group("period"):
            return TimeScope("period", label, year)
        return TimeScope("year", label, year)
    if found.group("thisyear"):
        if label in ("今年以来", "年内"):  # a running total for the year so far: dated like 累计
            return TimeScope("cumulative", label, article_year)
        return TimeScope("year", label, article_year)
    if found.group("lastyear"):
        return TimeScope("year", label, article_year - 1 if article_year else None)
    if found.group("nextyear"):  # a forecast or plan for the year after the article's
        return TimeScope("year", label, article_year + 1 if article_year else None)
    if found.group("cum"):
        if label in ("已分", "先后", "至今"):
            label = "累计"
        return TimeScope("cumulative", label, article_year)
    if found.group("asof"):
        return TimeScope("as_of", label, article_year)
    return TimeScope("period", label, article_year)


# public name for other stages (evidence, context): the time grammar
SCOPE_PATTERN = _SCOPE


# a cut-off written before a figure: 截至8月16日, 截至6月底, 截至2023年底, 截至当地时间22日
_AS_OF = lazy(re.compile,
    r"截至(?:北京时间|当地时间)?(?:(?:今天|昨天|当地时间)?[（(]?(?:(?:19|20)\d{2}年)?(\d{1,2})月(\d{1,2})日|"
    r"(?:(?:19|20)\d{2}年)?(\d{1,2})月(底|末)|((?:19|20)\d{2})年(底|末)|(\d{1,2})日)")


def _cutoff_written(before: str) -> re.Match[str] | None:
    """The last cut-off (截至……) written in ``before``, the words before a figure in its sentence."""
    if "截至" not in before:  # (every match opens with it: the pattern is not compiled for nothing)
        return None
    m = None
    for m in _AS_OF.finditer(before):
        pass
    return m


def as_of_day(before: str) -> str:
    """The cut-off written before a figure, as ``Features.as_of``: 截至8月16日 → '8-16';
    截至6月底 → '6-end'; 截至22日 → 'day 22'; '' when none is written.

    >>> as_of_day("截至8月16日，全国累计"), as_of_day("截至2023年底，共有"), as_of_day("目前")
    ('8-16', '2023-end', '')
    """
    m = _cutoff_written(before)
    if m is None:
        return ""
    if m.group(1):
        return f"{int(m.group(1))}-{int(m.group(2))}"
    if m.group(3):
        return f"{int(m.group(3))}-end"
    if m.group(5):
        return f"{m.group(5)}-end"
    return f"day {int(m.group(7))}"


_YEAR_OF_DAY = lazy(re.compile, r"((?:19|20)\d{2})年(?=\d{1,2}月)")


def as_of_year(before: str) -> int:
    """The year written in the cut-off :func:`as_of_day` reads (截至2023年5月10日 → 2023), 0 when
    none is written (the cut-off is then in its article's year: :func:`factcheck.days.cutoff_day`).

    >>> as_of_year("截至2022年5月1日，有10家；截至6月3日，全省累计"), as_of_year("截至2023年5月10日，累计")
    (0, 2023)
    """
    m = _cutoff_written(before)
    year = _YEAR_OF_DAY.search(m.group()) if m else None
    return int(year.group(1)) if year else 0
