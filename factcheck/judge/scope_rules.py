"""Question 2: their time scopes (``T`` rules, asked in the order of
:data:`factcheck.judge.SCOPE_RULES`)."""
from __future__ import annotations

import re

from ..days import MAX_AS_OF_DAYS, cutoff_day, day_key, day_of, days_apart
from ..records import RATE_UNITS, Claim, Features
from ..patterns import lazy
from .base import RESTATED, Pair, rule


@rule("T01", "another-day", "scope", "other")
def _another_day(p: Pair) -> str | None:
    """A figure for one day (当天, 过去24小时, 0—24时) is another fact on another day:
    当天新增确诊12例 (3月1日) vs 当天新增确诊20例 (3月2日)."""
    sa, sb = p.a.scope, p.b.scope
    da, db = day_of(p.a), day_of(p.b)
    if (sa.label.endswith("）") or sb.label.endswith("）")) and da and db and da != db:
        return f"{da} vs {db}"
    return None


def _has_digit(s: str) -> bool:
    return any(ch.isdigit() for ch in s)


@rule("T20", "bulletins-of-other-days", "scope", "other")
def _bulletins(p: Pair) -> str | None:
    """A daily bulletin's figures (its lead: 2020年2月9日0—24时，河北省报告……) are that day's:
    in bulletins of two days, figures with no period of their own are two days' figures,
    another fact; so are their running totals (累计, 现有: each day's), and the bulletins of two
    halves of a day (0时至12时, 12时至24时). 【#河北新增12例累计218例#】
    (2月9日) vs 【#河北新增9例累计135例#】 (2月4日); 1例无湖北接触史 vs 2例无湖北接触史. (A figure
    with a closed period of its own, 890例（3日）, restated in the next days' bulletins, is
    judged by its period: T01; one with its own cut-off, 截至2月9日24时, by the cut-off: T02. A
    bulletin whose day is not known is not another day.)"""
    ka, kb = day_key(p.fa.bulletin_day), day_key(p.fb.bulletin_day)
    own = [c.scope.kind in ("year", "period") and f.scope_from == "" or bool(f.as_of)
           for c, f in ((p.a, p.fa), (p.b, p.fb))]
    if _RESOLVED.match(ka) and _RESOLVED.match(kb) and ka != kb and not any(own):
        return f"{p.fa.bulletin_day} vs {p.fb.bulletin_day}"
    return None


_RESOLVED = lazy(re.compile, r"\d{1,2}-\d{1,2}(?: |$)")  # a bulletin's day as month-day (2-9, 2-9 0-12)


@rule("T02", "another-cutoff", "scope", "other")
def _another_cutoff(p: Pair) -> str | None:
    """Running totals to two stated dates are two facts: 截至10月18日 vs 截至10月19日."""
    sa, sb = p.a.scope, p.b.scope
    if sa.kind == sb.kind == "as_of" and sa.label != sb.label and _has_digit(sa.label) and _has_digit(sb.label):
        return f"{sa.label} vs {sb.label}"
    return None


MOVING = ("unknown", "as_of", "cumulative")  # scope kinds of figures that may move from day to day


def days_running(p: Pair) -> int:
    """How many days apart running figures may be printed and still be one day's (``max_days``)."""
    return MAX_AS_OF_DAYS if p.opts.max_days is None else p.opts.max_days


def _unmarked(c: Claim, f: Features) -> bool:
    """Nothing in its own sentence says the figure moves or belongs to one occasion: no
    stated scope, no running word (达到, 累计, 现有, 目前 …), no flow (新增, 增长: of some
    period), no cut-off, no "this time" (本次, 今天), no event (举行, 出席, 日前, 3日 …).
    A year, a running period or a day read from its paragraph or its article's lead (2021年,
    三年来, 今天) is no word of its own sentence; a cut-off or a month read there is (截至2月17日
    24时，……尚有97例疑似病例正在排查中)."""
    read_elsewhere = f.scope_from in _INHERITED
    inherited = read_elsewhere and (c.scope.kind in ("year", "cumulative") or c.scope.label.endswith("）"))
    return ((not c.scope.known or inherited) and c.qualifier != "stock"
            and not c.qualifier.startswith("flow") and not f.as_of and not f.this_time and not f.event)


_INHERITED = ("paragraph", "lead")


@rule("T13", "verbatim-restatement", "scope", "same")
def _verbatim(p: Pair) -> str | None:
    """The same clause, word for word but the figure, with nothing in either sentence that
    says the figure moves or belongs to one event (no period, no 目前/累计/达到, no 新增, no
    cut-off, no 举行/出席/日前), and most other figures of the two sentences the same (one
    figure changed among restated ones is a slip, several an update): one statement of one
    fact, however far apart it was printed, whatever year the paragraphs around the two
    state. Both plans or both not; two plans only with another figure restated beside them
    (预计每年发电量可达10亿度，可满足52.6万户家庭用电需求). A figure alone in its sentence
    only when its clause says how a thing is made up (``structure_words``: 分为, 下设, 收录 …):
    a lone figure in a restated template may be a recurring event's (俄防空部队击落了93架无人机
    in 2024 and 102架 in 2025). 全书分为21个专题 (2023) vs 全书分为12个专题 (2024); not
    胜利79周年座谈会3日在北京举行 (2024) vs 78周年 (2023); not 《论述摘编》分7个专题，共计300段
    论述 vs 分10个专题，共计292段论述. Not printed at the same time of two years (within
    ``ANNUAL_DAYS`` days of a whole number of years), unless both clauses say how a thing is
    made up: a template printed every spring is an annual occasion's (来自中央国家机关各部门和
    北京市的137名部级领导干部参加 (2024-04-07) vs 140名 (2023-04-08), the yearly tree planting)."""
    if (p.match_reason in RESTATED and p.score >= 95 and p.same_neighbours and p.neighbours_in_place
            and p.fa.plan == p.fb.plan
            and (not p.fa.plan or p.fa.neighbours)
            and (p.restated_neighbours >= 1 or p.fa.structure and p.fb.structure)
            and _unmarked(p.a, p.fa) and _unmarked(p.b, p.fb) and not p.same_time_another_year):
        p.verbatim = True
        return f"clauses {p.score:.0f}% alike, no period or running word of their own"
    return None


@rule("T16", "property-of-a-thing", "scope", "same")
def _property(p: Pair) -> str | None:
    """A property of one thing (its length, span, design speed, range: ``dimension_words``)
    does not move from day to day: the day or year of the news around it, read from its
    paragraph or lead, does not scope it, and restated years later it is one fact. Only in
    the same clause or words, or among the same specific figures (F07), which name the
    thing; not when its own sentence states a
    period or a cut-off, nor for what was added (新增); not 总建筑面积约4.5万平方米 (a media
    centre) vs 总建筑面积约48万平方米 (an airport terminal).
    成渝中线高铁正线全长292公里，设计时速350公里 (2022) vs ……设计时速350公里 (2025, 4月12日 in
    the lead); not 截至目前，全线已建成通车全长120公里."""
    da, db = p.fa.dimension, p.fb.dimension
    if (da and da == db and p.match_reason in RESTATED and p.fa.plan == p.fb.plan
            and _timeless(p.a, p.fa) and _timeless(p.b, p.fb)):
        p.verbatim = True
        return f"{da}: a property of one thing, not of a day"
    return None


def _timeless(c: Claim, f: Features) -> bool:
    """No period or cut-off of its own sentence, nothing added."""
    own_scope = c.scope.known and f.scope_from not in _INHERITED
    return not own_scope and not f.as_of and not c.qualifier.startswith(("flow", "target"))


@rule("T15", "one-figure-changed", "scope", "same")
def _one_changed(p: Pair) -> str | None:
    """The same clause in sentences whose other figures are restated unchanged (two or
    more, and two in three of the longer sentence's: one sentence may begin or end with
    more; none replaced where it stands):
    a running total copied with its neighbours is one statement, and the one figure that
    differs is a slip, not an update (an update moves its neighbours too). Only for running
    or unscoped figures of one year (1—7月 of two years are two facts), not printed at the
    same time of two years (T13); parts of dates are no figures (自2021年12月以来已连续14次加息
    vs 十二次 restates its start, not its figures).
    截至目前，我国已创建绿色工厂3616家、绿色工业园区267家、绿色供应链管理企业403家 (5月) vs
    ……绿色工厂3916家、绿色工业园区267家、绿色供应链管理企业403家 (7月); also when one sentence
    begins 近十年，能耗累计下降超过36%，… and the other ends …，累计推广绿色产品近3万个. Not
    ……绿色工厂3916家、绿色工业园区297家、绿色供应链管理企业403家 (one neighbour moved too),
    nor ……403家，累计推广绿色产品近3万个 vs ……605家，……近3.5万个 (two moved in the middle).
    Not a count that moved by one, which is how a count of parts moves on its own (我国已拥有
    世界文化遗产41项、自然遗产15项、文化与自然双遗产4项 a month after 40项: one site inscribed)."""
    restated = p.restated_figures
    if (p.match_reason in RESTATED and restated >= _MIN_NEIGHBOURS and p.same_neighbours and p.neighbours_in_place
            and p.fa.plan == p.fb.plan and _running_in_one_year(p) and not p.same_time_another_year
            and not _moved_by_one(p)):
        p.verbatim = True
        return f"{restated} other figures restated unchanged"
    return None


_MIN_NEIGHBOURS = 2


def _moved_by_one(p: Pair) -> bool:
    """Two exact whole counts (个, 项, 家 …: ``count_classifiers``) where the later one is one more
    (41项 a month after 40项; not 39项 after 40项, nor 41元 and 40元, nor 4.1万个 and 4.2万个)."""
    early, late = sorted((p.a, p.b), key=lambda c: c.date)
    qe, ql = early.quantity, late.quantity
    return (early.date != late.date and qe.is_exact and ql.is_exact and float(qe.low).is_integer()
            and ql.unit in p.k.word_list("count_classifiers") and ql.low - qe.low == 1)


def _running_in_one_year(p: Pair) -> bool:
    """Both figures are running or unscoped (no stated period) and held in one year: 1—7月
    of 2023 and of 2025, 截至3月3日 of two years, are two facts however alike."""
    ya = p.a.scope.year or _year_of(p.a.date)
    yb = p.b.scope.year or _year_of(p.b.date)
    return p.a.scope.kind in MOVING and p.b.scope.kind in MOVING and ya is not None and ya == yb


@rule("T18", "other-days-named", "scope", "other")
def _days_named(p: Pair) -> str | None:
    """Figures after two different days named in their sentences are those days' figures:
    31日已解除观察1964人 vs 2月1日已解除观察1263人 (two days' releases), not one running total
    printed twice; another fact, not a scope note."""
    da = [t for t in p.fa.dates_named if t.endswith("日")]
    db = [t for t in p.fb.dates_named if t.endswith("日")]
    if da and db and set(da).isdisjoint(db):
        return f"{''.join(da)} vs {''.join(db)}"
    return None


@rule("T23", "a-day-vs-running-total", "scope", "other")
def _day_vs_total(p: Pair) -> str | None:
    """What a sentence gives for a day a clause opens with (18日，治愈出院5例: ``Features.day_topic``)
    is that day's, not a running total of the other's own sentence (截至目前，……已治愈出院7例):
    another fact. Not when the day's figure is itself a running total (截至18日，累计治愈出院5例),
    nor for a day inside a clause (根据厚生劳动省5日上午公布的数据，……确诊感染人数331人: the day
    it was published)."""
    for (x, fx), (y, fy) in (((p.a, p.fa), (p.b, p.fb)), ((p.b, p.fb), (p.a, p.fa))):
        if (fx.day_topic and x.scope.kind not in _CUMULATIVE and not fx.as_of
                and y.scope.kind in _CUMULATIVE and fy.scope_from == "" and not fy.dates_named):
            return f"{fx.day_topic} vs {y.scope.label}"
    return None


@rule("T22", "draft-dated-running-total", "scope", "other")
def _dated_draft(p: Pair) -> str | None:
    """A running total the draft states to its own day (截至3月24日12时，累计报告本地确诊病例416例,
    or such a cut-off read in its paragraph) holds to that day: against a total of another day
    it is another day's figure, and the cut-off a scope note would ask for is already written.
    截至3月24日12时……治愈出院病例392例 vs 累计治愈出院病例43468例 (printed 3月7日). Not against a
    total to the same cut-off (截至11月末 of one year in both: a difference is a disagreement or a
    slip), nor against one that states no cut-off printed after the draft's day (目前91例, printed
    the day after 截至2月9日24时: it may be that day's). (A draft total without its day still
    gets the note: T14.)"""
    sa, sb = p.a.scope, p.b.scope
    apart = days_apart(p.a.date, p.b.date)
    if not (sa.kind in _CUMULATIVE and sb.kind in _CUMULATIVE and apart is not None and apart >= 1):
        return None
    day_a = cutoff_day(p.a, p.fa)
    if day_a is None:
        return None
    day_b = cutoff_day(p.b, p.fb)
    if day_b == day_a or (day_b is None and p.b.date[:10] > day_a):
        return None
    return f"截至{day_a} vs {day_b or '-'} (printed {p.b.date[:10]})"


@rule("T25", "totals-from-other-starts", "scope", "other")
def _other_starts(p: Pair) -> str | None:
    """Running totals counted from two starts their sentences name (``Features.since``) are two
    totals, another fact, each with its start written: “十四五”以来，全省累计建设高标准农田800万亩
    vs 党的十八大以来……1200万亩, printed the same day; 2021年以来 vs 2012年以来. Not when one
    names no start (累计建设1200万亩 may be either), nor for one start written two ways (进入春运以来
    / 春运以来; 南水北调东、中线一期工程通水以来 / 南水北调东中线一期工程通水以来: alike, or one inside
    the other)."""
    sa, sb = p.fa.since, p.fb.since
    if sa and sb and sa not in sb and sb not in sa and p.similar(sa, sb) < _ONE_START:
        return f"{sa}以来 vs {sb}以来"
    return None


_ONE_START = 60  # how alike (0-100) two starts as written may be and still be one (南水北调东、中线一期工程通水 / 南水北调东中线一期工程通水)


@rule("T14", "running-totals-of-other-days", "scope", "differs")
def _running_totals(p: Pair) -> str | None:
    """A total stated as running (累计, 目前, 现有, 尚有, 截至) moves from day to day: two printed
    on different days are a scope note, not an error. 尚有6539人正在接受医学观察 (2月10日)
    vs 尚有6471人 (2月3日)."""
    sa, sb = p.a.scope, p.b.scope
    apart = days_apart(p.a.date, p.b.date)
    if sa.kind in _CUMULATIVE and sb.kind in _CUMULATIVE and apart is not None and apart >= 1:
        return f"{sa.label} / {sb.label}, {apart} days apart"
    return None


@rule("T03", "running-figures-apart", "scope", "differs")
def _running_apart(p: Pair) -> str | None:
    """Running figures (目前, 截至, or no scope at all) hold on their article's date: printed
    weeks apart both may be right (高新技术企业达到277家 in December, 250家 in March)."""
    sa, sb = p.a.scope, p.b.scope
    limit = days_running(p)
    apart = days_apart(p.a.date, p.b.date)
    if sa.kind in MOVING and sb.kind in MOVING and apart is not None and apart > limit:
        return f"{apart} days apart"
    return None


@rule("T04", "running-figure-undated", "scope", "differs")
def _running_undated(p: Pair) -> str | None:
    """A running figure of an article whose date is unknown may hold for another day: an
    unknown date is unknown, never "the same day". 目前全州高新技术企业达到277家 on an
    undated page vs 250家 on a dated one."""
    sa, sb = p.a.scope, p.b.scope
    if (sa.kind in MOVING and sb.kind in MOVING and sa.kind != "cumulative" and sb.kind != "cumulative"
            and (not p.a.date[:4].isdigit() or not p.b.date[:4].isdigit())):
        return f"dates {p.a.date or '?'} / {p.b.date or '?'}"
    return None


@rule("T05", "period-vs-unstated", "scope", "other")
def _period_vs_unstated(p: Pair) -> str | None:
    """A figure for a stated part of a year (前9个月, 上半年) is not one stated for no period
    at all: 上半年，昌吉州重点科技项目完成投资3.2亿元 vs 昌吉州重点科技项目完成投资5亿元."""
    sa, sb = p.a.scope, p.b.scope
    if (not sa.known and sb.kind == "period") or (not sb.known and sa.kind == "period"):
        return f"{sa.label or '-'} vs {sb.label or '-'}"
    return None


def _year_of(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None


@rule("T06", "unstated-in-another-year", "scope", "other")
def _unstated_other_year(p: Pair) -> str | None:
    """An unstated scope holds for its article's year: 全州高企达到277家 in a 2024 article is
    not the 169家 stated for 2022年."""
    for x, y in ((p.a, p.b), (p.b, p.a)):
        if not x.scope.known and y.scope.known and y.scope.year and _year_of(x.date) and y.scope.year != _year_of(x.date):
            return f"{x.date[:4]} (article) vs {y.scope.label}"
    return None


@rule("T07", "unstated-year-unknown", "scope", "differs")
def _unstated_year_unknown(p: Pair) -> str | None:
    """An unstated scope, or a year said relative to the article (去年, 今年), in an article of
    unknown date cannot be put in a year: against a figure stated for 2022年 it is a scope
    note, not an error (高新技术企业达到277家 on an undated page vs 2022年……196家; 去年……198名
    on an undated page vs 2024年……220名; 今年 on both: E15). So is a period without its year
    (前三季度，全州完成固定资产投资900亿元 on an undated page vs 前三季度……850亿元 of 2023)."""
    for x, y in ((p.a, p.b), (p.b, p.a)):
        relative = x.scope.kind == "year" and x.scope.year is None and x.scope.label != y.scope.label
        yearless = x.scope.kind == "period" and x.scope.year is None  # 前三季度 of which year?
        if ((not x.scope.known or relative or yearless) and y.scope.known and y.scope.year
                and not _year_of(x.date)):
            return f"{x.scope.label or '?'} (article undated) vs {y.scope.label}"
    return None


_CUMULATIVE = ("cumulative", "as_of")


@rule("T08", "other-year", "scope", "other")
def _other_year(p: Pair) -> str | None:
    """Two stated years are two facts, running totals as of two years too: 2023年新增75家 vs
    2024年新增80家; 截至2022年底 vs 近年来 (2024)."""
    sa, sb = p.a.scope, p.b.scope
    if sa.known and sb.known and sa.year and sb.year and sa.year != sb.year:
        return f"{sa.label} ({sa.year}) vs {sb.label} ({sb.year})"
    return None


@rule("T09", "cumulative-vs-period", "scope", "differs")
def _cumulative_vs_period(p: Pair) -> str | None:
    """A running total (累计, 近年来, 目前) and a figure for a year are different scopes of one
    thing: 近年来攻克92项关键核心技术 vs 2024年攻克62项."""
    sa, sb = p.a.scope, p.b.scope
    if sa.known and sb.known and (sa.kind in _CUMULATIVE) != (sb.kind in _CUMULATIVE):
        return f"{sa.label} vs {sb.label}"
    return None


@rule("T10", "other-period", "scope", "other")
def _other_period(p: Pair) -> str | None:
    """Two stated periods are two facts: 上半年 vs 前三季度."""
    sa, sb = p.a.scope, p.b.scope
    if sa.label.endswith("）") and sb.label.endswith("）") and day_of(p.a) == day_of(p.b):
        return None  # one day written two ways (当天, 今日, 同日, 昨（20）日)
    if sa.kind == sb.kind == "period" and sa.label != sb.label:
        return f"{sa.label} vs {sb.label}"
    return None


@rule("T11", "other-kind-of-period", "scope", "other")
def _other_kind(p: Pair) -> str | None:
    """A year and a part of one, stated in other words: 2024年 vs 今年上半年 are two facts, as two
    stated periods are (T10): the half-year's figure is no figure of the year, and a note that
    they differ tells an editor nothing (2023年，人民币贷款增加22.75万亿元 vs 一季度……10.6万亿元)."""
    sa, sb = p.a.scope, p.b.scope
    if sa.known and sb.known and sa.kind not in _CUMULATIVE and sb.kind not in _CUMULATIVE and sa.kind != sb.kind:
        return f"{sa.label} vs {sb.label}"
    return None


_RESTATED_SCORE = 95


@rule("T12", "rate-without-period", "scope", "other")
def _rate(p: Pair) -> str | None:
    """A rate or share without its period cannot be compared: 增长12% (of what year?). Unless
    the two clauses are one statement, word for word but the figure (F07, 95% alike or more),
    with two or more other figures of their sentences restated beside it and none replaced
    (as T15 asks): then the later rules say whether it moved. 我国以年均3%的能源消费增速支撑了
    平均6.6%的经济增长，能耗强度累计下降26.2% (2022) vs ……平均8.6%……26.2% (2023); not
    昌吉州规模以上工业增加值增长12% vs ……增长8% (nothing else restated), not 病死率为2.1%，其中
    湖北为3.1%，湖北以外为0.16% vs 2.2%……3.1%……0.17% (one sub-rate unmoved says nothing)."""
    restated = (p.match_reason in RESTATED and p.score >= _RESTATED_SCORE
                and p.restated_figures >= 2 and p.same_neighbours and p.neighbours_in_place)
    if p.a.unit in RATE_UNITS and not (p.a.scope.known and p.b.scope.known) and not restated:
        return f"{p.a.text} / {p.b.text}"
    return None
