#!/usr/bin/env python3
"""factcheck benchmark (issue 6): ingest, DB size, re-ingest, fresh-process check latency,
peak memory and extraction throughput, on a synthetic archive or a directory of real articles.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py                          # synthetic 1k and 10k articles
    .venv/bin/python benchmarks/run.py --sizes 1000,10000,50000
    .venv/bin/python benchmarks/run.py --corpus /tmp/xwlb       # real articles instead
    .venv/bin/python benchmarks/run.py --sizes 1000 --corpus /tmp/xwlb --profile
    .venv/bin/python benchmarks/run.py --extraction-only        # extraction chars/s, a few seconds
    .venv/bin/python benchmarks/run.py --corpus /tmp/xwlb --postgres temp   # + PostgreSQL beside SQLite

Only the standard library and factcheck are used. Every ``factcheck`` command runs in a fresh
subprocess (the console script next to this interpreter, else ``python -m factcheck``), so the
check latency includes interpreter start-up and imports, as a user sees it. Peak memory is the
child's own ``ru_maxrss`` from ``os.wait4`` (per child, not cumulated over children).

The synthetic archive is deterministic from ``--seed``: article *i* depends only on
(seed, i), so the 1k archive is the first 1,000 files of the 10k one. The figures are written
as one table on stdout and as JSON (``benchmarks/results/<UTC timestamp>.json`` by default).

The pieces, next to this script: ``synth.py`` (the synthetic archive), ``measure.py`` (fresh-
process measurements), ``profiles.py`` (``--profile``), ``targets.py`` (targets and the table), ``postgres.py``
(``--postgres``: the same archives in a PostgreSQL claims DB, beside SQLite).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))  # the modules next to this script

import measure  # noqa: E402
from measure import (REPO, bench_archive, bench_check, bench_extraction, bench_startup,  # noqa: E402
                     codespell_cmd, dir_size, interleaved_checks, parallel_ingest_mode, run_child)
from profiles import profile_check, profile_import, profile_ingest  # noqa: E402
from synth import Synth  # noqa: E402
from targets import evaluate_targets, extraction_line, render  # noqa: E402

DEFAULT_DRAFT = REPO / "fixtures" / "drafts" / "talent_conflict.md"
RESULTS = REPO / "benchmarks" / "results"


def _loadavg() -> list[float] | None:
    """1/5/15-minute load: other work on the machine skews every wall-clock figure."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def git_info() -> tuple[str, bool]:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip() or "?"
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "factcheck"], cwd=REPO,
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        return "?", False
    return commit, dirty


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="synthetic archive sizes, comma-separated (default 1000,10000; "
                                    "none when --corpus is given unless --sizes is too)")
    ap.add_argument("--corpus", action="append", default=[], metavar="DIR",
                    help="directory of real articles (.md/.txt) to benchmark (repeatable)")
    ap.add_argument("--check-db", action="append", default=[], metavar="DIR",
                    help="only time the check (and codespell) against this existing claims DB (repeatable)")
    ap.add_argument("--repeat", type=int, default=15, help="fresh-process check runs per archive (default 15)")
    ap.add_argument("--json", type=Path, help="write the results here (default benchmarks/results/<UTC>.json)")
    ap.add_argument("--draft", type=Path, default=DEFAULT_DRAFT, help="draft to check (default talent_conflict.md)")
    ap.add_argument("--seed", type=int, default=20241219, help="seed of the synthetic archive")
    ap.add_argument("--workdir", type=Path, help="where archives and DBs go (default: a temporary directory, "
                                                 "removed afterwards; a given workdir is kept and reused)")
    ap.add_argument("--extract-seconds", type=float, default=3.0, help="time spent on the extraction benchmark")
    ap.add_argument("--extraction-only", action="store_true",
                    help="only the in-process extraction throughput on the seed pages (a few seconds)")
    ap.add_argument("--source", type=Path, metavar="DIR",
                    help="benchmark the factcheck package in DIR/factcheck instead (e.g. another commit: "
                         "`git archive REV factcheck | tar -x -C DIR`, or the `src` of a kept --workdir)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="import factcheck straight from the working tree instead of a snapshot of "
                         "factcheck/ taken at start (edits during the run would then mix versions)")
    ap.add_argument("--profile", action="store_true",
                    help="also: cProfile of one fresh check and of one ingest (the -X importtime profile of "
                         "a fresh check is always printed)")
    ap.add_argument("--postgres", metavar="URL", help="also ingest each archive into PostgreSQL and time the check "
                    "against it, beside SQLite: a postgresql:// URL of a role that may create databases (one per "
                    "archive, dropped afterwards), or `temp` for a throwaway server on this machine")
    ap.add_argument("--profile-files", type=int, default=2000, help="files for the cProfile ingest (default 2000)")
    args = ap.parse_args(argv)

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()] if args.sizes else (
        [] if args.corpus or args.check_db else [1000, 10000])
    draft = args.draft.resolve()
    if not draft.is_file():
        ap.error(f"{draft}: no such draft")
    corpora = [Path(c).resolve() for c in args.corpus]
    for c in corpora:
        if not c.is_dir():
            ap.error(f"{c}: not a directory")
        if c.is_relative_to(REPO):
            ap.error(f"{c}: keep corpora outside the repository")

    keep = args.workdir is not None
    work = args.workdir.resolve() if keep else Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.source:
        measure.SRC = args.source.resolve()
        if not (measure.SRC / "factcheck" / "__init__.py").is_file():
            ap.error(f"{measure.SRC}: no factcheck package here")
    elif not args.no_snapshot:
        measure.SRC = work / "src"
        shutil.rmtree(measure.SRC, ignore_errors=True)
        shutil.copytree(REPO / "factcheck", measure.SRC / "factcheck",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    sys.path.insert(0, str(measure.SRC))
    commit, dirty = git_info()
    src_hash = hashlib.sha256()
    for f in sorted((measure.SRC / "factcheck").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            src_hash.update(str(f.relative_to(measure.SRC)).encode() + b"\0" + f.read_bytes())
    now = _dt.datetime.now(_dt.timezone.utc)
    from factcheck import __version__
    result: dict = {"meta": {
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "commit": commit, "dirty": dirty,
        "factcheck": __version__, "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "draft": str(draft.relative_to(REPO) if draft.is_relative_to(REPO) else draft),
        "repeat": args.repeat, "seed": args.seed, "sizes": sizes, "corpora": [str(c) for c in corpora],
        "codespell": (run_child([*codespell_cmd(), "--version"])["stdout"].strip() if codespell_cmd() else None),
        "argv": sys.argv[1:], "loadavg_start": _loadavg(),
        "source": str(measure.SRC) if args.source or args.no_snapshot else "snapshot of factcheck/ at start",
        "source_sha256": src_hash.hexdigest()[:16],
    }}
    if not codespell_cmd():
        print("codespell not found: install it with `.venv/bin/pip install codespell` (the bench extra); "
              "the comparison is skipped", file=sys.stderr)
    try:
        if args.extraction_only:
            print(extraction_line(bench_extraction(args.extract_seconds)))
            return 0
        t_all = time.perf_counter()
        mode = parallel_ingest_mode()
        result["parallel_ingest"] = mode["note"]
        print("extraction throughput on the seeds …", file=sys.stderr, flush=True)
        result["extraction"] = bench_extraction(args.extract_seconds)
        result["startup"] = bench_startup(args.repeat)
        archives = []
        synth = Synth(args.seed)
        for n in sizes:
            root = work / f"synthetic-{args.seed}-{n}"
            print(f"generating {n} synthetic articles …", file=sys.stderr, flush=True)
            gen = synth.write(n, root)
            archives.append(bench_archive(f"synthetic {n // 1000}k" if n % 1000 == 0 else f"synthetic {n}",
                                          root, work / f"db-synthetic-{n}", draft, args.repeat, mode,
                                          {"conflicts": gen["conflicts"], "facts": gen["facts"], "synthetic": True}))
        for c in corpora:
            archives.append(bench_archive(f"corpus {c.name}", c, work / f"db-corpus-{c.name}", draft,
                                          args.repeat, mode, {}))
        for d in args.check_db:
            d = Path(d).resolve()
            from factcheck.store import db_file
            if not db_file(d).is_file():
                raise SystemExit(f"{d}: no claims database here")
            import sqlite3
            with sqlite3.connect(db_file(d)) as conn:
                n_docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                n_claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
            # a DB this script built in a --workdir (db-synthetic-N) counts as that synthetic size
            own = re.fullmatch(r"db-synthetic-(\d+)", d.name)
            row = {"archive": f"db {d.name}", "path": str(d), "db": str(d), "articles": n_docs, "claims_stored": n_claims,
                   "db_mb": round(dir_size(d) / 1e6, 1), "synthetic": bool(own and int(own.group(1)) == n_docs)}
            row.update(bench_check(row["archive"], d, draft, args.repeat))
            archives.append(row)
        if args.postgres:
            from postgres import Server, bench_postgres

            server = Server(args.postgres)
            try:
                for a in archives:
                    if "ingest_s" in a:  # an archive this run ingested (not a --check-db)
                        a["postgres"] = bench_postgres(a["archive"], Path(a["path"]), server, draft, args.repeat)
            finally:
                server.close()
        if len(archives) >= 2:
            result["interleaved"] = interleaved_checks(archives, draft, args.repeat)
        result["archives"] = archives
        result["targets"] = evaluate_targets(archives)
        if archives:
            db = Path(max(archives, key=lambda a: a.get("claims_stored") or 0)["db"])  # the largest DB
            shown = draft.relative_to(REPO) if draft.is_relative_to(REPO) else draft
            result["profile"] = {"importtime": profile_import(db, shown)}
        if args.profile and archives:
            print("profiling …", file=sys.stderr, flush=True)
            ingested = [a for a in archives if "ingest_s" in a]
            result["profile"].update({"check": profile_check(db, shown),
                                      "ingest": profile_ingest(Path(ingested[-1]["path"]), args.profile_files, work)
                                      if ingested else None})
        result["meta"]["elapsed_s"] = round(time.perf_counter() - t_all, 1)
        result["meta"]["loadavg_end"] = _loadavg()
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    print(render(result))
    if args.postgres:
        from postgres import render_postgres

        print(render_postgres(result.get("archives", [])))
    out = args.json or RESULTS / (now.strftime("%Y%m%dT%H%M%SZ") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
