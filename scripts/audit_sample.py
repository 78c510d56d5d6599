#!/usr/bin/env python3
"""Draw a reproducible random sample of error-level audit findings for review by hand.

    .venv/bin/python scripts/audit_sample.py --db /tmp/xwdb --n 50 --seed 2026 > sample.yaml

The sample is written as YAML with empty `verdict` and `why` fields; a reviewer fills them
(true: the two figures really disagree about the same fact; false: a different fact, a
different scope, or a misread figure). `--score FILE` prints the share of true verdicts.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _side(c_path: str, line: int, text: str, subject: str, scope: str, place: str, date: str, sentence: str) -> dict:
    return {"path": Path(c_path).name, "line": line, "date": date, "text": text, "subject": subject,
            "scope": scope, "place": place, "sentence": sentence}


def sample(db: str, n: int, seed: int) -> tuple[list[dict], int]:
    from factcheck.audit import audit

    errors = [f for g in audit(db) for f in g.findings if f.severity == "error"]
    errors.sort(key=lambda f: (f.claim.path, f.claim.line, f.claim.column))
    rng = random.Random(seed)
    picked = rng.sample(errors, min(n, len(errors)))
    out = []
    for i, f in enumerate(picked, 1):
        c, s = f.claim, f.sources[0]
        out.append({
            "id": f"A{i:03d}",
            "finding": f.code,
            "draft": _side(c.path, c.line, c.text, c.subject, c.scope.label, c.place, c.date, c.sentence),
            "source": _side(s.path, s.line, s.text, s.subject, s.scope.label, s.place, s.date, s.sentence),
            "verdict": None,
            "why": "",
        })
    return out, len(errors)


def score(path: Path) -> tuple[int, int]:
    import yaml

    rows = yaml.safe_load(path.read_text("utf-8"))["sample"]
    judged = [r for r in rows if r["verdict"] is not None]
    return sum(1 for r in judged if r["verdict"] is True), len(judged)


def main() -> None:
    import yaml

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--score", type=Path, help="print the share of true verdicts in a reviewed file")
    args = ap.parse_args()
    if args.score:
        true, n = score(args.score)
        print(f"{true}/{n} error-level findings judged true ({true / max(1, n):.0%})")
        return
    rows, total = sample(args.db, args.n, args.seed)
    yaml.safe_dump({"db": "xwlb corpus (19,594 items)", "seed": args.seed, "errors_total": total, "sample": rows},
                   sys.stdout,
                   allow_unicode=True, sort_keys=False, width=200)


if __name__ == "__main__":
    main()
