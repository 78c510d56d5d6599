"""The counted thing: the subject of a figure, on either side of the number.

``62项关键核心技术`` → 关键核心技术 (after a measure word); ``高新技术企业达到277家`` →
高新技术企业 (before, across the verb); ``遴选培育“庭州英才”220名`` → 庭州英才 (a quoted
name right before the number); ``授信金额为1.5亿元`` → 授信金额.
"""
from __future__ import annotations

import regex

from .tokenizer import tag

# Linking words between a subject and its number, skipped: 高新技术企业【达到】277家.
LINK = set(
    "达到 达 为 是 有 共 共有 共计 约 近 累计 已 总量 总数 合计 计 增至 已达 目前 拥有 分别 均 总计 "
    "多达 将近 接近 不到 不足 大约 还 再 又 仅 就 也 都 一共 已经 达到了 累计达 总量达 增长 同比增长 "
    "同比 增幅 提高 下降 减少 占比 占 增加 增加到 提高到 提高至 较 比 超过 超 突破 逾 年均 平均 "
    "人数 数量 规模 全部".split()
)
# Action verbs: the subject is not before them (州党委【设立】5亿元创新创业引导基金).
ACTION = set(
    "遴选 遴选支持 支持 遴选培育 培育 入选 推荐 引进 认定 新认定 新增 净增 获批 建成 建设 荣获 获得 "
    "争取 投入 兑现 发放 选派 选拔 组建 实施 举办 开展 吸引 推动 帮助 解决 柔性 攻克 填补 申报 设立 "
    "立项 培养 扶持 签订 打造 共建 引领 带动 实现 完成 提供 给予 安排 拿出 享受 减免 推广 转化 "
    "建立 成立 新建 出台 制定 启动 开通 达成 聚焦 选择 挂牌 承担 累积 申请 登记 生产 引育 创造 育成 "
    "称 显示 发布 公布 表示 指出 强调 通报 报道 获悉 了解到 介绍 宣布 透露 数据显示 统计".split()
)
# Verbs that name a quantity after a noun: 财政科技【投入】3.22亿元, 江苏【出口】船舶.
NOMINAL_VERBS = set("投入 投资 收入 支出 出口 进口 消费 成交 销售 营收 产出 贷款 融资 补贴 资助 奖补".split())
ACTION -= NOMINAL_VERBS
STOP_AFTER = set("与 和 及 在 对 被 为 是 将 已 由 从 向 到 于 等 了 着 中 上 下 里 达 荣获 获得 "
                 "签订 实现 进行 参与 参加 完成 建立 开展 提供 用于 支持 实施 入选 来自 均 都 的 "
                 "就 也 还 被 让 使 把 给 比 较 同比 增长 其中 分别 共同 并 或 以及 为了 通过".split())
NOUNISH = ("n", "vn", "b", "j", "l", "eng", "nz", "nt", "ns", "nr", "an", "i", "g", "ng", "nrt", "nrfg", "s")
_QUOTED_END = regex.compile(r"[“\"]([^“”\"]{1,20})[”\"]$")
_QUOTED_START = regex.compile(r"^[“\"]([^“”\"]{1,20})[”\"]")
_CLEAN = regex.compile(r"[“”\"‘’《》（）()\s]")
MAX_LEN = 16


def _clean(s: str) -> str:
    return _CLEAN.sub("", s)


def after_subject(text: str) -> str:
    """Noun phrase at the start of ``text`` (the words after a measure word)."""
    text = text.lstrip("的")
    q = _QUOTED_START.match(text)
    if q:
        rest = after_subject(text[q.end():]) if not text[q.end():q.end() + 1] in "、，。；" else ""
        return _clean(q.group(1) + rest)[:MAX_LEN]
    words: list[tuple[str, str]] = []
    for w, t in tag(text[:24]):
        if w in ("级", "级以上") and words:
            words.append((w, "b"))
            continue
        if w in STOP_AFTER or w in "、，。；：！？,;:" or t.startswith(("p", "c", "u", "d", "r", "m", "q", "y", "f")):
            break
        if t == "x" and w not in "“”\"（）()":
            break
        words.append((w, t))
        if sum(len(x) for x, _ in words) >= MAX_LEN:
            break
    while words and not (words[-1][1].startswith(NOUNISH) or words[-1][0] in "”\""):
        words.pop()
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


def before_subject(text: str) -> str:
    """Noun phrase at the end of ``text`` (the words before a number), linking words skipped."""
    text = text.rstrip()
    q = _QUOTED_END.search(text)
    if q:
        return _clean(q.group(1))
    tagged = _merge_levels(list(tag(text[-24:]))) if text else []
    while tagged and (tagged[-1][0] in LINK or tagged[-1][1] in ("p", "d", "ul", "uj", "m")):
        tagged.pop()
        q = _QUOTED_END.search("".join(w for w, _ in tagged))
        if q:
            return _clean(q.group(1))
    words: list[str] = []
    for w, t in reversed(tagged):
        if w in ACTION or w in LINK:
            break
        if w in "”\"“":
            words.insert(0, w)
            continue
        nounish = t.startswith(NOUNISH) or (w in ("各类", "各级") and words)
        verb_inside = t.startswith("v") and len(w) >= 2 and (bool(words) or w in NOMINAL_VERBS)
        if not (nounish or verb_inside):
            break
        words.insert(0, w)
        if sum(len(x) for x in words) >= MAX_LEN:
            break
    return _clean("".join(words))


_PAREN = regex.compile(r"（[^（）]{0,12}）|\([^()]{0,12}\)")
_PLACE_PREFIX = regex.compile(r"^(?:全州|全市|全县|全疆|我州|昌吉州|昌吉市|区、州|州)(?=[\p{Han}]{2})(?!级)")


_LATER_FIGURE = regex.compile(r"(?:达到?|为|是|超过|突破|增长|共|有)\d")


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
    words: list[str] = []
    for w, t in tag(_PAREN.sub("", text)[:20]):
        if not (t.startswith(NOUNISH) and t != "vn") or w in LINK or w in ACTION:
            break
        words.append(w)
    return _clean("".join(words)) if len("".join(words)) >= 2 else ""


def subject_of(before: str, after: str, unit: str, topic: str = "") -> str:
    """Choose the side: after a measure word first; before for money, rates and percentages.

    ``topic`` is the text of the clause chain up to the figure, used when neither side
    names the thing (……已遴选65名).
    """
    before, after = _PAREN.sub("", before), _PAREN.sub("", after)
    measure = unit not in ("元", "%", "‰", "个百分点", "倍", "分之") and "/" not in unit
    if unit in ("%", "‰") and after.startswith("的"):
        measure = True
    first, second = (after, before) if measure else (before, after)
    if measure and _LATER_FIGURE.search(after):
        # 296家【企业】研发费用加计扣除金额达14.12亿元: the words after the measure word are the
        # subject of the later figure; this one counts only the first noun
        head = after_head(after)
        if head:
            return _PLACE_PREFIX.sub("", head)
    s = _not_place(after_subject(first) if first is after else before_subject(first))
    if not s:
        s = _not_place(after_subject(second) if second is after else before_subject(second))
    if not s and topic and measure:
        s = _not_place(topic_subject(topic))
    return _PLACE_PREFIX.sub("", s)


_PLACE_ONLY = regex.compile(r"^(?:全州|全市|全县|全疆|全国|我州|我市|我国|本市|昌吉州|昌吉市|[\p{Han}]{1,4}[州市县区镇乡村])$")


_NOT_SUBJECTS = {"同期", "上年同期", "去年同期", "同比", "上年", "去年", "上月", "当天", "今年", "目前"}


def _not_place(s: str) -> str:
    """A place is where, not what: 我州 / 全州 is never the counted thing; nor is a time
    (比上年同期增长4.1%: 同期 is what the figure is compared with)."""
    return "" if _PLACE_ONLY.match(s) or s in _NOT_SUBJECTS else s
