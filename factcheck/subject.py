"""The counted thing: the subject of a figure, on either side of the number.

``62项关键核心技术`` → 关键核心技术 (after a measure word); ``高新技术企业达到277家`` →
高新技术企业 (before, across the verb); ``遴选培育“庭州英才”220名`` → 庭州英才 (a quoted
name right before the number); ``授信金额为1.5亿元`` → 授信金额.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from .knowledge import Knowledge
from .patterns import compile_cached, lazy
from .records import RATE_UNITS
from .tokenizer import tag

# Linking words between a subject and its number, skipped: 高新技术企业【达到】277家.
LINK = set(
    "达到 达 为 是 有 共 共有 共计 约 近 累计 已 总量 总数 合计 计 增至 已达 目前 拥有 分别 均 总计 "
    "多达 将近 接近 不到 不足 大约 还 再 又 仅 就 也 都 一共 已经 达到了 累计达 总量达 增长 同比增长 "
    "同比 环比 增幅 提高 下降 减少 占比 占 增加 增加到 提高到 提高至 较 比 超过 超 突破 逾 年均 平均 "
    "人数 数量 规模 全部 为期 到 至 已有 稳定 保持 维持 控制 提升 提升到 提升至".split()
)
# Verbs of change and modal verbs between the measured thing and its figure are skipped like
# the linking words: 英国食品价格同比【上涨】17.5%, 每年发电量【可】达10亿度 (words.yaml's
# predicate_verbs, Knowledge.predicate_verbs).
# prepositions of comparison: the noun after them is the base, not the thing (比上月回落)
_COMPARED_WITH = {"比", "较", "相比", "比上", "同", "与"}
# Action verbs: the subject is not before them (州党委【设立】5亿元创新创业引导基金).
ACTION = set(
    "遴选 遴选支持 支持 遴选培育 培育 入选 推荐 引进 认定 新认定 新增 净增 获批 建成 建设 荣获 获得 "
    "争取 投入 兑现 发放 选派 选拔 组建 实施 举办 开展 吸引 推动 帮助 解决 柔性 攻克 填补 申报 设立 "
    "立项 培养 扶持 签订 打造 共建 引领 带动 实现 完成 提供 给予 安排 拿出 享受 减免 推广 转化 "
    "建立 成立 新建 出台 制定 启动 开通 达成 聚焦 选择 挂牌 承担 累积 申请 登记 生产 引育 创造 育成 "
    "称 显示 发布 公布 表示 指出 强调 通报 报道 获悉 了解到 介绍 宣布 透露 数据显示 统计".split()
)
# Verbs that name a quantity after a noun: 财政科技【投入】3.22亿元, 江苏【出口】船舶.
NOMINAL_VERBS = set("投入 投资 收入 支出 出口 进口 消费 成交 销售 营收 产出 贷款 融资 补贴 补助 资助 奖补".split())
ACTION -= NOMINAL_VERBS
STOP_AFTER = set("与 和 及 在 对 被 为 是 将 已 由 从 向 到 于 等 了 着 中 上 下 里 达 荣获 获得 "
                 "签订 实现 进行 参与 参加 完成 建立 开展 提供 用于 支持 实施 入选 来自 均 都 的 "
                 "就 也 还 被 让 使 把 给 比 较 同比 增长 其中 分别 共同 并 或 以及 为了 通过 "
                 # predicates of the counted thing (motion, role, declaration): 30余名专家【来到】昌吉
                 "来到 赴 前往 走进 深入 奔赴 作为 围绕 会同 表示 开工 注册 发放 减免 落户 入驻 如".split())
NOUNISH = ("n", "vn", "b", "j", "l", "eng", "nz", "nt", "ns", "nr", "an", "i", "g", "ng", "nrt", "nrfg", "s")
# Patterns without Unicode properties use the standard library's ``re``: its calls on the
# short strings here cost half of what ``regex``'s do (the same patterns mean the same).
_QUOTED_END = lazy(re.compile, r"[“\"]([^“”\"]{1,20})[”\"]$")
_QUOTED_START = lazy(re.compile, r"^[“\"]([^“”\"]{1,20})[”\"]")
_CLEAN = lazy(re.compile, r"[“”\"‘’《》（）()\s]")
MAX_LEN = 16
# a distributive determiner is not part of the name: 【各类】创新平台 counts 创新平台
DISTRIBUTIVE = {"各类", "各级", "各种", "各项", "各个"}
CONJUNCTIONS = {"和", "与", "及", "以及"}
# classifiers of countable things (not measures such as 米, 吨, 天): 296【家】企业
CLASSIFIERS = set("家 个 名 项 所 位 户 座 支 台 件 条 类 批 只 头 款 种 人 处 艘 辆 架 块 套 间 所".split())
# heads that name a metric of something (an amount, a number, a rate): 研发费用加计扣除【金额】
_METRIC_HEAD = lazy(re.compile, r"(?:额|费用|资金|收入|产值|总值|增加值|数|量|率|规模|面积|产能|投资|投入|利润|比重|占比|税)$")
_DESCRIBED = lazy(regex.compile, r"^([\p{Han}]{1,4})的(?=[\p{Han}])")
# an aspect particle after a word makes it a predicate: 113家高新技术企业【贡献】了……
_ASPECT = ("了", "过", "着")


def _clean(s: str) -> str:
    return _CLEAN.sub("", s)


@lru_cache(maxsize=16384)  # a figure asks for each side more than once
def after_subject(text: str) -> str:
    """Noun phrase at the start of ``text`` (the words after a measure word)."""
    text = text.lstrip("的")
    m = _DESCRIBED.match(text)
    if m and tag(m.group(1))[0][1] in ("a", "z"):
        text = text[m.end():]  # 数千个【雪白的】纱锭: a description before 的 is not the name
    q = _QUOTED_START.match(text)
    if q:
        rest = after_subject(text[q.end():]) if not text[q.end():q.end() + 1] in "、，。；" else ""
        return _clean(q.group(1) + rest)[:MAX_LEN]
    words: list[tuple[str, str]] = []
    tagged = tag(text[:32])
    closed = False
    place_at = -1
    for i, (w, t) in enumerate(tagged):
        if w in ("级", "级以上") and words:
            words[-1] = (words[-1][0] + w, "b")  # 自治区级; 3个【千亿级】产业集群: a grade is a modifier
            continue
        if t.startswith("m") and i + 1 < len(tagged) and tagged[i + 1][0] in ("级", "级以上"):
            words.append((w, "m"))
            continue
        if w in _ASPECT and words:
            words.pop()  # the word before 了 is the predicate
            break
        if w in "”\"" and words and not any(x in "“\"" for x, _ in words):
            closed = True  # “两个确立”: the quotation the figure stands in closes, the name ends
            break
        if w == "“" and words and words[-1][1].startswith("n"):
            break  # 20个试点城市【“】智能化改造……: a quotation after a head noun is another element
        if w in STOP_AFTER or w in "、，。；：！？,;:" or t.startswith(("p", "c", "u", "d", "r", "m", "q", "y", "f")):
            break
        if t == "x" and w not in "“”\"（）()":
            break
        if t == "ns" and len(w) >= 3 and words and words[-1][1] == "n" and place_at < 0:
            place_at = len(words)
        words.append((w, t))
    if place_at > 0 and sum(len(w) for w, _ in words) > MAX_LEN:
        # 30项科技成果转移转化协议【昌吉州】人民政府与……: a run-on phrase ends before a place
        words = words[:place_at]
    while not closed and words and not (words[-1][1].startswith(NOUNISH) or words[-1][0] in "”\""
                                        or (words[-1][0] in NOMINAL_VERBS and len(words) > 1)):
        words.pop()
    # the head of a Chinese noun phrase is its last word: a long phrase loses its first modifiers
    while len(words) > 1 and sum(len(w) for w, _ in words) > MAX_LEN:
        words.pop(0)
    return _clean("".join(w for w, _ in words))


def _merge_levels(tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """自治区 + 级 + 以上 → 自治区级以上 (a level is part of the subject)."""
    out: list[tuple[str, str]] = []
    for w, t in tagged:
        if out and (w == "级" or (w == "以上" and out[-1][0].endswith("级"))):
            out[-1] = (out[-1][0] + w, "b")
        else:
            out.append((w, t))
    return out


@lru_cache(maxsize=16384)
def before_subject(text: str, k: Knowledge) -> str:
    """Noun phrase at the end of ``text`` (the words before a number), linking words and
    ``k``'s verbs of change skipped."""
    text = text.rstrip()
    q = _QUOTED_END.search(text)
    if q:
        return _clean(q.group(1))
    tagged = _merge_levels(list(tag(text[-24:]))) if text else []
    if len(text) > 24 and tagged:
        tagged.pop(0)  # the window may begin inside a word (电商 → 商)
    predicates = k.predicate_verbs
    linked = predicate = False
    while tagged and (tagged[-1][0] in LINK or tagged[-1][0] in predicates or tagged[-1][1] in ("p", "d", "ul", "uj", "m")
                      or (tagged[-1][1] == "q" and len(tagged) > 1 and tagged[-2][1] == "m")):
        linked = linked or not tagged[-1][1].startswith(("m", "q"))
        predicate = predicate or tagged[-1][0] in predicates
        tagged.pop()  # 基本履职事项清单【7类】28条: a figure right before this one is skipped too
        if tagged and tagged[-1][0].endswith(("”", '"')):  # only then can the quoted-end pattern match
            q = _QUOTED_END.search("".join(w for w, _ in tagged))
            if q:
                return _clean(q.group(1))
    words: list[tuple[str, str]] = []
    length = 0  # of the words kept
    stop = -1
    for k in range(len(tagged) - 1, -1, -1):
        w, t = tagged[k]
        if w in ACTION or w in LINK:
            stop = k
            break
        if w in "”\"“":
            words.insert(0, (w, t))
            length += len(w)
            continue
        if w in CLASSIFIERS and k > 0 and tagged[k - 1][1].startswith("m"):
            stop = k  # 10【项】停战条款 (项 tagged as a noun)
            break
        if w in DISTRIBUTIVE:
            break  # a determiner opens the phrase, and is not part of it: 各类【创新平台】
        if (w in CONJUNCTIONS and words and k > 0 and tagged[k - 1][1].startswith(("n", "vn"))
                and not tagged[k - 1][1].startswith(("nr", "ns", "nt"))):
            words.insert(0, (w, t))  # 研究与试验发展经费: two nouns joined under one head
            length += len(w)
            continue
        # an adjective inside the phrase (高能级创新平台), not one that belongs to a numeral (5大)
        adjective = t.startswith("a") and not (w == "大" and k > 0 and tagged[k - 1][1].startswith("m")) and (
            bool(words) or (not linked and len(w) >= 2 and k > 0 and tagged[k - 1][1].startswith("n")))  # 事项清单
        nounish = t.startswith(NOUNISH) or adjective
        verb_inside = t.startswith("v") and len(w) >= 2 and (bool(words) or w in NOMINAL_VERBS)
        if not (nounish or verb_inside):
            stop = k
            break
        words.insert(0, (w, t))
        length += len(w)
        if length >= MAX_LEN:
            break
    while words and words[0][0] in CONJUNCTIONS:
        words.pop(0)
    if predicate and stop >= 0 and any(w in _COMPARED_WITH for w, _ in tagged[max(0, stop - 3):stop + 1]):
        return ""  # 较1月的【预测】上调1.3个百分点: what a change is measured against is no subject
    k = 0
    while k < len(words) and words[k][1].startswith(("v", "i", "j", "l")) and words[k][0] not in NOMINAL_VERBS:
        k += 1
    if 0 < k < len(words) and words[k][1].startswith("a"):
        words = words[k:]  # 研发【新产品】58个: a verb before an adjective and its noun is the predicate
    if (stop > 0 and tagged[stop][0] in CLASSIFIERS and tagged[stop - 1][1].startswith("m")
            and _METRIC_HEAD.search(words[-1][0] if words else "")):
        # 296家【企业】研发费用加计扣除金额达14.12亿元: a metric after a counted noun is the
        # metric of that noun; the noun is what the earlier figure counts (see after_head)
        k = 0
        while k < len(words) and words[k][1].startswith(("a", "b")):
            k += 1
        if k < len(words) - 1 and words[k][1].startswith(("n", "vn", "j")) and len(words[k][0]) >= 2:
            words = words[k + 1:]
    return _clean("".join(w for w, _ in words))


_PAREN = lazy(re.compile, r"（[^（）]{0,12}）|\([^()]{0,12}\)")
# territorial words before a subject, general to Chinese copy; a region's own place names
# (its home region, its counties) come with the region pack (``Knowledge.region_place_words``)
_PLACE_PREFIX_NAMES = ("全州", "全市", "全县", "我州", "区、州", "州")


@lru_cache(maxsize=8)
def _place_prefix(places: tuple[str, ...]) -> tuple[str, regex.Pattern[str]]:
    """(the first letters, the pattern) of a place name before a subject: 全州高新技术企业."""
    names = sorted(dict.fromkeys((*_PLACE_PREFIX_NAMES, *places)), key=len, reverse=True)
    pattern = lazy(regex.compile, rf"^(?:{'|'.join(map(regex.escape, names))})(?=[\p{{Han}}]{{2}})(?!级)")
    return "".join(sorted({n[0] for n in names})), pattern  # (the letters: a cheap test before the pattern)


_LATER_FIGURE = lazy(re.compile, r"(?:达到?|为|是|超过|突破|增长|共|有)\d")


def after_head(text: str) -> str:
    """The first noun after a measure word: 企业 in 企业研发费用加计扣除金额达……"""
    for w, t in tag(text[:12]):
        if t.startswith(("n", "vn", "j")) and len(w) >= 2:
            return _clean(w)
        if not t.startswith(("a", "b")):
            return ""
    return ""


def topic_subject(text: str) -> str:
    """The topic a clause chain opens with: 庭州名医聚焦医、药……已遴选80名 → 庭州名医."""
    words: list[tuple[str, str]] = []
    for w, t in tag(_PAREN.sub("", text)[:20]):
        if w in "“”\"" and words:
            continue  # 庭州优秀“三农”人才
        adjective = t.startswith("a") and bool(words)  # 庭州【优秀】科技人才
        if not ((t.startswith(NOUNISH) and t != "vn") or adjective) or w in LINK or w in ACTION:
            break
        words.append((w, t))
    while words and words[-1][1].startswith(("a", "b")):
        words.pop()  # 庭州名师【主要】培养……: the topic ends with its noun
    s = _clean("".join(w for w, _ in words))
    return s if len(s) >= 2 else ""


_LEVEL = r"(?:[\p{Han}]{1,3}级|国家|中央|自治区|省市|省|市|州|县|区|乡|镇)"
_LEVEL_ITEM = lazy(regex.compile, r"(?:[\p{Han}]{1,3}级|国家|中央|自治区|省市|(?:^|[，、；：])[省市州县区乡镇])、$")
_LEVEL_PREFIX = lazy(regex.compile, rf"^{_LEVEL}(?:以上)?(?=[\p{{Han}}]{{2}})")
_PARTITIVE = lazy(regex.compile, r"^(.*[\p{Han}])中[\p{Han}]{0,5}?(?:共有|有)$")
# nouns that name an amount of money: 硕士20万元【的生活补助】
_MONEY_HEAD = lazy(re.compile, r"(?:补助|补贴|资金|基金|经费|奖金|奖励|贷款|资助|费用?|款|投资|收入|津贴|工资|价格?)$")
_SHARE_OF = lazy(re.compile, r"^(?:用于|为|是)")
_BOUNDARY = lazy(re.compile, r"[，、；：。！？,;:]")


def _bare(text: str) -> bool:
    """Only linking words and adverbs: 甚至 (上千元), 总量达 (169家)."""
    return all(w in LINK or t.startswith(("d", "p", "c", "r", "u", "m", "t", "x")) for w, t in tag(text[-12:]))


@lru_cache(maxsize=256)
def _figure_with_unit(unit: str) -> regex.Pattern[str]:
    return compile_cached(regex.compile, rf"(?:上|近|约|超过?|突破|逾)?(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)[万亿]?[余多]?{regex.escape(unit)}")


def _earlier_figure_subject(topic: str, unit: str, k: Knowledge) -> str:
    """The subject of the last figure with the same unit earlier in the clause chain:
    新认定高新技术企业75家，总量达169家 → 169家 counts 高新技术企业 too."""
    unit = unit.split("/")[0]  # 每天生产2500块光伏板，现在每天能够生产4000块
    if not unit:
        return ""
    last = None
    for last in _figure_with_unit(unit).finditer(topic):
        pass
    if last is None:
        return ""
    left = max((m.end() for m in _BOUNDARY.finditer(topic, 0, last.start())), default=0)
    right = _BOUNDARY.search(topic, last.end())
    return subject_of(topic[left:last.start()], topic[last.end():right.start() if right else len(topic)], unit,
                      "", k)


def subject_of(before: str, after: str, unit: str, topic: str, k: Knowledge) -> str:
    """Choose the side: after a measure word first; before for money, rates and percentages.

    ``topic`` is the text of the clause chain up to the figure, used when neither side
    names the thing (……已遴选65名). ``k`` gives the word lists and the region's own place
    names (its home region, its counties), which are where, not what: 昌吉州高新技术企业 →
    高新技术企业.
    """
    raw_before = before
    if "（" in before or "(" in before:
        before = _PAREN.sub("", before)
    if "（" in after or "(" in after:
        after = _PAREN.sub("", after)
    measure = unit not in ("元", "%", "‰", "个百分点", "倍", "分之") and "/" not in unit
    if unit in ("%", "‰") and after.startswith("的"):
        measure = True
    if unit == "元" and after.startswith("的"):
        s = after_subject(after)
        if _MONEY_HEAD.search(s):
            return _without_place(s, k)  # 硕士20万元的【生活补助】: the money is the subsidy
    if unit in RATE_UNITS and not before_subject(before, k):
        m = _SHARE_OF.match(after)
        if m:  # 其中40%【用于】个人生活补助: a share named by what it is for
            s = _not_place(after_subject(after[m.end():]), k)
            if s:
                return _without_place(s, k)
    first, second = (after, before) if measure else (before, after)
    if measure and _LATER_FIGURE.search(after):
        # 296家【企业】研发费用加计扣除金额达14.12亿元: the words after the measure word are the
        # subject of the later figure; this one counts only the first noun
        head = after_head(after)
        if head:
            return _without_place(head, k)
    counted = unit in CLASSIFIERS  # after 12个, a noun with a place suffix is counted
    s = _not_place(after_subject(first) if first is after else before_subject(first, k), k,
                   counted and first is after)
    from_before = first is before
    if not s and counted and first is after:
        # 832个【脱贫县】都培育出了: the tagger reads 县 as no noun; a listed kind of place is one
        s = next((w for w in k.place_kinds if len(w) > 1 and after.startswith(w)), "")
    if not s:
        s = _not_place(after_subject(second) if second is after else before_subject(second, k), k,
                       counted and second is after)
        from_before = second is before
    if not s and measure:
        # 全县110万亩棉田中有65万亩: a part counts what its whole counts
        m = _PARTITIVE.match(before)
        if m:
            s = _not_place(before_subject(m.group(1), k), k)
    if not s and topic and unit not in RATE_UNITS and not after_subject(after) and (
            unit.split("/")[0] not in ("元", "倍", "分之") or _bare(before)):
        s = _not_place(_earlier_figure_subject(topic[:len(topic) - len(raw_before)], unit, k), k)
    if not s and topic and measure:
        s = _not_place(topic_subject(topic), k)
    if (s and from_before and topic and raw_before and topic.endswith("、", 0, len(topic) - len(raw_before))
            and _LEVEL_ITEM.search(topic[:len(topic) - len(raw_before)])):
        # 国家、自治区级人才平台172个: levels enumerated before one noun count the noun
        s = _LEVEL_PREFIX.sub("", s)
    return _without_place(s, k)


def _without_place(s: str, k: Knowledge) -> str:
    """``s`` without a leading home-region name: 全州高新技术企业 → 高新技术企业."""
    first, pattern = _place_prefix(k.region_place_words)
    return pattern.sub("", s) if s[:1] in first else s


_PLACE_ONLY = lazy(regex.compile, r"^(?:全州|全市|全县|全国|我州|我市|我国|本市|[\p{Han}]{1,4}[州市县区镇乡村])$")


_NOT_SUBJECTS = {"同期", "上年同期", "去年同期", "同比", "上年", "去年", "上月", "当天", "今年", "目前"}


# the area of the paper or the country: never counted, even after a measure word
_AREA_ONLY = re.compile(r"^(?:全州|全市|全县|全国|我州|我市|我国|本市)$")


def _not_place(s: str, k: Knowledge, counted: bool = False) -> str:
    """A place is where, not what: 我州 / 全州 is never the counted thing; nor is a time
    (比上年同期增长4.1%: 同期 is what the figure is compared with).

    ``counted``: ``s`` follows a numeral and a classifier, so a noun with a place suffix is
    what is counted (12个【省区市】, 3个【乡镇】), unless it is the region's own name. Common
    nouns with a place suffix are counted things, not places: 20个试点【城市】, 5个示范【区】
    (``k.kind_of_place``, from words.yaml's place_kind_words)."""
    if s in k.region_place_words:
        return ""
    if len(s) <= 5 and not k.kind_of_place.search(s) and (  # (no place name is longer)
            _AREA_ONLY.match(s) if counted else _PLACE_ONLY.match(s)):
        return ""
    return "" if s in _NOT_SUBJECTS else s
