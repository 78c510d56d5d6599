"""Stage 5: what matching compares — index terms, canonical subjects, unit classes, clause
templates, dates and value agreement. The decisions that use them are the named rules of
:mod:`factcheck.judge`. Everything here is pure.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import regex

from . import similarity
from .patterns import lazy
from .knowledge import Knowledge
from .mentions import DIG
from .positions import figure_offset
from .records import Claim, Quantity

if TYPE_CHECKING:
    from .rows import StoredClaim
    from .store import ClaimStore
from .tokenizer import cut

# Measure words that can count the same things (项/个/家 …; 名/人/位 are people).
UNIT_CLASSES = (
    frozenset({"项", "个", "家", "所", "支", "件", "类", "种", "座", "处", "批"}),
    frozenset({"名", "人", "位"}),
)
_QUOTED = lazy(regex.compile, r"[“\"]([^“”\"]{2,20})[”\"]")
_STOP_TOKENS = set("的 和 与 及 等 各类 各 类 个 项 家 名 人 企业的 了".split())


def canonical_subject(subject: str, k: Knowledge) -> str:
    return k.canonical_subject(subject)


def subject_tokens(subject: str, k: Knowledge) -> tuple[str, ...]:
    """The words of the canonical subject, function words left out (memoized per knowledge:
    an archive names the same things again and again)."""
    memo = k.memo("subject_tokens")
    found = memo.get(subject)
    if found is None:
        found = tuple(t for t in cut(k.canonical_subject(subject)) if t not in _STOP_TOKENS and t.strip())
        if len(memo) < 65536:
            memo[subject] = found
    return found


def context_terms(claim: Claim, k: Knowledge) -> frozenset[str]:
    """Named programmes quoted in the sentence and verbs of measurement of the clause."""
    names = {k.canonical_subject(m) for m in _QUOTED.findall(claim.sentence)}
    verbs = {v for v in k.measure_verbs if v in claim.clause}
    return frozenset(names | verbs)


def index_terms(claim: Claim, k: Knowledge) -> list[str]:
    """Terms under which a stored claim is found again; the whole subject first."""
    whole = k.canonical_subject(claim.subject) if claim.subject else ""
    terms = set(claim.features.subject_tokens if claim.features else subject_tokens(claim.subject, k))
    terms |= {k.canonical_subject(m) for m in _QUOTED.findall(claim.sentence)}
    rest = sorted(t for t in terms if len(t) >= 2 and t != whole)
    return ([whole] if len(whole) >= 2 else []) + rest


def compatible_units(unit: str) -> list[str]:
    for cls in UNIT_CLASSES:
        if unit in cls:
            return sorted(cls)
    return [unit]


_NUMERALS = lazy(regex.compile, r"[\d.,%]+|[零〇一二两三四五六七八九十百千万亿]+(?=[项个家名人所位支件亿万元])|余|多|[“”\"（）()、]")


def figure_at(c: Claim) -> int:
    """Where the figure stands in its sentence: as extraction recorded it (the second 100亿元
    of 设立100亿元产业发展投资引导基金和100亿元人才发展基金 is not the first), else
    :func:`positions.figure_offset`; -1 when not found.

    """
    f = c.features
    return f.at if f is not None and f.at >= 0 else figure_offset(c.sentence, c.text)


def figure_in(c: Claim, text: str) -> int:
    """Where the figure stands in ``text``: its sentence, or a part of it (its clause); -1
    when not found."""
    at = figure_at(c)
    if text == c.sentence:
        return at
    off = c.sentence.find(text)
    if at >= 0 and 0 <= off <= at <= off + len(text) - len(c.text):
        return at - off
    return text.find(c.text)


def text_before(c: Claim, text: str) -> str:
    """``text`` up to the figure of ``c`` (all of it when the figure is not in it)."""
    i = figure_in(c, text)
    return text[:i] if i >= 0 else text


def text_after(c: Claim, text: str) -> str:
    """``text`` after the figure of ``c`` ("" when the figure is not in it)."""
    i = figure_in(c, text)
    return text[i + len(c.text):] if i >= 0 else ""


def template(c: Claim) -> str:
    """The clause with its figures taken out; a magnitude after digits is written 万 whichever
    it was (2033万公顷 / 2033亿公顷 read 万公顷: a slip of 万 and 亿 is one clause)."""
    return _NUMERALS.sub("", _MAGNITUDE.sub("万", c.clause))


_MAGNITUDE = lazy(regex.compile, r"(?<=\d)亿")


_WINDOW_BEFORE, _WINDOW_AFTER = 20, 12
SHORT_CLAUSE = 12  # a clause template shorter than this says too little (全书分为个专题, 例（日）)


def retrieval_text(c: Claim) -> str:
    """What the similar-clause index holds for a claim and is asked with: its clause template,
    or, when that is a list of figures alone (例日例日例日…: its words are units and days), the
    words of its sentence before the list, after the label in brackets that names the item:
    890例（3日）、731例（4日）… → ``＃4日＃过去日这一数据分别为：`` (each item of a restated list is
    found by its label and the list's head, however far into the list it stands). An item
    without a label is asked by the words around it (过去日这一数据分别为：＃日、例日). (Not for a
    short clause, 造成至少4人死亡: the words around it find every shooting.)

    >>> from factcheck.records import Features, TimeScope
    >>> s = "而过去4日这一数据分别为：890例（3日）、731例（4日）、707例（5日）、696例（6日）。"
    >>> c = Claim("a", 1, 1, 1, 1, "696例", Quantity(696, 696, "例", "exact"), "", "", "", TimeScope(), "", s,
    ...           "890例（3日）、731例（4日）、707例（5日）、696例（6日）。")
    >>> retrieval_text(c._replace(features=Features(template=template(c), window=window(c), item_label="6日")))
    '＃6日＃而过去日这一数据分别为：'
    """
    f = c.features
    if f is None:
        return ""
    words = {ch for ch in f.template if "\u4e00" <= ch <= "\u9fff"}
    if len(f.template) < _LIST_CHARS or len(words) > _LIST_WORDS:
        return f.template
    at = figure_at(c)  # (the list's head is the same for every item of it)
    if not f.item_label or at < 0:
        return window_words(f.window)
    head = c.sentence[:at]
    i = len(head)
    while i > 0 and (head[i - 1] in words or head[i - 1] in _LIST_PUNCT or head[i - 1].isdigit()):
        i -= 1
    return f"＃{f.item_label}＃" + window_words(head[max(0, i - _WINDOW_BEFORE):i])


_LIST_PUNCT = frozenset("（）()、，,.%")


# a list of figures alone: six characters or more, three different characters of words at most
_LIST_CHARS, _LIST_WORDS = 6, 3


def window(c: Claim) -> str:
    """The words around a figure in its sentence as written, ``＃`` where it stands:
    全书分为21个专题，生动记录了… → ``全书分为＃专题，生动记录了…`` (20 characters before, 12
    after). It tells a restatement where the figure's own clause is too short to
    (全书分为21个专题), and whether the figures next to it were restated too."""
    at = figure_at(c)
    if at < 0:
        return ""
    return c.sentence[max(0, at - _WINDOW_BEFORE):at] + "＃" + c.sentence[at + len(c.text):at + len(c.text) + _WINDOW_AFTER]


def window_words(w: str) -> str:
    """A window without its figures: what two restatements share when figures change."""
    return _NUMERALS.sub("", w)


_NUMBER = lazy(re.compile, r"(?<![A-Za-z\d.])\d+(?:\.\d+)?(?![A-Za-z\d.])[年月日时]?")  # not in 5G, C919
_DATE_PARTS = "年月日时"


def numbers_in(text: str) -> tuple[str, ...]:
    """The numbers of ``text`` as written, those in names of letters and digits left out,
    a part of a date or time with its 年, 月, 日 or 时.

    >>> numbers_in("5G应用已融入97个国民经济大类")
    ('97',)
    >>> numbers_in("自2021年12月以来已连续14次加息")
    ('2021年', '12月', '14')
    """
    return tuple(_NUMBER.findall(text))


def is_date_part(number: str) -> bool:
    """A number of :func:`numbers_in` that is part of a date or time (2021年, 12月), no figure."""
    return number[-1:] in _DATE_PARTS


# a number with its magnitude and the first character of its measure word (55.3万辆, 988米)
_MEASURED = lazy(regex.compile, r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)([万亿千百]*)(\p{Han})")
_SPECIFIC_DIGITS = 3  # significant digits of a number that does not recur by chance (227, 8155; not 350)


def significant_digits(number: str) -> int:
    """1166 → 4, 350 → 2, 0.25 → 2, 2021年 → 0 (a part of a date is no figure)."""
    if not number[-1:].isdigit():
        return 0
    return len(number.replace(".", "").lstrip("0").rstrip("0"))


def specific_numbers(text: str) -> tuple[str, ...]:
    """The quantities of ``text`` that do not recur by chance, each with its magnitude and the
    first character of its measure word: three significant digits or more, and a measure word
    (two sentences that share 55.3万辆 state one thing; 55.3万辆 and 55.3万套 do not). Not a
    rate or index (50.3%, which months and indices share), not a date's part (2021年), not a
    year written bare (2025国庆档).

    >>> specific_numbers("出口55.3万辆，同比增长50.3%，设计时速350公里，主跨988米，2025国庆档")
    ('55.3万辆', '988米')
    """
    out = []
    for m in _MEASURED.finditer(text):
        number, magnitude, unit = m.groups()
        if unit in _DATE_PARTS or significant_digits(number) < _SPECIFIC_DIGITS:
            continue
        if not magnitude and "." not in number and 1900 <= int(number) <= 2100:
            continue  # 2025国庆档: a year without its 年
        out.append(number + magnitude + unit)
    return tuple(out)


def specific_neighbours(c: Claim) -> tuple[str, ...]:
    """:func:`specific_numbers` of the claim's sentence but the claim itself."""
    at = figure_at(c)
    if at < 0:
        return ()
    return specific_numbers(c.sentence[:at]) + specific_numbers(c.sentence[at + len(c.text):])


def neighbours(c: Claim) -> tuple[str, ...]:
    """The other numbers of a claim's sentence, in order, for a claim whose extraction did
    not record them (built by hand): 载货能力由原来的6.9吨提升到了7.4吨 → ``("6.9",)`` for
    7.4吨. Extraction records the same from the figure's own position, the numbers of names
    it read as no quantity (下转3版) left out too."""
    at = figure_at(c)
    if at < 0:
        return ()
    return numbers_in(c.sentence[:at]) + numbers_in(c.sentence[at + len(c.text):])


def template_similarity(ta: str, tb: str, ratio: Callable[[str, str], float] = similarity.ratio) -> float:
    """How alike two clauses are with their figures taken out (0–100; their templates)."""
    if min(len(ta), len(tb)) < 8:
        return 0.0
    return ratio(ta, tb)


_DIGITS = lazy(regex.compile, r"\d+(?:\.\d+)?")


def numeral_index(c: Claim) -> int:
    """Which figure of its clause the claim is: 0 for the first, 1 for the second …"""
    at = figure_in(c, c.clause)
    return len(_DIGITS.findall(c.clause[:at] if at >= 0 else c.clause))


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


def _written_digits(text: str) -> str:
    """The digits of a figure's numeral as written, leading zeros and the point left out:
    7.7个 → 77; 0.125 → 125; 4010例 → 4010 (a trailing zero is a digit)."""
    m = _ARABIC.search(text)
    return m.group().replace(",", "").replace(".", "").lstrip("0") if m else ""


def magnitude_apart(a: Quantity, b: Quantity, text_a: str, text_b: str) -> tuple[int, int]:
    """(``k``, ``n``) when the two figures are written with the same ``n`` digits, the point
    moved or the multiplier changed, and one is ``10**k`` times the other (``k`` ≥ 1): 77个 and
    7.7个 → (1, 2); 3.5亿元 and 3.5万元 → (4, 2). Not 401例 and 4010例 (a zero more, not a
    point moved), not one value written two ways (1.25万亿元, 12500亿元), not 77 and 67."""
    if a.stated != b.stated or a.stated == "range" or not a.low or not b.low or a.low <= 0 or b.low <= 0:
        return 0, 0  # (a range, 15-16亿元, has two numerals: the first alone says nothing)
    da, db = _written_digits(text_a), _written_digits(text_b)
    if not da or da != db:
        return 0, 0
    ratio = Decimal(repr(max(a.low, b.low))) / Decimal(repr(min(a.low, b.low)))
    k = ratio.adjusted()
    if k < 1 or abs(ratio - Decimal(10) ** k) > Decimal("1e-6") * ratio:
        return 0, 0
    return k, len(da)


def digits_transposed(a: Quantity, b: Quantity, text_a: str, text_b: str) -> int:
    """``n`` when the two figures are written alike but for two neighbouring digits swapped
    (``n`` digits each, the point and the words around the numeral the same); else 0.

    >>> q = lambda v: Quantity(v, v, "个")
    >>> digits_transposed(q(832), q(823), "832个", "823个"), digits_transposed(q(3641), q(3614), "3641个", "3614个")
    (3, 4)
    >>> digits_transposed(q(217), q(219), "217个", "219个"), digits_transposed(q(1.5), q(5.1), "1.5个", "5.1个")
    (0, 0)
    """
    if a.stated != b.stated or a.stated == "range":
        return 0
    ma, mb = _ARABIC.search(text_a), _ARABIC.search(text_b)
    if not ma or not mb:
        return 0
    na, nb = ma.group().replace(",", ""), mb.group().replace(",", "")
    if len(na) != len(nb) or text_a[ma.end():] != text_b[mb.end():] or text_a[:ma.start()] != text_b[:mb.start()]:
        return 0
    diff = [i for i, (x, y) in enumerate(zip(na, nb)) if x != y]
    if len(diff) != 2 or diff[1] != diff[0] + 1 or "." in (na[diff[0]], na[diff[1]]):
        return 0
    i, j = diff
    if na[i] != nb[j] or na[j] != nb[i]:
        return 0
    return len(na.replace(".", "").lstrip("0"))


def candidates(store: "ClaimStore", claim: Claim, k: Knowledge, exclude_paths: set[str],
               exclude_hashes: set[str]) -> list["StoredClaim"]:
    """The stored claims worth judging against ``claim``: those sharing subject terms
    (:func:`index_terms`), then those whose clause reads much the same (a restatement whose
    subject was read another way), each once."""
    units = compatible_units(claim.unit)
    found = store.candidates(index_terms(claim, k), units, exclude_paths, exclude_hashes)
    template = retrieval_text(claim)
    if template:
        seen = {s.id for s in found}
        found += [s for s in store.similar(template, units, exclude_paths, exclude_hashes) if s.id not in seen]
    return found
