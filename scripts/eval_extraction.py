#!/usr/bin/env python3
"""Precision and recall of `factcheck claims` against the hand-made gold set.

    .venv/bin/python scripts/eval_extraction.py [--misses]

A claim counts as right when an extracted claim starts at the gold (line, column) with the
same interval (low, high) and unit; its subject is right when it equals one of the gold
alternatives (quotation marks and spaces ignored). Dates, ordinals and non-quantities are
scored by kind at the same position.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.extract import extract  # noqa: E402
from factcheck.knowledge import load  # noqa: E402
from factcheck.positions import LineIndex  # noqa: E402
from factcheck.reading import read_document  # noqa: E402

KINDS = ("claim", "date", "ordinal", "not-a-quantity")


KNOWLEDGE = load(region="changji")  # the seed pages' newsroom

def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _clean(s: str) -> str:
    return "".join(ch for ch in s if ch not in "“”\"‘’《》 ")


def evaluate(root: Path = ROOT) -> dict:
    counts: dict[str, Counter] = {k: Counter() for k in KINDS}
    subject_right = subject_total = subject_close = 0
    misses: list[str] = []
    for gold_file in sorted((root / "fixtures" / "gold").glob("*.jsonl")):
        seed = root / "fixtures" / "seeds" / (gold_file.stem + ".txt")
        doc = read_document(seed)
        x = extract(doc, KNOWLEDGE)
        index = LineIndex(doc.text)
        got = {}
        for m in x.mentions:
            got[index.position(m.start)] = m
        claims = {(c.line, c.column): c for c in x.claims}
        gold = [json.loads(line) for line in gold_file.read_text("utf-8").splitlines() if line.strip()]
        gold_pos = {(g["line"], g["column"]): g for g in gold}
        for g in gold:
            pos = (g["line"], g["column"])
            kind = g["kind"]
            m = got.get(pos)
            where = f"{seed.name}:{pos[0]}:{pos[1]} {g['text']}"
            if kind == "claim":
                c = claims.get(pos)
                if c and _close(c.low, g["low"]) and _close(c.high, g["high"]) and c.unit == g["unit"]:
                    counts[kind]["tp"] += 1
                    subject_total += 1
                    alts = {_clean(a) for a in g["subject"].split("|")}
                    got_s = _clean(c.subject)
                    if got_s in alts:
                        subject_right += 1
                        subject_close += 1
                    else:
                        if len(got_s) >= 2 and any(got_s in a or (len(a) >= 2 and a in got_s) for a in alts):
                            subject_close += 1
                        misses.append(f"subject  {where}: got {c.subject!r}, gold {g['subject']!r}")
                else:
                    counts[kind]["fn"] += 1
                    if c:
                        misses.append(f"value    {where}: got [{c.low}, {c.high}] {c.unit}, gold [{g['low']}, {g['high']}] {g['unit']}")
                    else:
                        misses.append(f"missed   {where}" + (f" (read as {m.kind})" if m else ""))
            else:
                if m is not None and m.kind == kind:
                    counts[kind]["tp"] += 1
                else:
                    counts[kind]["fn"] += 1
        for pos, m in got.items():
            g = gold_pos.get(pos)
            if m.kind == "claim":
                if g is None or g["kind"] != "claim":
                    counts["claim"]["fp"] += 1
                    misses.append(f"spurious {seed.name}:{pos[0]}:{pos[1]} {m.text}" + (f" (gold: {g['kind']})" if g else ""))
                elif not (pos in claims and _close(claims[pos].low, g["low"]) and _close(claims[pos].high, g["high"]) and claims[pos].unit == g["unit"]):
                    counts["claim"]["fp"] += 1
            elif g is None or g["kind"] != m.kind:
                counts[m.kind]["fp"] += 1
    report = {}
    for k, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        report[k] = {"precision": round(p, 4), "recall": round(r, 4), **c}
    allc = sum((counts[k] for k in KINDS), Counter())
    report["overall"] = {"precision": round(allc["tp"] / max(1, allc["tp"] + allc["fp"]), 4),
                         "recall": round(allc["tp"] / max(1, allc["tp"] + allc["fn"]), 4), **allc}
    report["subject_accuracy"] = round(subject_right / max(1, subject_total), 4)
    # lenient: one contains the other (高新技术企业 vs 全州高新技术企业; 产品 vs 新产品)
    report["subject_accuracy_lenient"] = round(subject_close / max(1, subject_total), 4)
    report["misses"] = misses
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list every miss")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args()
    rep = evaluate()
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
        return
    print(f"{'kind':<16}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for k in (*KINDS, "overall"):
        r = rep[k]
        print(f"{k:<16}{r['precision']:>10.3f}{r['recall']:>8.3f}{r.get('tp', 0):>6}{r.get('fp', 0):>6}{r.get('fn', 0):>6}")
    print(f"subject accuracy on correctly read claims: {rep['subject_accuracy']:.3f} exact, "
          f"{rep['subject_accuracy_lenient']:.3f} lenient (one contains the other)")
    if args.misses:
        print("\n".join(rep["misses"]))
    else:
        print(f"({len(rep['misses'])} misses; --misses lists them)")


if __name__ == "__main__":
    main()
