"""Stage 6: pure checks — a draft claim and its candidates in, findings out.

Checks never print, open files or touch the database; the engine (:mod:`factcheck.api`)
fetches candidates and passes them in.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from . import rules, similarity
from . import evidence as ev
from .dating import date_label
from .judge import Options, Verdict, judge, judge_in_draft
from .knowledge import Knowledge
from .days import MAX_AS_OF_DAYS
from .match import compatible_units, context_terms, figure_at
from .parts import parts_total
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
    """What a slip (V02, V03) adds to an error's message: the likely cause."""
    rules_fired = {step.rule for step in s.why.rules} if s is not None and s.why is not None else set()
    if "V02" in rules_fired:
        return "：数字相同、数量级不同，疑为小数点或万/亿之误" if lang == "zh" else \
            ": the same digits, another magnitude: a decimal point or 万/亿 slip?"
    if "V03" in rules_fired:
        return "：相邻两位数字顺序颠倒，疑为录入之误" if lang == "zh" else \
            ": two neighbouring digits swapped: a typing slip?"
    return ""


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
    feats = [ev.features(c, k) for c in claims]
    around = [_figures_leaned_on(claims, feats, i) for i in range(len(claims))]
    for i, a in enumerate(claims):
        for j, b in enumerate(claims[:i]):
            if (b.line == a.line and b.column == a.column) or b.sentence == a.sentence:
                continue  # one sentence listing parallel items (；…；) states different facts
            if compatible_units(a.unit) != compatible_units(b.unit) or a.subject != b.subject or not a.subject:
                continue
            if len(a.subject) < 3 or a.qualifier != b.qualifier or a.place != b.place or a.scope != b.scope:
                continue  # (one scope: their time scopes cannot differ)
            if context_terms(a, k) != context_terms(b, k) or _prefix_similarity(a, b) < 70:
                continue
            if _parallel(around[i], around[j]):
                continue
            # judged by the rules about who or what, as against the archive (水路 vs 铁路 预计发送旅客: E09)
            v = judge_in_draft(a, b, k, Options(threshold=95.0, disabled=opts.disabled_rules))
            if v.outcome == "conflict":
                why = Why(tuple(RuleStep(f.rule, f.name, f.says, f.detail) for f in v.trail), fields_compared(a, b, k))
                src = Source(b.path, b.article_title, b.date, b.line, b.column, b.text, b.sentence,
                             b.quantity, b.scope, b.place, b.subject, v.score, tuple(v.matched), why)
                findings.append(_finding("FC201", a, (src,), opts))
                break
    findings.extend(parts_total(claims, opts.lang))
    return findings


def _parallel(na: tuple[str, ...], nb: tuple[str, ...]) -> bool:
    """Two sentences of one draft that both state other figures, different ones apart from
    those both state (their date): parallel statements about different things, not one fact
    twice. 截至3月22日24时，累计报告本地确诊病例415例，治愈出院病例392例 / 截至3月22日24时，累计
    报告境外输入确诊病例107例，治愈出院病例8例. (``na``, ``nb``: the other figures of each
    sentence, or of the sentence a bare one leans on: :func:`_figures_leaned_on`.)"""
    shared = set(na) & set(nb)
    return bool(set(na) - shared) and bool(set(nb) - shared)


def _figures_leaned_on(claims: Sequence[Claim], feats: Sequence[Features], i: int) -> tuple[str, ...]:
    """The other figures of claim ``i``'s sentence; for a bare sentence, nothing but what is
    counted and its figure (现有疑似病例40例。), those of the sentence it leans on, the last one
    before it stating a figure: in a bulletin of sections run together (境外输入…治愈出院病例6例。
    现有疑似病例40例。 / 本地…治愈出院病例373例。现有疑似病例1例。) the two bare sentences are each
    section's, not one fact twice."""
    c, f = claims[i], feats[i]
    rest = f.template.replace(c.subject, "", 1).replace(c.unit, "", 1) if c.subject else f.template
    if f.neighbours or not c.subject or sum(ch.isalnum() for ch in rest) > 1:
        return f.neighbours
    for j in range(i - 1, -1, -1):
        if claims[j].line != c.line:
            break  # not across paragraphs
        if claims[j].sentence != c.sentence and claims[j].unit == c.unit:
            return (*feats[j].neighbours, claims[j].text)
    return f.neighbours


def _prefix_similarity(a: Claim, b: Claim) -> float:
    """How alike the clause text before the two figures is (0–100)."""
    pa, pb = (_head(c)[-20:] for c in (a, b))
    return similarity.ratio(pa, pb)


def _head(c: Claim) -> str:
    """Its sentence before it (the whole sentence when it is not found there)."""
    at = figure_at(c)
    return c.sentence[:at] if at >= 0 else c.sentence
