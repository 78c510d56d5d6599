"""When a figure holds, as its own sentence says it: a closed period or a running one, the
base of a comparison, the days named before it, the day a clause opens with, and how far
apart two printings may be for their figures to be one fact.

Read once at extraction (:func:`factcheck.evidence.features_of` stores the answers on the
claim); :func:`days_allowed` and :func:`closed_year` are asked by the decision rules. Also
whether a figure is a running total that only grows (:func:`accumulates`) and the start it
is counted from (:func:`since_of`), for V04.
"""
from __future__ import annotations

import re

from .context import COMPARISON_BASE as _BASE
from .days import MAX_AS_OF_DAYS
from .knowledge import Knowledge
from .match import text_before
from .patterns import lazy
from .records import RATE_UNITS, Claim, Features
from .scopes import NEXT_YEAR

_DATE_TOKEN = lazy(re.compile, r"(?:19|20)\d{2}年|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日|\d{1,2}天|\d{1,2}时")
_SINCE = lazy(re.compile, r"以来|至今|先后|已经|连续")
_EVENT_DATE = lazy(re.compile, r"\d{1,2}月\d{1,2}日")
_RANGE_END = lazy(re.compile, r"(?<!截)[至到—–~～-]$")  # …至2022年5月10日期间: the end of a range of days
_RANGE_AFTER = lazy(re.compile, r"(?:期间|之间|间)")
_RANGE_ON = lazy(re.compile, r"[至到—–~～-](?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:期间|之间|间)")  # 2月3日至5月10日期间


def scope_is_base(c: Claim) -> bool:
    """The scope read for the figure is the base of a comparison (比上年同期, 较一季度,
    恢复至2019年同期)."""
    label = c.scope.label
    if not label or c.scope.kind not in ("year", "period"):
        return False
    i = c.sentence.find(label)
    while i >= 0:
        if _BASE.search(c.sentence[max(0, i - 4):i]) or c.sentence.startswith("同期", i + len(label)):
            return True
        i = c.sentence.find(label, i + 1)
    return False


def fixed_period(c: Claim, own_day: bool = False) -> bool:
    """The figure is stated, in its own sentence, for a closed period (2024年, 上半年,
    1—4月, a day in brackets after it: 731例（4日）; the days between two dates: 在2020年2月3日至
    2022年5月10日期间的重要讲话……109篇): not a running total (今年, 以来, 截至), not an event's
    date (2024年10月30日), not next year (明年)."""
    s = c.scope
    if s.kind not in ("year", "period") or s.label in ("今年", "年内", "今年以来", "当年"):
        return False
    if own_day:
        return True  # 731例（4日）: one past day's figure
    if s.label == "全年" and c.date[5:7] in ("01", "02"):  # in January, 全年 is often last year
        return False
    if (s.kind == "year" and s.year and c.date[:4].isdigit() and int(c.date[:4]) == s.year
            and c.date[5:7].isdigit() and int(c.date[5:7]) < 12):
        return False  # the year the article is printed in is not over: 2026年电影票房破128亿元 in April
    if s.label in NEXT_YEAR:
        return False  # next year (明年起，月最低工资标准调整为2420元): announced, not yet closed
    i = c.sentence.find(s.label)
    if i < 0:
        return False  # inherited from the paragraph or headline
    day = _EVENT_DATE.match(c.sentence, i + len(s.label))
    if day and not (_RANGE_END.search(c.sentence, max(0, i - 1), i) and _RANGE_AFTER.match(c.sentence, day.end())
                    or _RANGE_ON.match(c.sentence, day.end())):
        return False  # an event's date, not a stated range of days (2022年2月3日至5月10日期间)
    end = _period_end(s.label)
    if end and c.date[5:7].isdigit() and int(c.date[5:7]) <= end:
        return False  # 一季度 in a January article: last year's first quarter, as often as not
    return not _SINCE.search(text_before(c, c.sentence))


_PERIOD_END = {"一季度": 3, "第一季度": 3, "二季度": 6, "第二季度": 6, "上半年": 6, "三季度": 9, "第三季度": 9,
               "前三季度": 9, "四季度": 12, "第四季度": 12, "下半年": 12, "全年": 12}
_NUMBERED_PERIOD = lazy(re.compile, r"^(?:前(\d{1,2})个月|\d{1,2}[—–\-至](\d{1,2})月份?|(\d{1,2})月(?:份|末|底)?)$")


def _period_end(label: str) -> int | None:
    """The month a period without a year ends in (上半年 → 6, 1—4月 → 4); None for a year."""
    if label in _PERIOD_END:
        return _PERIOD_END[label]
    m = _NUMBERED_PERIOD.match(label)
    if m:
        return int(next(g for g in m.groups() if g))
    return None


def dates_named(c: Claim, own_day: bool = False) -> tuple[str, ...]:
    """Days and dates written before the figure (10月18日, 过去4日), not in a title
    (《…（2023年版）》); none for a figure followed by its own day (而过去4日这一数据分别为：
    890例（3日）: 3日's figure, whatever span the sentence names)."""
    if own_day:
        return ()
    before = text_before(c, c.sentence)
    if "《" in before:  # 《习近平谈“一带一路”（2023年版）》: a title's year names the book
        before = _TITLE.sub("", before)
    return tuple(_DATE_TOKEN.findall(SCOPE_DAY_NOISE.sub("", before)))


_TITLE = lazy(re.compile, r"《[^《》]{0,40}》")
_DAY_OPENS = lazy(re.compile, r"(?:^|[，；。：,;:])((?:\d{1,2}月)?\d{1,2}日)[，,]")


def day_topic(c: Claim, k: Knowledge, level: bool = False) -> str:
    """The day a clause before the figure opens with, alone (18日，治愈出院5例; 18日，…；19日，治愈
    出院1例 → 19日): what the figure gives is that day's. Not a day inside a clause (根据……5日
    上午公布的数据: when it was published), nor a total or level reached by that day, which its
    clause marks (14日，……死亡人数上升至99人; 13日，……死亡人数已超过6000人: 已, ``stock_words``,
    ``level``: a level after a verb of change, :func:`factcheck.evidence.change_of`).

    >>> from factcheck.knowledge import load
    >>> from factcheck.records import Claim, Quantity, TimeScope
    >>> def claim(sentence, text, clause):
    ...     return Claim("", 1, 1, 1, 1, text, Quantity(1, 1, "例"), "", "例", "", TimeScope(), "", sentence, clause)
    >>> day_topic(claim("18日，治愈出院5例；19日，治愈出院1例。", "1例", "治愈出院1例"), load())
    '19日'
    >>> day_topic(claim("14日，死亡人数已超过6000人。", "6000人", "死亡人数已超过6000人"), load())
    ''
    """
    clause = text_before(c, c.clause)
    if level or "已" in clause or any(w in clause for w in k.word_list("stock_words")):
        return ""
    found = _DAY_OPENS.findall(text_before(c, c.sentence))
    return found[-1] if found else ""


SCOPE_DAY_NOISE = lazy(re.compile, r"[（(](?:\d{1,2}月)?\d{1,2}日[）)]")  # 今天（6月16日）: when it was said


def closed_year(c: Claim, other: Claim) -> bool:
    """``c`` holds for the same closed year as ``other`` states, though ``c`` inherits it from
    an annual report's headline or lead (发布2024年度人才培养重点成果 above the article,
    2024年 in the draft's sentence). A bare inherited year may be anything's date."""
    s = c.scope
    return (s.kind == "year" and s.label[:4].isdigit() and s.label.endswith("年度")
            and s.year == other.scope.year and other.scope.kind == "year")


def days_allowed(a: Claim, b: Claim, fa: Features, fb: Features, error_days: int) -> float:
    """How far apart two articles may be for their figures to be one fact: any distance for
    two closed periods (2024年, 上半年); a week when one side is a closed period and the
    other states none (its article's year is the period, the seeds' 62 vs 24 项); the same
    day for a figure its sentence gives as one occasion's or batch's (又有16例……出院 on 2月21日
    is not 又有8例……出院 on 2月18日; 正在接受医学观察4425人), or for two figures of what was
    added with no period stated anywhere (报告新增……疑似病例37例: since the last report); else
    ``error_days`` (running totals and plans move from day to day)."""
    if fa.this_time or fb.this_time:
        return 0  # one occasion's or one batch's (又有16例……出院, 本次, 正在): that day's only
    if all(c.qualifier.startswith("flow") and not c.scope.known for c in (a, b)) and fa.reported and fb.reported:
        return 0  # what was added, of no stated period (报告新增……疑似病例37例): since the last report
    if fa.plan or fb.plan:
        return error_days
    if fa.fixed_period and fb.fixed_period or fa.fixed_period and closed_year(b, a) \
            or fb.fixed_period and closed_year(a, b):
        return float("inf")
    if (fa.fixed_period and not b.scope.known) or (fb.fixed_period and not a.scope.known):
        return max(error_days, MAX_AS_OF_DAYS)
    return error_days


def accumulates(c: Claim, k: Knowledge) -> str:
    """Whether a figure is a running total that only grows, from the words of its clause before
    it: an accumulating word (``accumulating_words``: 累计, 已 …) with no verb of change, word of
    what remains or one event's toll after it (``change_verbs``, ``level_words``: 能耗累计下降36%,
    已降至5.1%, 尚有6539人, 地震已造成27人死亡), and not 已 right before a level (``level_links``:
    常住人口已达1190万人, 上市公司已有5350家). "year" for the year's so far, which starts again each
    January: its sentence compares it with the year before (``year_on_year_words``: 电信业务收入累计
    完成2950亿元，同比增长0.9%), names this year (今年以来, 年内) or a part of it (``part_year_words``:
    一季度, 前10个月); "total" otherwise, a total since a fixed start (截至目前，我国已布局建设77个国家
    重大科技基础设施); "" for neither: nor for a share or rate (已有85%的行政村, 渗透率已达51.1%), a
    flow (新增), a plan, a season that starts again each year (``season_words``: 春运以来……累计发送
    旅客, 秋粮收购), a window that slides with the day it is printed (近五年，全省累计……, 十年来),
    or a total its sentence says was revised (``revision_words``: 核减)."""
    before = text_before(c, c.clause)
    at = max((before.rfind(w) for w in k.word_list("accumulating_words")), default=-1)
    if at < 0 or c.qualifier.startswith(("flow", "target")) or c.unit in RATE_UNITS:
        return ""
    if any(w in before[at:] for w in (*k.word_list("change_verbs"), *k.word_list("level_words"))):
        return ""
    only_yi = not any(w in before for w in k.word_list("accumulating_words") if w != "已")
    if only_yi and _HEDGE_END.sub("", before).endswith(tuple(k.word_list("level_links"))):
        return ""  # 常住人口已达1190万人: a level reached, which may fall
    said = c.scope.label + text_before(c, c.sentence)
    if _SLIDING.search(said) or any(w in c.sentence for w in (*k.word_list("season_words"), *k.word_list("revision_words"))):
        return ""
    this_year = (any(w in c.sentence for w in (*k.word_list("year_on_year_words"), *k.word_list("part_year_words")))
                 or _THIS_YEAR.search(said))
    return "year" if this_year else "total"


def since_of(c: Claim) -> str:
    """The start a figure is counted from, as its sentence names it before the figure (the last
    one, from after 自 or 从 when the sentence writes one, without 党的 and quotes): 党的十八大以来，全省
    累计建设…… → 十八大; “十四五”以来 → 十四五; 福建自贸试验区自2015年4月挂牌以来 → 2015年4月挂牌;
    "" when none (a sliding 近年来 or 十年来 is no start)."""
    found = None
    for found in _STARTED.finditer(text_before(c, c.sentence)):
        pass
    if found is None or _SLIDING.search(found.group()):
        return ""
    start = found.group(1)
    start = start[max(start.rfind("自"), start.rfind("从")) + 1:]  # 福建自贸试验区自2015年4月挂牌 → 2015年4月挂牌
    return start.removeprefix("党的").replace("“", "").replace("”", "")  # 党的十八大 and 十八大: one start


_STARTED = lazy(re.compile, r"([^，。；：、\s]{1,20}?)(?:以来|(?<!截)至今)")  # (截至今年1月底 is a cut-off)
_HEDGE_END = lazy(re.compile, r"(?:了|约|近|大约|将近)+$")
# a window that slides with the day it is printed (近五年, 十年来, 近年来; not 2023年以来), and this year's
_SLIDING = lazy(re.compile, r"近(?:[\d一二两三四五六七八九十]+个?)?年|(?<!\d)(?:\d{1,2}|[一二两三四五六七八九十]+)个?年(?:来|间|以来)")
_THIS_YEAR = lazy(re.compile, r"今年|本年|年内")
