"""Reports of ``factcheck audit``: disagreements inside the archive, grouped by fact."""
from __future__ import annotations

import json

from ..audit import FactGroup
from ..dating import date_label
from .record import finding_record
from .text_format import mark

SCHEMA_VERSION = 1


def render_json(groups: list[FactGroup], lang: str = "zh") -> str:
    out = {"schema_version": SCHEMA_VERSION,
           "groups": [{"subject": g.subject, "unit": g.unit, "place": g.place, "severity": g.severity,
                       "findings": [finding_record(f) for f in g.findings]} for g in groups],
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
            if f.note:
                lines.append(f"    {f.note}")
        lines.append("")
    errors = sum(1 for g in groups for f in g.findings if f.severity == "error")
    warnings = sum(1 for g in groups for f in g.findings if f.severity == "warning")
    lines.append(f"档案中共 {len(groups)} 个事实存在分歧：{errors} 个错误，{warnings} 个警告" if zh
                 else f"{len(groups)} fact(s) disagree in the archive: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"
