"""Finding codes: stable, never reused, each with a readable name and its documentation.

One explicit registry; :func:`get` raises on an unknown code.
"""
from __future__ import annotations

from typing import NamedTuple

from .records import Severity


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary_zh: str
    summary_en: str
    help_zh: str
    example_zh: str


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("FC100", "figure-consistent", "info",
         "与已发表的数字一致", "agrees with the published figure",
         "草稿中的数字与此前报道的同一事实一致。仅在 --verbose 时列出。",
         "草稿：攻克了62项关键核心技术（2024年）；已发表：攻克了……62项关键核心技术（2024年）。"),
    Rule("FC101", "figure-conflict", "error",
         "与已发表的数字不一致", "disagrees with the published figure",
         "同一事实（同一对象、地区、时间范围）在此前的报道中是另一个数字。请核对：是笔误、数字已过时，"
         "还是口径不同？若口径不同，请在数字前写明（如“2024年”“累计”）；若确为有意的差异，可写入基线文件"
         "（factcheck check --write-baseline）或在 Markdown 中加注释 <!-- factcheck: disable-next-line FC101 原因 -->。",
         "草稿：2024年遴选培育“庭州英才”260名；已发表（2024年）：遴选培育“庭州英才”220名。"),
    Rule("FC102", "scope-differs", "warning",
         "数字不同，时间口径也不同", "differs from a published figure stated for another scope",
         "同一对象此前报道过不同的数字，但两处写明的时间口径不同（如“近年来/累计”与“2024年”）。"
         "通常不是错误，但读者容易混淆：请在数字前写明口径。",
         "草稿：近年来攻克了92项关键核心技术；已发表：2024年攻克了62项关键核心技术。"),
    Rule("FC103", "sources-disagree", "warning",
         "此前的报道彼此不一致", "earlier articles disagree among themselves",
         "草稿的数字与部分已发表的报道一致，与另一些不一致：档案本身有分歧。请向来源核实后再用。",
         "已发表：攻克62项关键核心技术（2024年）；另一篇（同年）：攻克24项关键核心技术。"),
    Rule("FC201", "draft-self-conflict", "error",
         "同一稿件中同一事实数字不一致", "the draft states the same fact with different figures",
         "同一篇稿件前后两处写了同一事实，数字却不同。",
         "前文：净增高新技术企业67家；后文：净增高新技术企业76家。"),
    Rule("FC202", "parts-total-mismatch", "warning",
         "分项之和与总数不符", "the parts do not add up to the total",
         "稿件给出总数及“其中……”的分项，分项相加与总数不符。请核对总数或分项。",
         "已遴选支持595名骨干人才……其中：65名、44名、34名、38名、200名、80名、20名（合计481名）。"),
)}


def get(code: str) -> Rule:
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}; known: {', '.join(sorted(RULES))}") from None
