"""Fixes a draft can take: the published figure, or the scope the figure is stated for.

    factcheck check draft.md --diff   # a unified diff of every suggestion; nothing is written
    factcheck check draft.md --fix    # applies the safe ones, then reports what is left

Two kinds, each from one finding (pure: findings and texts in, edits out):

- ``figure`` (FC101): the draft's 260名 becomes the published 220名, offered only when every
  cited source states that same figure (one agreeing published figure). The only kind
  ``--fix`` applies, and only when asked.
- ``scope`` (FC102): the figures differ because their scopes do (累计 vs 2024年); the draft's
  own scope (``2024年``, ``累计``) is written at the start of the figure's clause when the
  clause does not say it, so that a reader cannot take one for the other. Shown by
  ``--diff``, never applied: only the editor knows which scope was meant.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .records import Finding

_CLAUSE_START = "，,；;：:。！？\n"


class Edit(NamedTuple):
    """Replace the text from (line, column) to (end_line, end_column) — 1-based code points,
    end exclusive, as a claim's span — with ``text``."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    code: str
    kind: str  # figure | scope
    applicable: bool  # --fix applies it


def figure_edit(f: Finding) -> Edit | None:
    """FC101 with one published figure: put it in the draft."""
    figures = {s.text for s in f.sources}
    if f.code != "FC101" or len(figures) != 1:
        return None
    c = f.claim
    return Edit(c.path, c.line, c.column, c.end_line, c.end_column, figures.pop(), f.code, "figure", True)


def scope_edit(f: Finding, text: str) -> Edit | None:
    """FC102: write the draft's stated scope at the start of the figure's clause, unless the
    clause already says it (``text`` is the draft's text)."""
    c = f.claim
    label = c.scope.label if c.scope.known else ""
    if f.code != "FC102" or not label or label in c.clause:
        return None
    lines = text.split("\n")
    if not 1 <= c.line <= len(lines):
        return None
    row = lines[c.line - 1]
    at = c.column - 1
    if row[at:at + len(c.text)] != c.text:
        return None
    start = max(row.rfind(p, 0, at) for p in _CLAUSE_START) + 1
    while start < at and row[start] in " \t":
        start += 1
    return Edit(c.path, c.line, start + 1, c.line, start + 1, label, f.code, "scope", False)


def edits(findings: Iterable[Finding], texts: dict[str, str]) -> list[Edit]:
    """The edits for these findings (``texts``: path → the draft's text), one per place."""
    out: dict[tuple[str, int, int], Edit] = {}
    for f in findings:
        e = figure_edit(f) or (scope_edit(f, texts[f.claim.path]) if f.claim.path in texts else None)
        if e is not None:
            out.setdefault((e.path, e.line, e.column), e)
    return sorted(out.values(), key=lambda e: (e.path, e.line, e.column))


def apply(text: str, file_edits: Sequence[Edit]) -> str:
    """``text`` with the edits made (from the last, so earlier positions hold)."""
    lines = text.split("\n")
    for e in sorted(file_edits, key=lambda e: (e.line, e.column), reverse=True):
        if e.line != e.end_line:
            continue  # a figure across a line break: left to the editor
        row = lines[e.line - 1]
        lines[e.line - 1] = row[:e.column - 1] + e.text + row[e.end_column - 1:]
    return "\n".join(lines)


def unified_diff(path: str, before: str, after: str) -> str:
    """``--- a/path`` / ``+++ b/path`` hunks, as ``git diff`` prints them."""
    out = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                               f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)
