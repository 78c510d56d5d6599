"""Stage 6: pure checks — a draft claim and its candidates in, findings out.

Checks never print, open files or touch the database; the engine (:mod:`factcheck.api`)
fetches candidates and passes them in.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import regex

from .patterns import lazy
from . import rules, similarity
from . import evidence as ev
from .dating import date_label
from .judge import Options, Verdict, judge, judge_in_draft
from .knowledge import Knowledge
from .match import MAX_AS_OF_DAYS, compatible_units, context_terms
from .records import Claim, Features, Finding, RuleStep, Source, Why


class Candidate(NamedTuple):
    claim: Claim
    title: str


class CheckOptions(NamedTuple):
    lang: str = "zh"
    verbose: bool = False
    threshold: float = 88.0
    max_sources: int = 3
    # figures with no stated scope hold on their article's date: beyond this many days apart
    # their difference is a scope note (the audit, comparing published articles, uses 1)
    max_days: int | None = None
    # a figure not stated for a closed period (目前, 今年, 截至, none) is an error only against
    # one printed at most this many days apart (the audit: the same day)
    error_days: int = MAX_AS_OF_DAYS
    # running figures are one fact only under the same stated cut-off (the archive audit)
    require_cutoff: bool = False
    disabled_rules: frozenset[str] = frozenset()  # decision rules turned off (IDs)
    compiled_ratio: bool = False  # rapidfuzz's string similarity: for jobs judging millions of pairs

    def judging(self) -> Options:
        return Options(threshold=self.threshold, max_days=self.max_days, error_days=self.error_days,
                       require_cutoff=self.require_cutoff, disabled=self.disabled_rules,
                       compiled_ratio=self.compiled_ratio)


def scope_name(claim: Claim, lang: str) -> str:
    s = claim.scope
    if not s.known:
        if claim.date:
            dated = date_label(claim.date, claim.date_source, lang)
            return f"未写明（{dated}）" if lang == "zh" else f"not stated ({dated})"
        return "未写明" if lang == "zh" else "not stated"
    if s.kind in ("cumulative", "as_of"):
        return s.label or ("累计" if lang == "zh" else "cumulative")
    return s.label if s.label and not s.label.startswith(("今年", "一年来", "全年", "年内")) else (
        f"{s.year}年" if s.year else s.label)


def _source(c: Candidate, v: Verdict, why: Why | None = None) -> Source:
    k = c.claim
    return Source(path=k.path, title=k.article_title or c.title, date=k.date, line=k.line,
                  column=k.column, text=k.text, sentence=k.sentence, quantity=k.quantity,
                  scope=k.scope, place=k.place, subject=k.subject, score=v.score,
                  matched_terms=tuple(v.matched), why=why, date_source=k.date_source)


def fields_compared(a: Claim, b: Claim, k: Knowledge) -> tuple[tuple[str, str, str], ...]:
    """The fields a verdict compares, draft beside source (for ``why``): the period says where
    it was read when not in its own sentence; neighbours are the other numbers of the sentence
    (what T13 and T15 want restated unchanged)."""
    fa, fb = ev.features(a, k), ev.features(b, k)

    def period(c: Claim, f: Features) -> str:
        if not c.scope.known:
            return "-"
        read = f", read in its {f.scope_from}" if f.scope_from else ""
        return f"{c.scope.label} ({c.scope.kind}{read})"

    def plan(f: object) -> str:
        return "plan" if getattr(f, "plan") else "outcome"

    rows = (("subject", fa.canonical_subject, fb.canonical_subject),
            ("owner", fa.owner, fb.owner),
            ("place", a.place, b.place),
            ("period", period(a, fa), period(b, fb)),
            ("as_of", fa.as_of, fb.as_of),
            ("qualifier", a.qualifier, b.qualifier),
            ("plan", plan(fa), plan(fb)),
            ("occasion", "、".join(fa.occasions), "、".join(fb.occasions)),
            ("date", a.date, b.date),
            ("neighbours", "、".join(fa.neighbours), "、".join(fb.neighbours)))
    return tuple((name, x or "-", y or "-") for name, x, y in rows)


def why_of(claim: Claim, source: Claim, v: Verdict, k: Knowledge) -> Why:
    """The verdict's trail and the fields compared, as a finding carries them."""
    return Why(tuple(RuleStep(f.rule, f.name, f.says, f.detail) for f in v.trail), fields_compared(claim, source, k))


def _cited(s: Source, lang: str) -> str:
    """（title，date） with whatever of the two is known (an inferred date says so), else the
    source's file: a message always names its source."""
    parts = [p for p in (s.title or f"{s.path}:{s.line}", date_label(s.date, s.date_source, lang)) if p]
    return f"（{'，'.join(parts)}）" if lang == "zh" else f" ({', '.join(parts)})"


def _slip(s: Source | None, lang: str) -> str:
    """What a magnitude slip (V02) adds to an error's message: the likely cause."""
    if s is None or s.why is None or not any(step.rule == "V02" for step in s.why.rules):
        return ""
    return "：数字相同、数量级不同，疑为小数点或万/亿之误" if lang == "zh" else \
        ": the same digits, another magnitude: a decimal point or 万/亿 slip?"


def _message(code: str, claim: Claim, sources: Sequence[Source], lang: str) -> str:
    first = sources[0] if sources else None
    subj = claim.subject or "（未识别对象）"
    if lang == "zh":
        if code == "FC101":
            return (f"“{subj}”写作 {claim.text}，此前报道为 {first.text}{_cited(first, lang)}"
                    f"{_slip(first, lang)}") if first else ""
        if code == "FC102":
            return (f"“{subj}”写作 {claim.text}（{scope_name(claim, lang)}），此前报道为 {first.text}"
                    f"（{_scope_label(first, lang)}）：口径不同，请在数字前写明口径") if first else ""
        if code == "FC103":
            figures = "、".join(sorted({s.text for s in sources}))
            return f"“{subj}”此前的报道彼此不一致（{figures}），草稿写作 {claim.text}：请核实"
        if code == "FC100":
            return f"“{subj}” {claim.text} 与 {len(sources)} 处已发表的数字一致"
    else:
        if code == "FC101":
            return f"'{subj}' is {claim.text} here but {first.text}{_cited(first, lang)}{_slip(first, lang)}" \
                if first else ""
        if code == "FC102":
            return (f"'{subj}' is {claim.text} ({scope_name(claim, lang)}) here but {first.text} "
                    f"({_scope_label(first, lang)}) before: different scopes, state the scope") if first else ""
        if code == "FC103":
            figures = ", ".join(sorted({s.text for s in sources}))
            return f"earlier articles disagree on '{subj}' ({figures}); the draft says {claim.text}: verify"
        if code == "FC100":
            return f"'{subj}' {claim.text} agrees with {len(sources)} published figure(s)"
    return rules.get(code).summary_zh if lang == "zh" else rules.get(code).summary_en


def _scope_label(s: Source, lang: str) -> str:
    if not s.scope.known:
        if s.date:
            dated = date_label(s.date, s.date_source, lang)
            return f"未写明（{dated}）" if lang == "zh" else f"not stated ({dated})"
        return "未写明口径" if lang == "zh" else "scope not stated"
    if s.scope.kind in ("cumulative", "as_of"):
        return s.scope.label
    return f"{s.scope.year}年" if s.scope.year else s.scope.label




def check_claim(claim: Claim, candidates: Sequence[Candidate], k: Knowledge, opts: CheckOptions) -> list[Finding]:
    """Findings for one draft claim against stored candidates, each pair judged by the rules
    of :mod:`factcheck.judge`; ``why`` on every source and finding says which decided."""
    agreeing, conflicting, scoped = [], [], []
    judging = opts.judging()
    buckets = {"agrees": agreeing, "conflict": conflicting, "scope-differs": scoped}
    for c in candidates:
        v = judge(claim, c.claim, k, judging)
        bucket = buckets.get(v.outcome)
        if bucket is not None:
            bucket.append((c, v))
    key = lambda cv: (-cv[1].score, cv[0].claim.date, cv[0].claim.path, cv[0].claim.line)  # noqa: E731
    n = opts.max_sources

    def cite(pairs: list[tuple[Candidate, Verdict]], limit: int | None = n) -> list[Source]:
        pairs = sorted(pairs, key=key)[:limit]
        return [_source(c, v, why_of(claim, c.claim, v, k)) for c, v in pairs]

    if conflicting and agreeing:
        sources = tuple(cite(conflicting) + cite(agreeing))
        return [_finding("FC103", claim, sources, opts, note=_note(claim, sources, opts.lang))]
    if conflicting:
        sources = tuple(cite(conflicting))
        out = [_finding("FC101", claim, sources, opts, note=_note(claim, sources, opts.lang))]
        if scoped:
            extra = tuple(cite(scoped))
            out.append(_finding("FC102", claim, extra, opts, note=_note(claim, extra, opts.lang)))
        return out
    if scoped and not agreeing:
        sources = tuple(cite(scoped))
        return [_finding("FC102", claim, sources, opts, note=_note(claim, sources, opts.lang))]
    if agreeing and opts.verbose:
        return [_finding("FC100", claim, tuple(cite(agreeing, None)), opts)]
    return []


def _note(claim: Claim, sources: Sequence[Source], lang: str) -> str:
    mine = scope_name(claim, lang)
    theirs = "、".join(dict.fromkeys(_scope_label(s, lang) for s in sources))
    if lang == "zh":
        return f"口径：草稿 {mine}；来源 {theirs}"
    return f"scope: draft {mine}; sources {theirs}"


def _finding(code: str, claim: Claim, sources: tuple[Source, ...], opts: CheckOptions, note: str = "") -> Finding:
    rule = rules.get(code)
    why = sources[0].why if sources else None
    return Finding(code, rule.severity, _message(code, claim, sources, opts.lang), claim, sources, note, why)


def check_draft_internal(claims: Sequence[Claim], k: Knowledge, opts: CheckOptions) -> list[Finding]:
    """Inside one draft: the same fact twice with different figures; parts vs total."""
    findings: list[Finding] = []
    for i, a in enumerate(claims):
        for b in claims[:i]:
            if (b.line == a.line and b.column == a.column) or b.sentence == a.sentence:
                continue  # one sentence listing parallel items (；…；) states different facts
            if compatible_units(a.unit) != compatible_units(b.unit) or a.subject != b.subject or not a.subject:
                continue
            if len(a.subject) < 3 or a.qualifier != b.qualifier or a.place != b.place or a.scope != b.scope:
                continue  # (one scope: their time scopes cannot differ)
            if context_terms(a, k) != context_terms(b, k) or _prefix_similarity(a, b) < 70:
                continue
            if _parallel(ev.features(a, k), ev.features(b, k)):
                continue
            # judged by the rules about who or what, as against the archive (水路 vs 铁路 预计发送旅客: E09)
            v = judge_in_draft(a, b, k, Options(threshold=95.0, disabled=opts.disabled_rules))
            if v.outcome == "conflict":
                why = Why(tuple(RuleStep(f.rule, f.name, f.says, f.detail) for f in v.trail), fields_compared(a, b, k))
                src = Source(b.path, b.article_title, b.date, b.line, b.column, b.text, b.sentence,
                             b.quantity, b.scope, b.place, b.subject, v.score, tuple(v.matched), why)
                findings.append(_finding("FC201", a, (src,), opts))
                break
    findings.extend(_parts_total(claims, opts))
    return findings


def _parallel(fa: Features, fb: Features) -> bool:
    """Two sentences of one draft that both state other figures, different ones apart from
    those both state (their date): parallel statements about different things, not one fact
    twice. 截至3月22日24时，累计报告本地确诊病例415例，治愈出院病例392例 / 截至3月22日24时，累计
    报告境外输入确诊病例107例，治愈出院病例8例."""
    shared = set(fa.neighbours) & set(fb.neighbours)
    return bool(set(fa.neighbours) - shared) and bool(set(fb.neighbours) - shared)


def _prefix_similarity(a: Claim, b: Claim) -> float:
    """How alike the clause text before the two figures is (0–100)."""
    pa = a.sentence.split(a.text, 1)[0][-20:]
    pb = b.sentence.split(b.text, 1)[0][-20:]
    return similarity.ratio(pa, pb)


_PARTS_MARK = lazy(regex.compile, r"^[^，。；：\d]{0,8}[，,：:]?其中")
_SEPARATOR = lazy(regex.compile, r"[，,。；;、]")  # the first after a part says how the next is joined
_COLON_LIST = lazy(regex.compile, r"^[^，。；：\d]{0,8}[，,：:]?其中[：:]")


def _depth(text: str) -> int:
    """Brackets open at the end of ``text``."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _spans(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """Where each claim stands in its sentence, found in order (the 4例 of 张家口市4例, not the
    one inside 14例 earlier in the sentence); (-1, -1) when not found."""
    out: list[tuple[int, int]] = []
    for i, c in enumerate(claims):
        start = out[-1][1] if i and claims[i - 1].sentence == c.sentence and out[-1][1] >= 0 else 0
        at = c.sentence.find(c.text, start)
        while at > 0 and (c.sentence[at - 1].isdigit() or c.sentence[at - 1] == "."):
            at = c.sentence.find(c.text, at + 1)  # inside a longer number
        out.append((at, at + len(c.text)) if at >= 0 else (-1, -1))
    return out


def _parts_total(claims: Sequence[Claim], opts: CheckOptions) -> list[Finding]:
    """A total, then 其中 and its parts, one enumeration, that do not add up.

    专利奖9项，其中一等奖1项、二等奖2项、三等奖6项 adds up; 已遴选支持595名骨干人才……
    下设7个子项目，其中：……，已遴选65名；……已遴选20名 (481) does not. Parts joined by 、, or by
    ； after 其中：, are one division; parts said in clauses of their own are subsets:
    现有在院隔离治疗93例，其中重症10例，危重症3例; 累计报告确诊病例265例，其中死亡3例，现有重症
    病例19例，累计治愈出院54例. A part of a part in brackets (银川市9例（兴庆区3例、…）) is not
    counted, and a ； after a 、-list ends it (其中南宁市3例、北海市1例；新增疑似病例79例).
    """
    out: list[Finding] = []
    spans = _spans(claims)
    for i, marker in enumerate(claims):
        tail = marker.sentence[spans[i][1]:] if spans[i][1] >= 0 else ""
        # (its literal first: without 其中 the pattern is neither compiled nor run)
        if "其中" not in tail[:16] or not _PARTS_MARK.match(tail[:16]):
            continue
        parts: list[Claim] = []
        in_parens = "（其中" in tail[:16] or "(其中" in tail[:16]
        close = tail.find("）") if in_parens else -1
        colon_list = bool(_COLON_LIST.match(tail[:16]))
        joined = ""  # how the parts are joined: 、 or ； (其中：…；…；…)
        start = spans[i][1]
        for j, c in enumerate(claims[i + 1:], i + 1):
            if c.sentence != marker.sentence or (parts and c.unit != parts[0].unit) or spans[j][0] < 0:
                break
            if in_parens and close >= 0 and spans[j][0] - start > close:
                break  # 145个（其中国家级28个），异地研发平台21个: the part list ends at the bracket
            between = c.sentence[spans[j - 1][1] if parts else start:spans[j][0]]
            if _depth(c.sentence[start:spans[j][0]]) > (1 if in_parens else 0):
                continue  # 银川市9例（兴庆区3例、…）: a part of a part
            if parts:
                sep = _SEPARATOR.search(between)
                mark = sep.group() if sep else "、"
                if mark in "，,。":
                    parts = []
                    break  # 其中重症10例，危重症3例: parts in clauses of their own are subsets
                mark = "；" if mark in "；;" else "、"
                if mark == "；" and not colon_list or joined and mark != joined:
                    break  # 其中南宁市3例、北海市1例；新增疑似病例79例: the list has ended
                joined = mark
            if c.quantity.stated != "exact":
                parts = []
                break
            parts.append(c)
        if len(parts) < 2:
            continue
        unit = parts[0].unit
        total = marker if marker.unit == unit else next(
            (c for c in reversed(claims[max(0, i - 6):i]) if c.unit == unit and c.quantity.is_exact
             and marker.line - c.line <= 12), None)
        if total is None or not total.quantity.is_exact or unit in ("%", "元"):
            continue
        s = sum(float(p.low) for p in parts)  # type: ignore[arg-type]
        expected = float(total.low)  # type: ignore[arg-type]
        if abs(s - expected) <= 1e-9:
            continue
        srcs = tuple(Source(p.path, p.article_title, p.date, p.line, p.column, p.text, p.sentence,
                            p.quantity, p.scope, p.place, p.subject) for p in parts)
        total_s = int(s) if s.is_integer() else s
        terms = "+".join(p.text.rstrip(unit) for p in parts)
        msg = (f"{total.text} 的分项 {terms} 合计为 {total_s}{unit}，与总数不符" if opts.lang == "zh"
               else f"the parts of {total.text} ({terms}) add up to {total_s}{unit}")
        out.append(Finding("FC202", rules.get("FC202").severity, msg, total, srcs))
    return out
