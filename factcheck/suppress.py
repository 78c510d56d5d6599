"""Inline suppression comments in Markdown drafts.

    <!-- factcheck: disable-next-line FC101 数字经核实已更新 -->
    2024年遴选培育“庭州英才”260名。
    2024年遴选培育“庭州英才”260名。<!-- factcheck: disable-line -->
    <!-- factcheck: disable FC102 -->  …  <!-- factcheck: enable -->

The draft is parsed as Markdown (markdown-it-py, CommonMark), as markdownlint does, so a
directive is an HTML comment of the document, never text in a code block. It covers:

- ``disable-next-line``: on a line of its own, exactly the next block (a paragraph of
  several lines, a heading, a list, a table); inside a paragraph, the next line;
- ``disable-line``: the line(s) the comment is on;
- ``disable`` … ``enable``: the lines in between (to the end of the file without ``enable``).

Codes are optional (none = every code); the words after them are the reason. Nothing else
suppresses: other comments are blanked out of the draft before its figures are read
(:func:`masked`). Comments that suppress nothing are reported so they do not outlive the
figure they were written for.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import regex

from .patterns import lazy
from .records import Finding

MARKDOWN_SUFFIXES = (".md", ".markdown")
_DIRECTIVE = lazy(regex.compile,
    r"<!--\s*factcheck:\s*(disable-next-line|disable-line|disable|enable)(?![\w-])(.*?)-->", regex.S)
_ANY_COMMENT = lazy(regex.compile, r"<!--.*?-->", regex.S)
_NOT_NEWLINE = lazy(regex.compile, r"[^\n]")
_CODE = lazy(regex.compile, r"FC\d{3}")
_UNUSED = {"zh": "{path}:{line}: 未起作用的 factcheck 注释（{kind}{codes}）：该处没有可忽略的问题",
           "en": "{path}:{line}: unused factcheck comment ({kind}{codes}): nothing to suppress there"}


class Directive(NamedTuple):
    kind: str  # disable-next-line | disable-line | disable
    line: int  # where the comment starts
    first: int  # first line it covers
    last: int  # last line it covers
    codes: frozenset[str]  # empty: every code
    reason: str = ""

    def covers(self, f: Finding) -> bool:
        return self.first <= f.claim.line <= self.last and (not self.codes or f.code in self.codes)


class Comment(NamedTuple):
    """An HTML comment of the Markdown document (offsets into the text, lines 1-based)."""

    start: int
    end: int
    line: int
    end_line: int
    own_block: bool  # on lines of its own (an HTML block), not inside a paragraph
    next_block: tuple[int, int] | None  # (first, last) line of the block after it


def _without_front_matter(text: str) -> str:
    """The text with its YAML front matter blanked (same offsets): it is not Markdown."""
    from .reading import front_matter_end

    end = front_matter_end(text)
    return _NOT_NEWLINE.sub(" ", text[:end]) + text[end:] if end else text


def _tokens(text: str) -> list[Any]:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").parse(text)  # type: ignore[no-any-return]


def _only_comments(content: str) -> bool:
    return not _ANY_COMMENT.sub("", content).strip()


def comments(text: str) -> list[Comment]:
    """Every HTML comment of a Markdown text, in order (none from code blocks or spans)."""
    if "<!--" not in text:
        return []
    body = _without_front_matter(text)
    starts = [0] + [i + 1 for i, ch in enumerate(body) if ch == "\n"]

    def offset(line0: int) -> int:  # 0-based line -> offset (past the end: the text's length)
        return starts[line0] if line0 < len(starts) else len(body)

    def line_of(pos: int) -> int:
        from bisect import bisect_right

        return bisect_right(starts, pos)

    tokens = _tokens(body)
    out: list[Comment] = []
    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        lo, hi = offset(tok.map[0]), offset(tok.map[1])
        if tok.type == "html_block":
            following = _next_block(tokens, i)
            own = _only_comments(tok.content)
            for m in _ANY_COMMENT.finditer(body, lo, hi):
                out.append(Comment(m.start(), m.end(), line_of(m.start()), line_of(m.end() - 1), own,
                                   following if own else None))
        elif tok.type == "inline":
            cursor = lo
            for child in tok.children or []:
                if child.type != "html_inline" or not child.content.startswith("<!--"):
                    continue
                at = body.find(child.content, cursor, hi)
                if at < 0:
                    continue
                cursor = at + len(child.content)
                out.append(Comment(at, cursor, line_of(at), line_of(cursor - 1), False, None))
    return out


def _next_block(tokens: list[Any], i: int) -> tuple[int, int] | None:
    """Lines of the first block after token ``i`` that is not itself only comments."""
    for tok in tokens[i + 1:]:
        if tok.map is None or tok.type.endswith("_close") or tok.type == "inline":
            continue
        if tok.type == "html_block" and _only_comments(tok.content):
            continue
        return tok.map[0] + 1, tok.map[1]
    return None


def masked(text: str, found: Sequence[Comment] | None = None) -> str:
    """The text with every HTML comment blanked (same length, same lines): what a reader
    of the rendered page sees, so that no comment's words or figures become claims."""
    spans = comments(text) if found is None else found
    if not spans:
        return text
    parts, pos = [], 0
    for c in spans:
        parts.append(text[pos:c.start])
        parts.append(_NOT_NEWLINE.sub(" ", text[c.start:c.end]))
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)


def parse(text: str, found: Sequence[Comment] | None = None) -> list[Directive]:
    """The directives in a Markdown text, with the lines each one covers."""
    n_lines = text.count("\n") + 1
    out: list[Directive] = []
    open_blocks: list[tuple[int, frozenset[str], str]] = []
    for c in comments(text) if found is None else found:
        m = _DIRECTIVE.fullmatch(text, c.start, c.end)
        if not m:
            continue
        kind, rest = m.group(1), m.group(2).replace(",", " ").split()
        codes = frozenset(w for w in rest if _CODE.fullmatch(w))
        reason = " ".join(w for w in rest if not _CODE.fullmatch(w))
        if kind == "disable-next-line":
            first, last = c.next_block if c.own_block and c.next_block else (c.end_line + 1, c.end_line + 1)
            if c.own_block and not c.next_block:  # the last thing in the file: covers nothing
                first, last = n_lines + 1, n_lines
            out.append(Directive(kind, c.line, first, last, codes, reason))
        elif kind == "disable-line":
            out.append(Directive(kind, c.line, c.line, c.end_line, codes, reason))
        elif kind == "disable":
            open_blocks.append((c.line, codes, reason))
        else:  # enable closes the blocks it names (all of them when it names none)
            still = []
            for start, b_codes, b_reason in open_blocks:
                if not codes or b_codes & codes or not b_codes:
                    out.append(Directive("disable", start, start, c.line, b_codes, b_reason))
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
