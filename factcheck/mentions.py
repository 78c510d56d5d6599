"""Stage 3a: find numeric mentions in normalized text and read their quantities.

Every mention gets a kind: ``claim`` (62项, 1.5亿元, 95%以上, 3—6个月), ``date``
(2024年, 12月18日, 前10个月, 近年来-like 三年来), ``ordinal`` (第二批, 十二届, 35周年, 前三强) or
``not-a-quantity`` (5G, 中棉113, 五家渠市, 千亿级). Offsets here are *normalized*.
"""
from __future__ import annotations

import re
from bisect import bisect_right, insort
from decimal import Decimal
from typing import Any, NamedTuple

import regex

from .numbers import MULTIPLIERS, adjacent_range, is_well_formed, numeral_value, step_of, to_number
from .patterns import lazy
from .records import Quantity

DIG = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CNN = r"[零〇一二两三四五六七八九十百千万亿]*[一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿]*"
NUM = rf"(?:{DIG}|{CNN})"
MULT = r"万亿|千万|百万|亿|万|千(?!瓦|克|米)|百(?!分)"

MEASURE_WORDS = (
    "个百分点 人次 场次 批次 架次 户次 个月 千瓦时 平方公里 平方千米 平方米 立方米 千瓦 兆瓦 公斤 千克 "
    "公里 千米 厘米 毫米 公顷 小时 分钟 星期 元 个 名 人 位 项 家 件 支 所 台 块 套 间 头 条 类 "
    "场 批 次 户 种 只 辆 架 座 处 份 部 篇 张 株 棵 吨 克 米 亩 度 倍 匹 年 天 周 秒 P 例 起 粒 枚 "
    "册 幅 本 组 栋 片 公里 岁 斤"
).split()
# a measure word that starts a longer word is not one: 十部门, 处长, 家庭, 名单, 项目
_NOT_AFTER = {"部": "门分署长队委级", "处": "长理置于", "家": "庭长乡属族具电园居禽", "名": "单称义片录额字誉",
              "次": "数序要日", "所": "有以在得谓属长", "项": "目", "位": "于置", "条": "件例款", "种": "植子类业"}
# The measure words as a pattern: the rest as a named list (longest first, factcheck.patterns),
# then the ones above with what must not follow them. Those are single characters that start
# no other measure word, so at any place only one of the two parts can match.
_UNIT = r"\L<units>|" + "|".join(f"{u}(?![{not_after}])" for u, not_after in _NOT_AFTER.items())
_UNITS = [u for u in dict.fromkeys(MEASURE_WORDS) if u not in _NOT_AFTER]

_PRE = r"大约|约|将近|接近|近|超过|超|突破|(?<![打跌击])破|逾|多达|最高可享受|最高可达|最高|不到|不足|低于|高于"

QUANTITY = lazy(regex.compile,
    rf"""
    (?P<pre>{_PRE}|上(?=[百千万亿])|数(?=[十百千万]))?
    (?:
        百分之(?P<pct>{NUM})
      | (?P<half>(?<=超过|过)一?半)
      | (?<=上)(?P<sbig>亿|万)(?P<sunit>元|人|名|个)
      | (?<![“"一二三四五六七八九十])(?P<da>[两三六七])大(?P<danoun>[\p{{Han}}]{{2,6}}?)(?=[，。、；“”"）为和]|$|建设|布局|一体)
      | (?P<den>{NUM})分之(?P<numer>{NUM})
      | (?P<n1>{NUM})(?P<apx1>余|多|来(?=[个名人位家]))?(?P<m1>{MULT})?(?P<apx2>余|多)?
        (?:(?P<sep>[—–~～\-至到])(?P<n2>{NUM})(?P<m2>{MULT})?(?P<apx3>余|多)?)?
        (?P<unit>%|‰|个多月|个半月|{_UNIT})  # a number without a unit or measure word is no claim
    )
    (?P<post>以上|以下|以内|之内|左右|上下|多(?=[万亿元]))?
    """,
    regex.VERBOSE,
    units=_UNITS,
)

DATE = lazy(regex.compile,
    rf"""
    (?:(?:19|20)\d{{2}}|[一二〇零○][〇零○一二三四五六七八九]{{3}})年(?:度|底|初|末)?(?:\d{{1,2}}月(?:\d{{1,2}}日)?(?:[底初末]|中旬|上旬|下旬)?)?
  | \d{{1,2}}(?:[—–\-至]\d{{1,2}})?月(?:\d{{1,2}}(?:日|号))?(?:[底初末]|中旬|上旬|下旬|份)?
  | \d{{1,2}}日
  | \d{{1,2}}时
  | (?:近|过去|连续|前|这|最近)?{NUM}(?:多|余)?(?:个)?年(?:来|以来|间|里)
  | (?:近|过去|连续|最近)(?:{NUM})(?:多|余)?(?:个)?年
  | (?:前|第)?{CNN}季度
  | (?<![提超])前{NUM}个月(?:份)?
  | [上下]半年
  | 未来{NUM}(?:多|余)?(?:个)?(?:天|日|小时|周|星期|个月|年)
  | (?:今明|明后)[两三]天
    """,
    regex.VERBOSE,
)

ORDINAL = lazy(regex.compile,
    rf"""
    第{NUM}(?:{_UNIT}|届|期|批|轮|季度|名|位)?
  | {NUM}届
  | {NUM}周年
  | (?<=届){NUM}次
  | (?<=届[^，。；：、\d]{{1,12}}){NUM}次(?=(?:全体)?会议|全会)
  | 前{NUM}(?:强|名|位)
  | (?<![\d一二三四五六七八九十])[一二三四五六七八九十]是
  | [一二三四五六七八九十]+级(?!以上)
  | [一二三四五六七八九十]等奖
  | (?<=党的)[一二三四五六七八九十]+大
    """,
    regex.VERBOSE,
    units=_UNITS,
)

# Mentions that contain digits but are names, codes, grades or references; a quoted short
# name that begins with a count (“两个确立”, “四个意识”, “十四个坚持”: slogans count nothing).
NOT_QUANTITY = lazy(regex.compile,
    rf"""
    [A-Za-z]+\d+[A-Za-z\d]*型? | \d+[A-Za-z]+(?![\p{{Han}}]) | \d+[A-Za-z]+\d*(?=[A-Za-z”]|型)
  | (?:\d+|[零〇一二两三四五六七八九十百千万亿]*)(?:万|千|百|亿)(?:吨|米|亿|元)?级
  | 下转\d+版 | 转\d+版
  | \d+(?:\+[\dA-Za-z]+)+ | [A-Za-z]\+\d+
  | (?<=[“"]){NUM}(?=[”"])
  | (?<=“){NUM}(?=[个项大条种点类位]\p{{Han}}{{1,5}}”)
  | (?<=[\p{{Han}}])\d{{2,}}(?=[”"])
    """,
    regex.VERBOSE,
)

# The mentions that are not claims, found first; each pattern with the characters one of
# which every match of it holds (in it or in a lookbehind), so that a text without any of
# them needs no scan, nor the pattern compiled (an undated draft without ordinals).
_NOT_CLAIMS = (
    ("not-a-quantity", NOT_QUANTITY, "级版+“\"”ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
    ("date", DATE, "年月日时季天周期"),
    ("ordinal", ORDINAL, "第届前是级奖大周"),
)

_FIRST_NUMERAL = lazy(re.compile, r"[\d零〇一二两三四五六七八九十百千半]")
_DIGIT_RUN = lazy(regex.compile, r"\d+(?:[.,]\d+)*")
_RATE_BEFORE = lazy(regex.compile, r"(?:每(?P<per>年|月|天|日|周|亩|人|台|户|家|公顷|小时)|(?P<year>年)(?:产|均|加工能力))[^，。；、：\d]{0,8}$")


_ENUM_GAP = lazy(re.compile, r"[^，。；：！？\d]{0,12}")


def _in_title(text: str, pos: int) -> bool:
    """Inside a 《title》: 《…三年行动方案》 names a document, it counts nothing."""
    open_ = text.rfind("《", max(0, pos - 40), pos)
    return open_ != -1 and text.find("》", open_, pos) == -1


class RawMention(NamedTuple):
    start: int  # normalized offset of the numeral's first character
    end: int
    match_start: int  # including a prefix such as 突破
    kind: str
    quantity: Quantity | None = None


def _scaled(num: str, mult: str | None) -> Decimal:
    value = numeral_value(num)
    return value * MULTIPLIERS[mult] if mult else value


# QUANTITY's group names in group order: ``dict(zip(…, m.groups()))`` is m.groupdict(), at a
# fifth of the cost
_QUANTITY_GROUPS = tuple(sorted(QUANTITY.groupindex, key=QUANTITY.groupindex.__getitem__))


def _quantity(g: dict[str, Any], text: str, match_start: int) -> Quantity | None:
    """The quantity of a QUANTITY match with the groups ``g``, at ``match_start`` in ``text``."""
    pre, post = g["pre"] or "", g["post"] or ""
    if g["pct"]:
        v = numeral_value(g["pct"])
        low, high, unit, stated = v, v, "%", "exact"
    elif g["half"]:
        return Quantity(0.5, None, "分之", "lower-bound")
    elif g["sbig"]:
        v = MULTIPLIERS[g["sbig"]]
        low, high, unit, stated = v, v * 10, g["sunit"], "approx"
        pre = ""
    elif g["da"]:
        v = numeral_value(g["da"])
        return Quantity(to_number(v), to_number(v), g["danoun"], "exact")
    elif g["den"]:
        den = numeral_value(g["den"])
        if not den:
            return None  # 0分之5 is no fraction (a typo or a code): no quantity
        v = numeral_value(g["numer"]) / den
        low, high, unit, stated = v, v, "分之", "exact"
    else:
        unit = g["unit"] or ""
        if not unit and not (g["m1"] and unit) and pre not in ("上", "数"):
            return None
        n1, m1 = g["n1"], g["m1"]
        if not is_well_formed(n1) or (g["n2"] and not is_well_formed(g["n2"])):
            return None
        apx = g["apx1"] or g["apx2"] or ""
        if unit in ("个多月",):
            unit, apx = "个月", apx or "多"
        if unit == "个半月":
            unit = "个月"
        if m1 is None and g["n2"] and g["m2"]:
            m1 = g["m2"]  # 20—40万元: the multiplier is shared
        pair = adjacent_range(n1) if not n1[0].isdigit() else None
        if g["n2"]:
            low, high, stated = _scaled(n1, m1), _scaled(g["n2"], g["m2"]), "range"
            if g["apx3"]:
                high = high + step_of(numeral_value(g["n2"])) * (MULTIPLIERS[g["m2"]] if g["m2"] else 1)
            if low > high:
                return None  # 13—6个月 is no range (a number run into a date or a code)
        elif pair:
            mult = MULTIPLIERS[m1] if m1 else Decimal(1)
            low, high, stated = pair[0] * mult, pair[1] * mult, "range"
        else:
            v = _scaled(n1, m1)
            low = high = v
            stated = "exact"
            if apx:
                step = step_of(numeral_value(n1)) * (MULTIPLIERS[m1] if m1 else 1)
                low, high, stated = v, v + step, "approx"
        if unit == "元" and m1 is None and not g["n2"] and n1 and not n1[0].isdigit():
            pass
        if pre == "上":
            low, high, stated = low, low * 10, "approx"
        elif pre == "数":
            low, high, stated = low * 2, low * 10, "approx"
    if pre in ("约", "大约") or post in ("左右", "上下"):
        low, high, stated = low * Decimal("0.95"), high * Decimal("1.05"), "approx"
    elif pre in ("超过", "超", "突破", "破", "逾", "多达", "高于") or post == "以上":
        high, stated = None, "lower-bound"
    elif pre in ("近", "将近", "接近", "不到", "不足", "低于", "最高", "最高可达", "最高可享受") or post in ("以下", "以内", "之内"):
        low, stated = None, "upper-bound"
    if post == "多":  # 1.5多万元 (rare): treat as approx
        stated = "approx"
    before = text[max(0, match_start - 8):match_start]
    rate = _RATE_BEFORE.search(before) if "每" in before or "年" in before else None
    if rate and unit and unit not in ("%", "‰", "倍"):
        per = rate.group("per") or "年"
        unit, stated = f"{unit}/{per}", stated if stated != "exact" else "rate"
    return Quantity(to_number(low), to_number(high), unit, stated)


def _numeral_start(m: regex.Match[str], g: dict[str, Any]) -> int:
    for name in ("half", "pct", "den", "n1", "sbig", "da"):
        if g[name]:
            return m.start(name)
    return m.start()


# Every mention holds a numeral character, and none holds a clause or line end, so the
# patterns only need to see the clauses with a numeral in them.
_NUMERAL_RUN = lazy(re.compile, r"[\d零〇○一二两三四五六七八九十百千万亿半]+")
_CLAUSE_END = lazy(re.compile, "[，。；：！？\n]")


class _NumeralClauses:
    """The clauses of a text that hold a numeral, each with the clause end on either side,
    joined into one shorter text to scan. A pattern finds in it what it finds in the whole
    text (its lookarounds stop at the clause ends there as they do in the text), at
    positions that :meth:`shift` maps back."""

    def __init__(self, text: str) -> None:
        ends = [m.start() for m in _CLAUSE_END.finditer(text)]
        runs = [m.start() for m in _NUMERAL_RUN.finditer(text)]
        spans: list[tuple[int, int]] = []
        k = 0
        while k < len(runs):
            e = bisect_right(ends, runs[k])
            start = ends[e - 1] if e > 0 else 0  # the clause end before it, kept
            end = ends[e] + 1 if e < len(ends) else len(text)  # and the one after it
            if spans and start < spans[-1][1]:  # (they share a clause end)
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
            k = bisect_right(runs, end - 1, k)
        self.starts: list[int] = []  # of each clause in the joined text
        self.shifts: list[int] = []  # text position - joined position
        joined = 0
        for start, end in spans:
            self.starts.append(joined)
            self.shifts.append(start - joined)
            joined += end - start
        # "。" at the end when the text goes on: $ must not match before a last line break
        self.text = "".join(text[s:e] for s, e in spans) + ("。" if spans and spans[-1][1] < len(text) else "")

    def shift(self, pos: int) -> int:
        return self.shifts[bisect_right(self.starts, pos) - 1]


def find_mentions(text: str) -> list[RawMention]:
    """All numeric mentions in normalized ``text``, in order, non-overlapping."""
    taken: list[tuple[int, int]] = []  # kept sorted and non-overlapping
    out: list[RawMention] = []

    def free(s: int, e: int) -> bool:
        k = bisect_right(taken, (s, len(text) + 1))
        if k > 0 and taken[k - 1][1] > s:
            return False
        return k >= len(taken) or taken[k][0] >= e

    clauses = _NumeralClauses(text)
    for kind, pattern, needs in _NOT_CLAIMS:
        if not any(ch in clauses.text for ch in needs):
            continue  # (it cannot match: not compiled, not run)
        for m in pattern.finditer(clauses.text):
            d = clauses.shift(m.start())
            m_start, m_end = m.start() + d, m.end() + d
            if m_end > m_start and free(m_start, m_end):
                insort(taken, (m_start, m_end))
                first = _FIRST_NUMERAL.search(text, m_start, m_end)
                start = first.start() if first else m_start
                out.append(RawMention(start, m_end, m_start, kind))
    prev: RawMention | None = None  # the last claim
    for m in QUANTITY.finditer(clauses.text):
        if m.end() == m.start():
            continue
        d = clauses.shift(m.start())
        m_start, m_end = m.start() + d, m.end() + d
        g = dict(zip(_QUANTITY_GROUPS, m.groups()))
        start = _numeral_start(m, g) + d
        if not free(start, m_end):
            continue
        q = _quantity(g, text, m_start)
        if q is None:
            continue
        if _in_title(text, start):
            out.append(RawMention(start, m_end, m_start, "not-a-quantity"))
            continue
        if (prev and prev.quantity and prev.quantity.stated == "upper-bound" and q.stated == "exact"
                and _ENUM_GAP.fullmatch(text[prev.end:m_start]) and "、" in text[prev.end:m_start]):
            q = Quantity(None, q.high, q.unit, "upper-bound")
        prev = RawMention(start, m_end, m_start, "claim", q)
        out.append(prev)
    out.sort(key=lambda r: r.start)
    return out
