"""Stage 6a: are two figures one fact, and do they disagree? Decided by named rules.

A draft figure and a stored one are judged by asking four questions in order; each is
answered by registered rules (:data:`RULES`), tried in their order, and every rule that
decides something is written into the verdict's trail, so that a finding can say why.

1. **fact** — one fact or not (``F`` rules): a rule that says *other* ends the pair (no
   finding at all); one that says *same* makes the two one fact.
2. **scope** — their time scopes (``T`` rules): *other* ends the pair (another period is
   another fact); *differs* makes a disagreement a scope note (FC102), not an error.
3. **value** — do the figures agree (``V`` rules), as intervals, to the stated precision.
4. **entity** and **error** — is a disagreement worth reporting: ``E`` rules find what says
   the two are different things after all (another occasion, owner, cut-off …); without
   evidence that they are one entity (``E01``) it is not an error either.

Each rule is a pure function of a :class:`Pair` (the two claims, the knowledge and the
options) that returns a short detail when it fires and ``None`` when it does not. Its
docstring, with one Chinese example, is its documentation (``factcheck rules --decisions``);
``tests/cases/decisions.yaml`` holds cases that show each rule deciding. An editor who
disagrees with a rule turns it off in the config (``disable = ["E09"]``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import regex

from .patterns import lazy
from . import evidence as ev
from .knowledge import Knowledge
from .match import MAX_AS_OF_DAYS, agree, compatible_units, day_of, days_apart, template_similarity
from .records import RATE_UNITS, Claim, Features


@dataclass(frozen=True, slots=True)
class Options:
    """What the caller decides about judging (the engine builds it from the config)."""

    threshold: float = 88.0  # subject similarity (0-100) for F09
    # figures with no stated scope hold on their article's date: beyond this many days apart
    # their difference is a scope note (the audit, comparing published articles, uses 1)
    max_days: int | None = None
    # a figure not stated for a closed period is an error only against one printed at most
    # this many days apart (the audit: the same day)
    error_days: int = MAX_AS_OF_DAYS
    require_cutoff: bool = False  # running figures are one fact only under one stated cut-off
    disabled: frozenset[str] = frozenset()  # rule IDs turned off


@dataclass(frozen=True, slots=True)
class Fired:
    """One rule that decided something about a pair: ``F09 similar-subject: 关键核心技术``."""

    rule: str
    name: str
    says: str  # other | same | differs | agree | no-error | unsure
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the rules made of a pair.

    ``outcome``: ``other`` (not one fact: no finding), ``agrees`` (FC100), ``agrees-elsewhere``
    (agrees, other scope: nothing to say), ``scope-differs`` (FC102), ``conflict`` (FC101),
    ``silent`` (disagrees, but an entity rule or the lack of evidence says it is not worth
    a finding).
    """

    outcome: str
    trail: tuple[Fired, ...]
    score: float = 0.0
    matched: tuple[str, ...] = ()


class Pair:
    """A draft claim ``a`` and a stored claim ``b`` with their features (``fa``, ``fb``:
    computed at extraction and stored), and what the rules derive from them (each once).
    The rules compare fields; they read no text again."""

    def __init__(self, a: Claim, b: Claim, k: Knowledge, opts: Options) -> None:
        self.a, self.b, self.k, self.opts = a, b, k, opts
        self.fa: Features = ev.features(a, k)
        self.fb: Features = ev.features(b, k)
        self.match_reason = ""  # set by the fact rule that made them one fact
        self.score = 0.0
        self.verbatim = False  # set by T13: one statement restated word for word

    @cached_property
    def subjects(self) -> tuple[str, str]:
        return self.fa.canonical_subject, self.fb.canonical_subject

    @cached_property
    def tokens(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self.fa.subject_tokens, self.fb.subject_tokens

    @cached_property
    def context(self) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset(self.fa.context_terms), frozenset(self.fb.context_terms)

    @cached_property
    def template(self) -> float:
        return template_similarity(self.fa.template, self.fb.template)

    @cached_property
    def ratio(self) -> float:
        from rapidfuzz import fuzz

        return float(fuzz.ratio(*self.subjects))

    @cached_property
    def shared(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.tokens[0]) & set(self.tokens[1])))

    def owners(self, own_clause_only: bool) -> tuple[str, str]:
        if own_clause_only:
            return self.fa.own_owner, self.fb.own_owner
        return self.fa.owner, self.fb.owner


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    question: str  # fact | scope | value | entity | error
    says: str  # what it decides when it fires
    check: Callable[[Pair], str | None]

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()


RULES: dict[str, Rule] = {}


def rule(id: str, name: str, question: str, says: str) -> Callable[[Callable[[Pair], str | None]], Callable[[Pair], str | None]]:
    def register(fn: Callable[[Pair], str | None]) -> Callable[[Pair], str | None]:
        if id in RULES or any(r.name == name for r in RULES.values()):
            raise ValueError(f"rule {id} {name} registered twice")
        RULES[id] = Rule(id, name, question, says, fn)
        return fn
    return register


def get(key: str) -> Rule:
    """A rule by ID (``E09``) or name (``owners-differ``); raises ``KeyError`` naming the known ones."""
    key = key.strip()
    if key.upper() in RULES:
        return RULES[key.upper()]
    for r in RULES.values():
        if r.name == key:
            return r
    raise KeyError(f"unknown decision rule {key!r}; known: {', '.join(RULES)}")


# --- 1. one fact or not --------------------------------------------------------------------

@rule("F01", "unit-class-differs", "fact", "other")
def _unit_class(p: Pair) -> str | None:
    """Measure words that cannot count the same things: 62项 is not 62名.
    (项/个/家 … count one kind of thing, 名/人/位 people; other units only themselves.)"""
    if compatible_units(p.a.unit) != compatible_units(p.b.unit):
        return f"{p.a.unit} vs {p.b.unit}"
    return None


def _specific(place: str, k: Knowledge) -> bool:
    """A place narrower than the paper's default (its home region, or the country)."""
    return bool(place) and place not in k.home_canonicals and place != "全国"


@rule("F02", "place-differs", "fact", "other")
def _place(p: Pair) -> str | None:
    """Figures for two places, or for a particular place and none: 昌吉市高新技术企业52家 is
    not 昌吉州高新技术企业277家."""
    a, b = p.a.place, p.b.place
    if a != b and (a and b or _specific(a, p.k) or _specific(b, p.k)):
        return f"{a or '-'} vs {b or '-'}"
    return None


@rule("F03", "qualifier-differs", "fact", "other")
def _qualifier(p: Pair) -> str | None:
    """What was added is not what there is, nor what is planned: 新认定高新技术企业75家 vs
    高新技术企业总量达169家; 力争新增100家."""
    qa, qb = p.a.qualifier.split(":")[0], p.b.qualifier.split(":")[0]
    if p.a.qualifier != p.b.qualifier and ({qa, qb} & {"flow", "target"}):
        return f"{p.a.qualifier or '-'} vs {p.b.qualifier or '-'}"
    return None


@rule("F04", "no-subject", "fact", "other")
def _no_subject(p: Pair) -> str | None:
    """Without a counted thing on both sides nothing says the figures are one fact: 达到20%."""
    if not p.tokens[0] or not p.tokens[1]:
        return "a figure whose counted thing was not found"
    return None


@rule("F05", "other-programme", "fact", "other")
def _programme(p: Pair) -> str | None:
    """Two quoted names are two programmes: 遴选“天池英才”47名 vs 遴选“庭州英才”220名."""
    sa, sb = p.subjects
    if sa != sb and p.fa.named and p.fb.named:
        return f"{sa} vs {sb}"
    return None


_LEVEL = lazy(regex.compile, r"^(?:国家级|自治区级以上|自治区级|省级以上|省级|州级|市级|县级|校级|省市级)")


@rule("F06", "other-level", "fact", "other")
def _level(p: Pair) -> str | None:
    """A grade is part of the thing counted: 国家级科技企业孵化器 is not 自治区级科技企业孵化器."""
    la, lb = _LEVEL.match(p.subjects[0]), _LEVEL.match(p.subjects[1])
    if (la.group() if la else "") != (lb.group() if lb else ""):
        return f"{la.group() if la else '-'} vs {lb.group() if lb else '-'}"
    return None


@rule("F07", "same-clause", "fact", "same")
def _same_clause(p: Pair) -> str | None:
    """The same clause reworded, the figure in the same position: 推动100余家企业与80余所高校
    院所建立产学研合作关系 / 推动251家企业与107所疆内外高校、科研院所建立“产学研”合作关系."""
    if (p.template >= 85 and p.fa.numeral_index == p.fb.numeral_index
            and min(len(p.fa.template), len(p.fb.template)) >= 12):
        p.match_reason, p.score = "same clause", p.template
        return f"clauses {p.template:.0f}% alike"
    return None


@rule("F08", "generic-subject-other-clause", "fact", "other")
def _generic(p: Pair) -> str | None:
    """A short subject (总投资, 嫌疑人, 铜牌) names too many things: the clauses must agree
    too. 一农产品加工项目日前开工，总投资5亿元 is not 一储能电站项目近日并网，总投资12亿元."""
    sa, sb = p.subjects
    common = p.context[0] & p.context[1]
    if min(len(sa), len(sb)) <= 3 and len(common) < 2 and p.template < 70:
        return f"{sa} / {sb}, clauses {p.template:.0f}% alike"
    return None


@rule("F09", "similar-subject", "fact", "same")
def _similar(p: Pair) -> str | None:
    """The counted things are named alike (to ``threshold``), share a word, and are the same
    name, or in alike clauses, or share a programme or verb: 攻克62项关键核心技术 /
    攻克24项关键核心技术."""
    sa, sb = p.subjects
    common = p.context[0] & p.context[1]
    if p.ratio >= p.opts.threshold and p.shared and (sa == sb or p.template >= 60 or common):
        p.score = p.ratio
        return f"{sa} / {sb} ({p.ratio:.0f})"
    return None


@rule("F10", "programme-total", "fact", "same")
def _programme_total(p: Pair) -> str | None:
    """One side counts the programme the other names, with the same verbs: 骨干人才595名 in a
    sentence about “庭州英才” is the programme's total, 遴选培育“庭州英才”220名 its figure
    (庭州优秀科技人才, sharing the programme's name, is one of its parts: not this rule)."""
    sa, sb = p.subjects
    ca, cb = p.context
    common = ca & cb
    crossed = sa in cb or sb in ca
    verbs = common & set(p.k.measure_verbs)
    part_of = len(set(sa) & set(sb)) >= 2
    if crossed and verbs and len(common) >= 2 and not part_of:
        p.match_reason, p.score = "programme", max(p.ratio, 80.0)
        return f"{'、'.join(sorted(common))}"
    return None


@rule("F99", "subjects-differ", "fact", "other")
def _subjects_differ(p: Pair) -> str | None:
    """No rule found the two one fact: 高新技术企业 vs 科技型中小企业."""
    return f"{p.a.subject or '-'} vs {p.b.subject or '-'}"


# --- 2. time scopes -------------------------------------------------------------------------

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


@rule("T02", "another-cutoff", "scope", "other")
def _another_cutoff(p: Pair) -> str | None:
    """Running totals to two stated dates are two facts: 截至10月18日 vs 截至10月19日."""
    sa, sb = p.a.scope, p.b.scope
    if sa.kind == sb.kind == "as_of" and sa.label != sb.label and _has_digit(sa.label) and _has_digit(sb.label):
        return f"{sa.label} vs {sb.label}"
    return None


_MOVING = ("unknown", "as_of", "cumulative")


def _unmarked(c: Claim, f: Features) -> bool:
    """Nothing says the figure moves or belongs to one occasion: no stated scope, no running
    word (达到, 累计, 现有, 目前 …), no cut-off, no plan, no "this time" (本次, 今天), no event
    (举行, 出席, 日前, 3日 …)."""
    return (not c.scope.known and c.qualifier != "stock" and not f.as_of and not f.this_time and not f.plan
            and not f.event)


@rule("T13", "verbatim-restatement", "scope", "same")
def _verbatim(p: Pair) -> str | None:
    """The same clause, word for word but the figure, with nothing that says the figure moves
    or belongs to one event (no period, no 目前/累计/达到, no cut-off, no 举行/出席/日前): one
    statement of one fact, however far apart it was printed. 全书分为21个专题 (2023) vs
    全书分为12个专题 (2024); not 胜利79周年座谈会3日在北京举行 (2024) vs 78周年 (2023)."""
    if (p.match_reason == "same clause" and p.template >= 95 and _unmarked(p.a, p.fa) and _unmarked(p.b, p.fb)):
        p.verbatim = True
        return f"clauses {p.template:.0f}% alike, no period or running word"
    return None


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
    limit = MAX_AS_OF_DAYS if p.opts.max_days is None else p.opts.max_days
    apart = days_apart(p.a.date, p.b.date)
    if sa.kind in _MOVING and sb.kind in _MOVING and apart is not None and apart > limit:
        return f"{apart} days apart"
    return None


@rule("T04", "running-figure-undated", "scope", "differs")
def _running_undated(p: Pair) -> str | None:
    """A running figure of an article whose date is unknown may hold for another day: an
    unknown date is unknown, never "the same day". 目前全州高新技术企业达到277家 on an
    undated page vs 250家 on a dated one."""
    sa, sb = p.a.scope, p.b.scope
    if (sa.kind in _MOVING and sb.kind in _MOVING and sa.kind != "cumulative" and sb.kind != "cumulative"
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
    """An unstated scope in an article of unknown date cannot be put in a year: against a
    figure stated for 2022年 it is a scope note, not an error (高新技术企业达到277家 on an
    undated page vs 2022年……196家)."""
    for x, y in ((p.a, p.b), (p.b, p.a)):
        if not x.scope.known and y.scope.known and y.scope.year and not _year_of(x.date):
            return f"? (article undated) vs {y.scope.label}"
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
    if sa.kind == sb.kind == "period" and sa.label != sb.label:
        return f"{sa.label} vs {sb.label}"
    return None


@rule("T11", "other-kind-of-period", "scope", "differs")
def _other_kind(p: Pair) -> str | None:
    """A year and a part of one, stated in other words: 2024年 vs 今年上半年 … a scope note."""
    sa, sb = p.a.scope, p.b.scope
    if sa.known and sb.known and sa.kind not in _CUMULATIVE and sb.kind not in _CUMULATIVE and sa.kind != sb.kind:
        return f"{sa.label} vs {sb.label}"
    return None


@rule("T12", "rate-without-period", "scope", "other")
def _rate(p: Pair) -> str | None:
    """A rate or share without its period cannot be compared: 增长12% (of what year?)."""
    if p.a.unit in RATE_UNITS and not (p.a.scope.known and p.b.scope.known):
        return f"{p.a.text} / {p.b.text}"
    return None


# --- 3. values ------------------------------------------------------------------------------

@rule("V01", "agree-to-stated-precision", "value", "agree")
def _agree(p: Pair) -> str | None:
    """Figures agree as intervals, rounding to the coarser figure tolerated: 突破3亿元 and
    3.22亿元; 19.14万亿元 and 191423亿元; 1800余名 and 1850名."""
    if agree(p.a.quantity, p.b.quantity, p.a.text, p.b.text):
        return f"{p.a.text} ≈ {p.b.text}"
    return None


# --- 4. another entity after all (no warning, no error) ------------------------------------

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
        return f"{'、'.join(sorted(oa)) or '-'} vs {'、'.join(sorted(ob)) or '-'}"
    return None


@rule("E04", "other-places-named", "entity", "other")
def _places_named(p: Pair) -> str | None:
    """Other places named in the sentences: 江苏出口船舶 vs 浙江出口船舶."""
    pa, pb = p.fa.places_named, p.fb.places_named
    if pa != pb:
        return f"{'、'.join(sorted(pa)) or '-'} vs {'、'.join(sorted(pb)) or '-'}"
    return None


@rule("E05", "articles-about-other-places", "entity", "other")
def _title_places(p: Pair) -> str | None:
    """Articles whose titles are about other places: 新增本地确诊病例18例 under “重庆新增18例”
    vs 20例 under “四川新增20例”."""
    ta, tb = set(p.fa.title_places), set(p.fb.title_places)
    if ta and tb and not ta & tb:
        return f"{'、'.join(sorted(ta))} vs {'、'.join(sorted(tb))}"
    return None


ENTITY_RULES = ("E02", "E03", "E04", "E05")

# --- 5. is a disagreement an error ----------------------------------------------------------


@rule("E01", "one-entity-evidence", "error", "unsure")
def _no_entity_evidence(p: Pair) -> str | None:
    """An error needs evidence beyond the subject words that the two are one entity: the same
    clause reworded, the same named programme, the same stated place, or clauses that say
    much the same. 营业收入 of which industry? Without it the difference is not reported."""
    a, b = p.a, p.b
    if p.match_reason in ("same clause", "programme") or (a.place and a.place == b.place) or p.template >= 60:
        return None
    return f"no shared clause, programme or place (clauses {p.template:.0f}% alike)"


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
    (实施援疆“小组团”项目56个 names its subject, 援疆小组团项目, in its own clause.)"""
    for c, f in ((p.a, p.fa), (p.b, p.fb)):
        if not f.subject_in_clause:
            return f"{c.subject} not in “{c.clause[:20]}”"
    return None


@rule("E08", "generic-without-owner", "error", "no-error")
def _generic_no_owner(p: Pair) -> str | None:
    """A generic subject or a rate, and no owner or place in either sentence: 增长5.2%."""
    a, b = p.a, p.b
    named = p.fa.named or p.fb.named
    generic = len(p.subjects[0]) <= 4 or a.unit in RATE_UNITS
    if (p.match_reason != "same clause" and not named and not (a.place and b.place) and generic
            and not any(p.owners(False))):
        return f"{a.subject or a.unit}: no owner"
    return None


@rule("E09", "owners-differ", "error", "no-error")
def _owners(p: Pair) -> str | None:
    """The words that say whose figure it is differ: 全国铁路完成固定资产投资 vs 全国农村公路
    完成固定资产投资."""
    oa, ob = p.owners(p.match_reason == "same clause")
    if oa != ob:
        return f"{oa or '-'} vs {ob or '-'}"
    return None


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
    the figures allow (:func:`evidence.days_allowed`): 今年新增高新技术企业80家 in June vs 75家
    in March (the year so far)."""
    apart = days_apart(p.a.date, p.b.date)
    if not p.verbatim and apart is not None and apart > ev.days_allowed(p.a, p.b, p.fa, p.fb, p.opts.error_days):
        return f"{apart} days apart"
    return None


@rule("E13", "no-stated-cutoff", "error", "no-error")
def _no_cutoff(p: Pair) -> str | None:
    """In the archive audit, running figures move within a day (12时 and 24时 updates,
    several outlets): only one stated cut-off makes them one fact. 累计确诊病例468例 vs 472例
    the same day."""
    if (p.opts.require_cutoff and not p.fa.as_of
            and ev.days_allowed(p.a, p.b, p.fa, p.fb, p.opts.error_days) == 0):
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
        if not c.date[:4].isdigit() and not f.fixed_period and not ev.closed_year(c, p.b if c is p.a else p.a):
            return f"{c.path}: date unknown"
    return None


ERROR_RULES = ("E06", "E07", *ENTITY_RULES, "E08", "E09", "E10", "E11", "E12", "E13", "E14", "E15")


# --- the order of questions -----------------------------------------------------------------

def _ask(p: Pair, ids: tuple[str, ...], trail: list[Fired]) -> Fired | None:
    """The first enabled rule of ``ids`` that fires (appended to ``trail``)."""
    for rid in ids:
        if rid in p.opts.disabled:
            continue
        r = RULES[rid]
        detail = r.check(p)
        if detail is not None:
            fired = Fired(r.id, r.name, r.says, detail)
            trail.append(fired)
            return fired
    return None


FACT_RULES = ("F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F99")
SCOPE_RULES = ("T12", "T01", "T02", "T13", "T14", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "T10", "T11")


def one_fact(p: Pair, trail: list[Fired]) -> bool:
    """Question 1: are the two figures about one fact?"""
    fired = _ask(p, FACT_RULES, trail)
    return fired is not None and fired.says == "same"


def scope(p: Pair, trail: list[Fired]) -> str:
    """Question 2: ``same``, ``differs`` (a scope note) or ``other`` (another fact)."""
    fired = _ask(p, SCOPE_RULES, trail)
    return fired.says if fired else "same"


def judge(a: Claim, b: Claim, k: Knowledge, opts: Options) -> Verdict:
    """What the rules make of draft claim ``a`` against stored claim ``b``."""
    p = Pair(a, b, k, opts)
    trail: list[Fired] = []

    def done(outcome: str) -> Verdict:
        return Verdict(outcome, tuple(trail), p.score, p.shared if p.match_reason != "programme" else
                       tuple(sorted(p.context[0] & p.context[1])))

    if not one_fact(p, trail):
        return done("other")
    relation = scope(p, trail)
    if relation == "other":
        return done("other")
    if _ask(p, ("V01",), trail):
        # a scope note only because a date is unknown is no reason to doubt an agreement
        unknown_date = any(f.rule in ("T04", "T07") for f in trail)
        return done("agrees" if relation == "same" or unknown_date else "agrees-elsewhere")
    if relation == "differs":
        return done("silent" if _ask(p, ENTITY_RULES, trail) else "scope-differs")
    if _ask(p, ("E01",), trail) or _ask(p, ERROR_RULES, trail):
        return done("silent")
    return done("conflict")


def decision_rules() -> list[Rule]:
    return list(RULES.values())
