"""Reports of ``factcheck audit``: disagreements inside the archive, grouped by fact."""
from __future__ import annotations

import json

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..api import CheckResult

from ..audit import FactGroup
from ..dating import date_label
from ..records import Finding
from .record import dated, finding_record, scope_text
from .text_format import mark

SCHEMA_VERSION = 1


def _scope(scope: Any, date: str, lang: str) -> str:
    named = scope_text(scope)
    if named:
        return named
    return ("未写明" if lang != "en" else "not stated") + dated(date, lang)


def archive_note(f: Finding, lang: str = "zh") -> str:
    """The scopes of both sides. Both are published articles: neither is a draft.

    口径：本篇 2024年；他篇 近年来、累计
    """
    mine = _scope(f.claim.scope, f.claim.date, lang)
    theirs = "、".join(dict.fromkeys(_scope(s.scope, s.date, lang) for s in f.sources))
    if lang == "en":
        return f"scope: this article {mine}; the other(s) {theirs.replace('、', ', ')}"
    return f"口径：本篇 {mine}；他篇 {theirs}"


def _record(f: Finding, lang: str) -> dict[str, Any]:
    return {**finding_record(f), "note": archive_note(f, lang)}


def as_check_result(groups: list[FactGroup], lang: str = "zh") -> "CheckResult":
    """The audit's findings as a check result, for the formats that list findings (sarif …)."""
    from ..api import CheckResult

    findings = tuple(f._replace(note=archive_note(f, lang)) for g in groups for f in g.findings)
    return CheckResult(findings, tuple(dict.fromkeys(f.claim.path for f in findings)), len(findings))


def render_json(groups: list[FactGroup], lang: str = "zh") -> str:
    out = {"schema_version": SCHEMA_VERSION,
           "groups": [{"subject": g.subject, "unit": g.unit, "place": g.place, "severity": g.severity,
                       "findings": [_record(f, lang) for f in g.findings]} for g in groups],
           "summary": {"groups": len(groups),
                       "error": sum(1 for g in groups for f in g.findings if f.severity == "error"),
                       "warning": sum(1 for g in groups for f in g.findings if f.severity == "warning")}}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _dated(date: str, source: str, lang: str) -> str:
    """（2024-12-19） or （2024-12-18，据正文推断）; nothing for an unknown date."""
    when = date_label(date, source, lang)
    return "" if not when else f"（{when}）" if lang == "zh" else f" ({when}) "


def render_text(groups: list[FactGroup], lang: str = "zh") -> str:
    zh = lang == "zh"
    lines: list[str] = []
    for g in groups:
        level = {"error": "错误", "warning": "警告"}[g.severity] if zh else g.severity
        where = f" · {g.place}" if g.place else ""
        count = f"{len(g.findings)} 处分歧" if zh else f"{len(g.findings)} disagreement(s)"
        lines.append(f"【{g.subject or '?'} · {g.unit}{where}】{level}，{count}" if zh
                     else f"[{g.subject or '?'} · {g.unit}{where}] {level}, {count}")
        for f in g.findings:
            c = f.claim
            lines.append(f"  {c.path}:{c.line}:{c.column} {f.code} {c.text}{_dated(c.date, c.date_source, lang)}"
                         f"{mark(c.sentence, c.text, 50)}")
            for s in f.sources:
                lines.append(f"    ↔ {s.path}:{s.line} {s.text}{_dated(s.date, s.date_source, lang)}"
                             f"{mark(s.sentence, s.text, 50)}")
            lines.append(f"    {archive_note(f, lang)}")
        lines.append("")
    errors = sum(1 for g in groups for f in g.findings if f.severity == "error")
    warnings = sum(1 for g in groups for f in g.findings if f.severity == "warning")
    lines.append(f"档案中共 {len(groups)} 个事实存在分歧：{errors} 个错误，{warnings} 个警告" if zh
                 else f"{len(groups)} fact(s) disagree in the archive: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"
