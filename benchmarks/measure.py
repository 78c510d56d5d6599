"""Fresh-process measurements: every ``factcheck`` command in its own child process (with
its own peak memory), paired with codespell on the same file."""
from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The factcheck sources benchmarked (run.py sets it: a snapshot of REPO/factcheck taken at start,
# or --source), put first on PYTHONPATH of every child, so that one run measures one version
# of the code even while the working tree is being edited.
SRC = REPO
SEEDS = REPO / "fixtures" / "seeds"


# ----------------------------------------------------------------------------------------
# Subprocesses with per-child peak memory
# ----------------------------------------------------------------------------------------
def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if SRC != REPO:
        env["PYTHONSAFEPATH"] = "1"  # `python -c/-m` in REPO must not put REPO/factcheck first (3.11+)
    env.pop("CI", None)
    return env


def run_child(cmd: list[str], cwd: Path = REPO) -> dict:
    """Run ``cmd``; wall time, CPU time (user + system, s), exit code, the child's own peak RSS
    (MB), stdout, stderr. CPU time depends less on what else the machine runs than wall time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=_env())
        rss_mb = cpu = None
        if hasattr(os, "wait4"):
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss: KiB on Linux, bytes on macOS
            rss_mb = ru.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
            cpu = ru.ru_utime + ru.ru_stime
        else:  # pragma: no cover - Windows: no per-child rusage
            p.wait()
            wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return {"wall_s": wall, "cpu_s": cpu, "rc": p.returncode, "rss_mb": rss_mb,
                "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace")}


def factcheck_cmd() -> list[str]:
    exe = Path(sys.executable).parent / ("factcheck.exe" if os.name == "nt" else "factcheck")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "factcheck"]


def codespell_cmd() -> list[str] | None:
    exe = Path(sys.executable).parent / ("codespell.exe" if os.name == "nt" else "codespell")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("codespell")
    return [found] if found else None


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def corpus_stats(root: Path) -> tuple[int, int, int]:
    """(articles, characters, bytes) of the .md/.txt files under ``root``."""
    n = chars = size = 0
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in (".md", ".txt", ".markdown") and not f.name.startswith("."):
            data = f.read_bytes()
            n += 1
            size += len(data)
            chars += len(data.decode("utf-8", "replace"))
    return n, chars, size


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


# ----------------------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------------------
WORKER_NAMES = ("jobs", "workers", "processes", "parallel")

_API_INGEST_SNIPPET = r"""
import sys
from factcheck import api
root, db, param, n = sys.argv[1:5]
res = api.ingest([root], db, **{param: int(n)})
for e in res.errors:
    print(f"factcheck: skipped {e}", file=sys.stderr)
print(f"ingested: {res.added} added, {res.updated} updated, {res.unchanged} unchanged, "
      f"{res.claims} claims stored, {len(res.errors)} skipped", file=sys.stderr)
sys.exit(2 if res.errors else 0)
"""


def parallel_ingest_mode() -> dict:
    """How factcheck lets ingest use several processes, if it does.

    ``via`` is "cli" (an option of `factcheck ingest`), "api" (a parameter of api.ingest, driven
    from a small subprocess) or None; ``flag`` is the option or parameter name.
    """
    help_text = run_child([*factcheck_cmd(), "ingest", "--help"])["stdout"]
    for name in WORKER_NAMES:
        opt = "--" + name
        if re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", help_text):
            return {"via": "cli", "flag": opt,
                    "note": f"`factcheck ingest {opt} N` (1 process: {opt} 1; parallel: {opt} {os.cpu_count()})"}
    try:
        from factcheck import api
        params = list(inspect.signature(api.ingest).parameters)
    except Exception as exc:  # pragma: no cover
        params = [f"<api not importable: {exc}>"]
    for name in WORKER_NAMES:
        if name in params:
            return {"via": "api", "flag": name,
                    "note": f"api.ingest({name}=N) in a subprocess (the CLI has no option for it; "
                            f"1 process: {name}=1; parallel: {name}={os.cpu_count()})"}
    return {"via": None, "flag": None,
            "note": ("not offered: `factcheck ingest` has no --jobs/--workers option and api.ingest"
                     f"({', '.join(params)}) takes no worker count; ingest is single-process only, so "
                     "no parallel figure is reported")}


def ingest_cmd(root: Path, db: Path, mode: dict, jobs: int | None) -> list[str]:
    """`factcheck ingest ROOT --db DB`, with ``jobs`` worker processes when factcheck has a way."""
    if jobs is None or mode["via"] is None:
        return [*factcheck_cmd(), "ingest", str(root), "--db", str(db)]
    if mode["via"] == "cli":
        return [*factcheck_cmd(), "ingest", str(root), "--db", str(db), mode["flag"], str(jobs)]
    return [sys.executable, "-c", _API_INGEST_SNIPPET, str(root), str(db), mode["flag"], str(jobs)]


def bench_extraction(min_seconds: float) -> dict:
    """In-process extract() throughput on the seed pages, one core, after a warm-up call."""
    from factcheck.extract import extract
    from factcheck.reading import read_document

    docs = [read_document(p) for p in sorted(SEEDS.glob("*.txt"))]
    chars = sum(len(d.text) for d in docs)
    t0 = time.perf_counter()
    from factcheck.knowledge import load

    k = load(region="changji")  # the seed pages' newsroom
    claims = sum(len(extract(d, k).claims) for d in docs)          # warm-up: tokenizer load, regexes
    first = time.perf_counter() - t0

    def clear_caches() -> int:
        n = 0
        for name, mod in list(sys.modules.items()):
            if name.startswith("factcheck") and mod is not None:
                for obj in vars(mod).values():
                    if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                        obj.cache_clear()
                        n += 1
        return n

    def rounds(clear: bool) -> list[float]:
        rates, start = [], time.perf_counter()
        while len(rates) < 3 or time.perf_counter() - start < min_seconds:
            if clear:
                clear_caches()
            t = time.perf_counter()
            for d in docs:
                extract(d, k)
            rates.append(chars / (time.perf_counter() - t))
        return rates

    cleared = rounds(True)
    n_caches = clear_caches()
    warm = rounds(False)
    return {"documents": len(docs), "chars": chars, "claims": claims, "first_pass_s": round(first, 3),
            "chars_per_s": round(statistics.median(cleared)), "rounds": len(cleared),
            "chars_per_s_memo_warm": round(statistics.median(warm)), "lru_caches_cleared": n_caches}


def bench_startup(repeat: int) -> dict:
    """Floors for a fresh check: bare interpreter, import of the CLI, `factcheck --version`."""
    cases = {
        "python_bare": [sys.executable, "-c", "pass"],
        "import_factcheck_entry": [sys.executable, "-c", "import factcheck.entry"],
        "import_factcheck_cli": [sys.executable, "-c", "import factcheck.cli"],
        "import_factcheck_api": [sys.executable, "-c", "import factcheck.api"],
        "factcheck_version": [*factcheck_cmd(), "--version"],
    }
    out = {}
    for name, cmd in cases.items():
        run_child(cmd)  # warm-up
        times = [run_child(cmd)["wall_s"] for _ in range(max(3, repeat // 2))]
        out[name + "_ms"] = round(statistics.median(times) * 1000, 1)
    return out


def bench_archive(label: str, root: Path, db: Path, draft: Path, repeat: int,
                  mode: dict, info: dict) -> dict:
    n, chars, size = corpus_stats(root)
    r: dict = {"archive": label, "path": str(root), "db": str(db), "articles": n, "chars": chars, "bytes": size,
               **info}
    if db.exists():
        shutil.rmtree(db)

    print(f"[{label}] ingest from scratch: {n} articles, {chars:,} chars …", file=sys.stderr, flush=True)
    ing = run_child(ingest_cmd(root, db, mode, 1))          # 1 process, even if factcheck defaults to more
    if ing["rc"] != 0:
        raise SystemExit(f"ingest failed ({ing['rc']}): {ing['stderr'][-2000:]}")
    r["ingest_s"] = round(ing["wall_s"], 2)
    r["ingest_chars_per_s"] = round(chars / ing["wall_s"])
    r["ingest_articles_per_s"] = round(n / ing["wall_s"], 1)
    r["ingest_rss_mb"] = _mb(ing["rss_mb"])
    r["ingest_summary"] = ing["stderr"].strip().splitlines()[-1] if ing["stderr"].strip() else ""
    m = re.search(r"(\d+) claims stored", r["ingest_summary"])
    r["claims_stored"] = int(m.group(1)) if m else None
    r["db_mb"] = round(dir_size(db) / 1e6, 1)

    if mode["via"]:
        pdb = db.with_name(db.name + "-parallel")
        shutil.rmtree(pdb, ignore_errors=True)
        jobs = os.cpu_count() or 1
        print(f"[{label}] parallel ingest from scratch, {jobs} processes …", file=sys.stderr, flush=True)
        par = run_child(ingest_cmd(root, pdb, mode, jobs))
        r["ingest_parallel_jobs"] = jobs
        r["ingest_parallel_s"] = round(par["wall_s"], 2) if par["rc"] == 0 else None
        r["ingest_parallel_chars_per_s"] = round(chars / par["wall_s"]) if par["rc"] == 0 else None
        # ru_maxrss of a waited-for process tree is the largest single process, not the sum
        r["ingest_parallel_rss_mb"] = _mb(par["rss_mb"])
        r["ingest_parallel_summary"] = par["stderr"].strip().splitlines()[-1] if par["stderr"].strip() else ""
        shutil.rmtree(pdb, ignore_errors=True)

    print(f"[{label}] unchanged re-ingest …", file=sys.stderr, flush=True)
    re_ing = run_child(ingest_cmd(root, db, mode, None))    # as a user runs it
    r["reingest_s"] = round(re_ing["wall_s"], 2)
    r["reingest_rss_mb"] = _mb(re_ing["rss_mb"])
    r["reingest_summary"] = re_ing["stderr"].strip().splitlines()[-1] if re_ing["stderr"].strip() else ""
    m = re.search(r"(\d+) unchanged", r["reingest_summary"])
    if not m or int(m.group(1)) != n:
        # e.g. the extractor version changed between the two ingests: not an unchanged re-ingest
        r["reingest_invalid"] = r["reingest_summary"] or f"exit code {re_ing['rc']}"
        print(f"[{label}] WARNING: re-ingest did not skip every file: {r['reingest_invalid']}",
              file=sys.stderr, flush=True)

    r.update(bench_check(label, db, draft, repeat))
    return r


def check_cmd(db: Path, draft: Path) -> list[str]:
    return [*factcheck_cmd(), "check", str(draft.relative_to(REPO) if draft.is_relative_to(REPO) else draft),
            "--db", str(db), "--format", "json"]


def interleaved_checks(archives: list[dict], draft: Path, repeat: int) -> dict:
    """Check every DB (and codespell) round-robin, rotating the order each round, so that a
    change of machine load between archives cannot pass for growth with archive size."""
    spell = codespell_cmd()
    names = [a["archive"] for a in archives] + (["codespell"] if spell else [])
    cmds = {a["archive"]: check_cmd(Path(a["db"]), draft) for a in archives}
    if spell:
        cmds["codespell"] = [*spell, str(draft)]
    print(f"interleaved check of {len(archives)} DBs + codespell, {repeat} rounds …", file=sys.stderr, flush=True)
    times: dict[str, list[float]] = {n: [] for n in names}
    for i in range(repeat):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            times[name].append(run_child(cmds[name])["wall_s"])
    spell_med = statistics.median(times["codespell"]) if spell else None
    for a in archives:
        t = times[a["archive"]]
        a["check_interleaved_median_ms"] = round(statistics.median(t) * 1000, 1)
        a["check_interleaved_p95_ms"] = round(pct(t, 95) * 1000, 1)
        a["check_interleaved_over_codespell"] = round(statistics.median(t) / spell_med, 2) if spell_med else None
    return {"rounds": repeat, "codespell_median_ms": round(spell_med * 1000, 1) if spell_med else None}


def bench_check(label: str, db: Path, draft: Path, repeat: int, warm_up: bool = True) -> dict:
    """Fresh-process `factcheck check DRAFT --format json`, paired run by run with codespell.
    With ``warm_up`` (page cache, .pyc) one run of each is made first and not counted."""
    r: dict = {}
    print(f"[{label}] check vs codespell, {repeat} paired fresh-process runs …", file=sys.stderr, flush=True)
    check = check_cmd(db, draft)
    spell = codespell_cmd()
    if warm_up:
        run_child(check)
        if spell:
            run_child([*spell, str(draft)])
    runs, s_times, s_cpu = [], [], []
    for i in range(repeat):
        order = ("check", "spell") if i % 2 == 0 else ("spell", "check")
        for which in order:
            if which == "check":
                runs.append(run_child(check))
            elif spell:
                spelled = run_child([*spell, str(draft)])
                s_times.append(spelled["wall_s"])
                s_cpu.append(spelled["cpu_s"])
    first = runs[0]
    if first["rc"] not in (0, 1):
        raise SystemExit(f"check failed ({first['rc']}): {first['stderr'][-2000:]}")
    try:
        report = json.loads(first["stdout"])
        r["check_findings"] = len(report.get("findings", []))
        r["check_draft_claims"] = report.get("summary", {}).get("claims")
    except json.JSONDecodeError:
        r["check_findings"] = None
    c_times = [x["wall_s"] for x in runs]
    c_rss = [x["rss_mb"] or 0.0 for x in runs]
    if not warm_up:
        r["check_first_ms"] = round(c_times[0] * 1000, 1)
    r["check_median_ms"] = round(statistics.median(c_times) * 1000, 1)
    r["check_p95_ms"] = round(pct(c_times, 95) * 1000, 1)
    r["check_min_ms"] = round(min(c_times) * 1000, 1)
    r["check_rss_mb"] = round(max(c_rss), 1) if any(c_rss) else None
    c_cpu = [x["cpu_s"] for x in runs if x["cpu_s"] is not None]
    r["check_cpu_median_ms"] = round(statistics.median(c_cpu) * 1000, 1) if c_cpu else None
    if s_times:
        r["codespell_median_ms"] = round(statistics.median(s_times) * 1000, 1)
        r["codespell_p95_ms"] = round(pct(s_times, 95) * 1000, 1)
        r["check_over_codespell"] = round(statistics.median(c_times) / statistics.median(s_times), 2)
        s_cpu = [x for x in s_cpu if x is not None]
        r["codespell_cpu_median_ms"] = round(statistics.median(s_cpu) * 1000, 1) if s_cpu else None
        r["check_cpu_over_codespell"] = (round(statistics.median(c_cpu) / statistics.median(s_cpu), 2)
                                         if c_cpu and s_cpu and statistics.median(s_cpu) else None)
    else:
        r["codespell_median_ms"] = r["codespell_p95_ms"] = r["check_over_codespell"] = None
        r["codespell_cpu_median_ms"] = r["check_cpu_over_codespell"] = None
    r["repeat"] = len(c_times)
    return r


def _mb(v: float | None) -> float | None:
    return None if v is None else round(v, 1)
