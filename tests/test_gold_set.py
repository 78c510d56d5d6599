"""The hand-made gold set is data: validate it like code (codespell's test_dictionary)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

GOLD = sorted((ROOT / "fixtures" / "gold").glob("*.jsonl"))
KINDS = {"claim", "date", "ordinal", "not-a-quantity"}
NUMERAL = re.compile(r"[0-9０-９零〇○一二两三四五六七八九十百千万亿半双首]")


def _entries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_one_gold_file_per_seed() -> None:
    seeds = {p.stem for p in (ROOT / "fixtures" / "seeds").glob("*.txt")}
    assert {p.stem for p in GOLD} == seeds


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem[:3])
def test_gold_entries_are_well_formed(path: Path) -> None:
    lines = (ROOT / "fixtures" / "seeds" / (path.stem + ".txt")).read_text("utf-8").split("\n")
    seen = set()
    prev = (0, 0)
    for e in _entries(path):
        pos = (e["line"], e["column"])
        assert pos not in seen, pos
        assert pos >= prev, f"not in reading order at {pos}"
        seen.add(pos)
        prev = pos
        assert e["kind"] in KINDS
        ch = lines[e["line"] - 1][e["column"] - 1]
        assert NUMERAL.match(ch), f"{path.name}:{pos} points at {ch!r}, not a numeral"
        assert ch in e["text"], (pos, e["text"])
        if e["kind"] == "claim":
            assert {"low", "high", "unit", "subject"} <= set(e)
            assert e["low"] is not None or e["high"] is not None
            if e["low"] is not None and e["high"] is not None:
                assert e["low"] <= e["high"], pos
            assert e["unit"] and e["subject"]
        else:
            assert "low" not in e and "unit" not in e


def test_every_arabic_digit_run_is_annotated() -> None:
    for path in GOLD:
        lines = (ROOT / "fixtures" / "seeds" / (path.stem + ".txt")).read_text("utf-8").split("\n")
        starts = {(e["line"], e["column"]) for e in _entries(path)}
        covered = set()
        for e in _entries(path):
            covered |= {(e["line"], e["column"] + i) for i in range(len(e["text"]) + 2)}
        for i, line in enumerate(lines, 1):
            for m in re.finditer(r"\d+", line):
                assert any((i, c) in covered for c in range(m.start() + 1, m.end() + 1)) or \
                    any(p[0] == i - 1 for p in starts), f"{path.name}:{i}:{m.start() + 1} {m.group()}"
