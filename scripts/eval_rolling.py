#!/usr/bin/env python3
"""Unmodified copy against the months before it: how many errors and warnings does a newsroom
see on drafts it got right?

    tar -xJf ../shared/corpora/xwlb-articles.tar.xz -C /tmp
    .venv/bin/python scripts/eval_rolling.py --corpus /tmp/xwlb --month 2024-10      # ~1 minute
    .venv/bin/python scripts/eval_rolling.py --corpus /tmp/xwlb --month 2025-10 --month 2026-03 --json

The typo split (``scripts/eval_typos.py``) puts a DB before a cutoff and drafts after it, so a
draft never meets yesterday's article; a newsroom's DB holds it. Here, for each ``--month``, the
claims DB holds the corpus items of the ``--months-before`` months before it and of the month
itself; every item of the month is checked as a draft, and a finding counts only when every
article it cites is dated before the draft (what the DB held when the draft was written). The
drafts are published copy, so each error is a false alarm or an inconsistency in the archive:
``--errors-out`` writes them all, with both sentences, to be read. FC201 (inside one draft) is
left out: it does not depend on the DB.

Only factcheck's public API is used (``api.ingest``, ``api.check``).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import eval_typos  # noqa: E402  (the corpus reader and the cached claims DB)
from factcheck import api  # noqa: E402


def month_bounds(month: str, before: int) -> tuple[str, str, str]:
    """(DB start, month start, month end) as ISO dates: ``2024-10`` with 3 months before →
    (2024-07-01, 2024-10-01, 2024-11-01)."""
    y, m = (int(x) for x in month.split("-"))
    start_index = y * 12 + m - 1 - before
    end_index = y * 12 + m
    return (date(start_index // 12, start_index % 12 + 1, 1).isoformat(), date(y, m, 1).isoformat(),
            date(end_index // 12, end_index % 12 + 1, 1).isoformat())


def _side(path: str, line: int, date_: str, text: str, sentence: str) -> dict:
    return {"file": Path(path).name, "line": line, "date": date_, "figure": text, "sentence": sentence}


def run_month(month: str, args: argparse.Namespace) -> dict:
    start, first, end = month_bounds(month, args.months_before)
    items = eval_typos.dated_items(args.corpus)
    archive = [p for d, p in items if start <= d < end]
    drafts = [p for d, p in items if first <= d < end]
    db_args = eval_typos.parse_args(["--corpus", str(args.corpus), "--since", start, "--cutoff", end,
                                     "--db-dir", str(args.db_dir)])
    db = eval_typos.claims_db(archive, db_args)
    result = api.check(drafts, db)
    errors: list[dict] = []
    warnings = 0
    by_rules: Counter[str] = Counter()
    for f in result.findings:
        if f.code == "FC201" or not f.sources:
            continue
        if not all(s.date and s.date < f.claim.date for s in f.sources):
            continue  # the DB of the draft's day did not hold it yet
        if f.severity != "error":
            warnings += 1
            continue
        s = f.sources[0]
        rules = " → ".join(r.rule for r in s.why.rules) if s.why else ""
        by_rules[rules] += 1
        errors.append({"code": f.code, "rules": rules,
                       "draft": _side(f.claim.path, f.claim.line, f.claim.date, f.claim.text, f.claim.sentence),
                       "source": _side(s.path, s.line, s.date, s.text, s.sentence)})
    n = len(drafts)
    return {"month": month, "db": f"{start} … {end}", "drafts": n, "errors": len(errors), "warnings": warnings,
            "errors_per_100": round(100 * len(errors) / n, 2) if n else 0.0,
            "warnings_per_100": round(100 * warnings / n, 1) if n else 0.0,
            "errors_by_rules": dict(by_rules.most_common()), "error_list": errors}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/xwlb"), help="folder of .md items with a front-matter date")
    ap.add_argument("--month", action="append", required=True, help="YYYY-MM whose items are checked (repeatable)")
    ap.add_argument("--months-before", type=int, default=3, help="months of earlier items in the DB")
    ap.add_argument("--db-dir", type=Path, default=Path(tempfile.gettempdir()) / "factcheck_eval_typos",
                    help="where the claims DBs are kept and reused")
    ap.add_argument("--errors-out", type=Path, help="write every error, both sentences, as JSON")
    ap.add_argument("--json", action="store_true", help="machine-readable report on stdout")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"eval_rolling: no corpus at {args.corpus} (unpack ../shared/corpora/*.tar.xz to /tmp)", file=sys.stderr)
        return 2
    months = [run_month(m, args) for m in args.month]
    if args.errors_out:
        args.errors_out.write_text(json.dumps([e for m in months for e in m["error_list"]], ensure_ascii=False, indent=2),
                                   encoding="utf-8")
    if args.json:
        print(json.dumps(months, ensure_ascii=False, indent=2))
        return 0
    print(f"{'month':8} {'DB':25} {'drafts':>6} {'errors':>6} {'/100':>5} {'warnings':>8} {'/100':>5}")
    for m in months:
        print(f"{m['month']:8} {m['db']:25} {m['drafts']:6} {m['errors']:6} {m['errors_per_100']:5} "
              f"{m['warnings']:8} {m['warnings_per_100']:5}")
        for e in m["error_list"]:
            d, s = e["draft"], e["source"]
            print(f"  {e['code']} {d['file']}:{d['line']} {d['figure']} vs {s['file']}:{s['line']} ({s['date']}) "
                  f"{s['figure']}  [{e['rules']}]\n      {d['sentence'][:90]}\n      {s['sentence'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
