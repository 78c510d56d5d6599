"""Questions 4 and 5: are the two another entity after all, and is a disagreement an error
(``E`` rules). Question 3, do the values agree, is :mod:`.value_rules`."""
from __future__ import annotations

from collections.abc import Iterable

from .. import periods
from ..days import days_apart
from ..match import is_date_part, magnitude_apart, window_words
from ..records import RATE_UNITS
from .base import RESTATED, Pair, one_place, rule, without_words


# --- 4. another entity after all (no warning, no error) ------------------------------------

def _listed(names: Iterable[str]) -> str:
    """Names for a rule's detail: 春节、国庆, or - for none."""
    return "、".join(sorted(names)) or "-"


@rule("E02", "plan-vs-outcome", "entity", "other")
def _plan(p: Pair) -> str | None:
    """A plan is not an outcome: 根据规划，2024年高新技术企业达到300家 vs 2024年，高新技术
    企业达到277家. (计划/力争 before the figure make a target: F03 decides those first.)"""
    pa, pb = p.fa.plan, p.fb.plan
    if pa != pb:
        return f"{'plan' if pa else 'outcome'} vs {'plan' if pb else 'outcome'}"
    return None


@rule("E03", "another-occasion", "entity", "other")
def _occasion(p: Pair) -> str | None:
    """A holiday, a numbered issue, batch or session makes one occasion of a recurring fact:
    春节假期 vs 国庆假期; 第三批 vs 第四批."""
    oa, ob = p.fa.occasions, p.fb.occasions
    if oa != ob:
        return f"{_listed(oa)} vs {_listed(ob)}"
    return None


@rule("E04", "other-places-named", "entity", "other")
def _places_named(p: Pair) -> str | None:
    """Other places named in the sentences: 江苏出口船舶 vs 浙江出口船舶; or, for figures whose own
    place is only 全市/全省, other places found by their suffix before them (``Features.frame_places``:
    长沙市统计局发布数据显示，上半年，全市规模以上工业增加值同比增长7.3% vs 武汉市统计局……6.8%)."""
    pa, pb = p.fa.places_named, p.fb.places_named
    if pa != pb:
        return f"{_listed(pa)} vs {_listed(pb)}"
    fa, fb = set(p.fa.frame_places), set(p.fb.frame_places)
    if fa and fb and not one_place(fa, fb):  # 长沙市统计局……，全市…… vs 武汉市统计局……，全市……
        return f"{_listed(fa)} vs {_listed(fb)} (whose 全市)"
    return None


@rule("E05", "articles-about-other-places", "entity", "other")
def _title_places(p: Pair) -> str | None:
    """Articles whose titles are about other places: 新增本地确诊病例18例 under “重庆新增18例”
    vs 20例 under “四川新增20例”."""
    ta, tb = set(p.fa.title_places), set(p.fb.title_places)
    if ta and tb and not one_place(ta, tb):
        return f"{_listed(ta)} vs {_listed(tb)}"
    return None


@rule("E16", "parallel-breakdowns", "entity", "other")
def _parallel_breakdowns(p: Pair) -> str | None:
    """Sentences to one stated cut-off, each stating other figures and none of them restated
    in the other (dates aside), are parallel statements of two things, whatever subject was
    read for the figure: 截至3月18日24时，累计报告本地确诊病例415例，治愈出院病例373例 vs 截至3月18日
    24时，累计报告境外输入确诊病例64例，治愈出院病例6例 (local and imported cases; 373 and 6 are
    not one fact). A slip restated with the figures beside it (415例 … 337例) shares them; one whose
    words up to the figure are restated (……确诊病例451例，累计治愈出院病例373例 vs ……确诊病例415例，其中
    重症病例12例) is one statement with other figures after it."""
    if not p.fa.as_of or p.fa.as_of != p.fb.as_of:
        return None
    na, nb = ([x for x in f.neighbours if not is_date_part(x)] for f in (p.fa, p.fb))
    if window_words(p.fa.window.partition("＃")[0]) == window_words(p.fb.window.partition("＃")[0]):
        return None  # the words up to the figure restated, figures aside: one statement, other figures after it
    if na and nb and not p.restated_figures:
        return f"截至{p.fa.as_of}: {'、'.join(na[:3])} vs {'、'.join(nb[:3])}"
    return None


@rule("E17", "parts-of-other-groups", "entity", "other")
def _other_groups(p: Pair) -> str | None:
    """Figures of sentences that open with two different groups are parts of two groups, not one
    fact: 23名患者中，有10名男性，13名女性；年龄最小的2岁 vs 8名患者中，……年龄最小的26岁 (two
    batches of patients). Not for one group restated (在调查的21个行业中，有15个…… in two months:
    the rules about when decide)."""
    ga, gb = p.fa.group, p.fb.group
    if ga and gb and _count(ga) != _count(gb):  # 23名 vs 8名; not 21个制造业行业 vs 21个行业 (one survey's)
        return f"{ga} vs {gb}"
    return None


def _count(group: str) -> str:
    """The count a group opens with: 23名患者 → 23."""
    return group[:len(group) - len(group.lstrip("0123456789"))]


@rule("E18", "other-bodies-before", "entity", "other")
def _other_bodies(p: Pair) -> str | None:
    """Figures whose clauses open with 公司, 学校 … count for the bodies named at the head of the
    sentence before (``Features.frame_body``); two others are two facts: 中国石油30日发布半年报。
    上半年，公司实现归母净利润886.1亿元 vs 中国石化30日发布半年报。……355.2亿元. One body named
    longer or shorter (比亚迪股份有限公司 vs 比亚迪, 中石油 vs 中国石油) may be one: no decision."""
    ba, bb = p.fa.frame_body, p.fb.frame_body
    if ba and bb and not _may_be_one_body(ba, bb):
        return f"{ba} vs {bb}"
    return None


_BODY_KINDS = ("股份有限公司", "有限责任公司", "有限公司", "集团", "股份", "公司")


def _body_core(name: str) -> str:
    """A body's name without its kind: 伊利集团, 伊利股份 → 伊利."""
    return next((name[:-len(k)] for k in _BODY_KINDS if name.endswith(k) and len(name) > len(k) + 1), name)


def _may_be_one_body(a: str, b: str) -> bool:
    """Two names that may name one body: one the other shortened, its characters in order, once
    their kinds are left off (中石油 of 中国石油, 北大 of 北京大学, 伊利集团 / 伊利股份). Two that are not
    are two bodies (中国石油 / 中国石化, 清华大学 / 北京大学); those that are may still be two (中国银行
    of 中国工商银行), so this only keeps E18 from telling them apart."""
    short, long = sorted((_body_core(a), _body_core(b)), key=len)
    rest = iter(long)
    return all(ch in rest for ch in short)


ENTITY_RULES = ("E02", "E03", "E04", "E05", "E16", "E17", "E18")

# --- 5. is a disagreement an error ----------------------------------------------------------


@rule("E01", "one-entity-evidence", "error", "unsure")
def _no_entity_evidence(p: Pair) -> str | None:
    """An error, or a scope note, needs evidence beyond the subject words that the two are one
    entity: the same clause reworded, the same named programme, the same stated place,
    clauses that say much the same, or the sentence restated around it with its specific
    figures (……财政科技投入3.22亿元，……经费达到14.14亿元，同比增长23.37% vs ……14.14亿元、增长
    233.7%: :attr:`Pair.sentence_restated`); for a scope note on a running figure that moved (T03,
    T14), the same long name of what is counted will do (国家历史文化名城 143座 vs 140座 two
    years before), unless printed at the same time of two years (14位委员作大会发言 vs 13位).
    营业收入 of which industry? 平均年龄30岁的科研团队 vs 平均年龄28岁的科研团队: two teams.
    Without it the difference is not reported."""
    a, b = p.a, p.b
    if p.match_reason in (*RESTATED, "programme") or (a.place and a.place == b.place) or p.template >= 60 \
            or p.sentence_restated:
        return None
    sa, sb = p.subjects
    if p.scope_rule in ("T03", "T14") and sa == sb and len(sa) >= _NAMED_SUBJECT and not p.same_time_another_year:
        return None  # a running figure moved: 国家历史文化名城 143座 (2025) vs 140座 (2023), one long name
    return f"no shared clause, programme or place (clauses {p.template:.0f}% alike)"


_NAMED_SUBJECT = 5  # characters of a subject specific enough to name one statistic (not 科研团队)


@rule("E06", "another-subject", "error", "no-error")
def _another_subject(p: Pair) -> str | None:
    """Alike but not equal subjects are not enough for an error: 新认定科技型中小企业50家 vs
    新认定科技型中小微企业45家."""
    sa, sb = p.subjects
    if not p.match_reason and sa != sb:
        return f"{p.a.subject} vs {p.b.subject}"
    return None


@rule("E07", "subject-outside-clause", "error", "no-error")
def _outside(p: Pair) -> str | None:
    """A subject read from an earlier clause is a guess: ……，其中国家级28个 (28个 of what?).
    (实施援疆“小组团”项目56个 names its subject, 援疆小组团项目, in its own clause.) So is one
    named only by 这一数据 or 上述数据, or by a short title that is only a kind of document,
    《条例》共27条, 《问答》共分14个板块 (an earlier sentence says which): 过去这一数据分别为：
    890例（3日）… after 新增确诊病例 or after 新增治愈出院病例 reads the same; unless both point
    back to alike subjects (the first figure's of the sentence before: 全国湖北以外地区新增确诊病例
    558例，…。而过去4日这一数据分别为：… in both), or the figure stands among the same specific
    figures in both (F07: 荒漠化、沙化土地面积分别比十年前净减少500万公顷、433万公顷 restated with
    2033万公顷 and 53% before it is one statement, whatever subject was read for it; also when the
    clauses were cut otherwise: :attr:`Pair.sentence_restated`)."""
    if p.figures_around or p.sentence_restated:
        return None  # among the same specific figures: one statement, whatever its subject
    for c, f in ((p.a, p.fa), (p.b, p.fb)):
        if not f.subject_in_clause:
            return f"{c.subject} not in “{c.clause[:20]}”"
        if f.refers_back and not p.same_referent and not _one_body_before(p):
            return f"“{c.clause[:20]}” refers to an earlier sentence ({f.referent or '?'})"
    return None


def _one_body_before(p: Pair) -> bool:
    """Both clauses open with 该行, 公司 … and the sentences before name one body, but for its
    kind (比亚迪 / 比亚迪股份有限公司; not 中国银行 / 中国工商银行)."""
    return bool(p.fa.frame_body and p.fb.frame_body and _body_core(p.fa.frame_body) == _body_core(p.fb.frame_body))


@rule("E08", "generic-without-owner", "error", "no-error")
def _generic_no_owner(p: Pair) -> str | None:
    """A generic subject or a rate, and no owner or place in either sentence: 增长5.2%. (In
    the same clause, after the same twelve characters, or among the same specific figures,
    F07, the words say whose: 大桥全长11.88公里，主跨988米; not boilerplate around a short
    clause, 活动现场，共签约项目15个，签约金额35亿元 vs 签约项目12个，签约金额38亿元.)"""
    a, b = p.a, p.b
    named = p.fa.named or p.fb.named
    subject = min(p.subjects, key=len) if p.moved_words else p.subjects[0]  # F14: the words it shares
    generic = len(subject) <= 4 or a.unit in RATE_UNITS
    if ((p.match_reason not in RESTATED or p.match_reason == "same words") and not named and not (a.place and b.place) and generic
            and not any(p.owners(False))):
        return f"{a.subject or a.unit}: no owner"
    return None


@rule("E09", "owners-differ", "error", "no-error")
def _owners(p: Pair) -> str | None:
    """The words that say whose figure it is differ: 全国铁路完成固定资产投资 vs 全国农村公路
    完成固定资产投资. (Also for a sentence restated with its other figures, T13 and T15: the
    words that differ may name a place the knowledge does not know, 昌吉州高新技术企业, or
    narrow the owner: 农村居民人均可支配收入 vs 居民人均可支配收入. Not for the same digits ten
    times apart after the same twelve characters or more, whose own clauses name the same owner
    but for examples (“宽早优”植棉模式、……等新品种及配套技术累计示范推广面积达18.78万亩 vs 新品种及配套技术累积示范推广
    面积187.8万亩: a decimal point moved in one statement, whatever examples one of them names
    further back; not 国家电网公司……同比增长12% vs 南方电网公司……同比增长1.2%). Two figures whose
    sentences point back (这一数据) to alike subjects have that subject for owner: E07; nor
    one whose sentence is restated around it with its specific figures, where the owner read
    may be another clause's: :attr:`Pair.sentence_restated`.)"""
    if p.same_referent or p.sentence_restated:
        return None  # (a sentence restated with its specific figures: one statement, whoever's words were read)
    if (p.same_before >= _SLIP_SAME_BEFORE and _owners_but_examples(p)
            and magnitude_apart(p.a.quantity, p.b.quantity, p.a.text, p.b.text)[0]):
        return None  # the same digits ×10 after the same words: one statement, whatever examples one names
    oa, ob = p.owners(p.match_reason == "same clause")
    # F14: words one side counts in its subject are no owner of the other's
    oa, ob = without_words(oa, p.moved_words), without_words(ob, p.moved_words)
    if oa != ob:
        return f"{oa or '-'} vs {ob or '-'}"
    return None


_SLIP_SAME_BEFORE = 12  # characters right before two figures that make a slip of the same digits one statement


def _owners_but_examples(p: Pair) -> bool:
    """The owners of the two figures' own clauses are the same, or one is the other with examples
    before it (“宽早优”植棉模式、……等新品种及配套技术 vs 新品种及配套技术: 等 in its clause); not two
    companies (国家电网公司 vs 南方电网公司)."""
    (oa, ca), (ob, cb) = sorted(((p.fa.own_owner, p.a.clause), (p.fb.own_owner, p.b.clause)), key=lambda x: len(x[0]))
    return oa == ob or bool(oa) and ob.endswith(oa) and "等" in cb


@rule("E10", "comparison-base", "error", "no-error")
def _base(p: Pair) -> str | None:
    """The period read for a figure is the base of a comparison: 比上年同期高0.5个百分点 is
    not about 上年."""
    for c, f in ((p.a, p.fa), (p.b, p.fb)):
        if f.scope_is_base:
            return f"{c.scope.label} in “{c.text}”"
    return None


@rule("E11", "other-cutoff-day", "error", "no-error")
def _as_of(p: Pair) -> str | None:
    """Running figures to different days: 截至8月16日 vs 截至8月18日 (or one states none)."""
    da, db = p.fa.as_of, p.fb.as_of
    if da != db:
        return f"{da or '?'} vs {db or '?'}"
    return None


@rule("E12", "not-closed-period-apart", "error", "no-error")
def _apart(p: Pair) -> str | None:
    """Figures not stated for a closed period (今年, 目前, none), printed further apart than
    the figures allow (:func:`periods.days_allowed`): 今年新增高新技术企业80家 in June vs 75家
    in March (the year so far)."""
    apart = days_apart(p.a.date, p.b.date)
    if not p.verbatim and apart is not None and apart > periods.days_allowed(p.a, p.b, p.fa, p.fb, p.opts.error_days):
        return f"{apart} days apart"
    return None


@rule("E13", "no-stated-cutoff", "error", "no-error")
def _no_cutoff(p: Pair) -> str | None:
    """In the archive audit, running figures move within a day (12时 and 24时 updates,
    several outlets): only one stated cut-off makes them one fact. 累计确诊病例468例 vs 472例
    the same day."""
    if (p.opts.require_cutoff and not p.fa.as_of
            and periods.days_allowed(p.a, p.b, p.fa, p.fb, p.opts.error_days) == 0):
        return "running figures with no stated cut-off"
    return None


@rule("E14", "other-dates-named", "error", "no-error")
def _dates(p: Pair) -> str | None:
    """Other dates named before the figures: 10月18日 vs 10月19日."""
    ta, tb = p.fa.dates_named, p.fb.dates_named
    if ta and tb and ta != tb:
        return f"{''.join(ta)} vs {''.join(tb)}"
    return None


@rule("E15", "undated-running-figure", "error", "no-error")
def _undated(p: Pair) -> str | None:
    """A figure not stated for a closed period, in an article of unknown date, is never an
    error: its day is unknown, not "the same day". 今年新增高新技术企业80家 on an undated page
    vs 75家 on a dated one."""
    if p.fa.fixed_period and p.fb.fixed_period:
        return None
    for c, f in ((p.a, p.fa), (p.b, p.fb)):
        if not c.date[:4].isdigit() and not f.fixed_period and not periods.closed_year(c, p.b if c is p.a else p.a):
            return f"{c.path}: date unknown"
    return None


ERROR_RULES = ("E06", "E07", *ENTITY_RULES, "E08", "E09", "E10", "E11", "E12", "E13", "E14", "E15")
# a magnitude slip (V02) is an error whatever the days between the figures: the rules about
# who and what still apply, those about when (E11 to E15) do not
SLIP_ERROR_RULES = ERROR_RULES[:ERROR_RULES.index("E11")]
