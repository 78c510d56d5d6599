"""Stage 5: same fact or not — index terms, unit classes, scope relation, value agreement.

Everything here is pure: two claims in, a decision that explains itself out.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from .data import name_groups
from .mentions import DIG
from .patterns import lazy
from .records import Claim, Quantity, TimeScope
from .tokenizer import cut

# Measure words that can count the same things (项/个/家 …; 名/人/位 are people).
UNIT_CLASSES = (
    frozenset({"项", "个", "家", "所", "支", "件", "类", "种", "座", "处", "批"}),
    frozenset({"名", "人", "位"}),
)
KEY_VERBS = ("攻克", "遴选", "培育", "引进", "认定", "新认定", "净增", "新增", "入选", "解决", "实施",
             "投入", "争取", "兑现", "发放", "获批", "建成", "拥有", "签订", "设立", "申报", "立项",
             "推荐", "柔性引进", "填补", "荣获", "授信", "成交")
_QUOTED = lazy(regex.compile, r"[“\"]([^“”\"]{2,20})[”\"]")
_STOP_TOKENS = set("的 和 与 及 等 各类 各 类 个 项 家 名 人 企业的 了".split())


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    return name_groups("synonyms.yaml")


@lru_cache(maxsize=1)
def _aliases_longest_first() -> list[str]:
    """The aliases that differ from their canonical name, longest first."""
    syn = synonyms()
    return [a for a in sorted(syn, key=len, reverse=True) if len(a) >= 2 and a != syn[a]]


@lru_cache(maxsize=16384)
def canonical_subject(subject: str) -> str:
    syn = synonyms()
    if subject in syn:
        return syn[subject]
    for alias in _aliases_longest_first():
        if alias in subject:
            return subject.replace(alias, syn[alias])
    return subject


def _synonyms_changed() -> None:
    """Forget what was derived from the synonym table."""
    _aliases_longest_first.cache_clear()
    canonical_subject.cache_clear()


@contextmanager
def extra_synonyms(groups: Sequence[Sequence[str]]) -> Iterator[None]:
    """Configured synonym groups (canonical name first) on top of the packaged ones, for the
    duration of one call; the table and what was derived from it are restored afterwards."""
    if not groups:
        yield
        return
    table = synonyms()
    saved = dict(table)
    table.update({alias: group[0] for group in groups for alias in group})
    _synonyms_changed()
    try:
        yield
    finally:
        table.clear()
        table.update(saved)
        _synonyms_changed()


def subject_tokens(subject: str) -> tuple[str, ...]:
    return tuple(t for t in cut(canonical_subject(subject)) if t not in _STOP_TOKENS and t.strip())


def context_terms(claim: Claim) -> frozenset[str]:
    """Named programmes quoted in the sentence and key verbs of the clause."""
    names = {canonical_subject(m) for m in _QUOTED.findall(claim.sentence)}
    verbs = {v for v in KEY_VERBS if v in claim.clause}
    return frozenset(names | verbs)


def index_terms(claim: Claim) -> list[str]:
    """Terms under which a stored claim is found again; the whole subject first."""
    whole = canonical_subject(claim.subject) if claim.subject else ""
    terms = set(subject_tokens(claim.subject))
    terms |= {canonical_subject(m) for m in _QUOTED.findall(claim.sentence)}
    rest = sorted(t for t in terms if len(t) >= 2 and t != whole)
    return ([whole] if len(whole) >= 2 else []) + rest


def compatible_units(unit: str) -> list[str]:
    for cls in UNIT_CLASSES:
        if unit in cls:
            return sorted(cls)
    return [unit]


@dataclass(frozen=True, slots=True)
class Match:
    same_fact: bool
    score: float
    matched: tuple[str, ...]
    reason: str = ""


def same_fact(a: Claim, b: Claim, threshold: float = 88.0) -> Match:
    """Is ``b`` about the same fact as ``a``? Subject, programme, place and qualifier decide."""
    from rapidfuzz import fuzz

    if compatible_units(a.unit) != compatible_units(b.unit):
        return Match(False, 0.0, (), "unit")
    if a.place != b.place and (a.place and b.place or _specific(a.place) or _specific(b.place)):
        # 脱贫县 vs a figure that names no place: the source is about somewhere in particular
        return Match(False, 0.0, (), f"place {a.place or '-'} ≠ {b.place or '-'}")
    qa, qb = a.qualifier.split(":")[0], b.qualifier.split(":")[0]
    if a.qualifier != b.qualifier and ({qa, qb} & {"flow", "target"}):
        return Match(False, 0.0, (), f"qualifier {a.qualifier or '-'} ≠ {b.qualifier or '-'}")
    ta, tb = subject_tokens(a.subject), subject_tokens(b.subject)
    if not ta or not tb:
        return Match(False, 0.0, (), "no subject")
    sa, sb = canonical_subject(a.subject), canonical_subject(b.subject)
    if sa != sb and _named(a) and _named(b):
        return Match(False, 0.0, (), f"different programmes {sa} ≠ {sb}")
    la, lb = _LEVEL.match(sa), _LEVEL.match(sb)
    if (la.group() if la else "") != (lb.group() if lb else ""):
        return Match(False, 0.0, (), "different level")
    score = fuzz.ratio(sa, sb)
    shared = tuple(sorted(set(ta) & set(tb)))
    ca, cb = context_terms(a), context_terms(b)
    common = ca & cb
    template = _template_similarity(a, b)
    if template >= 85 and _numeral_index(a) == _numeral_index(b) and min(len(_template(a)), len(_template(b))) >= 12:
        # the same sentence reworded: 推动100余家企业与80余所高校院所建立产学研合作关系 /
        # 推动251家企业与107所疆内外高校、科研院所建立“产学研”合作关系
        return Match(True, template, shared, "same clause")
    # a short subject (总投资, 嫌疑人, 铜牌) names too many things: the clause must agree too
    generic = min(len(sa), len(sb)) <= 3
    if generic and len(common) < 2 and template < 70:
        return Match(False, score, shared, "generic subject, different clause")
    if score >= threshold and shared and (sa == sb or template >= 60 or common):
        return Match(True, score, shared)
    crossed = (canonical_subject(a.subject) in cb) or (canonical_subject(b.subject) in ca)
    verbs = common & set(KEY_VERBS)
    # 骨干人才 595名 in a sentence about “庭州英才” is the programme's total; 庭州优秀科技人才
    # (sharing the programme's name) is one of its parts, not the same fact.
    part_of = len(set(sa) & set(sb)) >= 2
    if crossed and verbs and len(common) >= 2 and not part_of:
        return Match(True, max(score, 80.0), tuple(sorted(common)), "programme")
    return Match(False, score, shared, "subject")


_LEVEL = lazy(regex.compile, r"^(?:国家级|自治区级以上|自治区级|省级以上|省级|州级|市级|县级|校级|省市级)")


def _specific(place: str) -> bool:
    """A place narrower than the paper's default (its home region, or the country)."""
    from .context import home_canonicals

    return bool(place) and place not in home_canonicals() and place != "全国"


def _named(c: Claim) -> bool:
    """The subject is a quoted name in its sentence: “天山英才”, “庭州英才”."""
    return f"“{c.subject}”" in c.sentence or f'"{c.subject}"' in c.sentence


_NUMERALS = lazy(regex.compile, r"[\d.,%]+|[零〇一二两三四五六七八九十百千万亿]+(?=[项个家名人所位支件亿万元])|余|多|[“”\"（）()、]")


def _template(c: Claim) -> str:
    return _NUMERALS.sub("", c.clause)


def _template_similarity(a: Claim, b: Claim) -> float:
    """How alike the two clauses are with their figures taken out (0–100)."""
    from rapidfuzz import fuzz

    ta, tb = _template(a), _template(b)
    if min(len(ta), len(tb)) < 8:
        return 0.0
    return float(fuzz.ratio(ta, tb))


_DIGITS = lazy(regex.compile, r"\d+(?:\.\d+)?")


def _numeral_index(c: Claim) -> int:
    """Which figure of its clause the claim is: 0 for the first, 1 for the second …"""
    head = c.clause.split(c.text, 1)[0]
    return len(_DIGITS.findall(head))


MAX_AS_OF_DAYS = 7
_DAY_LABEL = lazy(regex.compile, r"（(\d{4}-\d{2}-\d{2}|\d{1,2}月\d{1,2}日[^）]*)）$")


def _day_of(c: Claim) -> str:
    """The day a figure holds for: the one in a day scope's label, else its article's date."""
    m = _DAY_LABEL.search(c.scope.label)
    return m.group(1) if m else c.date[:10]


def _has_digit(s: str) -> bool:
    return any(ch.isdigit() for ch in s)


def days_apart(a: str, b: str) -> int | None:
    """Days between two article dates (None when either is not a date)."""
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _year_of(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None


def claim_scope_relation(a: Claim, b: Claim, max_days: int | None = None) -> str:
    """Like :func:`scope_relation`, but an unstated scope is read as "as of the article date":
    全州高企达到277家 in a 2024 article is not the 169家 stated for 2022."""
    sa, sb = a.scope, b.scope
    # a figure for one day (当天, 过去24小时, 0—24时) is another fact on another day
    da, db = _day_of(a), _day_of(b)
    if (sa.label.endswith("）") or sb.label.endswith("）")) and da and db and da != db:
        return "different"
    # running totals 截至10月18日 vs 截至10月19日: two dates, two facts
    if sa.kind == sb.kind == "as_of" and sa.label != sb.label and _has_digit(sa.label) and _has_digit(sb.label):
        return "different"
    # running figures (目前, 截至, or no scope at all) hold on their article's date: reported
    # weeks apart they may both be right, so the difference is a scope note, not an error
    moving = ("unknown", "as_of", "cumulative")
    limit = MAX_AS_OF_DAYS if max_days is None else max_days
    if sa.kind in moving and sb.kind in moving and (days_apart(a.date, b.date) or 0) > limit:
        return "differs"
    # a figure for a stated period (前9个月, 上半年) is not one stated for no period at all
    if (not sa.known and sb.kind == "period") or (not sb.known and sa.kind == "period"):
        return "different"
    if not sa.known and sb.known and sb.year and _year_of(a.date) and sb.year != _year_of(a.date):
        return "different"
    if not sb.known and sa.known and sa.year and _year_of(b.date) and sa.year != _year_of(b.date):
        return "different"
    return scope_relation(sa, sb)


def same_entity(a: Claim, b: Claim, m: Match) -> bool:
    """Evidence beyond the subject words that two figures are about one entity: the same
    sentence reworded, the same named programme, the same stated place, or clauses that
    say much the same. Without it a disagreement is not reported as an error."""
    if m.reason in ("same clause", "programme"):
        return True
    if a.place and a.place == b.place:
        return True
    return _template_similarity(a, b) >= 60


def scope_relation(a: TimeScope, b: TimeScope) -> str:
    """same | different (explicit different periods: a different fact) | differs (report)."""
    if not a.known or not b.known:
        return "same"
    cumulative = ("cumulative", "as_of")
    if a.kind in cumulative and b.kind in cumulative:
        if a.year and b.year and a.year != b.year:
            return "different"
        return "same"
    if a.kind in cumulative or b.kind in cumulative:
        # 累计 (as of 2024) vs 2022年: figures as of different years are different facts
        if a.year and b.year and a.year != b.year:
            return "different"
        return "differs"
    if a.year and b.year and a.year != b.year:
        return "different"
    if a.kind != b.kind or (a.kind == "period" and a.label != b.label):
        return "different" if a.kind == "period" and b.kind == "period" else "differs"
    return "same"


def _step(v: float) -> Decimal:
    d = Decimal(repr(v)).normalize()
    exp = d.as_tuple().exponent
    return Decimal(1).scaleb(min(int(exp), 0)) if isinstance(exp, int) else Decimal(1)


_ARABIC = lazy(regex.compile, DIG)  # the number grammar's own, thousands separators too


def _stated_step(value: float, text: str) -> Decimal:
    """The precision a figure was written with: 19.14万亿元 → 0.01万亿 (1e10), 191423亿元 → 1亿,
    1800名 → 1. Without the text, the float's own digits (never coarser than 1)."""
    m = _ARABIC.search(text) if text else None
    numeral = Decimal(m.group().replace(",", "")) if m else Decimal(0)
    if numeral == 0:
        return _step(value)
    scale = Decimal(repr(value)) / numeral
    places = -numeral.as_tuple().exponent if isinstance(numeral.as_tuple().exponent, int) else 0
    return max(Decimal(1).scaleb(-int(places)) * scale, Decimal("1e-9")).normalize()


def agree(a: Quantity, b: Quantity, text_a: str = "", text_b: str = "") -> bool:
    """Do the two figures agree as intervals? Rounding to the coarser figure is tolerated.

    突破3亿元 [3e8, ∞) agrees with 3.22亿元; 增幅233% agrees with 增长233.7%;
    200余名 [200, 300) does not agree with 300余名 [300, 400); with the texts as written,
    19.14万亿元 agrees with 191423亿元 and 13908亿斤 with 13908.2亿斤.
    """
    if a.is_exact and b.is_exact:
        x, y = float(a.low), float(b.low)  # type: ignore[arg-type]
        if x == y:
            return True
        sx, sy = _stated_step(x, text_a), _stated_step(y, text_b)
        if sx == sy:
            return abs(x - y) <= 1e-9 * max(abs(x), abs(y))
        coarse = float(max(sx, sy))
        return abs(x - y) < coarse
    lo_a = float("-inf") if a.low is None else float(a.low)
    hi_a = float("inf") if a.high is None else float(a.high)
    lo_b = float("-inf") if b.low is None else float(b.low)
    hi_b = float("inf") if b.high is None else float(b.high)
    open_a = a.stated == "approx" and a.high is not None and a.low != a.high
    open_b = b.stated == "approx" and b.high is not None and b.low != b.high
    # approximate intervals are half-open: 1800余 is [1800, 1900)
    if open_a and lo_b >= hi_a or open_b and lo_a >= hi_b:
        return False
    return lo_a <= hi_b and lo_b <= hi_a
