"""Accepted differences: a committed baseline file keyed on content, not line numbers.

For plain-text pages, where a comment would end up in the paper. An entry accepts a
finding when the draft, its figure and subject and one cited source (path and figure)
are the same, so it survives edits elsewhere in the file:

    {"version": 1, "accepted": [{"path": "drafts/talent.txt", "code": "FC101",
      "claim": "260名", "subject": "庭州英才", "source_path": "fixtures/seeds/000….txt",
      "source_text": "220名", "reason": ""}]}

Paths are stored relative to the baseline file, so it works from any directory: the
draft's, and the cited source's (the claims DB no longer keeps the path relative to the
directory of its ingest; a source path written so by an older factcheck is still accepted
when it is the source as cited from the working directory).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from pathlib import Path

from .records import Finding

VERSION = 1
_FIELDS = ("path", "code", "claim", "subject", "source_path", "source_text")
_STALE = {"zh": "{file}: 基线条目已不再匹配任何问题，可以删除：{path} {claim}（{subject}）↔ {source_path} {source_text}",
          "en": "{file}: baseline entry matches nothing any more and can go: {path} {claim} ({subject}) ↔ {source_path} {source_text}"}


class BaselineError(Exception):
    """An unreadable or malformed baseline file (the message names it)."""


class Entry(NamedTuple):
    path: str
    code: str
    claim: str
    subject: str
    source_path: str
    source_text: str
    reason: str = ""

    def accepts(self, f: Finding, path: str, base: Path) -> bool:
        if (self.path, self.claim, self.subject) != (path, f.claim.text, f.claim.subject):
            return False
        if not f.sources:
            return self.source_path == "" and self.source_text == ""
        return any(s.text == self.source_text and self.source_path in (_relative(s.path, base), s.path)
                   for s in f.sources)


def _relative(path: str, base: Path) -> str:
    """A finding's path (relative to the working directory) relative to ``base``."""
    return os.path.relpath(os.path.abspath(path), os.path.abspath(base)).replace(os.sep, "/")


def load(file: Path) -> list[Entry]:
    if not file.exists():
        return []
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{file}: not a readable baseline file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("accepted"), list):
        raise BaselineError(f"{file}: expected {{\"version\": 1, \"accepted\": [...]}}")
    entries = []
    for i, item in enumerate(data["accepted"]):
        if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in _FIELDS):
            raise BaselineError(f"{file}: accepted[{i}] needs string fields {', '.join(_FIELDS)}")
        entries.append(Entry(**{k: item[k] for k in _FIELDS}, reason=str(item.get("reason", ""))))
    return entries


def write(file: Path, entries: Iterable[Entry]) -> None:
    rows = sorted({e: None for e in entries}, key=lambda e: (e.path, e.claim, e.subject, e.source_path, e.source_text, e.code))
    body = {"version": VERSION, "generated_by": "factcheck check --write-baseline",
            "accepted": [e._asdict() for e in rows]}
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def entry_for(f: Finding, base: Path) -> Entry:
    top = f.sources[0] if f.sources else None
    return Entry(_relative(f.claim.path, base), f.code, f.claim.text, f.claim.subject,
                 _relative(top.path, base) if top else "", top.text if top else "")


def apply(findings: Sequence[Finding], entries: Sequence[Entry], base: Path,
          checked: Iterable[str]) -> tuple[list[Finding], int, list[Entry]]:
    """Findings not accepted, how many were accepted, and stale entries for the checked files."""
    used: set[int] = set()
    kept = []
    for f in findings:
        path = _relative(f.claim.path, base)
        hits = [i for i, e in enumerate(entries) if f.code != "FC100" and e.accepts(f, path, base)]
        used.update(hits)
        if not hits:
            kept.append(f)
    checked_paths = {_relative(p, base) for p in checked}
    stale = [e for i, e in enumerate(entries) if i not in used and e.path in checked_paths]
    return kept, len(findings) - len(kept), stale


def updated(entries: Sequence[Entry], findings: Sequence[Finding], base: Path, checked: Iterable[str]) -> list[Entry]:
    """The baseline after accepting every current finding of the checked files.

    Entries for files not checked this time are kept; entries that still match keep their
    reason; entries of checked files that match nothing are dropped.
    """
    checked_paths = {_relative(p, base) for p in checked}
    current = [f for f in findings if f.code != "FC100"]
    keep = [e for e in entries if e.path not in checked_paths
            or any(e.accepts(f, _relative(f.claim.path, base), base) for f in current)]
    new = [entry_for(f, base) for f in current
           if not any(e.accepts(f, _relative(f.claim.path, base), base) for e in keep)]
    return keep + new


def stale_notice(file: Path, e: Entry, lang: str = "zh") -> str:
    return _STALE.get(lang, _STALE["zh"]).format(file=file, **e._asdict())
