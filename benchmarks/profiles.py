"""Profiles (``--profile``): import times and cProfile of a fresh check and of an ingest."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import measure
from measure import run_child


def profile_import(db: Path, draft: Path, top: int = 10) -> dict:
    """`python -X importtime` of one fresh `factcheck check`: the slowest imports (cumulative)."""
    cmd = [sys.executable, "-X", "importtime", "-m", "factcheck", "check", str(draft), "--db", str(db),
           "--format", "json"]
    run_child(cmd)  # warm-up
    res = run_child(cmd)
    rows = []
    for line in res["stderr"].splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append({"module": m.group(4), "self_us": int(m.group(1)), "cumulative_us": int(m.group(2)),
                         "depth": len(m.group(3)) // 2})
    total_top = sum(r["cumulative_us"] for r in rows if r["depth"] == 0)
    rows.sort(key=lambda r: -r["cumulative_us"])
    return {"command": " ".join(cmd), "wall_ms": round(res["wall_s"] * 1000, 1),
            "imports_total_ms": round(total_top / 1000, 1), "modules": len(rows), "top": rows[:top]}


_CHECK_PROFILE_SNIPPET = r"""
import cProfile, io, json, pstats, sys, time
t0 = time.perf_counter()
from factcheck import entry
t1 = time.perf_counter()
top = int(sys.argv[1])
sys.argv = ["factcheck", *sys.argv[2:]]
prof = cProfile.Profile()
prof.enable()
try:
    entry.main()
except SystemExit:
    pass
prof.disable()
t2 = time.perf_counter()
s = io.StringIO()
pstats.Stats(prof, stream=s).strip_dirs().sort_stats("cumulative").print_stats(r"^(?!.*(frozen|core\.py|main\.py:))", top)
sys.stdout = sys.__stdout__
print("\n" + json.dumps({"import_cli_ms": (t1 - t0) * 1000, "run_ms": (t2 - t1) * 1000, "cumulative": s.getvalue()}))
"""


def profile_check(db: Path, draft: Path, top: int = 12) -> dict:
    """One fresh `factcheck check`: time to import the CLI, then cProfile of the command itself
    (lazy imports inside the command included)."""
    res = run_child([sys.executable, "-c", _CHECK_PROFILE_SNIPPET, str(top), "check", str(draft), "--db", str(db),
                     "--format", "json", "--output", os.devnull])
    try:
        return {"db": str(db), **json.loads(res["stdout"].strip().splitlines()[-1])}
    except (json.JSONDecodeError, IndexError):
        return {"error": res["stderr"][-2000:]}


_CPROFILE_SNIPPET = r"""
import cProfile, inspect, io, json, pstats, sys, time
sys.path.insert(0, sys.argv[1])
from factcheck import api
paths = json.load(open(sys.argv[2], encoding="utf-8"))
# one process: worker processes would hide the extraction from the profiler
params = inspect.signature(api.ingest).parameters
one = {n: 1 for n in ("jobs", "workers", "processes", "parallel") if n in params}
prof = cProfile.Profile()
t0 = time.perf_counter()
prof.enable()
res = api.ingest(paths, sys.argv[3], **one)
prof.disable()
wall = time.perf_counter() - t0
out = {"wall_s": wall, "added": res.added, "claims": res.claims, "forced_one_process": one}
for key in ("cumulative", "tottime"):
    s = io.StringIO()
    pstats.Stats(prof, stream=s).strip_dirs().sort_stats(key).print_stats(int(sys.argv[4]))
    out[key] = s.getvalue()
print(json.dumps(out))
"""


def profile_ingest(root: Path, n: int, work: Path, top: int = 15) -> dict:
    """cProfile of api.ingest over the first ``n`` files of ``root`` (sorted), into a fresh DB."""
    files = sorted(str(f) for f in root.rglob("*.md"))[:n] or sorted(str(f) for f in root.rglob("*.txt"))[:n]
    lst = work / "profile-files.json"
    lst.write_text(json.dumps(files), encoding="utf-8")
    db = work / "profile-db"
    shutil.rmtree(db, ignore_errors=True)
    res = run_child([sys.executable, "-c", _CPROFILE_SNIPPET, str(measure.SRC), str(lst), str(db), str(top)])
    shutil.rmtree(db, ignore_errors=True)
    if res["rc"] != 0:
        return {"error": res["stderr"][-2000:]}
    out = json.loads(res["stdout"].strip().splitlines()[-1])
    out["files"] = len(files)
    out["root"] = str(root)
    out["chars"] = sum(len(Path(f).read_text(encoding="utf-8", errors="replace")) for f in files)
    return out
