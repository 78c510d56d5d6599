"""Line and column of an offset: computed here and nowhere else (1-based, code points);
for text extracted from .docx, .pdf and .html files, the place in the original as well."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple


def figure_offset(sentence: str, figure: str, start: int = 0) -> int:
    """Where a figure first stands in a sentence, not inside a longer number (3.5万台 after
    13.5万台履带式收割机、), from ``start`` on; -1 when it is not there. (Extraction records
    where each figure stands: this is for a figure known only by its text.)

    >>> figure_offset("江苏准备了13.5万台履带式收割机、3.5万台烘干机", "3.5万台")
    18
    """
    at = sentence.find(figure, start) if figure else -1
    while at > 0 and (sentence[at - 1].isdigit() or sentence[at - 1] == "."):
        at = sentence.find(figure, at + 1)
    return at


class LineIndex:
    """Maps offsets in a text to 1-based (line, column).

    >>> LineIndex("ab\\n数字12").position(4)
    (2, 2)
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self._starts[line - 1] + column - 1


class Place(NamedTuple):
    """Where a character of an extracted text is in the original: ``line`` and ``column``
    as a person counts them there (a Word paragraph and its character, a PDF page's line,
    a line of HTML source) and a readable ``label`` (``p.2 l.14``, ``¶12``; empty where
    line and column say it all)."""

    line: int
    column: int
    label: str = ""


class Places:
    """Maps offsets in a text extracted from a .docx, .pdf or .html file to :class:`Place`.

    The text is made of runs, each copied from one place of the original (a Word
    paragraph, a line of a PDF page, a stretch of HTML text): a run starts at ``offset``,
    at ``line``/``column`` of the original, and goes on along that line.

    >>> Places([(0, 3, 1, "p.1 l.3"), (5, 4, 1, "p.1 l.4")]).place(7)
    Place(line=4, column=3, label='p.1 l.4')
    """

    __slots__ = ("_offsets", "_runs")

    def __init__(self, runs: Iterable[tuple[int, int, int, str]]) -> None:
        ordered = sorted(runs)
        self._offsets = [r[0] for r in ordered]
        self._runs = [Place(r[1], r[2], r[3]) for r in ordered]

    def place(self, offset: int) -> Place:
        k = bisect_right(self._offsets, offset) - 1
        if k < 0:
            return Place(1, 1)
        run = self._runs[k]
        return Place(run.line, run.column + offset - self._offsets[k], run.label)
