"""Question 3: do the values agree (``V01``), or is their difference a slip whatever the rules
about when say (``V02``–``V04``)."""
from __future__ import annotations

from ..days import days_apart
from ..match import agree, digits_transposed, magnitude_apart
from ..records import Claim, Features
from .base import RESTATED, Pair, rule

# --- 3. values ------------------------------------------------------------------------------

@rule("V01", "agree-to-stated-precision", "value", "agree")
def _agree(p: Pair) -> str | None:
    """Figures agree as intervals, rounding to the coarser figure tolerated: 突破3亿元 and
    3.22亿元; 19.14万亿元 and 191423亿元; 1800余名 and 1850名."""
    if agree(p.a.quantity, p.b.quantity, p.a.text, p.b.text):
        return f"{p.a.text} ≈ {p.b.text}"
    return None


# How many digits make a slip more than chance. A figure printed for another day or year (T01, T18,
# T02, T06, T08, T20, T22) is another fact: three digits or a 万/亿 swap. A running figure printed on
# another day (T03, T04, T07, T14), or one no scope rule set apart: three, or two with the
# other figures of the sentence restated beside it. A restatement (T13, T15, T16): two.
_OTHER_TIME = ("T01", "T02", "T06", "T08", "T18", "T20", "T22")
_RUNNING = ("", "T03", "T04", "T07", "T14")
_RESTATEMENT_RULES = ("T13", "T15", "T16")
_SWAPS = (4, 8)  # 万 ↔ 亿, 亿 ↔ 万亿: ten thousand times; 万 ↔ 万亿


def _still_running(c: Claim, f: Features, young: bool = False) -> bool:
    """A figure of a period still running, as its own sentence says (今年, 今年以来, 新增 …,
    2023年以来): it may grow by 9 (2023年以来，全省发放创业担保贷款132亿元 in June, 123亿元 in
    February). ``young``: only a period begun this year, one that may still grow tenfold (今年
    新增1.2万户 in February, 12万户 in November; not 2020年1月以来的图片45幅 printed in 2023).
    (A 今年以来 read from the paragraph says nothing of this figure.)"""
    label = c.scope.label if f.scope_from == "" else ""
    since = label.endswith("以来") and not label.startswith("今年")
    if since and young:
        since = c.date[:4].isdigit() and label.startswith(c.date[:4] + "年")
    return c.qualifier.startswith("flow") or since or label.startswith(("今年", "本年", "年内"))


def _fractional_count(p: Pair) -> bool:
    """One figure a whole count, the other the same digits with a point, in a measure word that
    counts whole things (42只 vs 4.2只): no count is fractional, however few its digits."""
    whole = [q.low is not None and float(q.low).is_integer() for q in (p.a.quantity, p.b.quantity)]
    return p.a.unit in p.k.word_list("count_classifiers") and whole[0] != whole[1]


@rule("V02", "magnitude-slip", "value", "slip")
def _slip(p: Pair) -> str | None:
    """The same written digits ten, a hundred or ten thousand times apart: a decimal point
    moved or 万 and 亿 swapped, not a new figure. No statistic grows tenfold keeping its digits,
    so the scope rules that let a running figure move (T03, T14 …) do not excuse it, given
    enough digits to rule out chance (three; two when the other figures of the sentence are
    restated beside it, or the sentence is a restatement: T13, T15, T16); another day or year
    (T01, T08) does not either with three digits or a 万/亿 swap. A count with a point that
    counts whole things (4.2只 for 42只) needs no more digits. Not for a figure of a period still
    running (今年新增1.2万户 in February, 12万户 in November), nor for ranges.
    截至目前，我国已布局建设77个国家重大科技基础设施，……超过60个 vs ……建设7.7个，……超过60个;
    预拨3.5亿元 vs 预拨3.5万元. (77 vs 67 is no slip of this kind; 5个 vs 0.5个 has one digit.)"""
    k, digits = magnitude_apart(p.a.quantity, p.b.quantity, p.a.text, p.b.text)
    if not k or _still_running(p.a, p.fa, young=True) or _still_running(p.b, p.fb, young=True):
        return None
    swap = k in _SWAPS or _fractional_count(p)
    if p.scope_rule in _OTHER_TIME:
        enough = digits >= 3 or swap
    elif p.scope_rule in _RESTATEMENT_RULES:
        enough = digits >= 2 or swap
    elif p.scope_rule in _RUNNING:
        restated_beside = bool(p.fa.neighbours) and bool(p.fb.neighbours) and p.same_neighbours
        enough = digits >= 3 or swap or (digits >= 2 and restated_beside)
    else:
        return None
    if not enough:
        return None
    return f"{p.a.text} vs {p.b.text}: the same digits, ×{10 ** k:,}"


@rule("V03", "digits-transposed", "value", "slip")
def _transposed(p: Pair) -> str | None:
    """Two neighbouring digits swapped (267 and 276) in a sentence restated with its other
    figures unchanged: a running figure that moved between two printings (T03, T14 …: a scope
    note otherwise; or one the rules about when would leave unreported, E11 to E15: printed
    far apart, on an undated page) moves its neighbours too, and seldom lands on its own digits
    in another order, so with three digits or more it is a slip, not an update. Not for a
    figure alone in its sentence or whose neighbours moved (主席团会议应到167人，出席165人 vs
    应到176人，出席175人: a year's session; 击落132架无人机 vs 123架: a running figure may move by
    9), nor at the same time of two years (T13), nor for another day's or year's figure
    (another fact), nor a figure of a period still running (今年新增, 2023年以来).
    截至目前，我国已在国家层面创建绿色工厂3616家、绿色工业园区267家 (2023-05) vs ……3616家、
    ……276家 (2024-01); not 25家 vs 52家 (two digits)."""
    if p.scope_rule not in _RUNNING or _still_running(p.a, p.fa) or _still_running(p.b, p.fb):
        return None
    if not (p.restated_neighbours and p.same_neighbours and p.neighbours_in_place) or p.same_time_another_year:
        return None  # a lone figure, or one whose neighbours moved too, may have moved by 9 or 90
    n = digits_transposed(p.a.quantity, p.b.quantity, p.a.text, p.b.text)
    if n < 3:
        return None
    return f"{p.a.text} vs {p.b.text}: two digits swapped"


@rule("V04", "running-total-fell", "value", "slip")
def _fell(p: Pair) -> str | None:
    """A running total that only grows (``Features.accumulates``: 累计, 已 … before it), restated
    later smaller, is a slip, not an update: the rules about when let a running figure move
    (T03, T14), but it cannot move down. 截至目前，我国已布局建设77个国家重大科技基础设施 (2024-11)
    vs ……已布局建设67个…… (2025-04). Only for one statement restated (F07, or its sentence with
    its specific figures), both printed in one calendar year, or under a year apart when both run
    from a start that does not come round again (截至目前, 至今, 2012年以来; not a bare 累计 nor the
    year's so far, 同比: 电信业务收入累计完成11971亿元 in October, 2950亿元 the next March), from
    one start (not “十四五”以来 vs 党的十八大以来), nor printed at the same time of two years (当前全国已收获冬小麦面积超2.24亿亩 vs 1.57亿亩, a
    harvest each June), and with the other figures of its sentence restated unchanged where they
    stood (a bulletin's template filled in for another place: 累计追踪到密切接触者278人，已解除医学
    观察22人 vs ……1784人，已解除医学观察475人). Not for a figure that grew (77 vs 87: an update or
    a slip; the scope note says which)."""
    if p.scope_rule not in ("T03", "T14") or p.match_reason not in RESTATED and not p.sentence_restated:
        return None
    if not (p.restated_figures and p.same_neighbours and p.neighbours_in_place):
        return None  # a lone figure, or one whose neighbours moved too: another place's, another day's
    if p.fa.as_of and p.fb.as_of and p.fa.as_of != p.fb.as_of:
        return None  # two cut-offs: which is later is what they say, not when they were printed
    kinds = (p.fa.accumulates, p.fb.accumulates)
    apart = days_apart(p.a.date, p.b.date)
    if "" in kinds or not apart:
        return None
    if p.fa.since != p.fb.since:
        return None  # two starts: “十四五”以来 vs 党的十八大以来
    if p.a.date[:4] != p.b.date[:4] and ("year" in kinds or apart >= 365 or p.same_time_another_year
                                        or not (_since_a_start(p.a, p.fa) and _since_a_start(p.b, p.fb))):
        return None
    early, late = (p.a, p.b) if p.a.date[:10] < p.b.date[:10] else (p.b, p.a)
    qe, ql = early.quantity, late.quantity
    if qe.unit != ql.unit or qe.low is None or ql.high is None or not ql.high < qe.low:
        return None
    return f"{late.text} ({late.date[:10]}) < {early.text} ({early.date[:10]})"


def _since_a_start(c: Claim, f: Features) -> bool:
    """A running total its sentence says runs from a start that does not come round again:
    截至目前, 目前, 至今, 2012年以来 (``Features.since``; not a bare 累计完成1500亿件, which may be
    the year's so far)."""
    label = c.scope.label
    return bool(f.since) or c.scope.kind == "as_of" or label.endswith(("以来", "至今")) or label.startswith(("截至", "目前"))
