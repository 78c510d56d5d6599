#!/usr/bin/env python3
"""How far a date read from a page's text can be trusted (issue 12, part 1).

Every item of a corpus whose front matter states its date is dated again from its text
alone (front matter removed) with :func:`factcheck.dating.date_from_text`, and compared:

    tar -xJf ../shared/corpora/xwlb-articles.tar.xz -C /tmp
    .venv/bin/python scripts/eval_dating.py /tmp/xwlb /tmp/dxy

right: the same year, and within 7 days (a day) or the same month (a month); wrong: any
other date; unknown: no date read. An inferred wrong date is worse than none: the decision
rules handle an unknown date as unknown, but a wrong one as a fact.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.dating import date_from_text  # noqa: E402

_DATE = re.compile(r"^date:\s*[\"']?(\d{4}-\d{2}-\d{2})", re.M)


def judged(true: str, got: str) -> str:
    if not got:
        return "unknown"
    if got[:4] != true[:4]:
        return "wrong"
    if len(got) == 10:
        return "right" if abs((date.fromisoformat(got) - date.fromisoformat(true)).days) <= 7 else "wrong"
    if len(got) == 7:
        return "right" if got == true[:7] else "wrong"
    return "right"


def evaluate(corpus: Path) -> tuple[Counter, list[tuple[str, str, str]]]:
    counts: Counter = Counter()
    wrong = []
    for p in sorted(corpus.rglob("*.md")):
        text = p.read_text("utf-8", errors="replace")
        m = _DATE.search(text[:600])
        if not m:
            continue
        body = text.split("---", 2)[2] if text.startswith("---") else text
        got = date_from_text(body)
        verdict = judged(m.group(1), got)
        counts[verdict] += 1
        if verdict == "wrong":
            wrong.append((p.name, m.group(1), got))
    return counts, wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--show", type=int, default=5, help="wrong dates to print per corpus")
    args = ap.parse_args(argv)
    for corpus in args.corpora:
        counts, wrong = evaluate(corpus)
        dated = counts["right"] + counts["wrong"]
        share = f"{counts['right'] / dated:.1%} right" if dated else "nothing dated"
        print(f"{corpus}: {sum(counts.values())} items; dated {dated} ({share}), "
              f"right {counts['right']}, wrong {counts['wrong']}, unknown {counts['unknown']}")
        for name, true, got in wrong[:args.show]:
            print(f"  wrong: {name} front matter {true}, text {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
