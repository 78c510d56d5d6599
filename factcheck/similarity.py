"""How alike two strings are: rapidfuzz's ``fuzz.ratio``, without importing rapidfuzz.

:func:`ratio` is the normalized Indel similarity (0–100) that ``rapidfuzz.fuzz.ratio``
returns, to the same float: ``100 × (1 − (len(a) + len(b) − 2·LCS) / (len(a) + len(b)))``,
with the longest common subsequence found by a bit-parallel scan (Hyyrö 2004, as rapidfuzz
does it in C++).

Why not rapidfuzz itself: importing it loads six compiled extensions, ~9 ms, more than a
whole fresh ``factcheck check`` spends comparing (a few hundred short subjects and clause
templates, ~5 µs each here). A batch job that compares millions of pairs (the archive
audit) asks for the compiled one explicitly: ``judge.Options(compiled_ratio=True)`` makes
each pair use :func:`ratio_function` ``(True)``, rapidfuzz's ``fuzz.ratio``
(``tests/test_similarity.py`` checks that the two agree). Nothing here changes at run time.

>>> ratio("庭州英才", "天池英才")
50.0
"""
from __future__ import annotations

from collections.abc import Callable


def indel_ratio(a: str, b: str) -> float:
    """``rapidfuzz.fuzz.ratio(a, b)``, in Python."""
    if len(a) > len(b):
        a, b = b, a
    total = len(a) + len(b)
    if not total:
        return 100.0
    if not a:
        return 0.0
    masks: dict[str, int] = {}  # character -> the bits of its positions in a
    bit = 1
    for ch in a:
        masks[ch] = masks.get(ch, 0) | bit
        bit <<= 1
    full = bit - 1
    v = full  # a 0 bit: that position of a is in the common subsequence so far
    for ch in b:
        m = masks.get(ch)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    lcs = len(a) - v.bit_count()
    return (1.0 - (total - 2 * lcs) / total) * 100


ratio: Callable[[str, str], float] = indel_ratio


def ratio_function(compiled: bool) -> Callable[[str, str], float]:
    """:func:`indel_ratio`, or with ``compiled`` rapidfuzz's ``fuzz.ratio`` (the same results,
    ~10× faster a call, ~9 ms to import): for jobs that compare many pairs."""
    if not compiled:
        return indel_ratio
    from rapidfuzz import fuzz

    return fuzz.ratio
