"""Issue 7, crash safety: ``kill -9`` an ingest anywhere; the DB stays whole and the next run finishes.

A real fault test: ~300 articles (lines of the seed pages, shuffled with a fixed seed) are
ingested by a ``python -m factcheck ingest`` subprocess that is killed with SIGKILL eight
times — some kills at random moments from start-up on, most a random moment after the run
has committed its first document, so that they land inside later transactions. After
each kill the DB must pass ``PRAGMA integrity_check`` and ``foreign_key_check`` and every
document must be whole (``claim_count`` = stored claims); after the last, an ordinary
ingest completes the job and the DB equals one built without faults.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

from factcheck import api
from factcheck.store import db_file

N_ARTICLES = 300
N_KILLS = 8


def write_articles(directory: Path, n: int, seed: int = 7, start: int = 0) -> Path:
    """``n`` Markdown articles of 12 shuffled seed lines each, with front matter."""
    rng = random.Random(seed)
    lines = [line.strip() for p in sorted(SEEDS.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 20]
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        body = "\n".join(rng.sample(lines, 12))
        (directory / f"a{i:03d}.md").write_text(
            f"---\ntitle: 第{i}篇\ndate: 2024-{1 + i % 12:02d}-15\n---\n{body}\n", encoding="utf-8")
    return directory


def start_ingest(articles: Path, db: Path) -> subprocess.Popen[bytes]:
    """An ingest in its own process group: it and its extraction workers die together."""
    return subprocess.Popen([sys.executable, "-m", "factcheck", "ingest", str(articles), "--db", str(db), "-q"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def kill_9(proc: subprocess.Popen[bytes]) -> int:
    """SIGKILL to the ingest process, as the OOM killer would; its extraction workers must
    die with it (see the last test). Then its process group, so nothing is ever left behind."""
    try:
        proc.send_signal(signal.SIGKILL)
    except ProcessLookupError:
        pass
    code = proc.wait(timeout=10)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.stderr:
        proc.stderr.close()
    return code


def reference_ingest(articles: Path, db: Path) -> Path:
    """A run without faults, in a fresh process like the faulty ones (same code, same state)."""
    done = subprocess.run([sys.executable, "-m", "factcheck", "ingest", str(articles), "--db", str(db), "-q"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return db


def document_count(db: Path) -> int:
    if not db_file(db).exists():
        return 0
    conn = sqlite3.connect(db_file(db), timeout=5)
    try:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # no tables yet
        return 0
    finally:
        conn.close()


def assert_whole(db: Path) -> dict[str, tuple[str, int]]:
    """Integrity, foreign keys, every document complete; path → (hash, claim_count)."""
    conn = sqlite3.connect(db_file(db))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:  # killed between creating the file and creating the schema
            return {}
        assert tables >= {"meta", "documents", "claims", "claim_terms"}  # all or nothing
        rows = conn.execute(
            "SELECT d.path, d.content_hash, d.claim_count,"
            " (SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id) FROM documents d").fetchall()
        half_written = [(p, n, stored) for p, _, n, stored in rows if n != stored]
        assert half_written == []
        orphans = conn.execute("SELECT COUNT(*) FROM claim_terms t LEFT JOIN claims c ON c.id = t.claim_id"
                               " WHERE c.id IS NULL").fetchone()[0]
        assert orphans == 0
        return {p: (h, n) for p, h, n, _ in rows}
    finally:
        conn.close()


def claim_rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db_file(db))
    try:
        return conn.execute(
            "SELECT d.path, c.line, c.col, c.text, c.low, c.high, c.unit, c.subject, c.scope_label,"
            " (SELECT group_concat(term, '|') FROM (SELECT term FROM claim_terms t"
            "   WHERE t.claim_id = c.id ORDER BY term))"
            " FROM claims c JOIN documents d ON d.id = c.document_id ORDER BY 1, 2, 3, 4").fetchall()
    finally:
        conn.close()


def test_kill_9_during_ingest_never_corrupts_and_the_next_run_finishes(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles", N_ARTICLES)
    db = tmp_path / "db"
    rng = random.Random(20241223)
    killed, progress, total = 0, [], N_ARTICLES
    deadline = time.monotonic() + 180  # ends at N_KILLS; the limit only stops a runaway loop on a slow machine
    while killed < N_KILLS and time.monotonic() < deadline:
        before = document_count(db)
        proc = start_ingest(articles, db)
        if killed % 3 == 0:  # anywhere: start-up, schema creation, first transactions
            time.sleep(rng.uniform(0.05, 0.6))
        else:  # after this run has committed something, inside a later transaction
            while proc.poll() is None and document_count(db) <= before:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.08))
        code = kill_9(proc)  # (reaps it)
        if code == 0:  # a fast (or busy) machine finished the job before the kill landed
            write_articles(articles, 100, seed=killed, start=total)  # more work, and again
            total += 100
            continue
        assert code == -signal.SIGKILL
        killed += 1
        docs = assert_whole(db) if db_file(db).exists() else {}
        progress.append(len(docs))
    print(f"\n{killed} kills survived; documents after each: {progress}")
    assert killed == N_KILLS
    assert progress == sorted(progress)  # what was committed stays committed
    assert any(0 < p < total for p in progress)  # and runs were cut off half way
    # the next ordinary run completes the job
    done = subprocess.run([sys.executable, "-m", "factcheck", "ingest", str(articles), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"{total - progress[-1]} added, 0 updated, {progress[-1]} unchanged" in done.stderr
    final = assert_whole(db)
    assert len(final) == total
    # and what it holds is exactly what a run without faults stores
    reference = reference_ingest(articles, tmp_path / "reference")
    assert final == assert_whole(reference)
    assert claim_rows(db) == claim_rows(reference)
    assert not [p for p in os.listdir(db) if p.endswith("-journal")]


def test_kill_9_during_a_re_ingest_keeps_every_document(tmp_path: Path) -> None:
    """Killed while replacing changed articles: each is the old version or the new, never gone."""
    n = N_ARTICLES // 3
    articles = write_articles(tmp_path / "articles", n)
    db = tmp_path / "db"
    reference_ingest(articles, db)  # in a subprocess, like the runs that follow
    old = _revise(articles, db, 1)
    rng = random.Random(7)
    kills, replaced = 0, []
    deadline = time.monotonic() + 120
    while kills < 3 and time.monotonic() < deadline:
        proc = start_ingest(articles, db)
        before = replaced[-1] if replaced else 0
        while proc.poll() is None and _replaced(db, old) <= before:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.05))
        code = kill_9(proc)  # (reaps it)
        if code == 0:  # a fast (or busy) machine replaced them all before the kill landed
            old, replaced = _revise(articles, db, kills + 2), []
            continue
        assert code == -signal.SIGKILL
        kills += 1
        docs = assert_whole(db)
        assert set(docs) == set(old)  # nothing lost
        replaced.append(_replaced(db, old))
        # a check right after the crash reads the DB (recovering the WAL) without error
        result = api.check([next(articles.iterdir())], db)
        assert not result.errors and result.db_documents == n
    print(f"\n{kills} kills during a re-ingest; documents replaced after each: {replaced}")
    assert kills == 3 and any(0 < r < n for r in replaced)  # (a busy machine may let a run finish)
    done = subprocess.run([sys.executable, "-m", "factcheck", "ingest", str(articles), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and f"{n - replaced[-1]} updated, {replaced[-1]} unchanged" in done.stderr
    assert _replaced(db, old) == n and len(assert_whole(db)) == n


def _revise(articles: Path, db: Path, k: int) -> dict[str, str]:
    """Every article gets one more sentence; returns the stored hashes before that."""
    for path in sorted(articles.iterdir()):
        path.write_text(path.read_text(encoding="utf-8") + f"另有新增项目{k}个。\n", encoding="utf-8")
    return {p: h for p, (h, _) in assert_whole(db).items()}


def _replaced(db: Path, old: dict[str, str]) -> int:
    conn = sqlite3.connect(db_file(db), timeout=5)
    try:
        return sum(old[p] != h for p, h in conn.execute("SELECT path, content_hash FROM documents"))
    finally:
        conn.close()


def test_ctrl_c_during_ingest_rolls_back_cleanly(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles", 100)
    db = tmp_path / "db"
    proc = start_ingest(articles, db)
    while proc.poll() is None and document_count(db) == 0:
        time.sleep(0.005)
    time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: to the whole process group
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        kill_9(proc)  # nothing left behind, whatever happened
    stored = len(assert_whole(db))
    assert proc.returncode == 130 or (proc.returncode == 0 and stored == 100), err
    assert b"Traceback" not in err
    done = subprocess.run([sys.executable, "-m", "factcheck", "ingest", str(articles), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and f"{100 - stored} added, 0 updated, {stored} unchanged" in done.stderr
    assert len(assert_whole(db)) == 100


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    if not Path("/proc/self/task").exists():
        pytest.skip("needs procfs")
    articles = write_articles(tmp_path / "articles", 200)
    db = tmp_path / "db"
    proc = start_ingest(articles, db)
    workers: list[int] = []
    try:
        while proc.poll() is None and document_count(db) == 0:
            time.sleep(0.005)
        workers = _children(proc.pid)
        if not workers:
            pytest.skip("extraction ran in the ingest process itself (one core)")
        proc.send_signal(signal.SIGKILL)  # the parent only, as the OOM killer would
        proc.wait(timeout=10)
        deadline = time.monotonic() + 3
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)]
    finally:
        kill_9(proc)  # and the orphans, whatever the outcome
        for w in workers:
            try:
                os.kill(w, signal.SIGKILL)
            except ProcessLookupError:
                pass
