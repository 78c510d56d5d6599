"""Stage 5b: is a disagreement worth an error? The evidence that two figures are one fact.

Matching (:mod:`factcheck.match`) decides that two figures *may* be about the same fact. An
error says more: the archive printed another figure for this very fact. On a national
archive the same subject words (营业收入, 固定资产投资, 工业增加值) come back every day for
another industry, project or region, and running totals (林火过火面积, 确诊病例) come back
every day with a new figure. So an error needs, beyond matching:

- the same owner: the words that say whose figure it is (全国铁路 vs 全国农村公路 完成固定资产
  投资; 规模以上电子信息制造业 … 实现营业收入 vs 规模以上工业企业 … 实现营业收入) differ
  by at most one character once figures, times and function words are taken out;
- the same moment for running figures: 截至8月16日 vs 截至8月18日, or 今年 (the year so far)
  in articles printed on different days;
- a real period, not a comparison base (比上年同期高0.5个百分点 is not about 上年);
- an outcome on both sides, not a plan (计划/预计/力争 anywhere before the figure);
- the same territory: 全省/全市/该省 figures are not the national ones.

Everything here is pure: two claims in, the reason against an error (or ``""``) out.
"""
from __future__ import annotations


import re
from functools import lru_cache

import regex

from .patterns import lazy
from .frames import frame_body, frame_places, places_named, title_places  # whose figure: places and bodies
from .scopes import SCOPE_PATTERN as SCOPE_WORDS, as_of_day, as_of_year, day_after  # times say nothing about owners
from .knowledge import Knowledge
from .match import (context_terms, figure_at, neighbours, numbers_in, numeral_index, specific_neighbours,
                    subject_tokens, template, text_after as _after, text_before as _before, window)
from .periods import accumulates, dates_named, day_topic, fixed_period, scope_is_base, since_of
from .records import Claim, Features

# what subject extraction leaves out of a subject: quotes, brackets, short asides
_NOT_IN_SUBJECT = lazy(regex.compile, r"（[^（）]{0,12}）|\([^()]{0,12}\)|[“”\"‘’《》（）()\s]")
_NOISE = lazy(regex.compile, r"[\p{N}.%‰\s\p{P}\p{S}A-Za-z]+")
# a clause that starts with one of these has its owner in an earlier clause
_RELATIONAL = lazy(re.compile, r"^(?:占|比|较|同比|环比|增长|下降|增速|增幅|提高|提升|其中|分别|相当于|实现|完成|"
                            r"达到?|为|共|累计|合计|超过?|突破|约|新增|增加|减少)")
_ATTRIBUTION = lazy(re.compile, r"(?:显示|介绍|获悉|了解到|表示|公布|发布|指出|称|报道|测算)$")
# 特高压装备制造、光伏组件、生物育种等62项: examples of what is counted, not whose count it is
# (not 华为、小米等三家企业研发投入: a list before more words may be the whole owner)
_EXAMPLES = lazy(re.compile, r"(?:[^，；：、]{1,20}、)+[^，；：、]{1,20}等$")
_CLAUSE_SPLIT = lazy(re.compile, r"[，；：。！？!?,;:]")
# what makes one occasion of a recurring fact: a holiday, a numbered issue, batch or session
_OCCASION = lazy(re.compile,
    r"春节|元旦|清明|五一|劳动节|端午|中秋|国庆|暑期|暑假|寒假|春运|黄金周|假期第.天|假日第.天|首日|"
    r"第[\d一二三四五六七八九十百]+个?(?:[届期批号次轮卷季场]|比赛日|交易日)|[一二三四五六七八九十]中全会|首期|首批|"
    # a numbered session: 十四届全国人大三次会议, 二十届中央纪委四次全会
    r"[\d一二三四五六七八九十]+届[^，。；]{0,12}?[\d一二三四五六七八九十]+次(?:会议|全会|全体会议)|"
    r"神舟[一二三四五六七八九十]+号|天舟[一二三四五六七八九十]+号|"
    r"十[一二三四五]五(?=”?(?:期间|时期|规划))")  # a five-year plan's period: “十三五”期间



def _content(text: str, k: Knowledge) -> str:
    """The words of ``text`` that can say whose figure it is: no times, no verbs of
    measurement (compared by matching already), no words of a total or an addition (总量,
    累计, 新增: the qualifier, compared by F03), no function words (data/words.yaml).
    (Memoized per knowledge: both owners of a claim, and the claims of one sentence, ask
    about the same clauses.)"""
    memo = k.memo("evidence.content")
    found = memo.get(text)
    if found is not None:
        return found
    asked = text
    text = SCOPE_WORDS.sub("", text)
    for verb in k.owner_free_words:
        text = text.replace(verb, "")
    text = k.filler_pattern.sub("", text)
    text = _trailing_change(k).sub("", text)  # 每吨熟料综合能耗降至 / 降: how it moved, not whose
    found = _NOISE.sub("", text)
    if len(memo) < 65536:
        memo[asked] = found
    return found


@lru_cache(maxsize=4)
def _trailing_change(k: Knowledge) -> re.Pattern[str]:
    """A verb of change (``change_verbs``) and 至/为/到 ending an owner's words."""
    verbs = sorted(k.word_list("change_verbs"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, verbs))})[至为到]?$")


def owner(c: Claim, k: Knowledge, own_clause_only: bool = False) -> str:
    """The words before the figure that say whose figure it is, figures and function
    words taken out; reaching back over clauses that open with a relation (占, 同比,
    实现营业收入 …) or list figures (分别) to the clause that names the owner."""
    head = _before(c, c.sentence)
    clauses = _CLAUSE_SPLIT.split(head)
    own = clauses.pop() if clauses else ""
    if "等" in own:  # (what a list of examples ends with; the pattern is compiled only then)
        own = _EXAMPLES.sub("", own)
    if "、" in own and any(ch.isdigit() for ch in own):
        own = own.rsplit("、", 1)[1]  # “天山英才”75名、“天池英才”47名、遴选培育“庭州英才”220名: one item
    parts = [own]
    reach_back = not own_clause_only and (
        bool(_RELATIONAL.match(own.strip())) or "分别" in own or not (c.subject and c.subject in c.clause))
    while reach_back and clauses:
        own = clauses.pop()
        if _ATTRIBUTION.search(own):
            break  # 海关总署最新数据显示: who said it, not whose figure it is
        parts.append(own)
        reach_back = not _content(own, k) or bool(_RELATIONAL.match(own.strip()))
    text = "".join(reversed(parts))
    # the thing counted and the place are compared by matching: what is left says whose figure
    # (a reworded clause keeps its subject, canonical: 规模以上工业增加值 vs 规模以上医药工业增加值)
    if own_clause_only and c.subject:
        text = text.replace(c.subject, "\0")
    if c.place:  # under any of its names (北京市 for 北京)
        text = k.named_places.sub(lambda m: "" if k.canonical_place(m.group()) == c.place else m.group(), text)
    for word in sorted({"" if own_clause_only else c.subject, c.place, *k.home_canonicals}, key=lambda w: (-len(w), w)):
        if word:
            text = text.replace(word, "")
    if own_clause_only and c.subject:
        text = text.replace("\0", k.canonical_subject(c.subject))
    return _content(text, k)


# what a figure counts named only by a word that points back to an earlier sentence (这一数据),
# or by a document's short title counting its own parts: a title that is only a kind of
# document, at most two characters before it (《条例》共27条, 《问答》共分14个板块, 《论述摘编》分10个
# 专题: which one? the sentence before says; not 《报告》显示, which only says where a figure
# comes from; not a name, 《民法典》共7编)
# 该 before what its clause counts or measures: the thing an earlier sentence named (该工程输电线路
# 全长177.5公里: which project? the sentence before says); not 应该
_THAT_ONE = lazy(re.compile, r"(?<!应)该(?!数据)[\u4e00-\u9fff]")
_REFERS_BACK = lazy(re.compile, r"这一数据|该数据|这一数字|这些数据|上述数据|此项数据|以上数据|"
                               r"《[\u4e00-\u9fff]{0,2}(?:条例|规定|办法|意见|规划|方案|决定|通知|纲要|报告|公约|协定|计划|"
                               r"指南|准则|细则|白皮书|问答|读本|摘编|选编|文集|汇编|概论|手册|文选)》"
                               r"(?=共|全文|分为|分[\d一二三四五六七八九十两]|包括|设有|下设|含有|收录)")


def _own_day(c: Claim) -> bool:
    """The figure is followed by its own day in brackets: 731例（4日） (read again from the
    sentence for a claim built by hand; extraction knows it from where the figure ends)."""
    at = figure_at(c)
    return at >= 0 and day_after(c.sentence[at + len(c.text):at + len(c.text) + 12], c.date, None).known


_ITEM_LABEL = lazy(regex.compile, r"[（(]([^（）()，。]{1,6})[）)]")


def item_label_of(after: str) -> str:
    """The label in brackets that opens ``after`` (the text right after a figure): 696例（6日）
    → ``6日``, the item's name in a list of figures."""
    m = _ITEM_LABEL.match(after)
    return m.group(1) if m else ""


def is_plan(c: Claim, k: Knowledge) -> bool:
    """A target or forecast word anywhere before the figure in its sentence."""
    return c.qualifier.startswith("target") or bool(k.plan_pattern.search(_before(c, c.sentence)))


def occasions(c: Claim) -> frozenset[str]:
    return frozenset(_OCCASION.findall(_before(c, c.sentence) + c.clause))



def dimension(subject: str, k: Knowledge, before: str = "", after: str = "") -> str:
    """The word of measure a subject ends with, when it names a property of one thing:
    南凭高铁设计时速 → 设计时速; 大桥全长 → 全长; 全市早高峰平均时速 → "" (an average); 高速公路
    总里程 → "" (a network's total grows). Or the one right before the figure, whose thing
    follows it (``before``: the text before the figure): 直径35.4米的有机玻璃球 → 直径; not for
    an indefinite thing, 一处/一座/某 before or after it (``after``: the text after the figure):
    一处海拔5000多米的边防哨所, 海拔2800多米的某高原训练场 name no particular place."""
    words = k.word_list("dimension_words")
    if _INDEFINITE.search(before[-8:]) or _INDEFINITE_AFTER.match(after):
        return ""  # 一处海拔5000多米的边防哨所: which post? no particular thing
    return next((w for w in words if subject.endswith(w)), "") or next((w for w in words if before.endswith(w)), "")


_ONE_OF = r"(?:某|(?<![第唯统单])一[处座个颗台条艘架栋所家片位])"  # 一处, 某: not 第一座, 唯一一座
_INDEFINITE = lazy(re.compile, _ONE_OF)
_INDEFINITE_AFTER = lazy(re.compile, r"[^，。；]{0,2}?的" + _ONE_OF)


def features_of(c: Claim, k: Knowledge, scope_from: str = "", others: tuple[str, ...] | None = None,
                before: int | None = None, referent: str = "", own_day: bool | None = None,
                bulletin_day: str = "", item_label: str | None = None, at: int = -1, earlier: str = "") -> Features:
    """Everything the decision rules compare about ``c`` besides its own fields, computed
    once (at extraction: :func:`factcheck.extract.extract` stores it on the claim, with
    ``scope_from``: where its scope was read, when not in its own sentence, and ``others``:
    the other numbers of its sentence, names such as 5G left out, ``before``: how many stand
    before it, ``referent``: the subject of the first figure of the sentence before, what
    这一数据 points back to, ``own_day``: a day in brackets follows it, else read again from
    the sentence; ``bulletin_day``: the day its article's lead reports, 2月9日0—24时; and
    ``item_label``: the label in brackets right after it, 6日 of 696例（6日）; ``at``: where it
    stands in its sentence, -1 when not known: then its first occurrence there, see
    :func:`match.figure_at`; ``earlier``: its paragraph before its sentence, after its article's
    first sentence when that is in another paragraph, whose places and bodies an area word or
    公司 points back to)."""
    if at >= 0:
        c = c._replace(features=Features(at=at))  # what the readers below ask where it stands
    refers_back = bool(_REFERS_BACK.search(_before(c, c.sentence)) or _THAT_ONE.search(_before(c, c.clause)))
    own_day = _own_day(c) if own_day is None else own_day
    cut_off = "" if own_day else _before(c, c.sentence)  # (a figure with its own day: that day's, 890例（3日）)
    body = frame_body(c, k, earlier)
    return Features(
        canonical_subject=k.canonical_subject(c.subject),
        subject_tokens=subject_tokens(c.subject, k),
        context_terms=tuple(sorted(context_terms(c, k))),
        owner=owner(c, k), own_owner=owner(c, k, own_clause_only=True),
        as_of=as_of_day(cut_off), as_of_year=as_of_year(cut_off), plan=is_plan(c, k),
        occasions=tuple(sorted(occasions(c))), places_named=tuple(sorted(places_named(c, k))),
        title_places=tuple(sorted(title_places(c, k))), dates_named=dates_named(c, own_day),
        fixed_period=fixed_period(c, own_day), scope_is_base=scope_is_base(c),
        this_time=bool(k.this_time_pattern.search(c.sentence)) or points_back(c, k)
        or _before(c, c.clause).endswith(tuple(k.word_list("so_far_words"))),
        event=bool(k.event_pattern.search(c.sentence)),
        template=template(c), numeral_index=numeral_index(c),
        named=f"“{c.subject}”" in c.sentence or f'"{c.subject}"' in c.sentence,
        subject_in_clause=not c.subject or c.subject in c.clause or c.subject in _NOT_IN_SUBJECT.sub("", c.clause),
        scope_from=scope_from if c.scope.known else "", window=window(c), neighbours=neighbours(c) if others is None else others,
        dimension=dimension(k.canonical_subject(c.subject), k, _before(c, c.clause), _after(c, c.clause)),
        own_day=own_day,
        bulletin_day=bulletin_day, item_label=item_label_of(_after(c, c.sentence)) if item_label is None else item_label,
        structure=any(w in _before(c, c.clause) for w in k.word_list("structure_words")),
        refers_back=refers_back, referent=k.canonical_subject(referent) if refers_back and referent else "",
        neighbours_before=len(numbers_in(_before(c, c.sentence))) if before is None else before,
        specific_neighbours=specific_neighbours(c), moment=is_moment(c, k), at=figure_at(c),
        reported=_reported(c, k), change=change_of(_before(c, c.clause), k), day_topic=day_topic(c, k, level=change_of(_before(c, c.clause), k) == "to"),
        one_occasion=one_occasion(_before(c, c.sentence), k), accumulates=accumulates(c, k), since=since_of(c),
        contrasts=contrasts_of(c, k), frame_places=frame_places(c, k, earlier),
        frame_body=body,
        group=group_of(c))


# a group a sentence opens with, whose parts its later figures are (23名患者中，有10名男性……;
# 在调查的21个行业中，有15个……): the count, its classifier and what it counts
_GROUP = lazy(regex.compile, r"^(?:在|其中)?[^，。；：\d]{0,10}?(\d+)([名个例位家所项])(\p{Han}{1,6}?)(?:之|当)?中[，,]")


def group_of(c: Claim) -> str:
    """The group the sentence of ``c`` opens with, when ``c`` stands after it: 23名患者中，有10名
    男性……年龄最小的2岁 → 23名患者; "" for the group's own figure, or none."""
    found = _GROUP.match(c.sentence)
    if not found or figure_at(c) < found.end():
        return ""
    return found.group(1) + found.group(2) + found.group(3)


_APPROXIMATE_END = lazy(re.compile, r"(?:了|约|近|超过|超|逾|达|大约|将近)+$")


def change_of(before: str, k: Knowledge) -> str:
    """Whether a figure says how much something changed or where it got to, from the words of
    its clause before it (``change_verbs``): 失业率下降0.3% → "by"; 下降为5.1%, 增至12万户 → "to";
    失业率为5.1% → "" (neither said).

    >>> from factcheck.knowledge import load
    >>> k = load()
    >>> change_of("失业率下降", k), change_of("失业率下降为", k), change_of("利润增长了约", k), change_of("失业率为", k)
    ('by', 'to', 'by', '')
    """
    before = _APPROXIMATE_END.sub("", before)
    to = before[-1:] in ("为", "至", "到")
    stem = before[:-1] if to else before
    if stem.endswith("到") and to:  # 增长到了: 了 went above, 到 here
        stem = stem[:-1]
    if not stem.endswith(tuple(k.word_list("change_verbs"))):
        return ""
    return "to" if to else "by"


_RUNNING_AFTER_OCCASION = ("现有", "累计", "截至", "目前", "至今", "总数", "总量")


def one_occasion(before: str, k: Knowledge) -> bool:
    """An occasion word (``occasion_words``: 本次, 本届 …) before the figure in its sentence, and no
    word of a running total after it (本次会议共审议10件; 截至目前，本届广交会……吸引了340多家采购商;
    not 本次增选后，现有中国科学院院士908人: the academy's running total)."""
    at = max((before.rfind(w) for w in k.word_list("occasion_words")), default=-1)
    return at >= 0 and not any(w in before[at:] for w in _RUNNING_AFTER_OCCASION)


def contrasts_of(c: Claim, k: Knowledge) -> tuple[str, ...]:
    """The words of a contrast set (``contrast_sets``: 同比/环比, 金牌/银牌 …) in the figure's clause,
    the figure left out, or in a short clause its sentence opens with (改造后，……), and the numerals
    of a name (4A级, 95号汽油, 3号线, 5G, 220千伏) in its clause, longest first: 全国规模以上工业增加值环比增长0.97% → (环比,); 全省共有国家4A级旅游景区186家 → (4A,)."""
    clause = c.clause.replace(c.text, "＃", 1)
    contrast = _contrast_pattern(k.word_list("contrast_sets"))
    words = contrast.findall(clause)
    opening = _OPENING.match(c.sentence)  # 改造后，天山水泥……98千克: its frame
    if opening and c.clause and opening.end() <= c.sentence.find(c.clause):
        words += contrast.findall(opening.group())
    names = (n.replace(" ", "") for n in _LATIN_NAME.findall(clause))  # iPhone 15 Pro → iPhone15Pro
    return tuple(sorted({*words, *_NAME_NUMERAL.findall(clause), *(n for n in names if any(ch.isdigit() for ch in n))}))


# a product's name in Latin letters, with its digits and words: iPhone 15 Pro, Mate 60 Pro+
_LATIN_NAME = lazy(re.compile, r"[A-Za-z][A-Za-z0-9.+\-]*(?: [A-Za-z0-9][A-Za-z0-9.+\-]*)*")


_OPENING = lazy(regex.compile, r"^[^，。；：\d]{1,8}[，：]")  # a short clause a sentence opens with


@lru_cache(maxsize=4)
def contrast_groups(sets: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """The ``contrast_sets`` word list as sets of members (同比/环比 → {同比, 环比}), split once."""
    return tuple(frozenset(s.split("/")) for s in sets)


@lru_cache(maxsize=4)
def _contrast_pattern(sets: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(frozenset().union(*contrast_groups(sets)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


# digits or Latin letters that are part of a name: 3号线, 95号汽油, 4A级, 5G, C919, 220千伏
_NAME_NUMERAL = lazy(re.compile, r"[A-Za-z]+\d+(?:\.\d+)?[A-Za-z]*|\d+(?:\.\d+)?[A-Za-z]+|\d+(?=号|千伏|型)")


def _reported(c: Claim, k: Knowledge) -> bool:
    """A report word (``report_words``) in its clause or in its sentence before it."""
    where = (c.clause, _before(c, c.sentence))
    return any(w in text for w in k.word_list("report_words") for text in where)


def points_back(c: Claim, k: Knowledge) -> bool:
    """A figure right after a word that points back (这21名患者, 上述12家企业:
    ``demonstratives``): the group its article has just named, that occasion's or batch's."""
    return _before(c, c.clause).endswith(tuple(k.word_list("demonstratives")))


def is_moment(c: Claim, k: Knowledge) -> bool:
    """A figure of time followed by 后 or 前 (强震发生8天后, 3小时之后): a moment after or before
    an event, when something happened, not an amount of anything."""
    after = _after(c, c.sentence)
    return c.unit in k.word_list("time_units") and after.startswith(tuple(k.word_list("moment_words")))


def features(c: Claim, k: Knowledge) -> Features:
    """The claim's stored features, else computed now (a claim built by hand, an old DB)."""
    return c.features if c.features is not None else features_of(c, k)
