"""Question 1: are the two figures one fact? (``F`` rules, asked in the order of
:data:`factcheck.judge.FACT_RULES`.)"""
from __future__ import annotations

import re

from .. import evidence as ev
from ..knowledge import Knowledge
from ..match import SHORT_CLAUSE, compatible_units, numbers_in
from ..patterns import lazy
from ..records import Claim, Features
from .base import Pair, rule, without_words


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


@rule("F05", "other-programme", "fact", "other")
def _programme(p: Pair) -> str | None:
    """Two quoted names are two programmes: 遴选“天池英才”47名 vs 遴选“庭州英才”220名."""
    sa, sb = p.subjects
    if sa != sb and p.fa.named and p.fb.named:
        return f"{sa} vs {sb}"
    return None


# a flat literal alternation: on ``re``, which compiles it five times faster than ``regex``
_LEVEL = lazy(re.compile, r"^(?:国家级|自治区级以上|自治区级|省级以上|省级|州级|市级|县级|校级|省市级)")


@rule("F06", "other-level", "fact", "other")
def _level(p: Pair) -> str | None:
    """A grade is part of the thing counted: 国家级科技企业孵化器 is not 自治区级科技企业孵化器."""
    la, lb = _LEVEL.match(p.subjects[0]), _LEVEL.match(p.subjects[1])
    if (la.group() if la else "") != (lb.group() if lb else ""):
        return f"{la.group() if la else '-'} vs {lb.group() if lb else '-'}"
    return None


@rule("F12", "change-vs-level", "fact", "other")
def _change_vs_level(p: Pair) -> str | None:
    """How much something changed is not where it got to: 失业率下降0.3% vs 失业率下降为5.1%
    (``Features.change``: a verb of change right before the figure, or followed by 为/至/到)."""
    ca, cb = p.fa.change, p.fb.change
    if {ca, cb} == {"by", "to"}:
        return f"{ca} vs {cb}"
    return None


@rule("F13", "contrast-words", "fact", "other")
def _contrast(p: Pair) -> str | None:
    """Two clauses that name two members of one contrast set (``Features.contrasts``,
    ``contrast_sets``: 同比/环比, 金牌/银牌, 一等奖/二等奖, 重症/危重症, 进口/出口), or two numerals of a
    name (4A级/5A级, 92号/95号汽油, 3号线/5号线), count two things, however alike the rest of them:
    4月份，全国规模以上工业增加值环比增长0.97% vs 同比增长6.7%; 全省共有国家4A级旅游景区186家 vs
    5A级旅游景区15家."""
    ca, cb = set(p.fa.contrasts), set(p.fb.contrasts)
    if not ca or not cb or ca == cb:
        return None
    numerals = frozenset(w for w in ca | cb if any(ch.isdigit() for ch in w))  # 4A, 95: the names' own set
    for group in (*ev.contrast_groups(p.k.word_list("contrast_sets")), numerals):
        wa, wb = ca & group, cb & group
        if wa and wb and wa != wb:
            return f"{'、'.join(sorted(wa))} vs {'、'.join(sorted(wb))}"
    return None


@rule("F07", "same-clause", "fact", "same")
def _same_clause(p: Pair) -> str | None:
    """The same clause reworded, the figure in the same position: 推动100余家企业与80余所高校
    院所建立产学研合作关系 / 推动251家企业与107所疆内外高校、科研院所建立“产学研”合作关系.
    A clause too short to tell (全书分为21个专题) is compared by the words around the figure in
    its sentence instead: 全书分为＃专题，生动记录了 / 全书分为＃专题，生动记录了. And a sentence
    reworded after the figure, or whose subject was read another way, is one fact when the
    twelve or more characters right before the figure are the same, figures too, and the counted
    things are alike or one was not found: 阿禾公路连接新疆阿勒泰市和喀纳斯景区禾木村，全长
    209.45公里，将…… / 阿禾公路连接阿勒泰市和喀纳斯景区禾木村，全长209.45公里。 And a sentence
    restated with the same specific figures around the figure, each where it stood, in a clause
    still alike (:attr:`Pair.figures_around`), however its subject was read: 目前，中欧班列已通达
    欧洲25个国家227个城市以及11个亚洲国家超过100个城市 / ……25个国家227个城市，连接11个亚洲国家
    超过100个城市; not 西渝高铁正线全长739公里，设计时速350公里 vs 渝昆高铁全长699公里，设计时速
    350公里 (no figure around them specific enough)."""
    short = min(len(p.fa.template), len(p.fb.template)) < SHORT_CLAUSE
    if not short and p.template >= 85 and p.fa.numeral_index == p.fb.numeral_index:
        p.match_reason, p.score = "same clause", p.template
        return f"clauses {p.template:.0f}% alike"
    if short and p.window >= 90:
        p.match_reason, p.score = "same words", p.window
        return f"words around the figures {p.window:.0f}% alike"
    if p.same_before >= _SAME_BEFORE and p.fa.numeral_index == p.fb.numeral_index and _subjects_agree(p):
        p.match_reason, p.score = "words before", max(p.window, p.template)
        return f"the {p.same_before} characters before the figures the same"
    if p.figures_around:
        p.match_reason, p.score = "figures around", p.template
        alike = "the same clause" if p.fa.template == p.fb.template else f"clauses {p.template:.0f}% alike"
        return f"{alike}, {p.restated_figures} other figure(s) restated where they stood"
    return None


_SAME_BEFORE = 12  # characters right before a figure that make a restatement


def _subjects_agree(p: Pair) -> bool:
    """The counted things do not contradict the words before: alike, or one not found (本轮巡视
    的30家中管企业 vs 本轮巡视的22个中央和国家机关 count two things after the same words)."""
    sa, sb = p.subjects
    return not sa or not sb or sa == sb or p.ratio >= p.opts.threshold

@rule("F04", "moment-not-amount", "fact", "other")
def _moment(p: Pair) -> str | None:
    """A time after or before an event (发生8天后, 开幕前3天: ``moment_words`` after a figure of
    time) says when something happened, not how much of anything: outside one clause (F07,
    asked first) two such are two events' moments. 委内瑞拉强震发生8天后一男子获救 vs 一对父子在
    地震发生近4天后获救 (two rescues)."""
    if p.fa.moment or p.fb.moment:
        kind = {True: "a moment", False: "an amount"}
        return f"{p.a.text}: {kind[p.fa.moment]} / {p.b.text}: {kind[p.fb.moment]}"
    return None


@rule("F08", "generic-subject-other-clause", "fact", "other")
def _generic(p: Pair) -> str | None:
    """A short subject (总投资, 嫌疑人, 铜牌) names too many things: the clauses must agree
    too. 一农产品加工项目日前开工，总投资5亿元 is not 一储能电站项目近日并网，总投资12亿元."""
    sa, sb = p.subjects
    common = p.context[0] & p.context[1]
    if sa and sb and min(len(sa), len(sb)) <= 3 and len(common) < 2 and p.template < 70:
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


_HEAD = 4  # characters of the shorter counted thing, and of it said after the dropped words (加计扣除)


@rule("F11", "subject-said-before", "fact", "same")
def _said_before(p: Pair) -> str | None:
    """One counted thing is the other without the words that say whose or which, and an earlier
    clause of its sentence (``Features.window``) has those words with the start of the shorter
    name after them: a clause that drops what its sentence has just said. 全州296家企业享受
    【研发费用加计扣除】政策，加计扣除金额达14.14亿元 / 296家企业研发费用加计扣除金额达14.12亿元.
    Not when the words are missing (加计扣除金额 alone may be any scheme's), nor when they name
    something else there (国土绿化面积5.49亿亩，其中造林面积1.85亿亩 is no 绿化造林面积), nor when the
    earlier clause has the longer name itself (会议应出席代表2977人，出席2947人: that clause's figure),
    nor when they stand in the figure's own clause (沙特空军4架战机升空: the clause names whose),
    nor for other measure words (18项政策措施 vs 5个方面提出政策措施)."""
    sa, sb = p.subjects
    if p.a.quantity.unit != p.b.quantity.unit:
        return None
    for short, long_, f in ((sa, sb, p.fa), (sb, sa, p.fb)):
        if len(short) >= _HEAD and long_ != short and long_.endswith(short):
            said = long_[:-len(short)]
            earlier = _clauses_before(f)[0]  # its earlier clauses only
            if len(said) >= 2 and said + short[:_HEAD] in earlier and long_ not in earlier:
                p.match_reason, p.score = "said before", max(p.ratio, 80.0)
                return f"{short} / {long_} ({said} said before it)"
    return None


@rule("F14", "subject-words-in-clause", "fact", "same")
def _words_in_clause(p: Pair) -> str | None:
    """One counted thing is the other with words before it, and the other's own clause says
    those words too, only elsewhere: the same clause segmented another way. 奇台县今年小麦亩产
    平均650公斤 / 今年，奇台县小麦平均亩产达到560公斤 (亩产 vs 小麦亩产: 小麦 in the shorter's
    clause); 今年以来，准东铁路物流园完成吞吐量860万吨 / 准东铁路物流园今年以来吞吐量达680万吨 (a
    period read into a subject left out). The added words must be found whole (pieces of two
    characters or more) in the clause itself, before the figure (not 活动现场，签约金额达到10.8亿元
    for 现场签约金额: another clause may name another occasion; not 全市汽车销量达到3.5万辆（含
    新能源汽车） for 新能源汽车销量: what is said after it is no part of it), in a clause that
    counts nothing else (not 驻村 of 25.5万个驻村工作队、300多万名第一书记 for 驻村第一书记), in the
    same measure word; and whose figure it is must be the same once those words are left out
    (哈萨克斯坦三架空军战机 vs 沙特空军4架战机: 哈萨克斯坦 vs 沙特, two air forces)."""
    sa, sb = p.subjects
    if p.a.quantity.unit != p.b.quantity.unit or p.a.unit != p.b.unit:
        return None
    for short, long_, f, c in ((sa, sb, p.fa, p.a), (sb, sa, p.fb, p.b)):
        if len(short) >= 2 and long_ != short and long_.endswith(short) and _counts_one_thing(c):
            added = long_[:-len(short)]
            for label in (p.a.scope.label, p.b.scope.label):  # a period read into a subject says no which
                added = added.replace(label, "") if label else added
            pieces = _said_whole(added, _clauses_before(f)[1]) if len(added) >= 2 else ()
            if pieces and without_words(p.fa.owner, pieces) == without_words(p.fb.owner, pieces):
                p.match_reason, p.score, p.moved_words = "words in clause", max(p.ratio, 80.0), pieces
                return f"{short} / {long_} ({added} in its clause)"
    return None


def _clauses_before(f: Features) -> tuple[str, str]:
    """Its sentence before the figure (in the words kept before it), as its earlier clauses and
    its own clause up to the figure: what names the counted thing is in the second, not after
    the figure (全市汽车销量达到3.5万辆（含新能源汽车）: 新能源 is no part of it)."""
    before = f.window.partition("＃")[0]
    cut = max(before.rfind(x) for x in "，；：,;:") + 1
    return before[:cut], before[cut:]


def _counts_one_thing(c: Claim) -> bool:
    """Its clause holds no number but its figure's: words there belong to its counted thing, not
    to another's (25.5万个驻村工作队、300多万名第一书记: 驻村 is the teams')."""
    return len(numbers_in(c.clause)) <= len(numbers_in(c.text))


def _said_whole(words: str, clause: str) -> tuple[str, ...]:
    """``words`` as pieces of ``clause`` of two characters or more, in any order (上户沟乡 +
    黄山村 in 黄山村属上户沟乡); () when some of it is not there."""
    pieces, i = [], 0
    while i < len(words):
        n = len(words) - i
        while n >= 2 and words[i:i + n] not in clause:
            n -= 1
        if n < 2:
            return ()
        pieces.append(words[i:i + n])
        i += n
    return tuple(pieces)


@rule("F99", "subjects-differ", "fact", "other")
def _subjects_differ(p: Pair) -> str | None:
    """No rule found the two one fact: 高新技术企业 vs 科技型中小企业. A figure whose counted
    thing was not found (达到20%) is one fact with another only in the same clause (F07)."""
    if not p.tokens[0] or not p.tokens[1]:
        return f"no counted thing found ({p.a.subject or '-'} vs {p.b.subject or '-'})"
    return f"{p.a.subject or '-'} vs {p.b.subject or '-'}"
