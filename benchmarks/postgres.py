"""The shared claims DB (issue 15): the same archive ingested into PostgreSQL and the same
fresh-process check timed against it, beside the SQLite figures of the same run
(``run.py --postgres URL``, or ``--postgres temp`` for a throwaway server on this machine).

Each archive gets a database of its own on that server (``CREATE DATABASE factcheck_bench_…``:
the URL's role needs CREATEDB), dropped afterwards. The server is reached over loopback TCP
(or whatever the URL says), as a newsroom's editors would reach theirs over the network.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from measure import REPO, bench_check, factcheck_cmd, run_child


class Server:
    """The server the benchmark uses: the one in the URL, or a throwaway one ("temp")."""

    def __init__(self, spec: str) -> None:
        self._scratch = None
        if spec == "temp":
            sys.path.insert(0, str(REPO / "scripts"))
            import pg_scratch

            self._scratch = pg_scratch.start(Path(tempfile.mkdtemp(prefix="factcheck-bench-pg-")),
                                             watch_pid=os.getpid())
            spec = self._scratch.url
        self.admin_url = spec
        self._n = 0

    def _url(self, dbname: str) -> str:
        p = urlsplit(self.admin_url)
        return urlunsplit((p.scheme, p.netloc, "/" + dbname, p.query, ""))

    def _sql(self, statement: str) -> object:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            cur = conn.execute(statement)  # type: ignore[arg-type]
            return cur.fetchone() if cur.description else None

    def new_database(self) -> tuple[str, str]:
        self._n += 1
        name = f"factcheck_bench_{os.getpid()}_{self._n}"
        self._sql(f'DROP DATABASE IF EXISTS "{name}"')
        self._sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        return name, self._url(name)

    def size_mb(self, name: str) -> float:
        return round(self._sql(f"SELECT pg_database_size('{name}')")[0] / 1e6, 1)  # type: ignore[index]

    def drop(self, name: str) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def version(self) -> str:
        return str(self._sql("SHOW server_version")[0])  # type: ignore[index]

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.stop()


def bench_postgres(label: str, root: Path, server: Server, draft: Path, repeat: int) -> dict:
    """Ingest ``root`` into a fresh database (all cores), re-ingest it unchanged, then time
    the fresh-process check, paired with codespell as for SQLite."""
    from factcheck.stores import db_label

    name, url = server.new_database()
    r: dict = {"server": db_label(url), "server_version": server.version()}
    try:
        print(f"[{label}] PostgreSQL: ingest from scratch …", file=sys.stderr, flush=True)
        first = run_child([*factcheck_cmd(), "ingest", str(root), "--db", url, "-q"])
        if first["rc"] not in (0, 2):
            raise SystemExit(f"ingest into PostgreSQL failed ({first['rc']}): {first['stderr'][-2000:]}")
        r["ingest_s"] = round(first["wall_s"], 2)
        r["ingest_rss_mb"] = round(first["rss_mb"], 1) if first["rss_mb"] else None
        again = run_child([*factcheck_cmd(), "ingest", str(root), "--db", url])
        r["reingest_unchanged_s"] = round(again["wall_s"], 2)
        r["reingest_summary"] = again["stderr"].strip().splitlines()[-1:] or None
        r["db_mb"] = server.size_mb(name)
        status = run_child([*factcheck_cmd(), "db", "status", "--db", url, "-f", "json"])
        if status["rc"] == 0:
            import json

            found = json.loads(status["stdout"])
            r["articles"], r["claims_stored"] = found["documents"], found["claims"]
        r.update(bench_check(f"{label}, PostgreSQL", url, draft, repeat))  # type: ignore[arg-type]
    finally:
        server.drop(name)
    return r


def render_postgres(archives: list[dict]) -> str:
    rows = [a for a in archives if a.get("postgres")]
    if not rows:
        return ""
    out = ["", "PostgreSQL beside SQLite (same archive, same draft, same run)", "",
           f"{'archive':<22} {'backend':<11} {'ingest s':>9} {'unchanged s':>12} {'DB MB':>7} "
           f"{'check median ms':>16} {'p95 ms':>7} {'×codespell':>10}"]
    for a in rows:
        pg = a["postgres"]
        for backend, r in (("sqlite", a), ("postgresql", pg)):
            out.append(f"{a['archive']:<22} {backend:<11} {_f(r.get('ingest_parallel_s', r.get('ingest_s'))):>9} "
                       f"{_f(r.get('reingest_unchanged_s', r.get('reingest_s'))):>12} {_f(r.get('db_mb')):>7} "
                       f"{_f(r.get('check_median_ms')):>16} {_f(r.get('check_p95_ms')):>7} "
                       f"{_f(r.get('check_over_codespell')):>10}")
    return "\n".join(out)


def _f(v: object) -> str:
    return "-" if v is None else str(v)
