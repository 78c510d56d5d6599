"""Stage 3: claims of a document — mentions, subjects and context put together.

``extract(document)`` normalizes the text, splits it into articles, finds numeric
mentions and turns every ``claim`` mention into a :class:`~factcheck.records.Claim` whose
positions point into the original file.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

import regex

from .articles import split_articles
from .context import Gazetteer, TextContext
from .days import days_before
from .scopes import NEXT_YEAR, day_after, scope_in
from .evidence import features_of, item_label_of
from .frames import area_level
from .knowledge import Knowledge
from .extractor_stamp import EXTRACTOR_VERSION  # a digest of the extraction code (scripts/stamp_extractor.py)
from .match import is_date_part, numbers_in
from .mentions import RawMention, find_mentions
from .normalize import normalize
from .patterns import lazy
from .positions import LineIndex
from .records import Article, Claim, Document, Mention, TimeScope
from .subject import subject_of
from .tokenizer import word_spans


# Segments end at any of these; clauses at all but 、; sentences at 。！？!? and line ends.
# (One class of literal characters: the standard library's ``re`` scans it fastest.)
_SEGMENT_END = lazy(re.compile, r"[，；：。！？!?\n、,;]")
_SENTENCE_CHARS = "。！？!?\n"
_SENTENCE_END = lazy(re.compile, f"[{_SENTENCE_CHARS}]")
_LINE_BREAK = lazy(re.compile, "\n")
_YEAR = lazy(regex.compile, r"(\d{4})")
_GLUE = {"以", "在", "为", "与", "和", "将", "把", "对", "从", "向", "及", "过", "超过", "有", "近"}
_SPACES = lazy(regex.compile, r"\s+")


class _Boundaries:
    """Sentence, clause or segment boundaries of a text, found once and bisected."""

    def __init__(self, text: str, ends: list[int]) -> None:
        self.text = text
        self.ends = ends

    def around(self, pos: int) -> tuple[int, int]:
        k = bisect_left(self.ends, pos)
        left = self.ends[k - 1] + 1 if k > 0 else 0
        if k < len(self.ends):
            e = self.ends[k]
            right = e if self.text[e] == "\n" else e + 1
        else:
            right = len(self.text)
        return left, right


def _boundaries(text: str) -> tuple[_Boundaries, _Boundaries, _Boundaries]:
    """Sentences, clauses and segments of ``text``, from one scan for their end marks."""
    segment_ends = [m.start() for m in _SEGMENT_END.finditer(text)]
    clause_ends = [e for e in segment_ends if text[e] != "、"]
    sentence_ends = [e for e in clause_ends if text[e] in _SENTENCE_CHARS]
    return _Boundaries(text, sentence_ends), _Boundaries(text, clause_ends), _Boundaries(text, segment_ends)


class Extraction(NamedTuple):
    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...]
    articles: tuple[Article, ...]


def _inside_word(text: str, r: RawMention) -> bool:
    """A Chinese numeral inside a larger word: 五家渠市, 千家万户, 唯一一家."""
    if text[r.start].isdigit():
        return False
    lo = max(0, r.start - 4)
    window = text[lo:min(len(text), r.end + 4)]
    for s, e in word_spans(window):
        s, e = s + lo, e + lo
        if s == r.match_start < r.start:
            continue  # 数千, 上百: the prefix and the numeral make one word
        if s < r.start and text[s:r.start] in _GLUE:
            continue  # 以三大, 过半: a preposition or 过 glued to the numeral by the segmenter
        if s < r.start < e or (s == r.start and e > r.end and e - s > 2):
            return True
    return False


def _without_spaces(s: str) -> str:
    """``s`` without whitespace; a printable string without " " has none (every other
    whitespace character is a separator or control, not printable)."""
    return s if " " not in s and s.isprintable() else _SPACES.sub("", s)


def _article_year(date: str) -> int | None:
    m = _YEAR.match(date or "")
    return int(m.group(1)) if m else None


def extract(doc: Document, knowledge: Knowledge) -> Extraction:
    """The claims of ``doc``, read with ``knowledge`` (the region's places, word lists)."""
    norm = normalize(doc.text[doc.body_offset:]) if doc.body_offset else normalize(doc.text)
    text = norm.text
    lines = LineIndex(doc.text)
    base = doc.body_offset
    gazetteer = Gazetteer(knowledge)
    gazetteer.learn_aliases(text)
    articles = split_articles(text, doc.title)
    year = _article_year(doc.date)
    starts = [a.start for a in articles]

    def article_at(pos: int) -> Article:
        k = max(0, bisect_right(starts, pos) - 1)
        return articles[k] if articles else Article(0, doc.title, 0, len(text))

    raw = find_mentions(text)
    ctx = TextContext(text, gazetteer, year, doc.date, _context_lines(text, raw, articles))
    sentences, clauses, segments = _boundaries(text)
    lead_scopes: dict[int, tuple[TimeScope, str]] = {}  # article index → its lead's scope and bulletin day
    mentions: list[Mention] = []
    claims: list[Claim] = []
    last_subject: dict[int, str] = {}
    first_subject: dict[int, str] = {}  # sentence start → the subject of its first figure
    previous: dict[int, int] = {}  # sentence start → the start of the sentence with figures before it
    last_start, last_article = -1, -1
    kinds = [_kind(text, r, knowledge) for r in raw]
    names = [(r.match_start, r.end) for r, kind in zip(raw, kinds) if kind == "not-a-quantity"]  # 5G, 下转3版
    for r, kind in zip(raw, kinds):
        o_start, o_end = norm.original_span(r.start, r.end)
        o_start, o_end = o_start + base, o_end + base
        written = _without_spaces(text[r.match_start:r.end])
        mentions.append(Mention(o_start, o_end, written, kind, r.quantity))  # type: ignore[arg-type]
        if kind != "claim" or r.quantity is None:
            continue
        s_left, s_right = sentences.around(r.start)
        art = article_at(r.start)
        c_left, c_right = clauses.around(r.start)
        g_left, g_right = segments.around(r.start)
        before = text[g_left:r.match_start]
        after = text[r.end:g_right].rstrip("，；：。！？、,;")
        t_left = max(text.rfind("；", s_left, r.start), text.rfind("：", s_left, r.start), s_left - 1) + 1
        subject = subject_of(before, after, r.quantity.unit, text[t_left:r.match_start], knowledge)
        if text[r.start + 1:r.start + 2] == "大" and r.quantity.unit and r.quantity.unit in text[r.start:r.end]:
            subject = r.quantity.unit  # 三大国家级园区: the noun is both unit and subject
        if not subject and r.quantity.unit in ("%", "个百分点"):
            subject = last_subject.get(s_left, "")
        if subject:
            last_subject[s_left] = subject
            first_subject.setdefault(s_left, subject)
        if s_left != last_start:
            if art.index == last_article:
                previous[s_left] = last_start
            last_start, last_article = s_left, art.index
        scope = day_after(text[r.end:r.end + 12], doc.date, year) if text[r.end:r.end + 1] in "（( \t" else TimeScope()
        own_day = scope.known  # 731例（4日）: the day in brackets after it is its scope
        if not scope.known:
            scope = ctx.scope(s_left, r.match_start)
        scope_from = ""
        read_lead = lead_scopes.get(art.index)
        if read_lead is None:
            read_lead = lead_scopes[art.index] = _lead_scope(text, art, year, doc.date, knowledge)
        lead, bulletin_day = read_lead
        if not scope.known:
            scope, scope_from = _inherited_scope(ctx, art, s_left, lead, text)
        elif scope.label in _RELATIVE_YEAR and not own_day:
            stated, where = _stated_year(ctx, art, s_left, lead, text, year, doc.date)
            if stated is not None:  # 回顾2024年，……。全年新建改建农村公路420公里: 2024's
                scope, scope_from = TimeScope("year", f"{stated}年", stated), where
        if _undated_running(scope) and scope_from != "lead":
            dated = _paragraph_cutoff(ctx, art, s_left, text)
            if dated.known:
                scope, scope_from = dated, "paragraph"
        # another place only counts in the figure's own clause; the home region anywhere before it
        lead_start, lead_end = _lead(art, len(text))
        place = (ctx.place(c_left, r.match_start) or ctx.place(s_left, r.match_start, topical=True)
                 or ctx.place(lead_start, lead_end, home_only=True)
                 or _at_level(ctx.place(lead_start, lead_end, local_only=True)
                              or gazetteer.place_in(art.headline, local_only=True), text[c_left:r.match_start]))
        q_class, q_word = ctx.qualifier(c_left, r.match_start)
        qualifier = f"{q_class}:{q_word}" if q_class == "flow" else q_class
        line, col = lines.position(o_start)
        end_line, end_col = lines.position(max(o_start, o_end - 1))
        span = text[s_left:s_right]
        sentence = span.strip()
        at = r.match_start - s_left - (len(span) - len(span.lstrip()))  # where it stands in the sentence
        if sentence[at:at + len(written)] != written:
            at = -1  # (written without the spaces the sentence keeps: found again from the text)
        claim = Claim(
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col + 1,
            text=written, quantity=r.quantity, subject=subject,
            measure_word=r.quantity.unit, place=place, scope=scope, qualifier=qualifier,
            sentence=sentence, clause=text[c_left:c_right].strip(),
            article_title=art.title, article_index=art.index, date=doc.date,
        )
        # what the decision rules compare, computed once here and stored with the claim
        others, before = _neighbours(text, (s_left, s_right), (r.match_start, r.end), names)
        referent = first_subject.get(previous.get(s_left, -1), "")  # what 这一数据 points back to
        claims.append(claim._replace(features=features_of(claim, knowledge, scope_from, others, before, referent,
                                                          own_day, bulletin_day,
                                                          item_label_of(text[r.end:r.end + 10]), at,
                                                          _earlier(text, art, s_left, lead_start))))
    return Extraction(tuple(claims), tuple(mentions), tuple(articles))


def _at_level(inherited: str, own: str) -> str:
    """A place inherited from the lead for a figure whose own clause names an area word
    (``own``: the clause before it), only when it is of that level: 全省 is not 武汉市 of
    记者在武汉市采访了解到 (the province's figure), 全市 may be 株洲市."""
    level = area_level(own)
    return inherited if not level or inherited.endswith(level) else ""


def _kind(text: str, r: RawMention, k: Knowledge) -> str:
    """A mention's kind, with 一 + measure word (一批), a numeral inside a word, a number
    written with a leading zero (云海二号【02组】卫星, 【01星】: a label) and the distance that
    names a race (速度滑冰男子【1000米】决赛, 【4×100米】接力) read as no quantity."""
    if r.kind == "claim" and (text[r.start] == "一" and _is_bare_one(text, r) or _inside_word(text, r)
                              or _leading_zero(text, r.start) or _race_name(text, r, k)):
        return "not-a-quantity"
    return r.kind


_RACE_BEFORE = ("男子", "女子", "混合", "男女")  # 男子1000米: the race of a category


def _race_name(text: str, r: RawMention, k: Knowledge) -> bool:
    """A distance (米, 公里) after 男子/女子/混合 or before a word of a race (``race_words``: 决赛,
    自由泳, 接力 …) names an event, it measures nothing: 男子100米决赛 and 男子1000米决赛 are two
    races, not one distance misprinted."""
    if r.quantity is None or r.quantity.unit not in ("米", "公里"):
        return False
    before = text[max(0, r.match_start - 4):r.match_start]
    return before.endswith(_RACE_BEFORE) or text.startswith(tuple(k.word_list("race_words")), r.end)


def _leading_zero(text: str, start: int) -> bool:
    """02 in 02组: a whole number written with a leading zero names, it does not count (not 0.5)."""
    return text[start] == "0" and text[start + 1:start + 2].isdigit()


def _neighbours(text: str, sentence: tuple[int, int], own: tuple[int, int],
                names: list[tuple[int, int]]) -> tuple[tuple[str, ...], int]:
    """The numbers of a claim's sentence but its own, names (5G) left out: what T13 and T15
    want restated unchanged beside it; and how many of them stand before it."""
    (s_left, s_right), (start, end) = sentence, own
    parts = [text[s_left:start], text[end:s_right]]
    for a, b in names:
        if s_left <= a < s_right:
            parts = [p.replace(text[a:b], " ") for p in parts]
    before = numbers_in(parts[0])
    return (*before, *numbers_in(parts[1])), len(before)


_LEAD_CHARS = 80  # how much of an article's lead is asked for its place


def _lead(art: Article, text_len: int) -> tuple[int, int]:
    """(start, end) of the first characters of an article's lead (of a headline's article)."""
    start = art.lead_start if art.lead_start >= 0 else art.start
    return start, min(text_len, start + _LEAD_CHARS)


# A scope, qualifier or place is asked for only before a figure or within a lead; one that
# ends there is found as well when the scan stops this many characters later.
_CONTEXT_MARGIN = 16


def _context_lines(text: str, raw: list[RawMention], articles: list[Article]) -> list[tuple[int, int]]:
    """(start, end) of the parts of lines whose context a claim can ask for: its own line
    (sentence, clause, paragraph) up to the figure and the 80 characters of its article's
    lead, each with a margin, runs of lines merged."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    n_lines = len(starts)
    need: dict[int, int] = {}  # line index → the last position asked about in it

    def ask(i: int, pos: int) -> None:
        if need.get(i, -1) < pos:
            need[i] = pos

    for r in raw:
        if r.kind == "claim":
            ask(bisect_right(starts, r.start) - 1, r.start)
    for art in articles:
        lead, lead_end = _lead(art, len(text))
        for i in range(bisect_right(starts, lead) - 1, bisect_right(starts, max(lead, lead_end - 1))):
            ask(i, lead_end)
    spans: list[tuple[int, int]] = []
    for i in sorted(need):
        line_end = starts[i + 1] - 1 if i + 1 < n_lines else len(text)
        end = min(line_end, need[i] + _CONTEXT_MARGIN)
        if spans and spans[-1][1] + 1 == starts[i]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((starts[i], end))
    return spans


def _is_bare_one(text: str, r: RawMention) -> bool:
    """一 + measure word is an article (一批, 一个), not a count."""
    return r.start + 1 < len(text) and text[r.start + 1] not in "一二两三四五六七八九十百千万亿零〇半"


def _inherited_scope(ctx: TextContext, art: Article, sentence_start: int, lead: TimeScope,
                     text: str) -> tuple[TimeScope, str]:
    """Scope from earlier in the paragraph, else ``lead``, the scope of the article's headline
    and lead (read once per article), with where it was read: ``paragraph`` or ``lead``."""
    scope = ctx.scope(_paragraph_start(text, art, sentence_start), sentence_start, skip_bases=True)
    if scope.known and scope.label not in NEXT_YEAR:
        return scope, "paragraph"
    if lead.label in NEXT_YEAR:
        return TimeScope(), ""
    if lead.kind == "period" and lead.label.endswith("）"):
        # a day (今天, 当天, 0—24时) in the lead is the day of the news, not of every figure
        # the article gives: 渝昆高铁全长699公里 in a story of 今天 is no figure of that day
        # (a daily bulletin's day is Features.bulletin_day, for T20)
        return TimeScope(), ""
    return lead, "lead"


_RELATIVE_YEAR = ("全年", "当年")


def _stated_year(ctx: TextContext, art: Article, sentence_start: int, lead: TimeScope, text: str,
                 year: int | None, date: str) -> tuple[int | None, str]:
    """The year 全年 or 当年 of a sentence is, when an earlier sentence of its paragraph, else its
    article's headline and lead, else its title, states one (2024年昌吉州交通运输工作综述 …… 全年
    完成……), with where it was read (``paragraph`` or ``lead``, the title with it)."""
    before = ctx.scope(_paragraph_start(text, art, sentence_start), sentence_start, skip_bases=True)
    title = scope_in(art.title, year, prefer_explicit=True, article_date=date) if art.title else TimeScope()
    for s, where in ((before, "paragraph"), (lead, "lead"), (title, "lead")):
        if s.kind == "year" and s.year and s.label[:1].isdigit():
            return s.year, where
    return None, ""


def _earlier(text: str, art: Article, sentence_start: int, start: int) -> str:
    """What a figure's area word or 公司 may point back to: its paragraph before its sentence,
    after its article's first sentence (from ``start``, where its lead starts) when that stands in
    an earlier paragraph (长沙市统计局25日发布上半年经济数据。⏎上半年，全市……)."""
    para_start = _paragraph_start(text, art, sentence_start)
    first = _SENTENCE_END.search(text, start, para_start)
    lead = text[start:first.end()] + "\n" if first and start < para_start and "\n" not in text[start:first.end()] else ""
    return lead + text[para_start:sentence_start]


def _paragraph_start(text: str, art: Article, sentence_start: int) -> int:
    """Where the paragraph of the sentence at ``sentence_start`` begins (within its article)."""
    return max(text.rfind("\n", art.start, sentence_start) + 1, art.start)


def _undated_running(scope: TimeScope) -> bool:
    """A running total with no day of its own (累计, 目前, 现有; not 截至2月25日8时)."""
    return scope.kind in ("cumulative", "as_of") and not any(ch.isdigit() for ch in scope.label)


def _paragraph_cutoff(ctx: TextContext, art: Article, sentence_start: int, text: str) -> TimeScope:
    """A dated cut-off stated earlier in the paragraph (截至2月25日8时，陕西今日无新增……。陕西累计
    报告……245例（175例治愈出院）): the day a running total of a later sentence holds to."""
    return ctx.cutoff(_paragraph_start(text, art, sentence_start), sentence_start)


_BULLETIN = lazy(re.compile, r"\d时?[—–\-至](?:\d{1,2}日)?\d{1,2}时|小时")  # 0—24时, 21时至27日6时 (over a night)
_FORECAST = "预计"
_NOT_A_DAYS_FORECAST = lazy(re.compile, r"(?:\d{4}年|每)")  # 预计2025年竣工, 预计每天: not that day's
_DAY_WRITTEN = ("日", "）", ")")  # how a day written right before a word ends: 今（20）日, 今天（3月20日）


def _bulletin_day(lead: TimeScope, sentence: str, year: int | None, date: str, k: Knowledge,
                  reports: bool = True) -> str:
    """The day an article's lead reports figures for: a day's count (2020年2月9日0—24时，河北省
    报告新增确诊病例12例; 过去24小时; 3月26日21时至27日6时, a night's); a report dated right before its verb (``report_words``:
    指挥中心今（20）日公布，岛内新增27例); or a forecast in the clause right after a day that
    opens it (今天（2月22日），全社会跨区域人员流动量预计超3.7亿人次: the travel of that day). Its
    figures are that day's. Not the day of an event (今天（11月6日），铜陵长江三桥正式通车;
    以色列国防军当天空袭……), nor a report named as a thing (分组审议政府工作报告, 事迹报告会), nor a
    forecast of another time (今天（3月29日）……开工建设，预计2025年竣工). ``sentence``: the lead's
    first sentence; a day said as 昨天 is the day before the article's. ``reports``: also a
    report dated before its verb (not asked of a sentence after the lead's first, where
    今（10）日公布 is usually an event of the story)."""
    if lead.kind == "period" and lead.label.endswith("）") and _BULLETIN.search(lead.label):
        return _day_in_brackets(lead.label, date)
    for word in k.word_list("report_words") if reports else ():
        at = sentence.find(word)
        if at > 0 and sentence[:at].endswith(_DAY_WRITTEN) and sentence[at + len(word):at + len(word) + 1] not in "会书":
            day = _written_day(sentence[:at], year, date)
            if day:
                return day
    at = sentence.find(_FORECAST)
    comma = sentence.rfind("，", 0, at)
    if at > 0 and comma > 0 and sentence[:comma].endswith(_DAY_WRITTEN) \
            and not _NOT_A_DAYS_FORECAST.match(sentence, at + len(_FORECAST)):
        return _written_day(sentence[:comma], year, date)
    return ""


def _written_day(head: str, year: int | None, date: str) -> str:
    """The day ``head`` ends with, as a bulletin's day ("" when it ends with none)."""
    day = scope_in(head, year, prefer_explicit=True, article_date=date)
    return _day_in_brackets(day.label, date) if day.kind == "period" and day.label.endswith("）") else ""


def _day_in_brackets(label: str, date: str) -> str:
    """今天（2月22日） → 2月22日; 今（20）日（3月20日） → 3月20日; 昨天（2020-01-24）, which the scope
    grammar labels with the article's day, → 2020-01-23 (前天: two days before)."""
    back = 1 if label.startswith("昨") else 2 if label.startswith("前天") else 0
    if not back:
        return label[label.rindex("（") + 1:-1]
    return days_before(date, back)  # "" for an article of unknown date: which day is unknown


_MORE_LEAD_SENTENCES = 3  # sentences after the lead's first asked for the day it reports
_LEAD_DAY_CHARS = 160  # … within this many characters of the lead's start


def _lead_scope(text: str, art: Article, year: int | None, date: str, k: Knowledge) -> tuple[TimeScope, str]:
    """The scope of an article's headline and lead, and the day its lead reports a daily
    bulletin for (:func:`_bulletin_day`: in its first sentence, or, when that states no figure,
    one of the next three that begin within 160 characters of it), read once per article."""
    start = _lead(art, len(text))[0]
    lead_end = _SENTENCE_END.search(text, start)
    lead = text[start:lead_end.end() if lead_end else art.end]
    scope = scope_in(art.headline + "。" + lead, year, prefer_explicit=True, article_date=date)
    day = _bulletin_day(scope, lead, year, date, k)
    at = lead_end.end() if lead_end else art.end
    scene = all(is_date_part(n) for n in numbers_in(lead))  # a lead that states no figure, dates aside (2月2日下午)
    for _ in range(_MORE_LEAD_SENTENCES if scene else 0):
        # a lead that opens with a scene (国庆中秋假期首日，交通出行迎来客流高峰。) may report its day
        # in a sentence after it (今天（10月1日），全社会跨区域人员流动量预计超3.36亿人次): a bulletin's
        # period or a forecast of that day, not a report (an event of the story)
        if day or at >= min(art.end, start + _LEAD_DAY_CHARS):
            break
        end = _SENTENCE_END.search(text, at, art.end)
        sentence = text[at:end.end() if end else art.end].strip()
        day = _bulletin_day(scope_in(sentence, year, prefer_explicit=True, article_date=date), sentence, year, date, k,
                            reports=False)
        at = end.end() if end else art.end
    return scope, day


__all__ = ["extract", "Extraction", "EXTRACTOR_VERSION"]
