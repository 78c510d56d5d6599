"""Whose figure it is, read from the words around it: the places its sentence names
(:func:`places_named`), the place or body an area word (全市) or 公司 points back to in the
sentence before or the article's first sentence (:func:`frame_places`, :func:`frame_body`), the
places its article's title is about (:func:`title_places`). Computed at extraction, through
:func:`factcheck.evidence.features_of`, and stored on the claim; the rules only compare them
(E04, E05, E18)."""
from __future__ import annotations

import re

import regex

from .context import PLACE_SUFFIXES, frames_or_names, places_in  # places that name nothing; places by suffix
from .knowledge import Knowledge
from .match import text_before as _before
from .patterns import lazy
from .records import Claim

_REGIONS = lazy(re.compile, r"长三角|珠三角|京津冀|粤港澳大湾区|成渝|(?:中|西|东|东北)部(?:地区|\d省|[六十二]省)|"
                         r"[全该本](?:省|市|区|县)(?!级)")
_NATIONAL = frozenset({"我国", "中国", "国内", "国家"})


_BASE_BEFORE_HOME = frozenset("占比较居于")  # 占全州的35%, 比全州平均水平高: the home region is the base, not the owner


def _through_clause(c: Claim) -> tuple[str, bool]:
    """The figure's sentence up to the end of its clause (the whole sentence when the clause is
    not found in it), and whether it was found."""
    i = c.sentence.find(c.clause) if c.clause else -1
    return (c.sentence[:i + len(c.clause)], True) if i >= 0 else (c.sentence, False)


def places_named(c: Claim, k: Knowledge) -> frozenset[str]:
    """Places other than the paper's home region named in the sentence up to the end of the
    figure's clause, each under its canonical name (北京市 and 北京 are one place). A clause
    after the figure names a frame of comparison, not whose figure it is: 达到169家，【位居
    全疆前列】; nor does a ranking's frame or a word of a quoted name before it
    (:func:`context.frames_or_names`). Nor does a place written before the figure's own, as in an
    address (连接新疆阿勒泰市: 阿勒泰市, in 新疆). When the figure's own clause names the home
    region before it, the places of the clauses before it are not where it is (2020年底，昌吉市共有
    高新技术企业49家，……，在【全州】169家高新技术企业中数量最多: 169家 is the prefecture's)."""
    home = k.home_canonicals
    through, in_sentence = _through_clause(c)
    text = k.without_place_free_names(through)
    own = _before(c, c.clause) if in_sentence else ""
    if own and k.home_pattern is not None and any(
            own[max(0, m.start() - 1):m.start()] not in _BASE_BEFORE_HOME for m in k.home_pattern.finditer(own)):
        text = k.without_place_free_names(c.clause)  # its own clause names the home region (在全州169家……中)
    named = (k.canonical_place(m.group()) for m in k.named_places.finditer(text)
             if m.group() not in _NATIONAL and not _address(text, m.end(), c.place)
             and not frames_or_names(text, m.start(), m.end()))
    return frozenset(n for n in (*named, *_REGIONS.findall(text)) if n not in home)


def frame_places(c: Claim, k: Knowledge, earlier: str = "") -> tuple[str, ...]:
    """Places not in the lists, found by their suffix in the sentence up to the end of the figure's
    clause, when its own place is only an area word (全市, 全省) or none: whose 全市 the figure is
    (长沙市统计局发布数据显示，上半年，全市规模以上工业增加值同比增长7.3% → 长沙市). Listed places are
    :func:`places_named`'s; the home region is nobody's frame. When its sentence up to there names
    no place but area words and its own place is not the country's, the places, listed or not,
    of the nearest sentence before it in its paragraph, else its article's first sentence
    (``earlier``), that names any of the area word's level: 四川省卫健委今日通报最新疫情。2月9日
    0—24时，新增确诊病例14例 → 四川; for 全省 not 武汉市 of 记者在武汉市采访了解到; none when that
    sentence names the home region (昌吉州卫健委今日通报)."""
    if c.place and not c.place.startswith("全") and c.place not in _NATIONAL:
        return ()
    own = _frames(places_in(_through_clause(c)[0], k, wide=True), k, listed=False)
    if own or not earlier or c.place in _COUNTRY or any(p[0] not in "全该本" for p in places_named(c, k)):
        return own  # (全市, 该省: area words of places_named, whose place they leave open)
    return _earlier_frames(earlier, _figure_level(c), k)


def _earlier_frames(earlier: str, level: str, k: Knowledge) -> tuple[str, ...]:
    """The frames of the nearest sentence of ``earlier`` that names places of ``level`` (see
    :func:`frame_places`); memoized: the figures of one sentence ask the same."""
    memo = k.memo("frames.earlier_frames")
    found = memo.get((earlier, level))
    if found is None:
        found = ()
        for sentence in reversed(_SENTENCES.split(earlier)):
            if k.home_pattern is not None and k.home_pattern.search(sentence):
                break  # the paper's own region: its figure, nobody else's
            found = _frames(places_in(sentence, k, wide=True), k, listed=True, level=level)
            if found:
                break
        if len(memo) < 65536:
            memo[(earlier, level)] = found
    return found


_COUNTRY = _NATIONAL | {"全国"}
_AREA_WORD = lazy(re.compile, rf"[全该本]([{PLACE_SUFFIXES}])(?!场|级)")  # not 全市场, 本市级
_SENTENCES = lazy(re.compile, r"[。！？!?；;\n]")
# words a place found by its suffix may have been read back over (记者从宁乡市 → 宁乡市); not the
# first character of a name (于都县, 向阳区, 从化区: only before two more characters or more)
_BEFORE_PLACE = lazy(regex.compile, r"^(?:记?者)?(?:对于|从|在|向|于|据|对)(?=\p{Han}{3,}$)|^记?者")


def area_level(text: str) -> str:
    """The level of the first area word in ``text`` (a figure's place or its clause before it):
    全省 → 省, 全区 → 区, 该市 → 市; "" when none (全市场 is no area)."""
    area = _AREA_WORD.search(text)
    return area.group(1) if area else ""


def _figure_level(c: Claim) -> str:
    """The level of a figure's area word: its place's (全市), else the first in its clause before it."""
    return area_level(c.place if c.place.startswith("全") else _before(c, c.clause))


def _frames(names: tuple[str, ...], k: Knowledge, listed: bool, level: str = "") -> tuple[str, ...]:
    """Other places among ``names`` (found by :func:`places_in`) that can frame a figure, each once
    and canonical; listed ones only when ``listed``; of the ``level`` of a figure's area word
    only (省: listed ones or 某某省; 市: 某某市), when given."""
    home = k.home_canonicals
    found = []
    for name in names:
        if not k.named_places.fullmatch(name):
            name = _BEFORE_PLACE.sub("", name)
        if (len(name) < 2 or name.startswith("全") or name[-2:-1] in ("全", "该", "本") or name in _COUNTRY
                or len(name) == 2 and name[-1] == "区" or k.canonical_place(name) in home):
            continue  # (日在全市: the area word itself, read back from its suffix; 地区, 城区: no name)
        is_listed = bool(k.named_places.fullmatch(name))
        if level and not name.endswith(level) and not (level == "省" and is_listed):
            continue
        if is_listed:
            if not listed:
                continue
            name = k.canonical_place(name)
        if name not in found:
            found.append(name)
    return tuple(sorted(found))


# the lead words of a sentence that names who acts: 中国石油30日发布半年报 → 中国石油; 9月1日，
# 市实验中学新校区正式启用 → 市实验中学新校区; 记者近日从比亚迪获悉 → 比亚迪
_BODY_LEAD = lazy(regex.compile,
    r"^(?:(?:\d{1,2}月)?\d{1,2}日(?:晚间|上午|下午|晚)?[，,]?|(?:近日|日前|今天|昨天|今年|目前|此前)[，,]?)?"
    r"(?:据|记者\p{Han}{0,4}?从|从)?(\p{Han}[\p{Han}A-Za-z]{1,11}?)"
    r"(?=\d|今天|今日|昨天|昨日|日前|近日|晚间|发布|公布|召开|举行|通报|宣布|正式|表示|披露|消息|获悉)")
# what a body's name does not hold: a place of an event (在会上), a person's role, a clause
_NO_BODY = lazy(regex.compile, r"[在的了是和与及将对向把被]|记者|会上|董事长|总经理|负责人|主任|书记|市长|县长|省长|校长|院长")
# a time a clause may open with before its 公司 (去年公司实现……)
_CLAUSE_TIME = lazy(regex.compile, r"^(?:\d{4}年|今年|去年|上半年|下半年|[一二三四]季度|前[三两]季度|目前|今年以来)?")
# what makes 公司, 学校 … the start of another word: 全行业, 公司债, 学校数量, 医院总数
_NOT_THE_BODY = lazy(regex.compile, r"业|债|制|数|总数|类")


def frame_body(c: Claim, k: Knowledge, earlier: str = "") -> str:
    """The body a figure is counted for when its clause opens with 公司, 学校, 该校 …
    (``body_anaphors``): the one named at the head of its own sentence, else of one of the two
    sentences before it in its paragraph (``earlier``), the nearer first: 中国石油30日发布半年报。
    上半年，公司实现归母净利润886.1亿元 → 中国石油. "" when its clause names its own, or no sentence
    names one (记者, 董事长王传福在会上 are no bodies); not for 全行业, 公司债, 学校数量."""
    own = _before(c, c.clause)
    own = own[_CLAUSE_TIME.match(own).end():]
    anaphor = next((w for w in k.word_list("body_anaphors") if own.startswith(w)), "")
    if not anaphor or _NOT_THE_BODY.match(own, len(anaphor)):
        return ""
    head = c.sentence[:c.sentence.find(c.clause)] if c.clause and c.clause in c.sentence else ""
    sentences = [s.strip() for s in _SENTENCES.split(earlier) if s.strip()]
    for sentence in (head, *reversed(sentences[-2:])):
        found = _BODY_LEAD.match(sentence) if sentence else None
        if found and not _NO_BODY.search(found.group(1)):
            return found.group(1)
    return ""


def _address(text: str, end: int, place: str) -> bool:
    """The place named right before the figure's own place is where that place is (新疆阿勒泰市,
    an address): no other place."""
    return bool(place) and text.startswith(place, end)


def title_places(c: Claim, k: Knowledge) -> frozenset[str]:
    """Places an article's title is about (重庆新增18例累计468例): its figures are theirs. Listed
    places, and for a figure of 全市, 全区 … others of that level found by their suffix (株洲市上半年
    经济运行稳中向好 → 株洲; not for a 全省 figure: a city in the title says nothing of it)."""
    level = _figure_level(c)  # 全市 → 市
    memo = k.memo("frames.title_places")
    found = memo.get((c.article_title, level))
    if found is None:
        listed = (m.group() for m in k.named_places.finditer(c.article_title))
        by_suffix = (n for n in _frames(places_in(c.article_title, k, wide=True), k, listed=False)
                     if level and n.endswith(level)) if level else ()
        found = frozenset(_title_place(n, k) for n in (*listed, *by_suffix) if n not in _NATIONAL)
        if len(memo) < 65536:
            memo[(c.article_title, level)] = found
    return found


def _title_place(name: str, k: Knowledge) -> str:
    """A place named in a title, canonical; an unlisted 某某市/某某省 without its suffix."""
    known = k.canonical_place(name)
    if known != name:
        return known
    return name[:-1] if len(name) > 2 and name[-1] in "省市" else name
