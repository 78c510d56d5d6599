"""The date of a page: stated in its metadata, or inferred from its path or its own text.

Precedence, first found wins: front matter > sidecar > path > text. Metadata is what
someone wrote down for this article; a date in the path (``2024-12-19/03.txt``,
``20241219_03.txt``, ``2024/12/19/a.md``) is what the archive filed it under, a decision
made once for the whole page; the text only gives the date of the news it reports, which
is the day of publication or a day or so before it. File times and "today" are never used:
an archive copied or checked out later would be dated by the copy.

Inferred dates are written with the precision they have: ``2024-12-18`` (a day), ``2024-12``
(a month), ``2024`` (a year), or ``""`` (unknown).

How the text is read (:func:`date_from_text`):

- **The year** is the latest year the text states as past or present: ``2024年``,
  ``2024年度``, ``2024年12月``. Plan targets do not count (``到2025年``, ``2025年，…将``,
  ``有望在2028年建成``), nor a range's end (``2021—2025年``). The latest, not the most
  frequent: a 2024 page names 2023 figures more often than 2024 ones (seed 002).
- **The day** is the latest day of a news lead (``本报讯 记者…报道：12月18日，``) or dateline
  (``新华社北京3月5日电``), written without a year or with it. A day elsewhere in the text is the day of some
  event the page mentions, not the page's. Photo dates (``2月18日摄``) and announced or
  deadline days (``将于12月20日``, ``至12月31日``) do not count.
- Without a lead's day, a year stated in a headline (``## ——2022年昌吉州科技创新工作综述``)
  is the date: a review of that year, whose undated figures are that year's.
- **Unknown rather than a guess**: no year stated (``12月16日`` alone is not a date); days on
  both sides of a new year (``12月28日`` and ``1月3日``: which year is which?); a day from
  January to April without its year (``1月14日``, ``3月5日`` with ``2024年`` figures: last
  year's results in a new year's paper, or this year's?); a day earlier than a fully dated event
  the text reports (``2024年12月28日`` … ``1月3日``).

Why so strict — measured with ``scripts/eval_dating.py`` on copy with known dates, its
front matter removed: the CCTV corpus (no news leads) states other years far more than its
own (history, last year's figures, targets not worded as such), and a year read from any
day of its text was wrong more often than right (1,563 wrong, 1,134 right). Only a lead's
day with the page's stated year is dated now; everything else is unknown, which the
decision rules handle as unknown (a scope note, never an error on a guessed day).
"""
from __future__ import annotations

import re
from datetime import date as _date
from pathlib import PurePath
from typing import Literal, NamedTuple

from .patterns import lazy

DateSource = Literal["front matter", "sidecar", "path", "text", "unknown"]
DATE_SOURCES: tuple[DateSource, ...] = ("front matter", "sidecar", "path", "text", "unknown")

# The text read for a date: a page is a few thousand characters; a file of megabytes is a
# dump of many, which no one date fits (its first pages are read; the rest is not worth the time).
TEXT_CHARS = 50_000

_LABELS = {
    "zh": {"path": "据文件路径", "text": "据正文推断"},
    "en": {"path": "from the file path", "text": "inferred from text"},
}


class Dating(NamedTuple):
    """A page's date and where it came from: ``Dating("2024-12-18", "text")``."""

    date: str
    source: DateSource


def date_of(front_matter: str, sidecar: str, path: str | PurePath, text: str, start: int = 0) -> Dating:
    """The date of a page, by precedence: front matter > sidecar > path > text (from ``start``,
    where the body begins).

    >>> date_of("", "", "archive/20241219_03.txt", "12月18日，昌吉州召开2024年…")
    Dating(date='2024-12-19', source='path')
    """
    if front_matter.strip():
        return Dating(front_matter.strip(), "front matter")
    if sidecar.strip():
        return Dating(sidecar.strip(), "sidecar")
    found = date_from_path(path)
    if found:
        return Dating(found, "path")
    found = date_from_text(text[start:start + TEXT_CHARS])
    if found:
        return Dating(found, "text")
    return Dating("", "unknown")


def date_label(date: str, source: str, lang: str = "zh") -> str:
    """How a cited date is printed: an inferred one says so; an unknown one is ``""``.

    >>> date_label("2024-12-18", "text")
    '2024-12-18，据正文推断'
    """
    if not date:
        return ""
    label = _LABELS.get(lang, _LABELS["en"]).get(source)
    if not label:
        return date
    return f"{date}，{label}" if lang == "zh" else f"{date}, {label}"


# -- the path ----------------------------------------------------------------------------
_YEAR_RE = r"(?:19|20)\d\d"
_PATH_DATES = (
    # 2024-12-19, 2024_12_19, 2024.12.19, 2024/12/19 (folders)
    lazy(re.compile, rf"(?<!\d)(?P<y>{_YEAR_RE})(?P<sep>[-_./])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?!\d)"),
    # 20241219 (not inside a longer run of letters and digits: a hash is not a date)
    lazy(re.compile, rf"(?<![\dA-Za-z])(?P<y>{_YEAR_RE})(?P<m>\d\d)(?P<d>\d\d)(?![\dA-Za-z])"),
    # 2024-12, 2024/12 (folders): a month
    lazy(re.compile, rf"(?<!\d)(?P<y>{_YEAR_RE})[-_./](?P<m>\d{{1,2}})(?![\d.]?\d)"),
    # a folder or file named 2024: a year
    lazy(re.compile, rf"(?:^|/)(?P<y>{_YEAR_RE})(?:/|\.\w+$|$)"),
)
_PATH_PARTS = 4  # the file name and its three folders: 2024/12/19/a.md, not /home/u/2019/…


def date_from_path(path: str | PurePath) -> str:
    """The date a path files the page under, most precise first, deepest part first.

    >>> date_from_path("pages/2024/12/19/a.md"), date_from_path("20241219_03.txt")
    ('2024-12-19', '2024-12-19')
    >>> date_from_path("seeds/000_4f2cc99a263c1c5d.txt")
    ''
    """
    parts = PurePath(path).as_posix().split("/")[-_PATH_PARTS:]
    tail = "/".join(parts)
    for rx in _PATH_DATES:
        for m in reversed(list(rx.finditer(tail))):
            found = _valid(m.group("y"), m.groupdict().get("m"), m.groupdict().get("d"))
            if found:
                return found
    return ""


def _valid(y: str, m: str | None, d: str | None) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` when it is a real calendar date, else ``""``."""
    try:
        if d is not None and m is not None:
            return _date(int(y), int(m), int(d)).isoformat()
        if m is not None:
            return _date(int(y), int(m), 1).isoformat()[:7]
    except ValueError:
        return ""
    return y


# -- the text ----------------------------------------------------------------------------
_SPACE = lazy(re.compile, r"\s+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# A stated year: 2024年, 2024年度, 2020年底; not 1980年代
_YEAR = lazy(re.compile, rf"(?<!\d)({_YEAR_RE})年(?!代)")
# …unless it is a plan target or the end of a range
_TARGET_BEFORE = lazy(re.compile, r"(?:到|(?<!截)至|力争|预计|计划|争取|有望在?|将于?|将在|目标|规划|展望|远景|—|–|-|~|～)$")
_TARGET_AFTER = lazy(re.compile, r"^(?:度?[，,、]?[^，,。；;！!？?]{0,8}?(?:将|力争|预计|计划|争取|目标|有望)"
                           r"|(?:以前|之前|前)(?:[，,。；;）)]|$)|[—–~～-])")
# A day (12月18日) or a month (截至6月底, 今年8月), and what stands before it
_DAY = lazy(re.compile, r"(?<!\d)(\d{1,2})月(\d{1,2})[日号]")
_PREFIX = lazy(re.compile, rf"(?:({_YEAR_RE})年|(今年|本年)|(去年|上年|前年|明年|次年))$")
_SKIP_BEFORE = lazy(re.compile, r"(?:将于|将在|定于|拟于|计划于|预计|(?<!截)至|到|—|–|-|~|～)$")
_DAY_SKIP_AFTER = lazy(re.compile, r"^(?:[^，,。；;]{0,3}摄|以前|之前|前|起)")
_LEAD = lazy(re.compile, r"本报讯|报道[：:]|电[（(]?记者|讯[（(]记者")
_LEAD_SPAN = 40  # a news lead's date follows its byline within this many characters


# a yearless day from January to April may be on a page of the year after the one it states:
# reviews of last year run until the spring sessions (两会, March) and beyond
_NEW_YEAR_MONTHS = 4


class _Day(NamedTuple):
    year: int | None  # stated with the day (2024年12月18日), else None
    month: int
    day: int
    lead: bool  # in a news lead (本报讯 …：12月18日)


def date_from_text(text: str) -> str:
    """The date of the news a page reports, at the precision its text supports.

    >>> date_from_text("本报讯 记者刘辉报道：12 月 18\\n日，昌吉州发布2024年度重大科技创新成果")
    '2024-12-18'
    >>> date_from_text("## ——2022年昌吉州科技创新工作综述\\n2022年11月28日,科技部火炬中心发布")
    '2022'
    >>> date_from_text("今天（9月26日）发布，2021年底，我国综合交通网总里程突破600万公里")
    ''
    >>> date_from_text("12月16日，昌吉州召开新闻发布会。2025年，昌吉州将启动实施…")
    ''
    """
    s = _SPACE.sub("", text).translate(_FULLWIDTH_DIGITS)
    year = _stated_year(s)
    if year is None:
        return ""
    days = [d for d in _days(s) if d.lead]
    if days:
        return _latest_day(days, year, _referenced_dates(s))
    headline = _headline_year(text)
    return f"{headline:04d}" if headline else ""


_HEADLINE = lazy(re.compile, r"^[ \t]*#+[ \t]*[—–-]*([^\n]*)", re.M)  # (a subtitle's dash is no range)


def _headline_year(text: str) -> int | None:
    """The latest year a Markdown headline states as past or present (not a target)."""
    lines = "。".join(m.group(1) for m in _HEADLINE.finditer(text))
    return _stated_year(_SPACE.sub("", lines).translate(_FULLWIDTH_DIGITS)) if lines else None


def _stated_year(s: str) -> int | None:
    years = [int(m.group(1)) for m in _YEAR.finditer(s)
             if not _TARGET_BEFORE.search(s[max(0, m.start() - 4):m.start()])
             and not _TARGET_AFTER.match(s[m.end():m.end() + 16])]
    return max(years) if years else None


def _prefix(s: str, start: int) -> tuple[int | None, bool]:
    """(the year stated just before ``start``, whether another year is meant: 去年, 明年)."""
    m = _PREFIX.search(s, max(0, start - 5), start)
    if not m:
        return None, False
    return (int(m.group(1)) if m.group(1) else None), bool(m.group(3))


def _days(s: str) -> list[_Day]:
    out = []
    for m in _DAY.finditer(s):
        month, day = int(m.group(1)), int(m.group(2))
        stated, other_year = _prefix(s, m.start())
        before = s[max(0, m.start() - 12):m.start()]
        if other_year or not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if _SKIP_BEFORE.search(_PREFIX.sub("", before)) or _DAY_SKIP_AFTER.match(s[m.end():m.end() + 5]):
            continue
        window = max(0, m.start() - _LEAD_SPAN)
        marker = None
        for marker in _LEAD.finditer(s, window, m.start()):
            pass  # the last lead marker before the day
        # the lead's day is the first after its marker (10月9日, not 10月14日 in a later sentence)
        lead = (marker is not None and _DAY.search(s, marker.end(), m.start()) is None
                or s.startswith("电", m.end()))  # a dateline: 新华社北京3月5日电
        out.append(_Day(stated, month, day, lead))
    return out


def _referenced_dates(s: str) -> list[str]:
    """Fully dated events (2022年11月28日): the page is not older than the latest."""
    out = []
    for m in _DAY.finditer(s):
        stated, _ = _prefix(s, m.start())
        found = _valid(str(stated), m.group(1), m.group(2)) if stated else ""
        if found:
            out.append(found)
    return out


def _latest_day(days: list[_Day], year: int, referenced: list[str]) -> str:
    yearless = [(d.month, d.day) for d in days if d.year is None]
    if yearless and min(yearless)[0] <= 2 and max(yearless)[0] >= 11:
        return ""  # 12月28日 and 1月3日 on one page: which year is which?
    if yearless and max(yearless)[0] <= _NEW_YEAR_MONTHS:
        return ""  # 3月5日 and 2024年 figures: last year's results in this year's paper?
    dated = [_valid(str(d.year), str(d.month), str(d.day)) for d in days if d.year is not None]
    if yearless:
        month, day = max(yearless)
        found = _valid(str(year), str(month), str(day))
        others = set(referenced) - set(dated)  # (a news lead's own dated day is the page's)
        if found and others and found < max(others):
            # 2024年12月28日 … 1月3日: a January page of last year's news, or a day set ahead?
            return ""
        dated.append(found)
    dated = [d for d in dated if d]
    return max(dated) if dated else f"{year:04d}"
