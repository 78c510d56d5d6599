"""factcheck.similarity: rapidfuzz's fuzz.ratio computed without importing rapidfuzz."""
from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from factcheck import similarity

WORDS = "人才英天山池庭州昌吉发展基金重点项目遴选培育名个元亿，。“”ab12"


def _pairs(n: int) -> list[tuple[str, str]]:
    rnd = random.Random(13)
    out = [("", ""), ("", "人才"), ("人才", ""), ("人才", "人才"), ("庭州英才", "天池英才"), ("a" * 70, "a" * 69 + "b")]
    for _ in range(n):
        pool = WORDS[:rnd.randint(2, len(WORDS))]
        a = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 90)))
        b = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 90)))
        if rnd.random() < 0.3 and a:  # a restatement: b shares most of a
            b = a[:len(a) // 2] + b[:4] + a[len(a) // 2:]
        out.append((a, b))
    return out


def test_the_python_ratio_is_rapidfuzz_ratio_to_the_last_bit() -> None:
    for a, b in _pairs(20000):
        assert similarity.indel_ratio(a, b) == fuzz.ratio(a, b), (a, b)


def test_a_batch_job_asks_for_rapidfuzz_explicitly() -> None:
    """The audit's options choose the compiled ratio; the module's own never changes."""
    from factcheck.judge import Options, Pair
    from factcheck.knowledge import load

    assert similarity.ratio_function(False) is similarity.indel_ratio
    assert similarity.ratio_function(True) is fuzz.ratio
    from factcheck.records import Claim, Quantity, TimeScope

    claim = Claim("a.md", 1, 1, 1, 5, "220名", Quantity(220, 220, "名"), "庭州英才", "名", "", TimeScope(), "",
                  "遴选培育“庭州英才”220名。", "遴选培育“庭州英才”220名。")
    k = load()
    assert Pair(claim, claim, k, Options(compiled_ratio=True)).similar is fuzz.ratio
    assert Pair(claim, claim, k, Options()).similar is similarity.indel_ratio
    assert similarity.ratio is similarity.indel_ratio
