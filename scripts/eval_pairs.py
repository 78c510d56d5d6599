#!/usr/bin/env python3
"""Conflict precision/recall on the labelled cross-article pairs (fixtures/pairs/seed_pairs.yaml).

    .venv/bin/python scripts/eval_pairs.py [--list]

Each seed page is checked against a claims DB of the other four pages (leave-one-out).
For a pair, the verdict is what the check says about the draft claim *citing the source
claim*: `error`, `warning` or nothing. Targets (issue 4): recall 1.0 on labelled
conflicts, zero errors on labelled non-conflicts, warnings on consistent pairs <= 10%.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck import api  # noqa: E402


def _strip(s: str) -> str:
    return "".join(s.split())


def leave_one_out(root: Path = ROOT) -> dict[str, list]:
    """Findings of each seed page against a DB of the other pages, keyed by file name."""
    seeds = sorted((root / "fixtures" / "seeds").glob("*.txt"))
    out = {}
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in seeds:
                db = Path(tmp) / page.stem
                settings = api.Settings(region="changji")  # the seeds' newsroom
                api.ingest([p.relative_to(root) for p in seeds if p != page], db, settings)
                out[page.name] = list(api.check([page.relative_to(root)], db, verbose=True, settings=settings).findings)
    finally:
        os.chdir(cwd)
    return out


def verdict(findings: list, pair: dict) -> str:
    d, s = pair["draft"], pair["source"]
    for f in findings:
        if f.claim.line != d["line"] or _strip(d["text"]) not in _strip(f.claim.text) and _strip(f.claim.text) not in _strip(d["text"]):
            continue
        for src in f.sources:
            if Path(src.path).name == s["file"] and src.line == s["line"]:
                return {"error": "error", "warning": "warning"}.get(f.severity, "agree")
    return "none"


def evaluate(root: Path = ROOT) -> dict:
    import yaml

    pairs = yaml.safe_load((root / "fixtures" / "pairs" / "seed_pairs.yaml").read_text("utf-8"))
    findings = leave_one_out(root)
    rows, table = [], Counter()
    for p in pairs:
        v = verdict(findings.get(p["draft"]["file"], []), p)
        table[(p["label"], v)] += 1
        rows.append({"id": p["id"], "label": p["label"], "verdict": v,
                     "draft": f"{p['draft']['file'][:3]}:{p['draft']['line']} {p['draft']['text']}",
                     "source": f"{p['source']['file'][:3]}:{p['source']['line']} {p['source']['text']}"})
    conflicts = [r for r in rows if r["label"] == "conflict"]
    non_conflicts = [r for r in rows if r["label"] != "conflict"]
    consistent = [r for r in rows if r["label"] == "consistent"]
    errors = [r for r in rows if r["verdict"] == "error"]
    tp = sum(r["verdict"] == "error" for r in conflicts)
    return {
        "pairs": len(rows),
        "conflict_recall": round(tp / max(1, len(conflicts)), 3),
        "conflict_precision": round(tp / max(1, len(errors)), 3),
        "errors_on_non_conflicts": sum(r["verdict"] == "error" for r in non_conflicts),
        "error_rate_on_non_conflicts": round(sum(r["verdict"] == "error" for r in non_conflicts) / max(1, len(non_conflicts)), 3),
        "warning_rate_on_consistent": round(sum(r["verdict"] == "warning" for r in consistent) / max(1, len(consistent)), 3),
        "scope_differs_warned": sum(r["verdict"] == "warning" for r in rows if r["label"] == "scope_differs"),
        "scope_differs": sum(r["label"] == "scope_differs" for r in rows),
        "table": {f"{k[0]} -> {k[1]}": n for k, n in sorted(table.items())},
        "rows": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="list every pair with its verdict")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rep = evaluate()
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
        return
    for k in ("pairs", "conflict_recall", "conflict_precision", "errors_on_non_conflicts",
              "error_rate_on_non_conflicts", "warning_rate_on_consistent"):
        print(f"{k:<28} {rep[k]}")
    print(f"{'scope_differs warned':<28} {rep['scope_differs_warned']}/{rep['scope_differs']}")
    for k, n in rep["table"].items():
        print(f"  {k:<32} {n}")
    if args.list:
        for r in rep["rows"]:
            print(f"{r['id']} {r['label']:<15} {r['verdict']:<8} {r['draft']}  <-  {r['source']}")


if __name__ == "__main__":
    main()
