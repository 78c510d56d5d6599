"""When a figure holds: the day of a day scope, a running figure's cut-off day, days between
two articles. Compared by the time rules (``T`` and ``E`` rules of :mod:`factcheck.judge`) on
stored fields only."""
from __future__ import annotations

import re

import regex

from .patterns import lazy
from .records import Claim, Features

MAX_AS_OF_DAYS = 7
_DAY_LABEL = lazy(regex.compile, r"（(\d{4}-\d{2}-\d{2}|\d{1,2}月\d{1,2}日[^）]*)）$")


def day_of(c: Claim) -> str:
    """The day a figure holds for: the one in a day scope's label, else its article's date,
    as :func:`day_key` (2月9日0—24时 and 2月9日0时-24时 are one day; 当天 in an article of
    2020-02-09 too)."""
    m = _DAY_LABEL.search(c.scope.label)
    return day_key(m.group(1) if m else c.date[:10])


def day_key(label: str) -> str:
    """``month-day`` of a day written 2月9日… or 2020-02-09 (else the label as it is), and the
    hours when they are part of a day (0时至12时 and 12—24时 are two halves of it).

    >>> day_key("2月9日0时-24时"), day_key("2020-02-09"), day_key("2月9日0—24时（2月9日0—24时）")
    ('2-9', '2-9', '2-9')
    >>> day_key("2月9日0时至12时"), day_key("2月9日12—24时")
    ('2-9 0-12', '2-9 12-24')
    """
    hours = _HOURS.search(label)
    span = (int(hours.group(1)), int(hours.group(2))) if hours else (0, 24)
    part = f" {span[0]}-{span[1]}" if span != (0, 24) else ""
    m = _MONTH_DAY.search(label)
    if m:
        return f"{int(m.group(1))}-{int(m.group(2))}{part}"
    m = _ISO_DAY.match(label)
    return f"{int(m.group(1))}-{int(m.group(2))}{part}" if m else label


_MONTH_DAY = lazy(regex.compile, r"(\d{1,2})月(\d{1,2})日")
_HOURS = lazy(regex.compile, r"日(\d{1,2})时?[—–\-至](\d{1,2})时")
_ISO_DAY = lazy(regex.compile, r"\d{4}-(\d{2})-(\d{2})")


_CUTOFF_LABEL = lazy(regex.compile, r"截至\D{0,4}?(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日|(底|末))")


def cutoff_day(c: Claim, f: Features) -> str | None:
    """The day, ISO, a running figure is stated to (``Features.as_of`` with the year written
    in it, ``Features.as_of_year``, else a cut-off read in its paragraph: 截至当地时间22日), in
    its article's year unless one is written (a month after the article's is last year's; a
    day alone after the article's day is last month's): 截至11月末 printed 2024-12-24 →
    2024-11-30; None when it states none. Fields only: no text is read again."""
    import calendar
    from datetime import date

    try:
        year, month_printed, day_printed = int(c.date[:4]), int(c.date[5:7]), int(c.date[8:10])
    except ValueError:
        return None
    month = day = None
    month_written = True
    m = re.fullmatch(r"(\d+)-(\d+|end)", f.as_of) or re.fullmatch(r"day (\d+)", f.as_of)
    if m and f.as_of.startswith("day"):
        month, day, month_written = month_printed, int(m.group(1)), False
    elif m:
        month, day = int(m.group(1)), m.group(2)
        if month > 12:
            return f"{month}-12-31" if day == "end" else None
    written = f.as_of_year if m else 0
    if not m and c.scope.kind == "as_of" and (lm := _CUTOFF_LABEL.search(c.scope.label)):
        written = int(lm.group(1)) if lm.group(1) else 0
        month = int(lm.group(2)) if lm.group(2) else month_printed
        month_written = bool(lm.group(2))
        day = int(lm.group(3)) if lm.group(3) else "end"
    if month is None or not 1 <= month <= 12:
        return None
    late = month == month_printed and day != "end" and int(day) > day_printed + 1
    if written:  # 截至2023年5月10日 printed in 2024: the year written
        year = written
    elif not month_written and late:  # 截至当地时间29日 printed on 3月1日: last month's 29th
        month -= 1
        if month == 0:
            month, year = 12, year - 1
    elif month > month_printed or late:
        year -= 1
    last = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, last if day == "end" else int(day)).isoformat()
    except ValueError:
        return None


def days_apart(a: str, b: str) -> int | None:
    """Days between two article dates (None when either is not a date)."""
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def days_before(day: str, n: int) -> str:
    """The ISO date ``n`` days before the article date ``day`` ("" when it is not a date)."""
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(day[:10]) - timedelta(days=n)).isoformat()
    except ValueError:
        return ""
