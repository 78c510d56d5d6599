"""The decision rules' record types and registry: :class:`Pair` (what a rule looks at),
:class:`Rule`, :func:`rule` (registers one), :func:`get` (by ID or name)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from typing import NamedTuple

from .. import evidence as ev
from .. import similarity
from ..knowledge import Knowledge
from ..days import MAX_AS_OF_DAYS, days_apart
from ..match import is_date_part, template_similarity, window_words
from ..context import PLACE_SUFFIXES
from ..records import Claim, Features

ANNUAL_DAYS = 15  # how near to a whole number of years apart two printings are "the same time of year"


class Options(NamedTuple):
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
    compiled_ratio: bool = False  # rapidfuzz's string similarity (the same values, for batch jobs)


class Fired(NamedTuple):
    """One rule that decided something about a pair: ``F09 similar-subject: 关键核心技术``."""

    rule: str
    name: str
    says: str  # other | same | differs | agree | slip | no-error | unsure
    detail: str = ""


class Verdict(NamedTuple):
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


_MIN_WINDOW = 12  # characters of a window (besides ＃) that say anything
_AROUND = 2  # other figures of a sentence restated where they stood that make one statement
AROUND_TEMPLATE = 60  # how alike (0-100) the clauses of such a restatement still are
_ONE_AROUND_CLAUSE = 6  # characters of a clause restated word for word beside one specific figure

# Pair.match_reason when F07 found the two one statement: the same clause, the same words
# around a short clause, the same characters right before the figures, the same other figures
RESTATED = ("same clause", "same words", "words before", "figures around")


def one_place(a: tuple[str, ...] | set[str] | frozenset[str], b: tuple[str, ...] | set[str] | frozenset[str]) -> bool:
    """Some place of ``a`` is one of ``b``: one name ending the other (日长沙市, read by its suffix
    from 近日长沙市统计局, and 长沙市), or, when only one is written with its suffix, without it (长沙
    and 长沙市); not 长沙县 and 长沙市, nor 吉林市 and 吉林省."""
    def same(x: str, y: str) -> bool:
        if x.endswith(y) or y.endswith(x):
            return True
        cx, cy = _without_suffix(x), _without_suffix(y)
        return (cx == x) != (cy == y) and (cx.endswith(cy) or cy.endswith(cx))
    return any(same(x, y) for x in a for y in b)


def without_words(text: str, words: tuple[str, ...]) -> str:
    """``text`` with each of ``words`` taken out (owners compared without the words one side
    counts in its subject: F14, E09)."""
    for w in words:
        text = text.replace(w, "")
    return text


def _without_suffix(name: str) -> str:
    return name[:-1] if len(name) > 2 and name[-1] in PLACE_SUFFIXES else name


@lru_cache(maxsize=8)
def _link_words(k: Knowledge) -> tuple[str, ...]:
    """``link_words``, longest first (达到 before 达)."""
    return tuple(sorted(k.word_list("link_words"), key=len, reverse=True))


def _same_ending(a: str, b: str) -> int:
    """How many characters at the end of ``a`` and ``b`` are the same."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _before_figure(c: Claim, f: Features, link_words: tuple[str, ...] = ()) -> str:
    before = f.window.partition("＃")[0]
    before = before.replace(c.scope.label, "") if c.scope.label else before
    word = next((w for w in link_words if before.endswith(w)), "")
    return before[:len(before) - len(word)]


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
        # set by T13, T15, T16: one statement restated (E12 then does not ask how far apart)
        self.verbatim = False
        self.scope_rule = ""  # the scope rule that decided (T01 …), "" when none did
        self.moved_words: tuple[str, ...] = ()  # set by F14: words one side has in its subject, the other around it
        self.similar = similarity.ratio_function(opts.compiled_ratio)

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
        return template_similarity(self.fa.template, self.fb.template, self.similar)

    @cached_property
    def window(self) -> float:
        """How alike the words around the two figures are in their sentences (0–100)."""
        wa, wb = window_words(self.fa.window), window_words(self.fb.window)
        if min(len(wa), len(wb)) < _MIN_WINDOW:
            return 0.0
        return self.similar(wa, wb)

    @cached_property
    def same_before(self) -> int:
        """How many characters right before the two figures read the same, as written (other
        figures too), up to the window's 20: 大桥全长11.88公里，主跨＃ in both → 13. The words of
        its time scope are left out (2024年，选派科技特派员＃ → ，选派科技特派员＃): they say when,
        not what or whose; and a linking verb right before the figure (``link_words``: 面积达＃,
        面积共＃ and 面积＃ read the same), when that makes more of them the same (麦收达＃ in both
        keeps its 达)."""
        pairs = ((self.a, self.fa), (self.b, self.fb))
        raw = _same_ending(*(_before_figure(c, f) for c, f in pairs))
        links = _link_words(self.k)
        return max(raw, _same_ending(*(_before_figure(c, f, links) for c, f in pairs)))

    @cached_property
    def same_neighbours(self) -> bool:
        """Most of the other figures of the two sentences are the same (two in three): one
        figure changed among restated ones, not a new statement of several."""
        na, nb = self.fa.neighbours, self.fb.neighbours
        if not na and not nb:
            return True
        return 3 * self.restated_neighbours >= 2 * max(len(na), len(nb))

    @cached_property
    def _common_neighbours(self) -> Counter[str]:
        """The other numbers both sentences have, each as often as both have it."""
        return Counter(self.fa.neighbours) & Counter(self.fb.neighbours)

    @cached_property
    def restated_neighbours(self) -> int:
        """How many of the other figures of the two sentences are the same (each counted once
        on both sides)."""
        return sum(self._common_neighbours.values())

    @cached_property
    def restated_figures(self) -> int:
        """:attr:`restated_neighbours` but parts of dates (自2021年12月以来 restated says the
        same start, not the same figures)."""
        return sum(n for x, n in self._common_neighbours.items() if not is_date_part(x))

    @cached_property
    def same_time_another_year(self) -> bool:
        """Printed a year or more apart at the same time of year (两会 in March, a year-end
        ceremony), and not both about how a thing is made up (全书分为21个专题): a restated
        template then is more likely the next occasion of an annual event than the same
        statement again (T13, T15, V03, E01)."""
        apart = days_apart(self.a.date, self.b.date)
        if apart is None or apart < 365 - ANNUAL_DAYS or self.fa.structure and self.fb.structure:
            return False
        off = apart % 365.25
        return min(off, 365.25 - off) <= ANNUAL_DAYS

    @cached_property
    def neighbours_in_place(self) -> bool:
        """No other figure of the two sentences was replaced or moved: the numbers of each
        sentence in order, ＃ where the figure stands, line up but for numbers one sentence adds
        at its start or end (近十年，能耗累计下降超过36%，…3616家、267家、＃ vs 截至目前，…3616家、
        267家、＃，…近3万个). Not when one in between moved (…＃、605家，近3.5万个 vs …＃、403家，
        近3万个: an update), nor a window that rolled on (1200人、1350人、1280人、＃ vs 1350人、
        1280人、1400人、＃), nor two swapped."""
        (na, ia), (nb, ib) = ((f.neighbours, f.neighbours_before) for f in (self.fa, self.fb))
        sa, sb = (*na[:ia], "＃", *na[ia:]), (*nb[:ib], "＃", *nb[ib:])
        ops = SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes()
        for i, (tag, *_span) in enumerate(ops):
            if tag != "equal" and (tag == "replace" or 0 < i < len(ops) - 1):
                return False
        return True

    @cached_property
    def figures_around(self) -> bool:
        """The sentence restated with its other figures: two or more, every one of the shorter
        sentence's, each where it stood (one sentence may begin or end with more), one of them
        specific, the same quantity in both (``Features.specific_neighbours``: three significant
        digits and a measure word, 227个, 8155个; not 350公里, 50.3%, nor 55.3万辆 against 55.3万套),
        the figure in the same place of a clause still alike (``AROUND_TEMPLATE``); or one
        specific figure around the same clause word for word, six characters or more (大桥全长
        11.88公里，主跨988米; not 同比增长). Not when one sentence states a day or hour the other does
        not (截至当地时间23日21时20分: a cut-off; the figures beside it may have stayed while it
        moved). Specific figures do not recur by chance, in order, around another: the two are
        one statement, however its subject was read or reworded (目前，中欧班列已通达欧洲25个国家227个城市以及11个亚洲国家超过100个城市 /
        目前，中欧班列已通达欧洲25个国家227个城市，连接11个亚洲国家超过100个城市). Not two lines whose
        specifications agree (西渝高铁正线全长739公里，设计时速350公里，……5小时……2小时 vs
        渝昆高铁全长699公里，设计时速350公里，……5小时……2小时)."""
        fa, fb = self.fa, self.fb
        alike = (self.template >= AROUND_TEMPLATE if self.restated_figures >= _AROUND
                 else self.restated_figures == 1 and fa.template == fb.template
                 and len(fa.template) >= _ONE_AROUND_CLAUSE)
        return alike and fa.numeral_index == fb.numeral_index and self._restated_in_place

    @cached_property
    def sentence_restated(self) -> bool:
        """The sentence restated around the figure with two or more of its other figures, all of
        the shorter sentence's, each where it stood, one of them specific (as
        :attr:`figures_around` asks, however its clauses were cut or worded: 2022年，昌吉州设立……
        专项资金1亿元，财政科技投入3.22亿元，……经费达到14.14亿元，同比增长23.37% / ……14.14亿元、增长
        233.7%，R&D投入强度0.83%): evidence that two alike subjects are one entity (E01)."""
        return self.restated_figures >= _AROUND and self._restated_in_place

    @cached_property
    def _restated_in_place(self) -> bool:
        fa, fb = self.fa, self.fb
        shorter = min(len(fa.neighbours), len(fb.neighbours))
        na, nb = Counter(fa.neighbours), Counter(fb.neighbours)
        unshared = (na - nb) + (nb - na)  # the numbers one sentence has and the other not
        return (self.restated_neighbours == shorter and self.neighbours_in_place
                and not any(is_date_part(x) for x in unshared)
                and not set(fa.specific_neighbours).isdisjoint(fb.specific_neighbours))

    @cached_property
    def same_referent(self) -> bool:
        """Both sentences point back (这一数据) to alike subjects of the sentence before."""
        ra, rb = self.fa.referent, self.fb.referent
        return bool(self.fa.refers_back and self.fb.refers_back and ra and rb
                    and (ra == rb or self.similar(ra, rb) >= self.opts.threshold))

    @cached_property
    def ratio(self) -> float:
        return self.similar(*self.subjects)

    @cached_property
    def shared(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.tokens[0]) & set(self.tokens[1])))

    def owners(self, own_clause_only: bool) -> tuple[str, str]:
        if own_clause_only:
            return self.fa.own_owner, self.fb.own_owner
        return self.fa.owner, self.fb.owner


class Rule(NamedTuple):
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
