#!/usr/bin/env python3
"""Typos on held-out copy (issue 12, part 7): does factcheck catch a changed figure in a
later restatement of an earlier one, and stay quiet on faithful ones?

    tar -xJf ../shared/corpora/xwlb-articles.tar.xz -C /tmp
    .venv/bin/python scripts/eval_typos.py --corpus /tmp/xwlb            # about 3 minutes
    .venv/bin/python scripts/eval_typos.py --corpus /tmp/dxy --cutoff 2020-02-10 --json

Time split: the claims DB holds the corpus items dated before ``--cutoff``; drafts are the
items from it on (to ``--until``). Twins — one figure of one statistic in an earlier and a
later item — are found by aligning sentences (``scripts/twins.py``), not by the matcher.
On each twin's later item, as a draft with exactly one change at the twin figure: typos
(transposed digits, one digit changed, decimal point moved, 万/亿 swapped) must get an
error (FC101) there; an equivalent rewrite (1.25万亿元 → 12500亿元) and the item as it is
must not. A random sample of later items checked whole gives errors per 100 drafts, and
a read sample of them is written to ``--errors-out``. Also the seed leave-one-out with and
without sidecars (``scripts/seed_loo.py``). Twin precision comes from the reviewed sample
``fixtures/eval/<corpus>_twins_sample.yaml`` (``--write-sample`` draws a new one).

Only factcheck's public API is used: ``api.ingest``, ``api.check`` and its findings,
``api.claims`` for figures and their spans, ``factcheck.numbers`` for values.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from factcheck import api  # noqa: E402
from factcheck.extract import EXTRACTOR_VERSION  # noqa: E402

import seed_loo  # noqa: E402
from typo_table import print_table  # noqa: E402
import typo_variants  # noqa: E402
from twins import Figure, Twin, find_twins  # noqa: E402

TARGETS = {"typos_caught": 0.95, "false_errors_twins": 0, "errors_on_rewrites": 0, "loo_difference": 1}
_DATE = re.compile(r"^date:\s*[\"']?(\d{4}-\d{2}-\d{2})", re.M)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def dated_items(corpus: Path) -> list[tuple[str, Path]]:
    """(date, path) of every .md item, from its front matter (read here: only the head)."""
    out = []
    for p in sorted(corpus.rglob("*.md")):
        with open(p, encoding="utf-8", errors="replace") as f:
            m = _DATE.search(f.read(600))
        if m:
            out.append((m.group(1), p))
    return out


def _figures(paths: list[Path]) -> list[Figure]:
    docs, _ = api.claims(paths)
    return [Figure(str(Path(d.path).resolve()), d.date, d.title, c.line, c.column, c.end_line, c.end_column,
                   c.text, c.unit, c.sentence, c.quantity.stated)
            for d, cl in docs for c in cl]


def figures(paths: list[Path], jobs: int) -> list[Figure]:
    if jobs <= 1 or len(paths) < 64:
        return _figures(paths)
    chunks = [paths[i::jobs * 8] for i in range(jobs * 8)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return [f for part in pool.map(_figures, chunks) for f in part]


def claims_db(early: list[Path], args: argparse.Namespace) -> Path:
    """The DB of the earlier items, cached by corpus, period and extractor version."""
    key = hashlib.sha256(repr((str(args.corpus.resolve()), args.since, args.cutoff, len(early),
                               EXTRACTOR_VERSION)).encode()).hexdigest()[:12]
    db = args.db_dir / f"{args.corpus.name}_{args.cutoff}_{key}"
    t = time.monotonic()
    res = api.ingest(early, db, jobs=args.jobs)  # unchanged files are skipped: a reused DB costs ~1 s
    log(f"claims DB {db}: {res.added} added, {res.unchanged} unchanged ({time.monotonic() - t:.1f} s)")
    return db


# --- drafts -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Draft:
    kind: str  # transpose | digit | decimal | wan_yi | rewrite | twin | whole
    twin: Twin | None
    path: Path
    line: int = 0  # where the (changed) figure is
    column: int = 0
    end_column: int = 0
    before: str = ""
    after: str = ""


def _offsets(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def edit_figure(text: str, fig: Figure, new: str) -> tuple[str, int, int] | None:
    """``text`` with the figure at ``fig``'s span written ``new`` (whitespace inside the
    span kept: only the characters that differ are replaced); with the new span's columns."""
    starts = _offsets(text)
    s = starts[fig.line - 1] + fig.column - 1
    e = starts[fig.end_line - 1] + fig.end_column - 1
    span = text[s:e]
    old = "".join(span.split())
    if old != fig.text.replace(",", "") and old != fig.text:
        return None
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    q = 0
    while q < min(len(old), len(new)) - p and old[-1 - q] == new[-1 - q]:
        q += 1
    where = [i for i, ch in enumerate(span) if not ch.isspace()]  # span index of each char of old
    a = where[p] if p < len(old) else len(span)
    b = where[len(old) - q - 1] + 1 if len(old) - q > p else a
    new_span = span[:a] + new[p:len(new) - q] + span[b:]
    if "\n" in new_span:
        return None
    return text[:s] + new_span + text[e:], fig.column, fig.column + len(new_span)


def write_drafts(twins: list[Twin], whole: list[Path], folder: Path, seed: int) -> list[Draft]:
    drafts: list[Draft] = []
    texts: dict[str, str] = {}
    for i, tw in enumerate(twins):
        late = tw.late
        text = texts.setdefault(late.path, Path(late.path).read_text("utf-8"))
        stem = Path(late.path).stem
        orig = folder / "twin" / f"{i:04d}__{stem}.md"
        orig.parent.mkdir(parents=True, exist_ok=True)
        orig.write_text(text, "utf-8")
        drafts.append(Draft("twin", tw, orig, late.line, late.column, late.end_column, late.text, late.text))
        rng = random.Random(f"{seed}:{tw.id}")
        variants = [typo_variants.typo(late.text, k, rng) for k in typo_variants.TYPO_KINDS]
        variants.append(typo_variants.rewrite(late.text))
        for v in variants:
            if v is None:
                continue
            edited = edit_figure(text, late, v.text)
            if edited is None:
                continue
            new_text, col, end_col = edited
            path = folder / v.kind / f"{i:04d}__{stem}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new_text, "utf-8")
            drafts.append(Draft(v.kind, tw, path, late.line, col, end_col, late.text, v.text))
    for p in whole:
        dest = folder / "whole" / p.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, dest)
        drafts.append(Draft("whole", None, dest))
    return drafts


# --- scoring ------------------------------------------------------------------------------

def outcome_at(findings: list, d: Draft) -> str:
    """The strongest finding at the draft's figure: error (FC101), error-other, warning,
    agree (FC100), none."""
    seen = set()
    for f in findings:
        c = f.claim
        if c.line == d.line and c.column < d.end_column and d.column < c.end_column:
            if f.severity == "error":
                seen.add("error" if f.code == "FC101" else "error-other")
            else:
                seen.add("warning" if f.severity == "warning" else "agree")
    for level in ("error", "error-other", "warning", "agree"):
        if level in seen:
            return level
    return "none"


def load_sample(path: Path) -> dict:
    import yaml

    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text("utf-8")) or {}


def score(drafts: list[Draft], findings_by_path: dict[str, list], verdicts: dict[str, bool]) -> dict:
    typo_rows: dict[str, Counter] = defaultdict(Counter)
    true_rows: dict[str, Counter] = defaultdict(Counter)
    misses, false_twin, rewrites_err, whole_errors = [], [], [], []
    n_whole = whole_warnings = 0
    for d in drafts:
        found = findings_by_path.get(str(d.path.resolve()), [])
        if d.kind == "whole":
            n_whole += 1
            whole_errors.extend((d, f) for f in found if f.severity == "error")
            whole_warnings += sum(1 for f in found if f.severity == "warning")
            continue
        o = outcome_at(found, d)
        typo_rows[d.kind][o] += 1
        if d.twin is not None and verdicts.get(d.twin.id) is True:
            true_rows[d.kind][o] += 1
        if d.kind in typo_variants.TYPO_KINDS and o != "error":
            misses.append((d, o))
        elif d.kind == "twin" and o.startswith("error"):
            false_twin.append(d)
        elif d.kind == "rewrite" and o.startswith("error"):
            rewrites_err.append(d)

    def caught(rows: dict[str, Counter]) -> dict:
        out = {}
        for k in typo_variants.TYPO_KINDS:
            n = sum(rows[k].values())
            flagged = rows[k]["error"] + rows[k]["error-other"] + rows[k]["warning"]
            out[k] = {"n": n, "caught": rows[k]["error"], "rate": round(rows[k]["error"] / n, 3) if n else None,
                      "flagged": flagged, "outcomes": dict(rows[k])}
        n = sum(v["n"] for v in out.values())
        c = sum(v["caught"] for v in out.values())
        f = sum(v["flagged"] for v in out.values())
        out["all"] = {"n": n, "caught": c, "rate": round(c / n, 3) if n else None, "flagged": f,
                      "flagged_rate": round(f / n, 3) if n else None}
        return out

    return {
        "typos": caught(typo_rows),
        "typos_on_read_true_twins": caught(true_rows),
        "twins": {"n": sum(typo_rows["twin"].values()), "outcomes": dict(typo_rows["twin"]),
                  "false_errors": len(false_twin),
                  "false_errors_on_read_true": sum(1 for d in false_twin if verdicts.get(d.twin.id) is True)},  # type: ignore[union-attr]
        "rewrites": {"n": sum(typo_rows["rewrite"].values()), "outcomes": dict(typo_rows["rewrite"]),
                     "errors": len(rewrites_err)},
        "whole": {"drafts": n_whole, "errors": len(whole_errors),
                  "errors_per_100": round(100 * len(whole_errors) / n_whole, 1) if n_whole else None,
                  "warnings": whole_warnings,
                  "warnings_per_100": round(100 * whole_warnings / n_whole, 1) if n_whole else None},
        "_misses": misses, "_false_twin": false_twin, "_rewrite_errors": rewrites_err, "_whole_errors": whole_errors,
    }


def _side(path: str, line: int, text: str, sentence: str, date: str) -> dict:
    return {"file": Path(path).name, "date": date, "line": line, "text": text, "sentence": sentence}


def write_errors_sample(whole_errors: list, path: Path, n: int, seed: int) -> None:
    """A reproducible sample of the errors on unmodified drafts, both sentences, to read."""
    import yaml

    rng = random.Random(seed)
    picked = rng.sample(whole_errors, min(n, len(whole_errors)))
    rows = []
    for i, (d, f) in enumerate(sorted(picked, key=lambda x: (x[0].path.name, x[1].claim.line)), 1):
        c, s = f.claim, f.sources[0] if f.sources else None
        rows.append({"id": f"U{i:03d}", "code": f.code,
                     "draft": _side(str(d.path), c.line, c.text, c.sentence, c.date),
                     "source": _side(s.path, s.line, s.text, s.sentence, s.date) if s else None,
                     "verdict": None, "why": ""})
    yaml.safe_dump({"errors_total": len(whole_errors), "seed": seed, "sample": rows}, path.open("w", encoding="utf-8"),
                   allow_unicode=True, sort_keys=False, width=200)


def write_twin_sample(twins: list[Twin], path: Path, n: int, seed: int, corpus: str) -> None:
    import yaml

    rows = [{"id": t.id, "figure": t.late.text, "ratio": round(t.ratio, 1),
             "early": {"date": t.early.date, "sentence": t.early.sentence},
             "late": {"date": t.late.date, "sentence": t.late.sentence},
             "verdict": None, "why": ""} for t in twins[:n]]
    yaml.safe_dump({"corpus": corpus, "seed": seed, "twins": rows}, path.open("w", encoding="utf-8"),
                   allow_unicode=True, sort_keys=False, width=200)


# --- the run ------------------------------------------------------------------------------

def evaluate(args: argparse.Namespace) -> dict:
    t0 = time.monotonic()
    items = [(d, p) for d, p in dated_items(args.corpus) if (not args.since or d >= args.since)]
    early = [p for d, p in items if d < args.cutoff]
    late = [p for d, p in items if d >= args.cutoff and (not args.until or d < args.until)]
    log(f"{len(early)} items before {args.cutoff}, {len(late)} from it" + (f" to {args.until}" if args.until else ""))
    if not early or not late:
        raise SystemExit("eval_typos: no items on one side of the cutoff")
    db = claims_db(early, args)
    t = time.monotonic()
    early_figs, late_figs = figures(early, args.jobs), figures(late, args.jobs)
    twins = find_twins(early_figs, late_figs, min_ratio=args.min_ratio)
    log(f"{len(early_figs)} + {len(late_figs)} figures, {len(twins)} twins ({time.monotonic() - t:.1f} s)")
    rng = random.Random(args.seed)
    rng.shuffle(twins)
    if args.write_sample:
        write_twin_sample(twins, args.write_sample, 50, args.seed, args.corpus.name)
        log(f"twin sample to read: {args.write_sample}")
    used = twins[:args.max_twins]
    whole = random.Random(args.seed + 1).sample(late, min(args.random_drafts, len(late)))
    sample = load_sample(args.sample_file)
    verdicts = {r["id"]: r["verdict"] for r in sample.get("twins", []) if r.get("verdict") is not None}
    with tempfile.TemporaryDirectory(prefix="fc_typos_") as tmp:
        drafts = write_drafts(used, whole, Path(tmp), args.seed)
        t = time.monotonic()
        result = api.check([tmp], db, verbose=True)  # one call for every draft
        check_s = time.monotonic() - t
        log(f"checked {len(drafts)} drafts in {check_s:.1f} s")
        by_path: dict[str, list] = defaultdict(list)
        for f in result.findings:
            by_path[str(Path(f.claim.path).resolve())].append(f)
        rep = score(drafts, by_path, verdicts)
        if args.errors_out:
            write_errors_sample(rep["_whole_errors"], args.errors_out, args.read_errors, args.seed)
            log(f"errors on unmodified drafts, to read: {args.errors_out}")
        examples = {
            "typo_misses": [_example(d, o) for d, o in rep.pop("_misses")[:args.show]],
            "false_errors_on_twins": [_example(d, "error") for d in rep.pop("_false_twin")[:args.show]],
            "errors_on_rewrites": [_example(d, "error") for d in rep.pop("_rewrite_errors")[:args.show]],
        }
        rep.pop("_whole_errors")
    judged = [v for v in verdicts.values()]
    rep.update({
        "corpus": str(args.corpus), "cutoff": args.cutoff, "until": args.until, "seed": args.seed,
        "items_early": len(early), "items_late": len(late), "twins_found": len(twins), "twins_used": len(used),
        "twin_precision": {"read": len(judged), "true": sum(judged),
                           "precision": round(sum(judged) / len(judged), 3) if judged else None,
                           "sample_file": str(args.sample_file) if sample else None},
        "unmodified_errors_read": sample.get("unmodified_errors_read", {}).get("summary"),
        "drafts_checked": len(drafts), "check_seconds": round(check_s, 1), "examples": examples,
    })
    if not args.skip_loo:
        rep["seed_loo"] = seed_loo.compare(ROOT)
    rep["seconds"] = round(time.monotonic() - t0, 1)
    rep["targets"] = _targets(rep)
    return rep


def _example(d: Draft, outcome: str) -> dict:
    assert d.twin is not None
    return {"kind": d.kind, "draft": f"{d.path.parent.name}/{d.path.name}:{d.line}:{d.column}", "figure": f"{d.before} → {d.after}",
            "outcome": outcome, "twin": d.twin.id, "late": d.twin.late.sentence[:120], "early": d.twin.early.sentence[:120]}


def _targets(rep: dict) -> dict:
    out = {
        "typos_caught >= 95%": rep["typos"]["all"]["rate"] is not None and rep["typos"]["all"]["rate"] >= TARGETS["typos_caught"],
        "0 false errors on twins": rep["twins"]["false_errors"] == 0,
        "0 errors on rewrites": rep["rewrites"]["errors"] == 0,
    }
    loo = rep.get("seed_loo")
    if loo:
        out["raw leave-one-out within one finding of sidecar"] = loo["difference"] <= TARGETS["loo_difference"]
        both = [c["forward"] == "error" and c["backward"] == "error" for r in ("sidecar", "raw") for c in loo[r]["conflicts"]]
        watched = [w[k] != "none" for r in ("sidecar", "raw") for w in loo[r]["watched"]
                   for k in ("loo_forward", "loo_backward", "pair_forward", "pair_backward")]
        out["seed conflicts, 92/62, 595/220 found both ways (sidecar and raw)"] = all(both) and all(watched)
    return out


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/xwlb"), help="folder of .md items with a front-matter date")
    ap.add_argument("--cutoff", default="2025-01-01", help="DB: items before this date; drafts: from it on")
    ap.add_argument("--until", default="", help="drafts: items before this date only")
    ap.add_argument("--since", default="", help="DB: items from this date on only (a smaller DB)")
    ap.add_argument("--max-twins", type=int, default=400, help="twins used (a seeded sample of those found)")
    ap.add_argument("--random-drafts", type=int, default=2000, help="later items checked whole (300 showed no error where 2,500 showed 7)")
    ap.add_argument("--min-ratio", type=float, default=70.0, help="rapidfuzz ratio two masked sentences need")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--db-dir", type=Path, default=Path(tempfile.gettempdir()) / "factcheck_eval_typos",
                    help="where the claims DB of the earlier items is kept and reused")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample-file", type=Path, help="reviewed twin sample (default fixtures/eval/<corpus>_twins_sample.yaml)")
    ap.add_argument("--write-sample", type=Path, help="write a new twin sample of 50 to read, with empty verdicts")
    ap.add_argument("--errors-out", type=Path, help="write a read sample of errors on unmodified drafts (YAML)")
    ap.add_argument("--read-errors", type=int, default=20, help="size of that sample")
    ap.add_argument("--show", type=int, default=8, help="examples of misses printed")
    ap.add_argument("--skip-loo", action="store_true", help="leave out the seed leave-one-out")
    ap.add_argument("--json", action="store_true", help="machine-readable report on stdout")
    args = ap.parse_args(argv)
    if args.sample_file is None:
        args.sample_file = ROOT / "fixtures" / "eval" / f"{args.corpus.name}_twins_sample.yaml"
    if args.errors_out is None:
        args.errors_out = Path(tempfile.gettempdir()) / f"eval_typos_{args.corpus.name}_errors.yaml"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"eval_typos: no corpus at {args.corpus} (unpack ../shared/corpora/*.tar.xz to /tmp)", file=sys.stderr)
        return 2
    rep = evaluate(args)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
    else:
        print_table(rep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
