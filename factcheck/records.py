"""Frozen, typed records shared by every stage of the pipeline.

Each concept is built once and never mutated. Character offsets always point into the
*original* file; line and column are derived in one place (:mod:`factcheck.positions`).

The records are :class:`typing.NamedTuple` classes: immutable and typed like frozen
dataclasses, but a fresh ``factcheck check`` defines them in ~0.15 ms each instead of
~0.6 ms (``dataclasses`` compiles six generated methods per class, and imports ``inspect``).
A copy with changed fields is ``record._replace(field=value)``. Being tuples, two records
of different types with equal values compare equal; nothing here compares across types.

No ``from __future__ import annotations`` here: typing.NamedTuple compiles every field
annotation that is a string (as ForwardRef), ~5 µs each, for ~90 fields.
"""
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .positions import Places

Severity = Literal["error", "warning", "info"]
Kind = Literal["claim", "date", "ordinal", "not-a-quantity"]


RATE_UNITS = ("%", "‰", "个百分点")  # a figure in these is a rate or share of something


class Quantity(NamedTuple):
    """A stated amount as an interval in base units.

    ``1800余名`` → ``Quantity(low=1800, high=1900, unit="名", stated="approx")``;
    ``突破8亿元`` → ``Quantity(low=800000000, high=None, unit="元", stated="lower-bound")``.
    """

    low: float | None
    high: float | None
    unit: str
    stated: str = "exact"  # exact | approx | range | lower-bound | upper-bound | rate

    @property
    def is_exact(self) -> bool:
        return self.low is not None and self.low == self.high


class TimeScope(NamedTuple):
    """When a figure holds: ``2024年`` (year), ``近年来`` (cumulative), ``目前`` (as-of)."""

    kind: str = "unknown"  # year | period | cumulative | as_of | unknown
    label: str = ""  # as written: 2024年, 近年来, 截至6月底
    year: int | None = None  # resolved year where known

    @property
    def known(self) -> bool:
        return self.kind != "unknown"


class Mention(NamedTuple):
    """A numeric mention found in text, whatever its kind (claim, date, ordinal …)."""

    start: int  # offset of the numeral's first character in the original text
    end: int  # offset just past the mention in the original text
    text: str  # as written, whitespace removed: 1800余名
    kind: Kind
    quantity: Quantity | None = None


class Features(NamedTuple):
    """What the verdict compares about a figure besides its subject, place, scope and
    qualifier: computed once, at extraction (:func:`factcheck.evidence.features_of`), and
    stored with the claim, so that matching only compares fields.

    ``遴选培育“庭州英才”220名`` → ``Features(canonical_subject="庭州英才", owner="",
    context_terms=("培育", "庭州英才", "遴选"), template="遴选培育庭州英才名", …)``.
    """

    canonical_subject: str = ""  # the subject, synonyms replaced (高企 → 高新技术企业)
    subject_tokens: tuple[str, ...] = ()  # its words, function words left out
    context_terms: tuple[str, ...] = ()  # quoted programmes in the sentence, verbs of measurement of the clause
    owner: str = ""  # the words that say whose figure it is (reaching back over relational clauses)
    own_owner: str = ""  # the same from the figure's own clause only (a reworded clause)
    as_of: str = ""  # the cut-off it states: 截至8月16日 → 8-16
    as_of_year: int = 0  # the year written in that cut-off (截至2023年5月10日 → 2023), 0 when none
    plan: bool = False  # a plan or forecast (计划, 预计, 力争 before it), not an outcome
    occasions: tuple[str, ...] = ()  # 春节, 第三批, 二十届三中全会 …
    places_named: tuple[str, ...] = ()  # other places named up to the end of its clause
    title_places: tuple[str, ...] = ()  # places its article's title is about
    dates_named: tuple[str, ...] = ()  # dates written before it (10月18日)
    fixed_period: bool = False  # stated, in its own sentence, for a closed period (2024年, 上半年)
    scope_is_base: bool = False  # its period is the base of a comparison (比上年同期)
    this_time: bool = False  # 本次, 此次, 当天 …, or 这/该/此/上述 right before it (这21名患者): one occasion's or batch's
    event: bool = False  # its sentence reports one event (举行, 出席, 日前, 3日 …)
    template: str = ""  # its clause with the figures taken out
    numeral_index: int = 0  # which figure of its clause it is
    named: bool = False  # its subject is a quoted name in its sentence (“庭州英才”: a programme)
    subject_in_clause: bool = True  # its subject is read from its own clause (not an earlier one)
    # where its time scope was read: "" (its own sentence, or none), "paragraph" (an earlier
    # sentence of its paragraph) or "lead" (its article's headline and lead)
    scope_from: str = ""
    window: str = ""  # its sentence around it as written (20 characters before, 12 after), ＃ at it
    neighbours: tuple[str, ...] = ()  # the other numbers of its sentence (names such as 5G left out)
    dimension: str = ""  # the word of measure ending its subject (全长, 设计时速 → 时速): a property
    own_day: bool = False  # followed by its own day in brackets (731例（4日）): a daily series
    refers_back: bool = False  # its sentence names what it counts only by 这一数据, 上述 …: said before
    referent: str = ""  # when it refers back: the subject of the sentence before's first figure
    neighbours_before: int = 0  # how many of its neighbours stand before it in its sentence
    bulletin_day: str = ""  # the day its article's lead reports figures for (2月9日0—24时，…): a daily bulletin
    item_label: str = ""  # the label in brackets right after it (696例（6日） → 6日): an item of a list
    structure: bool = False  # its clause says how a thing is made up (全书分为21个专题): a property
    # its neighbours that do not recur by chance, with their measure word (988米, 55.3万辆; not
    # 350公里 or 50.3%): a restatement shares them (match.specific_numbers)
    specific_neighbours: tuple[str, ...] = ()
    moment: bool = False  # a time after or before an event (发生8天后, 开幕前3天): when, not how much
    group: str = ""  # the group its sentence opens with, that it is a part of (23名患者中，…: 23名患者)
    reported: bool = False  # its clause, or its sentence before it, names a report (报告新增……37例, 据通报，全市新增…: ``report_words``)
    one_occasion: bool = False  # 本次, 本届 … before it in its sentence, no running word after (``occasion_words``)
    day_topic: str = ""  # the day a clause before it opens with (18日，治愈出院5例): that day's figure
    change: str = ""  # "by" right after a verb of change (下降0.3%), "to" after one and 为/至/到 (下降为5.1%)
    # a running total that only grows (累计, 已 … before it in its clause: ``accumulating_words``):
    # "total" since a fixed start, "year" the year's so far (同比 in its sentence); "" neither
    accumulates: str = ""
    # words of a contrast set (``contrast_sets``: 同比, 金牌 …) and numerals of a name (4A, 95号, 5G)
    # in its clause, the figure left out: what says which of two alike things it counts
    contrasts: tuple[str, ...] = ()
    # places found by their suffix in its sentence up to its clause's end, when its own place is
    # only an area word (全市) or none: whose 全市 it is (长沙市统计局发布……，全市…… → 长沙市); else
    # those of the nearest sentence before it in its paragraph (四川省卫健委今日通报。…… → 四川)
    frame_places: tuple[str, ...] = ()
    # the body named at the head of its sentence or of one before, when its clause opens with 公司,
    # 学校 … (中国石油30日发布半年报。上半年，公司实现…… → 中国石油): whose figure it is. Both read the
    # paragraph, which only extraction sees: a claim built by hand has only its own sentence's
    frame_body: str = ""
    since: str = ""  # the start it is counted from, as its sentence names it before it: 党的十八大以来 → 十八大
    # where it stands in its sentence (characters before it), as extraction found it: -1 when
    # not known (a claim built by hand, or stored by an older extractor)
    at: int = -1


class Claim(NamedTuple):
    """A numeric claim with everything needed to match it and cite it."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    quantity: Quantity
    subject: str
    measure_word: str
    place: str
    scope: TimeScope
    qualifier: str  # flow | stock | target | ""
    sentence: str
    clause: str
    article_title: str = ""
    article_index: int = 0
    date: str = ""
    date_source: str = ""  # where ``date`` came from: see Document.date_source
    location: str = ""  # .docx/.pdf: where a person finds it (¶12, p.2 l.14); line/column are there
    features: Features | None = None  # set by extraction (and stored); None: computed when compared

    @property
    def low(self) -> float | None:
        return self.quantity.low

    @property
    def high(self) -> float | None:
        return self.quantity.high

    @property
    def unit(self) -> str:
        return self.quantity.unit


class Article(NamedTuple):
    """One article of a document: a page may hold several."""

    index: int
    title: str
    start: int  # offsets into the normalized document text
    end: int
    headline: str = ""
    lead_start: int = -1  # for a headline: where the article it titles starts


class Document(NamedTuple):
    """A file as read: its text, metadata and content hash."""

    path: str
    text: str
    content_hash: str
    title: str = ""
    date: str = ""
    source: str = ""
    body_offset: int = 0  # where the body starts (after front matter), in ``text``
    meta: Mapping[str, str] = MappingProxyType({})  # (not compared)
    # front matter | sidecar | path | text | unknown (factcheck.dating); "" when not read
    # by factcheck.reading (a DB stored before dates were sourced)
    date_source: str = ""
    # .docx, .pdf, .html: ``text`` was extracted; this maps it back to the original (not compared)
    places: "Places | None" = None

    def _key(self) -> tuple[object, ...]:
        return (self.path, self.text, self.content_hash, self.title, self.date, self.source,
                self.body_offset, self.date_source)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._key())


class RuleStep(NamedTuple):
    """One decision rule that fired for a pair of figures (see :mod:`factcheck.judge`)."""

    rule: str  # F09
    name: str  # similar-subject
    says: str  # other | same | differs | agree | unsure | no-error
    detail: str = ""


class Why(NamedTuple):
    """Why two figures were judged as they were: the rules in the order they decided, and
    the fields compared, as (field, draft value, source value)."""

    rules: tuple[RuleStep, ...] = ()
    fields: tuple[tuple[str, str, str], ...] = ()


class Source(NamedTuple):
    """A cited earlier claim."""

    path: str
    title: str
    date: str
    line: int
    column: int
    text: str
    sentence: str
    quantity: Quantity
    scope: TimeScope
    place: str = ""
    subject: str = ""
    score: float = 0.0
    matched_terms: tuple[str, ...] = ()
    why: Why | None = None
    date_source: str = ""  # where ``date`` came from: see Document.date_source
    location: str = ""  # as Claim.location


class Finding(NamedTuple):
    """A problem (or, with --verbose, a confirmation) at one place in a draft."""

    code: str
    severity: Severity
    message: str
    claim: Claim
    sources: tuple[Source, ...] = ()
    note: str = ""
    why: Why | None = None  # the decision about the first source
