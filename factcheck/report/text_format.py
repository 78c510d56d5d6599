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
from ..records import Finding

_LABELS = {
    "zh": {"draft": "草稿：", "source": "来源：", "error": "错误", "warning": "警告", "info": "提示",
           "summary": "共检查 {files} 个文件、{claims} 个数字：{error} 个错误，{warning} 个警告",
           "clean": "共检查 {files} 个文件、{claims} 个数字：未发现与已发表数字的冲突",
           "skipped": "已跳过：{path}", "hidden": "（另有 {suppressed} 个已由注释忽略，{accepted} 个已在基线文件中接受）"},
    "en": {"draft": "draft: ", "source": "source: ", "error": "error", "warning": "warning", "info": "info",
           "summary": "checked {files} file(s), {claims} figure(s): {error} error(s), {warning} warning(s)",
           "clean": "checked {files} file(s), {claims} figure(s): no disagreement with published figures",
           "skipped": "skipped: {path}",
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
    i = sentence.find(figure)
    if i < 0:
        return sentence[:width]
    left = max(0, i - width // 2)
    right = min(len(sentence), i + len(figure) + width // 2)
    out = sentence[left:i] + "【" + figure + "】" + sentence[i + len(figure):right]
    return ("……" if left else "") + out + ("……" if right < len(sentence) else "")


def _finding(f: Finding, lang: str, colour: bool = False) -> list[str]:
    L = _LABELS[lang]
    c = f.claim
    where = _paint(f"{c.path}:{c.line}:{c.column}:", "path", colour) + (f" ({c.location})" if c.location else "")
    lines = [f"{where} {_paint(L[f.severity], f.severity, colour)} {f.code} {f.message}",
             f"    {L['draft']}{mark(c.sentence, c.text)}"]
    for s in f.sources:
        dated = (f"（{s.date}）" if lang == "zh" else f" ({s.date}) ") if s.date else " "
        place = f" ({s.location})" if s.location else ""
        lines.append(f"    {L['source']}{s.title}{dated}{s.path}:{s.line}{place}")
        lines.append(f"          {mark(s.sentence, s.text)}")
    if f.note:
        lines.append(f"    {f.note}")
    return lines


def render(result: CheckResult, lang: str = "zh", colour: bool = False) -> str:
    L = _LABELS[lang]
    out: list[str] = []
    for path, group in groupby(result.findings, key=lambda f: f.claim.path):
        for f in group:
            out.extend(_finding(f, lang, colour))
        out.append("")
    for e in result.errors:
        out.append(L["skipped"].format(path=str(e)))
    out.extend(result.notices)
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        counts[f.severity] += 1
    key = "summary" if counts["error"] or counts["warning"] else "clean"
    out.append(L[key].format(files=len(result.files), claims=result.claims_checked, **counts))
    if result.suppressed or result.accepted:
        out.append(L["hidden"].format(suppressed=result.suppressed, accepted=result.accepted))
    return "\n".join(out) + "\n"
