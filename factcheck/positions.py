"""Line and column of an offset: computed here and nowhere else (1-based, code points)."""
from __future__ import annotations

from bisect import bisect_right


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
