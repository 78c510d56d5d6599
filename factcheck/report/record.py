"""The one record every machine format is built from (JSON contract v1)."""
from __future__ import annotations

import hashlib
from typing import Any

from ..api import CheckResult
from ..dating import date_label
from ..reading import display_path
from ..records import Claim, Finding, Source, Why

SCHEMA_VERSION = 1


def scope_text(scope: Any) -> str:
    if not scope.known:
        return ""
    if scope.kind in ("year",) and scope.year:
        return scope.label if scope.label.startswith(str(scope.year)) else f"{scope.year}年（{scope.label}）"
    return scope.label


def claim_record(c: Claim) -> dict[str, Any]:
    return {
        "line": c.line, "column": c.column, "end_line": c.end_line, "end_column": c.end_column,
        "text": c.text, "low": c.low, "high": c.high, "unit": c.unit, "stated": c.quantity.stated,
        "subject": c.subject, "scope": scope_text(c.scope), "scope_kind": c.scope.kind,
        "place": c.place, "qualifier": c.qualifier, "sentence": c.sentence,
        **_location(c.location),
    }


def why_record(w: Why | None) -> dict[str, Any] | None:
    """The rules that decided, in order, and the fields compared (draft beside source)."""
    if w is None:
        return None
    return {"rules": [{"id": r.rule, "name": r.name, "says": r.says, "detail": r.detail} for r in w.rules],
            "fields": {name: {"draft": a, "source": b} for name, a, b in w.fields}}


def _location(label: str) -> dict[str, str]:
    """``location`` (``¶12``, ``p.2 l.14``): only for .docx and .pdf files, whose line and
    column count paragraphs or the lines of a page."""
    return {"location": label} if label else {}


def source_record(s: Source) -> dict[str, Any]:
    return {
        "path": s.path, "title": s.title, "date": s.date, "line": s.line, "column": s.column,
        "text": s.text, "sentence": s.sentence, "low": s.quantity.low, "high": s.quantity.high,
        "unit": s.quantity.unit, "scope": scope_text(s.scope), "place": s.place,
        "subject": s.subject, "matched_terms": list(s.matched_terms), "why": why_record(s.why),
        "date_source": s.date_source,  # front matter | sidecar | path | text | unknown
        **_location(s.location),
    }


def finding_record(f: Finding) -> dict[str, Any]:
    c = f.claim
    return {
        "path": c.path, "line": c.line, "column": c.column, "end_line": c.end_line,
        "end_column": c.end_column, **_location(c.location), "code": f.code, "severity": f.severity,
        "message": f.message, "note": f.note,
        "claim": {k: v for k, v in claim_record(c).items()
                  if k not in ("line", "column", "end_line", "end_column", "location")},
        "sources": [source_record(s) for s in f.sources],
        "why": why_record(f.why),
    }


def summary_record(result: CheckResult) -> dict[str, Any]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        counts[f.severity] += 1
    return {"files": len(result.files), "claims": result.claims_checked, **counts,
            "skipped": [str(e) for e in result.errors] + [f"{display_path(s.path)}: {s.reason}" for s in result.unsupported],
            "suppressed": result.suppressed, "accepted": result.accepted}


def result_record(result: CheckResult) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION,
            "findings": [finding_record(f) for f in result.findings],
            "summary": summary_record(result)}


def dated(date: str, lang: str = "zh", date_source: str = "") -> str:
    """``（2024-12-19）`` / `` (2024-12-19)`` (an inferred date says so); nothing for an
    undated source (never ``（）``)."""
    when = date_label(date, date_source, lang)
    if not when:
        return ""
    return f"（{when}）" if lang != "en" else f" ({when})"


def cite_text(source: dict[str, Any], lang: str = "zh") -> str:
    """One cited source in one line: title, date, place and the sentence with its figure;
    a field that is unknown is left out with its brackets."""
    en = lang == "en"
    head = (source["title"] + dated(source["date"], lang, source.get("date_source", ""))).strip()
    where = f"{source['path']}:{source['line']}" + (f" ({source['location']})" if source.get("location") else "")
    figure = source["text"] + ((" — " if en else "——") + source["sentence"] if source["sentence"] else "")
    body = " ".join(x for x in (head, where) if x) if en else head + where
    return ("source: " if en else "来源：") + body + (": " if en else "：") + figure


def content_key(record: dict[str, Any]) -> str:
    """What a finding is about, without line numbers: path, code, claim, subject, top source."""
    top = record["sources"][0] if record["sources"] else {"path": "", "text": ""}
    parts = (record["path"], record["code"], record["claim"]["text"], record["claim"]["subject"],
             top["path"], top["text"])
    return "\x1f".join(parts)


def fingerprints(records: list[dict[str, Any]]) -> list[str]:
    """A stable, unique, line-independent fingerprint per finding (sha256 hex).

    Two findings with the same content key (the same figure written twice) are told
    apart by their order of occurrence, which survives edits elsewhere in the file.
    """
    seen: dict[str, int] = {}
    out = []
    for r in records:
        key = content_key(r)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(hashlib.sha256(f"{key}\x1f{n}".encode()).hexdigest())
    return out


def level_counts(records: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in records:
        counts[r["severity"]] += 1
    return counts
