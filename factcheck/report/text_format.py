"""``--format text``: for editors, Chinese by default, grouped by file.

    fixtures/drafts/talent.md:7:12: error FC101 “庭州英才”写作 260名，此前报道为 220名（…）
        草稿：……遴选培育“庭州英才”【260名】……
        来源：昌吉州发布2024年度人才培养重点成果（2024-12-19）fixtures/seeds/000….txt:66
              ……遴选培育“庭州英才”【220名】……
        口径：草稿 2024年；来源 2024年
"""
from __future__ import annotations

import os
from itertools import groupby
from typing import TextIO

from ..api import CheckResult
from ..dating import date_label
from ..positions import figure_offset
from ..reading import display_path
from ..records import Finding, Why

_LABELS = {
    "zh": {"draft": "草稿：", "source": "来源：", "error": "错误", "warning": "警告", "info": "提示",
           "summary": "共检查 {files} 个文件、{claims} 个数字：{error} 个错误，{warning} 个警告",
           "clean": "共检查 {files} 个文件、{claims} 个数字：未发现与已发表数字的冲突",
           "unreadable": "共检查 {files} 个文件、{claims} 个数字：{error} 个错误，{warning} 个警告；{unread} 个文件无法读取，未检查",
           "skipped": "已跳过：{path}", "unsupported": "已跳过：{path}：不支持的文件类型 {suffix}", "hidden": "（另有 {suppressed} 个已由注释忽略，{accepted} 个已在基线文件中接受）"},
    "en": {"draft": "draft: ", "source": "source: ", "error": "error", "warning": "warning", "info": "info",
           "summary": "checked {files} file(s), {claims} figure(s): {error} error(s), {warning} warning(s)",
           "clean": "checked {files} file(s), {claims} figure(s): no disagreement with published figures",
           "unreadable": "checked {files} file(s), {claims} figure(s): {error} error(s), {warning} warning(s); "
                         "{unread} file(s) could not be read and were not checked",
           "skipped": "skipped: {path}", "unsupported": "skipped: {path}: unsupported file type {suffix}",
           "hidden": "({suppressed} more suppressed by comments, {accepted} accepted in the baseline file)"},
}


_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m", "path": "\x1b[1m"}
_RESET = "\x1b[0m"


def use_colour(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Colour only on a terminal: ``NO_COLOR`` turns it off, ``FORCE_COLOR`` on, ``TERM=dumb`` off."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _paint(text: str, key: str, colour: bool) -> str:
    return f"{_COLOURS[key]}{text}{_RESET}" if colour else text


def mark(sentence: str, figure: str, width: int = 70) -> str:
    """The sentence with the figure marked 【…】, shortened around it."""
    i = figure_offset(sentence, figure)
    if i < 0:
        return sentence[:width]
    left = max(0, i - width // 2)
    right = min(len(sentence), i + len(figure) + width // 2)
    out = sentence[left:i] + "【" + figure + "】" + sentence[i + len(figure):right]
    return ("……" if left else "") + out + ("……" if right < len(sentence) else "")


_WHY = {"zh": ("依据", "比较"), "en": ("why", "compared")}
_FIELD_NAMES = {"subject": "对象", "owner": "归属", "place": "地区", "period": "口径", "as_of": "截至",
                "qualifier": "性质", "plan": "计划/结果", "occasion": "场合", "date": "日期",
                "neighbours": "同句其他数字"}


def why_lines(why: Why | None, lang: str, indent: str = "    ") -> list[str]:
    """The rules that decided (→ in order) and the fields compared, draft | source."""
    if why is None:
        return []
    label, compared = _WHY.get(lang, _WHY["zh"])
    rules = " → ".join(f"{r.rule} {r.name}" + (f"（{r.detail}）" if lang == "zh" else f" ({r.detail})") * bool(r.detail)
                       for r in why.rules)
    fields = "；".join(f"{_FIELD_NAMES.get(n, n) if lang == 'zh' else n} {a} | {b}" for n, a, b in why.fields)
    return [f"{indent}{label}：{rules}" if lang == "zh" else f"{indent}{label}: {rules}",
            f"{indent}{compared}：{fields}" if lang == "zh" else f"{indent}{compared}: {fields}"]


def _finding(f: Finding, lang: str, colour: bool = False, why: bool = False) -> list[str]:
    L = _LABELS[lang]
    c = f.claim
    where = _paint(f"{c.path}:{c.line}:{c.column}:", "path", colour) + (f" ({c.location})" if c.location else "")
    lines = [f"{where} {_paint(L[f.severity], f.severity, colour)} {f.code} {f.message}",
             f"    {L['draft']}{mark(c.sentence, c.text)}"]
    for s in f.sources:
        when = date_label(s.date, s.date_source, lang)
        dated = (f"（{when}）" if lang == "zh" else f" ({when}) ") if when else " "
        place = f" ({s.location})" if s.location else ""
        lines.append(f"    {L['source']}{s.title}{dated}{s.path}:{s.line}{place}")
        lines.append(f"          {mark(s.sentence, s.text)}")
    if f.note:
        lines.append(f"    {f.note}")
    if why:
        lines.extend(why_lines(f.why, lang))
    return lines


def render(result: CheckResult, lang: str = "zh", colour: bool = False, why: bool = False) -> str:
    """The human report; ``why`` (``-v``) adds each finding's rules and fields compared."""
    L = _LABELS[lang]
    out: list[str] = []
    for path, group in groupby(result.findings, key=lambda f: f.claim.path):
        for f in group:
            out.extend(_finding(f, lang, colour, why))
        out.append("")
    for e in result.errors:
        out.append(L["skipped"].format(path=str(e)))
    for s in result.unsupported:
        out.append(L["unsupported"].format(path=display_path(s.path), suffix=s.path.suffix or "(none)"))
    out.extend(result.notices)
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        counts[f.severity] += 1
    key = "unreadable" if result.errors else "summary" if counts["error"] or counts["warning"] else "clean"
    out.append(L[key].format(files=len(result.files), claims=result.claims_checked, unread=len(result.errors), **counts))
    if result.suppressed or result.accepted:
        out.append(L["hidden"].format(suppressed=result.suppressed, accepted=result.accepted))
    return "\n".join(out) + "\n"
