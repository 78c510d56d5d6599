"""Stage 1: normalize real copy, keeping a map back to the original offsets.

PDF-extracted pages break lines inside sentences and numbers (``12 月 18\\n日``,
``设立 5\\n\\n亿元``), put spaces around digits and mix full- and half-width forms.
Normalization only *translates characters one for one* and *deletes* characters, so the
normalized text is a subsequence of the original and every normalized offset maps back
exactly: ``设立 5\\n\\n亿元`` → ``设立5亿元``.

A line break is kept (as a hard break, ``\\n``) where the layout says a unit ends: after
sentence-final punctuation, around standalone headline lines, before indented lines,
bylines (本报讯), captions (□…摄), credits and Markdown headings. Everywhere else the
lines are rejoined.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple
import re

import regex

from .patterns import lazy

# Full-width ASCII variants → ASCII, except the punctuation Chinese copy uses as its own.
_KEEP_FULLWIDTH = set("，：；！？（）")
_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH}
_TABLE.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20})
# ○ (U+25CB) is what PDF extraction substitutes for the numeral 〇.
_TABLE[0x25CB] = 0x3007
# Patterns that are one class of literal characters use the standard library's ``re``: it
# scans such a class several times faster than ``regex`` (and means the same by it).
# The characters _TABLE changes, found by one scan (str.translate looks every character up).
_TRANSLATED = lazy(re.compile, "[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "]+")
# Half-width punctuation → the full-width form, unless it sits between digits (1,234 / 12:30).
_ASCII_PUNCT = lazy(regex.compile, r"(?<!\d)[,:](?!\d)|[;!?()]|(?<=\d)[,:](?!\d)|(?<!\d)[,:](?=\d)")
_ANY_ASCII_PUNCT = lazy(re.compile, r"[,:;!?()]")
_PUNCT_MAP = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}

_SPACE_RUN = lazy(re.compile, r"[ \t\u200b\ufeff]+")
_CONTROL = lazy(re.compile, r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\ufeff\r]")
_TERMINAL_PUNCT = "。！？!?…"  # a line ending in one of these, then closing quotes or brackets
_CLOSERS = "”’」』）)"
_CLAUSE_PUNCT = lazy(re.compile, r"[，,；;]")
_BREAK_BEFORE = ("本报讯", "本报记者", "□", "■", "（本报", "(本报", "——", "问：", "问:", "#", "【", "答：")
_ASCII_ALNUM = lazy(regex.compile, r"[A-Za-z0-9]")


class Normalized(NamedTuple):
    """Normalized text plus the map back to the original."""

    text: str
    original: str
    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    def to_original(self, offset: int) -> int:
        """Original offset of the normalized character at ``offset`` (end → original end)."""
        if offset >= len(self.text):
            return len(self.original)
        k = bisect_right(self.norm_starts, offset) - 1
        return self.orig_starts[k] + (offset - self.norm_starts[k])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) covering normalized [start, end)."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def _translate(original: str) -> str:
    text = _TRANSLATED.sub(lambda m: m.group().translate(_TABLE), original)
    if _ANY_ASCII_PUNCT.search(text) is None:
        return text
    return _ASCII_PUNCT.sub(lambda m: _PUNCT_MAP[m.group()], text)


def _is_standalone(line: str) -> bool:
    """A one-line block with no clause punctuation: a headline, a credit, a kicker.

    A line ending in a digit is a number broken by the layout (设立 5 / 亿元), not a headline.
    """
    return not _CLAUSE_PUNCT.search(line) and not line[-1:].isdigit()


def ends_sentence(line: str) -> bool:
    """The line ends a sentence: 。 ！ ？ … then any closing quotes or brackets."""
    body = line.rstrip(_CLOSERS)
    return body != "" and body[-1] in _TERMINAL_PUNCT


_BLANKS = " \t\u200b\ufeff"


def normalize(original: str) -> Normalized:
    """Normalize ``original``; see the module docstring.

    >>> normalize("授信金额达 1.5 亿\\n元。").text
    '授信金额达1.5亿元。'
    """
    translated = _translate(original)
    deletions: list[tuple[int, int]] = [(m.start(), m.end()) for m in _CONTROL.finditer(translated)]

    # Content lines (stripped): (start, end, the line) and for each, whether a unit ends
    # after it or starts with it; None for a blank line.
    has_cr = "\r" in translated
    lines: list[tuple[int, int, str, bool] | None] = []
    start = 0
    for seg in translated.split("\n"):
        line_start, start = start, start + len(seg) + 1
        if has_cr:
            seg = seg.replace("\r", "")
        stripped = seg.strip(_BLANKS)
        if not stripped:
            lines.append(None)
            continue
        s = line_start if seg[0] not in _BLANKS else line_start + len(seg) - len(seg.lstrip(_BLANKS))
        lines.append((s, s + len(stripped), stripped, s != line_start))
    content: list[tuple[int, int, str]] = []
    ends_after: list[bool] = []
    starts_unit: list[bool] = []
    last = len(lines) - 1
    for i, ln in enumerate(lines):
        if ln is None:
            continue
        s, e, line, indented = ln
        alone = ((i == 0 or lines[i - 1] is None) and (i == last or lines[i + 1] is None)
                 and _is_standalone(line))
        content.append((s, e, line))
        if alone:
            ends_after.append(True)
            starts_unit.append(True)
            continue
        # a unit ends after a sentence end, a heading, a line in brackets or a caption (□…摄);
        # one starts with an indented line, a line in brackets or a byline (本报讯, □, ——…)
        first, last_ch = line[0], line[-1]
        paren = first in "（(" and last_ch in "）)" and len(line) >= 2
        ends_after.append(last_ch in _TERMINAL_PUNCT or (last_ch in _CLOSERS and ends_sentence(line))
                          or first == "#" or paren
                          or last_ch == "摄" and ("□" in line or "■" in line))
        starts_unit.append(indented or paren or line.startswith(_BREAK_BEFORE))

    if content:
        deletions.append((0, content[0][0]))
        deletions.append((content[-1][1], len(translated)))
    for k in range(len(content) - 1):
        a_end, b_start = content[k][1], content[k + 1][0]
        if ends_after[k] or starts_unit[k + 1]:
            # keep the first newline after the previous line, delete the rest of the gap
            nl = translated.index("\n", a_end)
            deletions.append((a_end, nl))
            deletions.append((nl + 1, b_start))
        else:
            deletions.append((a_end, b_start))
    deletions += _spaces_inside(translated, content)
    return _apply(original, translated, deletions)


def _spaces_inside(translated: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Deletions of the space runs inside the content ``spans``, found by one scan of the
    text (a run never crosses a line break, so it lies in one span at most); between two
    ASCII letters or digits one space is kept."""
    starts = [span[0] for span in spans]
    out: list[tuple[int, int]] = []
    for m in _SPACE_RUN.finditer(translated):
        k = bisect_right(starts, m.end() - 1) - 1
        if k < 0:
            continue
        start, end = spans[k][0], spans[k][1]
        s, e = max(m.start(), start), min(m.end(), end)
        if s >= e:
            continue
        left = translated[s - 1] if s > start else ""
        right = translated[e] if e < end else ""
        if left and right and _ASCII_ALNUM.match(left) and _ASCII_ALNUM.match(right):
            if e - s > 1:
                out.append((s + 1, e))
            continue
        out.append((s, e))
    return out


def _apply(original: str, translated: str, deletions: list[tuple[int, int]]) -> Normalized:
    deletions.sort()
    parts: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    pos = 0
    n = 0
    for s, e in deletions:
        if e <= s:
            continue
        if s > pos:
            parts.append(translated[pos:s])
            norm_starts.append(n)
            orig_starts.append(pos)
            n += s - pos
        if e > pos:
            pos = e
    if pos < len(translated):
        parts.append(translated[pos:])
        norm_starts.append(n)
        orig_starts.append(pos)
    text = "".join(parts)
    if not norm_starts:
        norm_starts, orig_starts = [0], [0]
    return Normalized(text, original, tuple(norm_starts), tuple(orig_starts))
