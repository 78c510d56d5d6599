"""Stage 6c, inside one draft: a total, then 其中 and its parts, that do not add up (FC202).

Pure functions over a draft's claims in order; the figures are found where they stand in
their sentence (:func:`_spans`), the list read by the marks between its parts.
"""
from __future__ import annotations

from collections.abc import Sequence

import regex

from . import rules
from .patterns import lazy
from .positions import figure_offset
from .records import Claim, Finding, Source


_PARTS_MARK = lazy(regex.compile, r"^[^，。；：\d]{0,8}[，,：:]?其中")
_SEPARATOR = lazy(regex.compile, r"[，,。；;、]")  # the first after a part says how the next is joined
_COLON_LIST = lazy(regex.compile, r"^[^，。；：\d]{0,8}[，,：:]?其中[：:]")
_IN_PARENS = lazy(regex.compile, r"^[^，。；：\d（(]{0,8}[（(]其中")
_LIST_END = lazy(regex.compile, r"[；;]")
_EACH = lazy(regex.compile, r"([^，,。；;]*)各$")


def _head(claims: Sequence[Claim], spans: list[tuple[int, int]], i: int) -> int | None:
    """The figure whose parts follow 其中: the one right before it, or, when that one stands in
    brackets after the total (296例（已治愈出院病例295例、死亡病例1例），其中：福州市72例、…), the
    one before the brackets."""
    sentence = claims[i].sentence
    if _depth(sentence[:spans[i][0]]) <= 0:
        return i
    for k in range(i - 1, -1, -1):
        if claims[k].sentence != sentence or spans[k][0] < 0:
            return None
        if _depth(sentence[:spans[k][0]]) <= 0:
            return k
    return None


_JOINED = lazy(regex.compile, r"[和与及]")  # 男性10人和女性5人: parts joined by a word
_NAMES = lazy(regex.compile, r"[和与及、]")  # 襄阳市和宜昌市, 襄阳市、宜昌市: places named together
_LABEL_END = lazy(regex.compile, r"[^，,。；;：:、（）()\s\d]{2,}$")


def _label(claims: Sequence[Claim], spans: list[tuple[int, int]], k: int) -> str:
    """The words right before figure ``k`` in its clause (处分 of 处分1647人)."""
    sentence = claims[k].sentence
    begin = max(0, spans[k - 1][1]) if k and claims[k - 1].sentence == sentence else 0
    m = _LABEL_END.search(sentence[begin:spans[k][0]])
    return m.group() if m else ""


def _named_head(claims: Sequence[Claim], spans: list[tuple[int, int]], head: int, tail: str) -> int:
    """The figure 其中 breaks down, when the words right after 其中 begin with an earlier
    figure's (the longest end of its words), in the same part of the sentence (no ； between),
    better than the one right before it: 处分1647人，移送
    司法机关73人，其中，处分厅局级干部54人、县处级285人 (1647); 新增确诊病例5例，新增治愈出院病例1例，
    其中：新增确诊病例中，贵阳市1例 (5)."""
    sentence = claims[head].sentence
    after = tail[tail.find("其中") + 2:].lstrip("，,：: ")[:24]

    def named(k: int) -> int:
        label = _label(claims, spans, k)
        return max((n for n in range(2, len(label) + 1) if after.startswith(label[-n:])), default=0)

    best, score = head, named(head)
    for k in range(head - 1, -1, -1):
        if claims[k].sentence != sentence or spans[k][0] < 0 or _LIST_END.search(sentence[spans[k][1]:spans[head][0]]):
            break  # not across a ； (确诊病例84例，其中福州市24例…；疑似病例94例，其中福州市40例…)
        n = named(k)
        if n > score and claims[k].unit == claims[head].unit:
            best, score = k, n
    return best


def _each(between: str) -> int:
    """How many parts one figure stands for: 襄阳市和宜昌市各1例, 、襄阳市、宜昌市各1例 → 2; else 1."""
    m = _EACH.search(between.rstrip())
    names = [x for x in _NAMES.split(m.group(1)) if x.strip()] if m else []
    return len(names) or 1


def _cut_off(rest: str) -> bool:
    """The text after a list's last part shows the list incomplete: cut off where a page
    ends (其中：武汉市50006例、孝感市3518例、黄冈市2907例、 ; ……蚌埠1例、黄...), or said to go on
    (其中武汉市50例、孝感市20例等)."""
    return rest.rstrip().endswith(("、", "...", "…")) or rest.lstrip().startswith("等")


def _selection(parts: float, total: float) -> bool:
    """Parts that account for less than half of the total are notable ones picked out, not a
    breakdown (目前仍在院治疗2567例，其中重症563例、危重症127例); unless the total is the parts
    ten or a hundred times over (a slip of the point: V02's argument)."""
    if parts <= 0 or parts >= total / 2:
        return False
    ratio = total / parts
    return not any(abs(ratio - 10 ** k) < 1e-9 * ratio for k in range(1, 5))


def _depth(text: str) -> int:
    """Brackets open at the end of ``text``."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _spans(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """Where each claim stands in its sentence, as extraction recorded it; for a claim built by
    hand, found in order (the 4例 of 张家口市4例, not the one inside 14例 earlier in the
    sentence); (-1, -1) when not found."""
    out: list[tuple[int, int]] = []
    for i, c in enumerate(claims):
        start = out[-1][1] if i and claims[i - 1].sentence == c.sentence and out[-1][1] >= 0 else 0
        at = c.features.at if c.features is not None and c.features.at >= start else -1
        if at < 0:  # not recorded (built by hand): the next occurrence, not inside a longer number
            at = figure_offset(c.sentence, c.text, start)
        out.append((at, at + len(c.text)) if at >= 0 else (-1, -1))
    return out


def parts_total(claims: Sequence[Claim], lang: str = "zh") -> list[Finding]:
    """A total, then 其中 and its parts, one enumeration, that do not add up.

    专利奖9项，其中一等奖1项、二等奖2项、三等奖6项 adds up; 已遴选支持595名骨干人才……
    下设7个子项目，其中：……，已遴选65名；……已遴选20名 (481) does not. Parts joined by 、, or by
    ； after 其中：, are one division; parts said in clauses of their own are subsets:
    现有在院隔离治疗93例，其中重症10例，危重症3例; 累计报告确诊病例265例，其中死亡3例，现有重症
    病例19例，累计治愈出院54例. A part of a part in brackets (银川市9例（兴庆区3例、…）) is not
    counted, and a ； after a 、-list ends it (其中南宁市3例、北海市1例；新增疑似病例79例). The
    total is the figure before 其中, or before the brackets that end there (296例（……死亡病例1例），
    其中), or the earlier one whose words 其中 repeats (处分1647人，移送司法机关73人，其中，处分……);
    a part said of several places (襄阳市和宜昌市各1例) counts for each; two figures with no mark
    between them (从132万人增加至150万人) are no list; parts that make less than half of the total
    are picked out, not a breakdown (在院治疗2567例，其中重症563例、危重症127例); a list cut off
    where the page ends (……黄冈市2907例、) is not summed.
    """
    out: list[Finding] = []
    spans = _spans(claims)
    for i, marker in enumerate(claims):
        tail = marker.sentence[spans[i][1]:] if spans[i][1] >= 0 else ""
        # (its literal first: without 其中 the pattern is neither compiled nor run)
        if "其中" not in tail[:16] or not _PARTS_MARK.match(tail[:16]):
            continue
        head = _head(claims, spans, i)
        if head is None:
            continue
        head = _named_head(claims, spans, head, tail)
        parts, weights, last = _list_after(claims, spans, i, spans[head][1], tail)
        if len(parts) < 2 or _cut_off(marker.sentence[spans[last][1]:]):
            continue
        unit = parts[0].unit
        first = claims[head]
        total = first if first.unit == unit else next(
            (c for c in reversed(claims[max(0, head - 6):head]) if c.unit == unit and c.quantity.is_exact
             and first.line - c.line <= 12), None)
        if total is None or not total.quantity.is_exact or unit in ("%", "元"):
            continue
        s = sum(float(p.low) * w for p, w in zip(parts, weights))  # type: ignore[arg-type]
        expected = float(total.low)  # type: ignore[arg-type]
        if abs(s - expected) <= 1e-9 or _selection(s, expected):
            continue
        srcs = tuple(Source(p.path, p.article_title, p.date, p.line, p.column, p.text, p.sentence,
                            p.quantity, p.scope, p.place, p.subject) for p in parts)
        total_s = int(s) if s.is_integer() else s
        terms = "+".join(p.text.rstrip(unit) for p in parts)
        msg = (f"{total.text} 的分项 {terms} 合计为 {total_s}{unit}，与总数不符" if lang == "zh"
               else f"the parts of {total.text} ({terms}) add up to {total_s}{unit}")
        out.append(Finding("FC202", rules.get("FC202").severity, msg, total, srcs))
    return out


def _list_after(claims: Sequence[Claim], spans: list[tuple[int, int]], i: int, start: int,
                tail: str) -> tuple[list[Claim], list[int], int]:
    """The parts listed after 其中, which follows claim ``i`` (``tail``: its sentence from the
    end of that figure; ``start``: where the total ends in the sentence); how many parts each
    stands for (襄阳市和宜昌市各1例: 2); and the index of the last. No parts when the list is
    not one division (其中重症10例，危重症3例: subsets in clauses of their own)."""
    parts: list[Claim] = []
    weights: list[int] = []
    last = i
    in_parens = bool(_IN_PARENS.match(tail))  # 145个（其中国家级28个）; not 6例，其中：哈尔滨市3例（其中……）
    close = tail.find("）") if in_parens else -1
    colon_list = bool(_COLON_LIST.match(tail[:16]))
    joined = ""  # how the parts are joined: 、 or ； (其中：…；…；…)
    sentence = claims[i].sentence
    for j, c in enumerate(claims[i + 1:], i + 1):
        if c.sentence != sentence or (parts and c.unit != parts[0].unit) or spans[j][0] < 0:
            break
        if in_parens and close >= 0 and spans[j][0] - start > close:
            break  # 145个（其中国家级28个），异地研发平台21个: the part list ends at the bracket
        between = sentence[spans[j - 1][1] if parts else start:spans[j][0]]
        if _depth(sentence[start:spans[j][0]]) > (1 if in_parens else 0):
            continue  # 银川市9例（兴庆区3例、…）: a part of a part
        if parts:
            sep = _SEPARATOR.search(between)
            if sep is None and not _JOINED.search(between):
                break  # 从132万人增加至150万人: one part's change, not two parts
            mark = sep.group() if sep else "、"
            if mark in "，,。":
                return [], [], last  # 其中重症10例，危重症3例: parts in clauses of their own are subsets
            mark = "；" if mark in "；;" else "、"
            if joined == "；" and mark == "、":
                mark = "；"  # 其中：美国1例；菲律宾1例、英国1例: a group inside a ；-list
            if mark == "；" and not colon_list or joined and mark != joined:
                break  # 其中南宁市3例、北海市1例；新增疑似病例79例: the list has ended
            joined = mark
        if c.quantity.stated != "exact":
            return [], [], last
        parts.append(c)
        weights.append(_each(between))
        last = j
    return parts, weights, last
