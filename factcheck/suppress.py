"""Inline suppression comments in Markdown drafts.

    <!-- factcheck: disable-next-line FC101 数字经核实已更新 -->
    2024年遴选培育“庭州英才”260名。
    2024年遴选培育“庭州英才”260名。<!-- factcheck: disable-line -->
    <!-- factcheck: disable FC102 -->  …  <!-- factcheck: enable -->

Codes are optional (none = every code); the words after them are the reason. A
``disable`` without ``enable`` runs to the end of the file. Comments that suppress
nothing are reported so they do not outlive the figure they were written for.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .patterns import lazy
from .positions import LineIndex
from .records import Finding

MARKDOWN_SUFFIXES = (".md", ".markdown")
_COMMENT = lazy(regex.compile, 
    r"<!--\s*factcheck:\s*(disable-next-line|disable-line|disable|enable)(?![\w-])(.*?)-->", regex.S)
_CODE = lazy(regex.compile, r"FC\d{3}")
_UNUSED = {"zh": "{path}:{line}: 未起作用的 factcheck 注释（{kind}{codes}）：该处没有可忽略的问题",
           "en": "{path}:{line}: unused factcheck comment ({kind}{codes}): nothing to suppress there"}


@dataclass(frozen=True, slots=True)
class Directive:
    kind: str  # disable-next-line | disable-line | disable
    line: int  # where the comment starts
    first: int  # first line it covers
    last: int  # last line it covers
    codes: frozenset[str]  # empty: every code
    reason: str = ""

    def covers(self, f: Finding) -> bool:
        return self.first <= f.claim.line <= self.last and (not self.codes or f.code in self.codes)


def parse(text: str) -> list[Directive]:
    """The directives in a Markdown text, with the lines each one covers."""
    index = LineIndex(text)
    n_lines = text.count("\n") + 1
    out: list[Directive] = []
    open_blocks: list[tuple[int, frozenset[str], str]] = []
    for m in _COMMENT.finditer(text):
        kind, rest = m.group(1), m.group(2).replace(",", " ").split()
        codes = frozenset(w for w in rest if _CODE.fullmatch(w))
        reason = " ".join(w for w in rest if not _CODE.fullmatch(w))
        line = index.position(m.start())[0]
        end_line = index.position(m.end() - 1)[0]
        if kind == "disable-next-line":
            out.append(Directive(kind, line, end_line + 1, end_line + 1, codes, reason))
        elif kind == "disable-line":
            out.append(Directive(kind, line, line, end_line, codes, reason))
        elif kind == "disable":
            open_blocks.append((line, codes, reason))
        else:  # enable closes the blocks it names (all of them when it names none)
            still = []
            for start, b_codes, b_reason in open_blocks:
                if not codes or b_codes & codes or not b_codes:
                    out.append(Directive("disable", start, start, line, b_codes, b_reason))
                else:
                    still.append((start, b_codes, b_reason))
            open_blocks = still
    out.extend(Directive("disable", s, s, n_lines, c, r) for s, c, r in open_blocks)
    return sorted(out, key=lambda d: d.line)


def apply(findings: Sequence[Finding], directives: Sequence[Directive]) -> tuple[list[Finding], int, list[Directive]]:
    """Findings kept, how many were suppressed, and directives that suppressed nothing.

    Confirmations (FC100) are never suppressed and never count as a use.
    """
    used: set[int] = set()
    kept: list[Finding] = []
    for f in findings:
        hits = [i for i, d in enumerate(directives) if f.code != "FC100" and d.covers(f)]
        used.update(hits)
        if not hits:
            kept.append(f)
    unused = [d for i, d in enumerate(directives) if i not in used]
    return kept, len(findings) - len(kept), unused


def unused_notice(path: str, d: Directive, lang: str = "zh") -> str:
    codes = " " + " ".join(sorted(d.codes)) if d.codes else ""
    return _UNUSED.get(lang, _UNUSED["zh"]).format(path=path, line=d.line, kind=d.kind, codes=codes)
