"""``--format html``: one self-contained review page (inline CSS and script, no network).

Every draft is shown as written, line by line, each figure marked by its verdict::

    12 │ 昌吉州精心实施“庭州英才”育才计划，2024年遴选培育“庭州英才”[260名 ✕]。

A click (or Enter) on a figure shows the draft sentence beside the cited earlier sentences
(title, date, file:line, scope note, the ``why`` trail where a finding has one). Findings
are the records of :func:`record.finding_record`; the page needs every claim of the draft
(``CheckResult.drafts``) to mark figures that agree or match nothing.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .. import __version__
from ..api import CheckedDraft, CheckResult
from ..positions import LineIndex, figure_offset
from ..records import Claim, Finding
from ..rules import RULES
from .record import claim_record, finding_record

# Verdicts, most serious first: a figure with several findings shows the first that applies.
VERDICTS = ("conflict", "disagree", "parts", "scope", "hidden", "agree", "unmatched")
CODE_VERDICT = {"FC101": "conflict", "FC201": "conflict", "FC103": "disagree", "FC202": "parts",
                "FC102": "scope", "FC100": "agree"}
_SEVERITY_VERDICT = {"error": "conflict", "warning": "scope", "info": "agree"}  # codes added later
# A shape beside the colour, so that no verdict is told by colour alone.
CUES = {"conflict": "✕", "disagree": "⇄", "parts": "Σ", "scope": "◐", "hidden": "⊘", "agree": "✓",
        "unmatched": "○"}

LABELS: dict[str, dict[str, str]] = {
    "zh": {"title": "数字核查报告", "conflict": "冲突", "disagree": "来源不一", "parts": "分项不符",
           "scope": "口径不同", "hidden": "已接受", "agree": "一致", "unmatched": "未匹配",
           "draft": "草稿", "source": "来源", "scope_of": "口径", "subject": "对象", "place": "地区",
           "why": "判定依据", "note": "口径说明", "no_source": "数据库中没有可与之比较的已发表数字。",
           "hint": "点击一个数字（或用 Tab 选中后按回车），在此并排查看草稿与此前报道的原句。",
           "issues": "问题列表", "no_issues": "没有发现与已发表数字的冲突。", "filters": "筛选",
           "all": "全部", "problems": "仅问题", "summary": "核查结果",
           "files": "{n} 个文件", "claims": "{n} 个数字", "db": "数据库 {n} 篇",
           "skipped": "已跳过：{path}", "accepted": "已由注释或基线文件接受",
           "no_text": "没有草稿原文，只列出问题。", "close": "关闭",
           "keys": "Tab 逐个数字 · Enter 查看 · J / K 下一个 / 上一个问题 · Esc 关闭",
           "generated": "由 factcheck {version} 生成",
           "n_issues": "{n} 个问题", "matched": "匹配词", "noscript":
           "此报告需要启用 JavaScript 才能筛选；点击数字仍可查看来源。"},
    "en": {"title": "Figure review report", "conflict": "conflict", "disagree": "sources disagree",
           "parts": "parts ≠ total", "scope": "scope differs", "hidden": "accepted", "agree": "agrees",
           "unmatched": "unmatched", "draft": "Draft", "source": "Source", "scope_of": "scope",
           "subject": "subject", "place": "place", "why": "Why", "note": "Scope note",
           "no_source": "No comparable published figure in the claims DB.",
           "hint": "Click a figure (or Tab to it and press Enter) to compare the draft sentence "
                   "with the earlier articles side by side.",
           "issues": "Findings", "no_issues": "No disagreement with published figures.",
           "filters": "Filter", "all": "all", "problems": "problems only", "summary": "Result",
           "files": "{n} file(s)", "claims": "{n} figure(s)", "db": "{n} article(s) in the DB",
           "skipped": "skipped: {path}", "accepted": "accepted by a comment or the baseline file",
           "no_text": "The draft's text is not available; findings only.", "close": "Close",
           "keys": "Tab through figures · Enter shows · J / K next / previous finding · Esc closes",
           "generated": "made by factcheck {version}",
           "n_issues": "{n} finding(s)", "matched": "matched",
           "noscript": "Filters need JavaScript; clicking a figure still shows its sources."},
}


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def verdict_of(code: str, severity: str = "info") -> str:
    return CODE_VERDICT.get(code) or _SEVERITY_VERDICT.get(severity, "conflict")


@dataclass
class Figure:
    """One figure of a draft with everything said about it."""

    id: str
    claim: Claim
    findings: list[dict[str, Any]] = field(default_factory=list)  # finding records
    hidden: list[dict[str, Any]] = field(default_factory=list)  # suppressed or accepted

    @property
    def verdict(self) -> str:
        shown = {verdict_of(r["code"], r["severity"]) for r in self.findings}
        if self.hidden:
            shown.add("hidden")
        return next((v for v in VERDICTS if v in shown), "unmatched")

    @property
    def keys(self) -> list[str]:
        """What the filters match: the codes of its findings, else hidden or unmatched."""
        codes = list(dict.fromkeys(r["code"] for r in self.findings))
        return codes or (["hidden"] if self.hidden else ["unmatched"])


def _key(c: Claim) -> tuple[int, int, int, int]:
    return (c.line, c.column, c.end_line, c.end_column)


def figures(draft: CheckedDraft, findings: list[Finding], n: int) -> list[Figure]:
    """The draft's figures in reading order, each with its findings (records)."""
    by_key: dict[tuple[int, int, int, int], Figure] = {}

    def figure(c: Claim) -> Figure:
        return by_key.setdefault(_key(c), Figure("", c))

    for c in draft.claims:
        figure(c)
    visible = [f for f in findings if f.code != "FC100"] + list(draft.agreeing)
    for f in visible:
        figure(f.claim).findings.append(finding_record(f))
    for f in draft.hidden:
        figure(f.claim).hidden.append(finding_record(f))
    out = sorted(by_key.values(), key=lambda g: _key(g.claim))
    for i, g in enumerate(out, 1):  # ids in reading order
        g.id = f"f{n}-{i}"
    return out


# --- marking the draft text ----------------------------------------------------------------
def _spans(text: str, figs: list[Figure]) -> list[tuple[int, int, Figure]]:
    index = LineIndex(text)
    out: list[tuple[int, int, Figure]] = []
    last = 0
    for g in figs:
        c = g.claim
        try:
            start, end = index.offset(c.line, c.column), index.offset(c.end_line, c.end_column)
        except IndexError:
            continue
        if start < last or end <= start or end > len(text):
            continue  # overlapping or off the text: listed, not marked
        out.append((start, end, g))
        last = end
    return out


def _mark(g: Figure, piece: str, first: bool, L: dict[str, str]) -> str:
    v = g.verdict
    label = f"{piece} — {L[v]}" + (f" {' '.join(g.keys)}" if v not in ("unmatched", "hidden") else "")
    tip = next((r["message"] for r in g.findings if r["code"] != "FC100"), "") or L[v]
    focus = "" if first else ' tabindex="-1"'
    return (f'<a class="fig v-{v}" href="#detail-{g.id}" data-fig="{g.id}" data-keys="{_e(" ".join(g.keys))}"'
            f' aria-label="{_e(label)}" title="{_e(tip)}"{focus}>{_e(piece)}'
            f'<span class="cue" aria-hidden="true">{CUES[v]}</span></a>')


def _lines_html(draft: CheckedDraft, figs: list[Figure], draft_id: str, L: dict[str, str]) -> str:
    """The draft line by line (numbers in ``data-n``, so that copying copies text only);
    a figure that runs over a line end is marked on both lines, focusable once."""
    text = draft.document.text
    spans = _spans(text, figs)
    offset = draft.document.body_offset
    body_line = LineIndex(text).position(offset)[0] if offset else 1
    out, started = [], set()
    pos = k = 0
    for n, line in enumerate(text.split("\n"), 1):
        end = pos + len(line.rstrip("\r"))
        parts, i = [], pos
        while k < len(spans) and spans[k][0] < end:
            s, e, g = spans[k]
            s = max(s, pos)
            parts.append(_e(text[i:s]))
            i = min(e, end)
            parts.append(_mark(g, text[s:i], g.id not in started, L))
            started.add(g.id)
            if e > end:
                break  # goes on on the next line
            k += 1
        parts.append(_e(text[i:end]))
        cls = "ln fm" if n < body_line else "ln"
        out.append(f'<div class="{cls}" id="{draft_id}-L{n}" data-n="{n}">{"".join(parts)}</div>')
        pos += len(line) + 1
    return "\n".join(out)


# --- the detail of one figure ----------------------------------------------------------
def _sentence(sentence: str, figure: str) -> str:
    """The sentence, escaped, with the figure marked."""
    i = figure_offset(sentence, figure)
    if i < 0:
        return _e(sentence)
    return f"{_e(sentence[:i])}<mark>{_e(figure)}</mark>{_e(sentence[i + len(figure):])}"


def _facts(pairs: list[tuple[str, str]]) -> str:
    items = "".join(f"<span><b>{_e(k)}</b> {_e(v)}</span>" for k, v in pairs if v)
    return f'<div class="facts">{items}</div>' if items else ""


def _why(value: Any, depth: int = 0) -> str:
    """The ``why`` trail of a finding, whatever its shape (text, list, mapping)."""
    if depth > 4:
        return _e(value)
    if isinstance(value, dict):
        rows = "".join(f"<dt>{_e(k)}</dt><dd>{_why(v, depth + 1)}</dd>" for k, v in value.items())
        return f"<dl>{rows}</dl>"
    if isinstance(value, (list, tuple)):
        return "<ol>" + "".join(f"<li>{_why(v, depth + 1)}</li>" for v in value) + "</ol>"
    return _e(value)


def _source_html(s: dict[str, Any], n: int, L: dict[str, str]) -> str:
    where = f"{s['path']}:{s['line']}"
    return (f'<div class="side src"><div class="side-label">{_e(L["source"])} {n}</div>'
            f'<div class="src-title">{_e(s["title"])}</div>'
            f'<div class="where"><time>{_e(s["date"])}</time> · <code>{_e(where)}</code></div>'
            f'<blockquote>{_sentence(s["sentence"], s["text"])}</blockquote>'
            + _facts([(L["scope_of"], s.get("scope", "")), (L["place"], s.get("place", "")),
                      (L["matched"], "、".join(s.get("matched_terms") or []))])
            + "</div>")


def _finding_html(r: dict[str, Any], L: dict[str, str], hidden: bool = False) -> str:
    v = verdict_of(r["code"], r["severity"])
    rule = RULES.get(r["code"])
    name = f' <span class="rule">{_e(rule.name)}</span>' if rule else ""
    tag = f' <span class="tag">{_e(L["accepted"])}</span>' if hidden else ""
    sources = "".join(_source_html(s, i, L) for i, s in enumerate(r["sources"], 1)) \
        or f'<div class="side src none">{_e(L["no_source"])}</div>'
    note = f'<p class="note"><b>{_e(L["note"])}</b> {_e(r["note"])}</p>' if r.get("note") else ""
    why = r.get("why")
    trail = f'<details class="why" open><summary>{_e(L["why"])}</summary>{_why(why)}</details>' if why else ""
    return (f'<section class="finding v-{"hidden" if hidden else v}" data-code="{_e(r["code"])}">'
            f'<h4><span class="code">{CUES["hidden" if hidden else v]} {_e(r["code"])}</span>{name}{tag}</h4>'
            f'<p class="msg">{_e(r["message"])}</p>'
            f'<div class="sources">{sources}</div>{note}{trail}</section>')


def _detail_html(g: Figure, draft: CheckedDraft, L: dict[str, str]) -> str:
    c = claim_record(g.claim)
    doc = draft.document
    v = g.verdict
    where = f"{g.claim.path}:{c['line']}:{c['column']}"
    draft_side = (f'<div class="side drf"><div class="side-label">{_e(L["draft"])}</div>'
                  f'<div class="src-title">{_e(doc.title or g.claim.article_title or doc.path)}</div>'
                  f'<div class="where"><time>{_e(doc.date)}</time> · <code>{_e(where)}</code></div>'
                  f'<blockquote>{_sentence(c["sentence"], c["text"])}</blockquote>'
                  + _facts([(L["subject"], c["subject"]), (L["scope_of"], c["scope"]), (L["place"], c["place"])])
                  + "</div>")
    body = "".join(_finding_html(r, L) for r in g.findings) + "".join(_finding_html(r, L, True) for r in g.hidden)
    if not body:
        body = f'<section class="finding v-unmatched"><p class="msg">{_e(L["no_source"])}</p></section>'
    return (f'<section class="detail" id="detail-{g.id}" data-fig="{g.id}" tabindex="-1" '
            f'aria-labelledby="h-{g.id}">'
            f'<header><h3 id="h-{g.id}"><span class="badge v-{v}">{CUES[v]} {_e(L[v])}</span> '
            f'<span class="fig-text">{_e(c["text"])}</span></h3>'
            f'<a class="close" href="#" data-close aria-label="{_e(L["close"])}">×</a></header>'
            f'<div class="compare">{draft_side}<div class="findings">{body}</div></div></section>')


# --- the page -------------------------------------------------------------------------------
def _drafts(result: CheckResult) -> list[CheckedDraft]:
    """The checked drafts; a result made without them (by hand, in tests) still shows its
    findings, with no text to mark."""
    from ..records import Document

    drafts = list(result.drafts)
    known = {d.document.path for d in drafts}
    for path in dict.fromkeys(f.claim.path for f in result.findings):
        if path not in known:
            drafts.append(CheckedDraft(Document(path, "", ""), ()))
    return drafts


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("html", name).read_text(encoding="utf-8")


def _key_verdict(key: str) -> str:
    """The verdict a filter key stands for: a code's, or the key itself (hidden, unmatched)."""
    return verdict_of(key) if key.startswith("FC") else key


_KEY_ORDER = ("FC101", "FC201", "FC103", "FC202", "FC102", "hidden", "FC100", "unmatched")


def _summary_html(all_figs: list[Figure], result: CheckResult, L: dict[str, str]) -> str:
    """Figures counted by verdict (numbers and a bar), then one filter button a code."""
    by_verdict = {v: sum(g.verdict == v for g in all_figs) for v in VERDICTS}
    bar = "".join(f'<span class="seg v-{v}" style="flex-grow:{n}" title="{_e(L[v])} {n}"></span>'
                  for v, n in by_verdict.items() if n)
    stats = "".join(f'<li class="stat v-{v}"><span class="cue" aria-hidden="true">{CUES[v]}</span>'
                    f'<span class="n">{n}</span> {_e(L[v])}</li>'
                    for v, n in by_verdict.items() if n or v == "conflict")
    keys: dict[str, int] = {}  # findings by code; figures without findings by their key
    for g in all_figs:
        for k in [r["code"] for r in g.findings] or g.keys:
            keys[k] = keys.get(k, 0) + 1
    chips = []
    for k, n in sorted(keys.items(), key=lambda kv: (_KEY_ORDER.index(kv[0]) if kv[0] in _KEY_ORDER else 50, kv[0])):
        v = _key_verdict(k)
        name = f"{k} {L[v]}" if k.startswith("FC") else L[k]
        chips.append(f'<button type="button" class="chip v-{v}" data-key="{_e(k)}" aria-pressed="true">'
                     f'<span class="cue" aria-hidden="true">{CUES[v]}</span> {_e(name)} <span class="n">{n}</span></button>')
    meta = " · ".join([L["files"].format(n=len(result.files)), L["claims"].format(n=result.claims_checked)]
                      + ([L["db"].format(n=result.db_documents)] if result.db_documents else []))
    return (f'<section class="summary" aria-label="{_e(L["summary"])}">'
            f'<div class="meta">{_e(meta)}</div><ul class="stats">{stats}</ul>'
            f'<div class="bar" role="img" aria-label="{_e(L["summary"])}">{bar}</div>'
            f'<div class="filters" role="group" aria-label="{_e(L["filters"])}">'
            f'<span class="flabel">{_e(L["filters"])}</span>{"".join(chips)}'
            f'<button type="button" class="quick" data-quick="all">{_e(L["all"])}</button>'
            f'<button type="button" class="quick" data-quick="problems">{_e(L["problems"])}</button></div></section>')


def _issue_html(g: Figure, L: dict[str, str]) -> str:
    v = g.verdict
    r = next(iter(g.findings or g.hidden), None)
    msg = r["message"] if r else ""
    codes = " ".join(g.keys)
    return (f'<li data-keys="{_e(codes)}"><a href="#detail-{g.id}" data-fig="{g.id}" data-jump>'
            f'<span class="badge v-{v}">{CUES[v]} {_e(codes if v != "hidden" else L[v])}</span>'
            f'<code>{_e(g.claim.path)}:{g.claim.line}:{g.claim.column}</code>'
            f'<span class="msg">{_e(msg)}</span></a></li>')


def render(result: CheckResult, lang: str = "zh") -> str:
    L = LABELS.get(lang, LABELS["zh"])
    drafts = _drafts(result)
    sections, details, all_figs = [], [], []
    for n, draft in enumerate(drafts, 1):
        path = draft.document.path
        figs = figures(draft, [f for f in result.findings if f.claim.path == path], n)
        all_figs.extend(figs)
        details.extend(_detail_html(g, draft, L) for g in figs)
        doc = draft.document
        problems = sum(g.verdict not in ("agree", "unmatched") for g in figs)
        sub = " · ".join(x for x in (doc.date, doc.source, L["claims"].format(n=len(figs))) if x)
        text = (f'<div class="text" lang="zh">{_lines_html(draft, figs, f"d{n}", L)}</div>' if doc.text
                else f'<p class="no-text">{_e(L["no_text"])}</p>')
        sections.append(
            f'<article class="draft" id="d{n}" aria-labelledby="d{n}-title"><header>'
            f'<h2 id="d{n}-title">{_e(doc.title or path)}</h2>'
            f'<div class="where"><code>{_e(path)}</code> · {_e(sub)}'
            f'{" · <b>" + _e(L["n_issues"].format(n=problems)) + "</b>" if problems else ""}</div></header>{text}</article>')
    issues = [g for g in all_figs if g.verdict not in ("agree", "unmatched")]
    issue_list = (f'<ol class="issues">{"".join(_issue_html(g, L) for g in issues)}</ol>' if issues
                  else f'<p class="clean">{_e(L["no_issues"])}</p>')
    notes = [L["skipped"].format(path=str(e)) for e in result.errors] + list(result.notices)
    notices = ("<ul class=\"notices\">" + "".join(f"<li>{_e(x)}</li>" for x in notes) + "</ul>") if notes else ""
    title = L["title"] + (f" — {drafts[0].document.path}" if len(drafts) == 1 else "")
    html_lang = "zh-CN" if lang == "zh" else "en"
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="generator" content="factcheck {_e(__version__)}">
<title>{_e(title)}</title>
<style>
{_asset("report.css")}</style>
</head>
<body>
<header class="top"><div class="brand"><span class="logo" aria-hidden="true">✓</span> factcheck <span>{_e(L["title"])}</span></div>
<div class="keys">{_e(L["keys"])}</div></header>
{_summary_html(all_figs, result, L)}
{notices}<noscript><p class="notices">{_e(L["noscript"])}</p></noscript>
<main>
<div class="drafts">
{chr(10).join(sections)}
</div>
<aside class="panel" aria-label="{_e(L["source"])}">
<div class="details" aria-live="polite"><p class="hint" id="hint">{_e(L["hint"])}</p>
{chr(10).join(details)}
</div>
<section class="issue-box"><h3>{_e(L["issues"])} <span class="n">{len(issues)}</span></h3>{issue_list}</section>
</aside>
</main>
<footer>{_e(L["generated"].format(version=__version__))}</footer>
<script>
{_asset("report.js")}</script>
</body>
</html>
"""
