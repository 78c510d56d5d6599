#!/usr/bin/env python3
"""Drafts written like the seed pages, checked against a claims DB of the seed pages.

``fixtures/eval/seed_drafts/``: four articles dated 2025 that restate figures of the five
seed pages the way a later article in the same paper would, with ``labels.yaml`` naming
every judged figure ``consistent`` (reworded, another unit, 去年 for 2024, another scope that
rightly differs), ``conflict`` (a typo, a decimal point or 万/亿 slip, a stale figure) or
``new``. They were written by a separate session that never read factcheck's code or rules,
so they measure copy the rules were not written from (one extraction fix, a time word read as
part of a place name, came after reading their misses).

    .venv/bin/python scripts/eval_seed_drafts.py            # a table; --show lists the misses

Each draft figure gets the strongest finding at it: error (FC101), warning (FC102/FC103),
agree (FC100, with -v) or none; against a DB of the raw seed pages (no sidecars: dates from
their text) and one of the pages with their sidecars.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from factcheck import api  # noqa: E402

import seed_loo  # noqa: E402

DRAFTS = ROOT / "fixtures" / "eval" / "seed_drafts"
_STRENGTH = {"FC101": "error", "FC102": "warning", "FC103": "warning", "FC100": "agree"}
_ORDER = ("none", "agree", "warning", "error")


def outcomes(raw: bool) -> list[tuple[dict, str]]:
    """(label entry, strongest finding at its figure) for every labelled figure."""
    import yaml

    labels = yaml.safe_load((DRAFTS / "labels.yaml").read_text("utf-8"))
    settings = seed_loo._settings(ROOT)
    with tempfile.TemporaryDirectory(prefix="fc_seed_drafts_") as tmp_name:
        tmp = Path(tmp_name)
        pages = seed_loo._pages(ROOT, raw, tmp)
        api.ingest(pages, tmp / "db", settings, jobs=1)
        result = api.check(sorted(DRAFTS.glob("*.md")), tmp / "db", verbose=True, settings=settings)
    found: dict[tuple[str, int, str], str] = {}
    for f in result.findings:
        key = (Path(f.claim.path).name, f.claim.line, "".join(f.claim.text.split()))
        got = _STRENGTH.get(f.code, "none")
        if _ORDER.index(got) > _ORDER.index(found.get(key, "none")):
            found[key] = got
    return [(e, found.get((e["file"], e["line"], e["figure"]), "none")) for e in labels]


def summary(rows: list[tuple[dict, str]]) -> dict[str, int]:
    c = Counter((e["label"], got) for e, got in rows)
    return {
        "conflicts": sum(v for (label, _), v in c.items() if label == "conflict"),
        "conflicts_as_errors": c[("conflict", "error")],
        "conflicts_flagged": c[("conflict", "error")] + c[("conflict", "warning")],
        "consistent": sum(v for (label, _), v in c.items() if label != "conflict"),
        "false_errors": sum(v for (label, got), v in c.items() if label != "conflict" and got == "error"),
        "warnings_on_consistent": sum(v for (label, got), v in c.items() if label != "conflict" and got == "warning"),
        "agree": sum(v for (label, got), v in c.items() if label != "conflict" and got == "agree"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true", help="list the conflicts missed and the false errors")
    args = ap.parse_args(argv)
    for raw in (True, False):
        rows = outcomes(raw)
        s = summary(rows)
        print(f"{'raw pages' if raw else 'with sidecars'}: conflicts {s['conflicts_as_errors']}/{s['conflicts']} as errors "
              f"({s['conflicts_flagged']} flagged); consistent or new figures {s['consistent']}: "
              f"{s['false_errors']} false errors, {s['warnings_on_consistent']} warnings, {s['agree']} agree (FC100)")
        if args.show:
            for e, got in rows:
                if (e["label"] == "conflict") != (got == "error"):
                    print(f"  {e['label']:10} {got:8} {e['file']}:{e['line']} {e['figure']}  ({e['note']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
