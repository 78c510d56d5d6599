"""Stage 3b: what a figure is about besides its subject: place and qualifier, and the time
scope of :mod:`factcheck.scopes` looked up by position (:class:`TextContext`).

``Gazetteer(load(region="changji")).place_in("全州高企达到277家")`` → ``"昌吉州"``; a place that
only frames a ranking or is a word of a name is none (:func:`frames_or_names`).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .patterns import compile_cached, lazy
from .knowledge import Knowledge
from .records import TimeScope
from .scopes import SCOPE_PATTERN, scope_of


def _qualifier_class(word: str, k: Knowledge) -> tuple[str, str]:
    if word in k.word_list("flow_words"):
        return "flow", word
    if word in k.word_list("target_words"):
        return "target", word
    return "stock", word


_LOCATIVE = set("在赴到与和同向从于至")

# A place that says nothing about whose figure it is: the frame of a ranking (总量位居【全疆】第二,
# 【全疆】唯一, 居【全国】前列), a word of a quoted name (“【新疆】碳捕捉、利用与封存技术创新中心”,
# “【新疆】棉花病虫害……示范”: a centre or a project named, not where the figure is), or of an
# item of a list closed by 等 (【新疆】粮食单产提高、高品质棉花生产……等45支协同创新团队).
# (not 全国第一产业, 全疆第三季度, 全国首批258个 — the place's own batch —, nor 全国最大电力负荷: a measure)
_RANKING_AFTER = lazy(regex.compile,
                      r"第[一二三四五六七八九十\d]+(?![产季批届期])|唯一|首[个家座条创位例次]|率先|前列|前茅|领先|之最"
                      r"|最[^，。；、的\d]{1,2}(?:的|之一|[，。；、]|$)")
_RANKING_BEFORE = lazy(regex.compile, r"(?:位居|位列|居于|排名|名列|排在)$")
# a word of an item of a list closed by 等 (【新疆】粮食单产提高、高品质棉花生产……等45支创新团队)
_LIST_ITEM = lazy(regex.compile, r"\p{Han}{2,12}?、[^。；！？，\n]*?等(?=[\d一二三四五六七八九十两多])")
_ITEM_OPENS = frozenset("的了")  # not 、: 向河南、【河北】调拨折叠床、毛毯等2万件 lists the places themselves


def frames_or_names(text: str, start: int, end: int) -> bool:
    """Whether the place written at ``text[start:end]`` only frames a ranking or is a word of a
    quoted name or of a listed item (see above), not what a figure near it is about.

    >>> frames_or_names("总量位居全疆第二", 4, 6), frames_or_names("全疆唯一“新疆碳捕捉中心”", 5, 7)
    (True, True)
    >>> frames_or_names("领衔的新疆粮食单产提高、高品质棉花生产等45支团队", 3, 5)
    True
    >>> frames_or_names("新疆棉花产量达568万吨", 0, 2), frames_or_names("北京首个示范区", 0, 2)
    (False, False)
    >>> frames_or_names("新疆、西藏等地", 0, 2)  # the places listed themselves
    False
    """
    if text.startswith("全", start) and _RANKING_AFTER.match(text, end):
        return True
    if _RANKING_BEFORE.search(text, max(0, start - 2), start):
        return True
    if start > 0 and text[start - 1] in _ITEM_OPENS and _LIST_ITEM.match(text, end):
        return True  # (an item opens after 的 or 了: 组建了【新疆】粮食单产提高、……等45支)
    line_start = text.rfind("\n", 0, start) + 1
    opened = text.rfind("“", line_start, start)
    if opened <= text.rfind("”", line_start, start):
        return False
    closed = text.find("”", end)
    line_end = text.find("\n", end)
    if closed < 0 or (0 <= line_end < closed):
        return False  # a quotation that runs on (speech across paragraphs): its places are its own
    return not any(ch in "，。！？；" for ch in text[opened:closed])  # a name, not a quoted sentence


# a division written right after a listed place (美国【华盛顿州】, 新疆【伊犁州】, 印度【北方邦】,
# 美国【华盛顿特区】): the place a figure is about, not the country or province before it
_DIVISION = (r"(?![全该本每两几一其这那所大沿数])(?:(?![各多个部党的有些])[\p{Han}]){2,5}?(?:州|邦|特区)"
             r"(?!长)(?=[，、。；\p{Han}])")
_DIVISION_AFTER = lazy(regex.compile, _DIVISION)


@lru_cache(maxsize=8)
def _other_pattern(k: Knowledge) -> regex.Pattern[str]:
    """Places other than the home region: the listed ones (a named list, longest first: see
    factcheck.patterns), a division written right after one of them (美国华盛顿州), then any
    name with a place suffix."""
    listed = "|".join(map(regex.escape, k.listed_places))
    known = {"known": list(k.place_table)} if k.place_table else {}
    return compile_cached(regex.compile,
        (r"(?:(?<=\L<known>)" + _DIVISION + r")|(?:\L<known>)|" if known else "") +
        r"(?:[\p{Han}]{2,6}?(?:开发区|农高区|高新区|示范区|园区))|"
        "(?:" + (f"{listed}|" if listed else "") + r"[\p{Han}]{2,3}[市县](?=[，、\p{Han}]))",
        **known,
    )


class Gazetteer:
    """Places a figure can be about; the paper's home region under all its names.

    >>> from factcheck.knowledge import load
    >>> Gazetteer(load(region="changji")).place_in("全州高企达到277家")
    '昌吉州'
    """

    _ALIAS = lazy(regex.compile, r"([\p{Han}]{2,20}?)[（(]以下简称[“\"]?([\p{Han}]{2,8})[”\"]?[）)]")
    _LEAD = lazy(regex.compile, r"^[在与和向赴到及从对于由将把让]+")

    def learn_aliases(self, text: str) -> None:
        """Aliases the copy defines: 新疆准东经济技术开发区（以下简称准东开发区）."""
        if "以下简称" not in text:  # (every alias holds it: the pattern is not compiled for nothing)
            return
        for m in self._ALIAS.finditer(text):
            full, short = m.group(1), m.group(2)
            for i in range(len(full) - 1):
                tail = full[i:]
                if self._other.fullmatch(tail) or tail.endswith(("区", "市", "县", "中心")):
                    self.aliases[tail] = short
                    break

    def canonical(self, name: str) -> str:
        name = self._LEAD.sub("", name)
        return self.aliases.get(name, name)

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.aliases: dict[str, str] = dict(knowledge.place_table)
        self._cache: dict[tuple[str, bool, bool], str] = {}
        self.home, self._home = knowledge.home, knowledge.home_pattern
        self._other = _other_pattern(knowledge)

    def place_in(self, text: str, local_only: bool = False, topical: bool = False) -> str:
        key = (text, local_only, topical)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._place_in(text, local_only, topical)
            if len(self._cache) > 4096:
                self._cache.clear()
        return hit

    def _place_in(self, text: str, local_only: bool = False, topical: bool = False) -> str:
        """The place named nearest the end of ``text``, canonical for the home region.

        ``local_only`` ignores 全国/全疆/全市: in an article's lead they describe, not locate.
        Names of bodies (全国人大) locate nothing (``place_free_names``).
        """
        text = self.knowledge.without_place_free_names(text)
        best_pos, best = -1, ""
        if self._home is not None:
            for m in self._home.finditer(text):
                if m.end() > best_pos:
                    best_pos, best = m.end(), self.home
        for m in self._other.finditer(text):
            name = m.group()
            if name.startswith("自治区") or name in ("全州",):
                continue
            if name.endswith(("州", "邦")):
                pass  # a division after a listed place (美国华盛顿州)
            elif name not in self.knowledge.place_table and name not in self.knowledge.listed_places:
                suffix = next(i for i in range(m.end() - 1, m.start() - 1, -1) if text[i] in "区市县")
                found = _suffix_place_start(text, m.start(), suffix, self.knowledge)
                if found is None:
                    continue  # 20个试点城市, 消费市场: no place
                name = text[found:m.end()]
            if local_only and (name.startswith("全") or name in self.knowledge.place_table):
                continue  # an article's lead names provinces and countries in passing (新疆中泰化学…)
            if topical and (name[0] in _LOCATIVE or m.start() > 0 and text[m.start() - 1] in _LOCATIVE):
                continue  # 在深圳市举办: where something happened, not what the figure is about
            if m.end() >= best_pos and not (self._home and self._home.fullmatch(name)):
                best_pos, best = m.end(), self.canonical(name)
        return best


# (not before 级: 县级, 州级 name a level, 共有县级医院 no place 共有县)
_PLACE_SUFFIX = lazy(regex.compile, r"开发区|农高区|高新区|示范区|园区|[市县](?!级)(?=[，、\p{Han}])")
_FRAME_ONLY = "区州镇乡"  # suffixes only whose-place frames read (frames.frame_places): 雨花区, 恩施州, 三工镇
_SUFFIX_CHARS = "市县" + _FRAME_ONLY
PLACE_SUFFIXES = "省" + _SUFFIX_CHARS  # the one-character suffixes of place names
_FRAME_SUFFIX = lazy(regex.compile, rf"开发区|农高区|高新区|示范区|园区|[{_SUFFIX_CHARS}](?!级)(?=[，、。；！？\p{{Han}}]|$)")


_NUMERAL_CHARS = frozenset("0123456789零〇一二两三四五六七八九十百千万亿几数多")
# prepositions and verbs no place name ends with (从化区 begins with 从; 平和县, 无为市, 周至县 end
# with 和, 为, 至: not these)
_NEVER_BEFORE_SUFFIX = frozenset("从在向对到于把被让给将与及是")


@lru_cache(maxsize=8)
def _suffix_words(k: Knowledge) -> tuple[dict[str, tuple[tuple[str, int], ...]], frozenset[str]]:
    """(suffix character → the listed common words that hold it, with its index in them;
    the classifiers). A kind of place (城市, 脱贫县) holds the suffix as its last character;
    a word such as 市场 or 股市 anywhere."""
    held: dict[str, list[tuple[str, int]]] = {}
    for w in k.word_list("place_kind_words"):
        if w[-1] in _SUFFIX_CHARS:
            held.setdefault(w[-1], []).append((w, len(w) - 1))
    for w in k.word_list("suffix_free_words"):
        for j, ch in enumerate(w):
            if ch in _SUFFIX_CHARS:
                held.setdefault(ch, []).append((w, j))
    return {ch: tuple(ws) for ch, ws in held.items()}, frozenset(k.word_list("count_classifiers"))


def _suffix_place_start(text: str, start: int, suffix: int, k: Knowledge) -> int | None:
    """Where a place found by its suffix (``text[suffix]``, the name from ``start``) begins,
    or ``None`` when it is no place: a common word holds the suffix (20个试点【城市】, 消费
    【市场】, 纽约【股市】, 国家级【脱贫县】), or the name would begin with a classifier or a
    grade (832【个脱贫县】, 【级】陆相页岩油示范区), or a numeral and a classifier (【五座】城市).
    A leading 的 is not part of the name (【的】松阳县), nor a time said before it without a
    comma (【去年】昌吉农高区集聚科研院校41家); a preposition right before the suffix makes none
    (记者从市疾控中心获悉)."""
    held, classifiers = _suffix_words(k)
    if text[suffix - 1] in _NEVER_BEFORE_SUFFIX:
        return None  # 记者从【市】疾控中心获悉: a preposition before 市, no place name
    for w, j in held.get(text[suffix], ()):
        if text.startswith(w, suffix - j):
            return None
    if text[start] == "的":
        start += 1
        if suffix - start < 2:
            return None
    start = _after_times(text, start, suffix)
    if suffix - start < 2:
        return None
    first = text[start]
    if first in classifiers or first == "级" or (
            first in _NUMERAL_CHARS and start + 1 < suffix and text[start + 1] in classifiers):
        return None
    return start


def _after_times(text: str, start: int, end: int) -> int:
    """Where a name begins after the times written straight before it, read by the scope
    grammar (去年昌吉农高区). A name scanned back from its suffix may begin inside a time word
    (2024【年昌吉市】, 今【年松阳县】): no place name begins with 年."""
    if text.startswith("年", start):
        start += 1
    while (m := SCOPE_PATTERN.match(text, start, end)) and m.end() > start:
        start = m.end()
    return start


def _other_places(text: str, k: Knowledge, pos: int = 0, endpos: int | None = None,
                  wide: bool = False) -> list[tuple[int, int]]:
    """Spans of places other than the home region in ``text[pos:endpos]``, as
    :attr:`Gazetteer._OTHER` finds them, but found from their suffix backwards (one pass
    over the text, not a lazy match tried at every character); ``wide``: by the suffixes of
    frames too (区, 州, 镇, 乡)."""
    endpos = len(text) if endpos is None else endpos
    spans = [(m.start(), m.end()) for m in k.named_places.finditer(text, pos, endpos)]
    named = tuple(spans)
    for _, end in list(spans):  # a division right after a listed place (美国华盛顿州)
        division = _DIVISION_AFTER.match(text, end, endpos)
        if division:
            spans.append((end, division.end()))
    for m in (_FRAME_SUFFIX if wide else _PLACE_SUFFIX).finditer(text, pos, endpos):
        longest = 6 if len(m.group()) > 1 else 3
        start = m.start()
        while start > 0 and m.start() - start < longest and _is_han(text[start - 1]):
            start -= 1
        if m.start() - start >= 2:
            found = _suffix_place_start(text, start, m.start(), k)
            if found is not None:
                # a listed place ending inside the name is a place before it (福建【平和县】, 陕西省【西安市】)
                found = max((e for _, e in named if found < e <= m.start() - 2), default=found)
                spans.append((found, m.end()))
    spans.sort()
    return _untangled(text, spans) if wide else spans


def _untangled(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans of places found by suffix, in order, made one place or two: a 区, 州,
    镇 or 乡 right before another suffix is inside one name (宁乡 of 宁乡市); a name read back over
    the end of the one before starts after it (长沙市 and 市宁乡市 → 长沙市, 宁乡市)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a < out[-1][1]:
            x, y = out[-1]
            if b - y >= 2:
                a = y  # 长沙市 + 市宁乡市: 宁乡市 starts after 长沙市
            elif b > y and text[y - 1] in _FRAME_ONLY:
                out[-1] = (x, b)  # 宁乡 + 市: one name, 宁乡市
                continue
            else:
                continue  # inside the one before, or one character after it (长沙市 + 市 of 市长)
        out.append((a, b))
    return out


def places_in(text: str, k: Knowledge, wide: bool = False) -> tuple[str, ...]:
    """The places other than the home region that ``text`` names, listed or found by their suffix
    (长沙市统计局发布数据显示 → 长沙市), in order."""
    return tuple(text[a:b] for a, b in _other_places(text, k, wide=wide))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# a period after these words is the base of a comparison (比上年同期高0.5个百分点), not the figure's
COMPARISON_BASE = lazy(regex.compile, r"(?:比|较|与|同比|相比|高于|低于|快于|慢于|恢复至|恢复到|恢复)$")


class TextContext:
    """Scopes, qualifiers and places of one normalized text, found once and looked up by
    position, so that each figure's context costs a bisect instead of a regex scan.

    ``lines``: the only (start, end) spans of lines that will be asked about (the lines
    with figures up to a little after the last figure, and the articles' leads), in order;
    no scope, qualifier or place spans a line break, so the lines are scanned alone and
    their matches that end where a question can reach are the same.
    """

    def __init__(self, text: str, gazetteer: Gazetteer, article_year: int | None, article_date: str = "",
                 lines: list[tuple[int, int]] | None = None) -> None:
        from bisect import bisect_right

        self._bisect = bisect_right
        self.text = text
        self.year = article_year
        self.date = article_date
        spans = [(0, len(text))] if lines is None else lines
        self.scopes = [(m.end(), m.start(), m) for s, e in spans for m in SCOPE_PATTERN.finditer(text, s, e)]
        self.scope_ends = [e for e, _, _ in self.scopes]
        self._scope_cache: dict[int, TimeScope] = {}
        qualifiers = gazetteer.knowledge.qualifier_pattern
        self.quals = [(m.end(), m.start(), m.group()) for s, e in spans for m in qualifiers.finditer(text, s, e)]
        self.qual_ends = [e for e, _, _ in self.quals]
        home = gazetteer._home
        places: list[tuple[int, int, str, bool]] = []  # (end, start, canonical, is_home)
        placeable = gazetteer.knowledge.without_place_free_names(text)  # 全国人大 locates nothing
        for s, e in spans:
            if home is not None:
                places += [(m.end(), m.start(), gazetteer.home, True) for m in home.finditer(placeable, s, e)]
            for start, end in _other_places(placeable, gazetteer.knowledge, s, e):
                name = text[start:end]
                if name.startswith("自治区") or name in ("全州",) or (home and home.fullmatch(name)):
                    continue
                if frames_or_names(text, start, end):
                    continue  # 位居全疆第二, “新疆碳捕捉……中心”: no place of a figure
                places.append((end, start, name, False))
        places.sort()
        self.places = places
        self.place_ends = [p[0] for p in places]
        self.gazetteer = gazetteer

    def _scope_at(self, k: int) -> TimeScope:
        """The scope of the ``k``-th match (the figures of a sentence share it)."""
        found = self._scope_cache.get(k)
        if found is None:
            found = self._scope_cache[k] = scope_of(self.scopes[k][2], self.year, self.date)
        return found

    def _is_base(self, k: int) -> bool:
        end, start, _ = self.scopes[k]
        return bool(COMPARISON_BASE.search(self.text, max(0, start - 4), start)) or self.text.startswith("同期", end)

    def _last(self, ends: list[int], lo: int, hi: int) -> int:
        k = self._bisect(ends, hi) - 1
        return k

    def scope(self, lo: int, hi: int, skip_bases: bool = False) -> TimeScope:
        """The scope stated nearest before ``hi`` in [lo, hi); an explicit year or period
        wins over 累计/目前 in the same span (1—2月，全社会用电量累计… is 1—2月). ``skip_bases``:
        not a period that is the base of a comparison (比上年增加20家 says nothing of the
        figures of the next sentence)."""
        k = self._last(self.scope_ends, lo, hi)
        while skip_bases and k >= 0 and self.scopes[k][1] >= lo and self._is_base(k):
            k -= 1
        if k < 0 or self.scopes[k][1] < lo:
            return TimeScope()
        nearest = self._scope_at(k)
        if nearest.kind in ("cumulative", "as_of"):
            j = k - 1
            while j >= 0 and self.scopes[j][1] >= lo:
                other = self._scope_at(j)
                if other.kind in ("year", "period") and other.label[:1].isdigit():
                    if nearest.kind == "as_of" and nearest.label.startswith("截至"):
                        return TimeScope("as_of", other.label, other.year)
                    return other if other.kind == "period" else nearest
                j -= 1
        return nearest

    def cutoff(self, lo: int, hi: int) -> TimeScope:
        """The dated cut-off (截至2月25日8时) stated nearest before ``hi`` in [lo, hi), if any."""
        k = self._last(self.scope_ends, lo, hi)
        while k >= 0 and self.scopes[k][1] >= lo:
            found = self._scope_at(k)
            if found.kind == "as_of" and found.label.startswith("截至") and any(ch.isdigit() for ch in found.label):
                return found
            if any(ch.isdigit() for ch in self.scopes[k][2].group()) and not self._is_base(k):
                return TimeScope()  # a later day or period written in between (26日0—24时): not that cut-off's
            k -= 1
        return TimeScope()

    def qualifier(self, lo: int, hi: int) -> tuple[str, str]:
        """The qualifier nearest before ``hi``; a target word anywhere in the clause wins
        (2025年将新增普惠性托位66万个 is a target, not what was added)."""
        k = self._last(self.qual_ends, lo, hi)
        if k < 0 or self.quals[k][1] < lo:
            return "", ""
        know = self.gazetteer.knowledge
        nearest = _qualifier_class(self.quals[k][2], know)
        j = k
        while j >= 0 and self.quals[j][1] >= lo:
            found = _qualifier_class(self.quals[j][2], know)
            if found[0] == "target":
                return found
            j -= 1
        return nearest

    def place(self, lo: int, hi: int, local_only: bool = False, topical: bool = False, home_only: bool = False) -> str:
        """The place named nearest before ``hi`` in [lo, hi) (see :meth:`Gazetteer.place_in`)."""
        k = self._last(self.place_ends, lo, hi)
        text = self.text
        while k >= 0:
            end, start, name, is_home = self.places[k]
            if start < lo:
                return ""
            k -= 1
            if is_home:
                return name
            if home_only:
                continue
            if local_only and (name.startswith("全") or name in self.gazetteer.knowledge.place_table):
                continue
            if topical and (name[0] in _LOCATIVE or start > 0 and text[start - 1] in _LOCATIVE):
                continue
            return self.gazetteer.canonical(name)
        return ""
