"""Issue 7, concurrency: checks read while an ingest writes, and two ingests serialize.

WAL mode lets readers go on while the writer commits; the busy timeout makes a second
writer wait for the first one's (per-file, short) transaction instead of failing with
"database is locked".
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from conftest import DRAFTS, ROOT, seeds_knowledge, seeds_settings
from test_robustness_crash import assert_whole, claim_rows, reference_ingest, write_articles

from factcheck import api

N_CHECKERS = 3
N_ARTICLES = 150

# Checks in a loop until the stop file appears: each api.check opens the DB anew. The
# ready file says the first check is done, so that checking surely overlaps the ingest.
_CHECKER = r"""
import json, sys, time
from pathlib import Path
from factcheck import api
db, draft, stop, ready = sys.argv[1:5]
failures, docs_seen = [], []
while True:
    last = Path(stop).exists()
    try:
        result = api.check([draft], db, settings=api.Settings(region="changji"))
        assert result.files and not result.errors, result.errors
        docs_seen.append(result.db_documents)
    except BaseException as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
        docs_seen.append(-1)
    Path(ready).touch()
    time.sleep(0.02)  # leave the ingest some CPU
    if last:
        break
print(json.dumps({"failures": failures[:5], "n_failures": len(failures), "docs_seen": docs_seen}))
"""


def test_checks_never_fail_while_an_ingest_writes(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles", N_ARTICLES)
    db = tmp_path / "db"
    api.ingest([DRAFTS], db, settings=seeds_settings())  # the DB exists (2 documents) before the checkers start
    before = 2
    stop = tmp_path / "stop"
    draft = str(DRAFTS / "talent_conflict.md")
    ready = [tmp_path / f"ready{i}" for i in range(N_CHECKERS)]
    checkers = [subprocess.Popen([sys.executable, "-c", _CHECKER, str(db), draft, str(stop), str(r)], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for r in ready]
    deadline = time.monotonic() + 90
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    ingest = subprocess.run([sys.executable, "-m", "factcheck", "ingest", str(articles), "--db", str(db)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    stop.touch()
    reports = []
    for proc in checkers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    assert ingest.returncode == 0, ingest.stderr
    assert f"{N_ARTICLES} added" in ingest.stderr
    seen = [n for r in reports for n in r["docs_seen"]]
    during = sum(before < n < before + N_ARTICLES for n in seen)
    print(f"\n{len(seen)} checks by {N_CHECKERS} processes, {during} of them while an ingest of "
          f"{N_ARTICLES} articles was half done; failures: {sum(r['n_failures'] for r in reports)}")
    assert [r["failures"] for r in reports] == [[]] * N_CHECKERS
    assert all(r["docs_seen"][0] == before and r["docs_seen"][-1] == before + N_ARTICLES for r in reports)
    assert during >= N_CHECKERS  # they really read while the ingest wrote
    # and each saw the DB only grow, document by document
    assert all(a <= b for r in reports for a, b in zip(r["docs_seen"], r["docs_seen"][1:]))
    assert len(assert_whole(db)) == N_ARTICLES + before


def test_two_ingests_at_once_serialize(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles", N_ARTICLES // 2)
    db = tmp_path / "db"  # does not exist: both also race to create it
    procs = [subprocess.Popen([sys.executable, "-m", "factcheck", "ingest", str(articles), "--db", str(db)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    assert all("locked" not in err for _, err in results)
    final = assert_whole(db)
    assert len(final) == N_ARTICLES // 2
    reference = reference_ingest(articles, tmp_path / "reference")
    assert final == assert_whole(reference)
    assert claim_rows(db) == claim_rows(reference)
