from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
DRAFTS = ROOT / "fixtures" / "drafts"
SEED = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(autouse=True)
def _cwd_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in reports are relative to the working directory: run from the repo root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def all_seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    from factcheck import api

    db = tmp_path_factory.mktemp("db_all")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        api.ingest([SEEDS], db, seeds_settings())
    finally:
        os.chdir(cwd)
    return db


def seeds_settings():
    """The seed pages' newsroom: the Changji region pack (as the repository's config chooses)."""
    from factcheck import api

    return api.Settings(region="changji")


def seeds_knowledge():
    return seeds_settings().knowledge()


# ------------------------------------------------------------------------------------------
# A real PostgreSQL server for the tests of the shared claims DB (issue 15)
# ------------------------------------------------------------------------------------------
class PgServer:
    """A server the tests may create databases and roles on (as its superuser)."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._n = 0

    def url(self, dbname: str, user: str | None = None) -> str:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.admin_url)
        netloc = parts.netloc
        if user:
            netloc = user + "@" + netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, netloc, "/" + dbname, parts.query, ""))

    def sql(self, *statements: str, dbname: str | None = None) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(dbname) if dbname else self.admin_url, autocommit=True) as conn:
            rows: list[tuple] = []
            for s in statements:
                cur = conn.execute(s)  # type: ignore[arg-type]
                rows = cur.fetchall() if cur.description else []
            return rows

    def new_database(self, prefix: str = "fc") -> str:
        """A fresh, empty database (UTF-8, C.UTF-8 locale); its URL."""
        import os

        self._n += 1
        name = f"{prefix}_{os.getpid()}_{self._n}"
        self.sql(f'DROP DATABASE IF EXISTS "{name}"',
                 f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> "PgServer":
    """FACTCHECK_TEST_POSTGRES (a superuser's URL: CI starts a server for the run, see
    .ci/run), else a throwaway server started here (scripts/pg_scratch.py) and stopped at the
    end of the session. Where none can be started the tests skip and say why, unless
    FACTCHECK_REQUIRE_POSTGRES=1 (CI): then they fail."""
    import os
    import sys
    import tempfile

    required = os.environ.get("FACTCHECK_REQUIRE_POSTGRES") == "1"

    def unavailable(why: str) -> None:
        if required:
            pytest.fail(f"PostgreSQL required (FACTCHECK_REQUIRE_POSTGRES=1) but {why}")
        pytest.skip(f"no PostgreSQL server for the shared-DB tests: {why}")

    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        unavailable(f"psycopg is not installed ({exc}); pip install -e '.[test]'")
    url = os.environ.get("FACTCHECK_TEST_POSTGRES")
    if url:
        yield PgServer(url)
        return
    sys.path.insert(0, str(ROOT / "scripts"))
    import pg_scratch

    directory = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))  # in /tmp: the server's user must reach it
    try:
        scratch = pg_scratch.start(directory, watch_pid=os.getpid())
    except Exception as exc:  # noqa: BLE001 (whatever the reason, say it)
        import shutil

        shutil.rmtree(directory, ignore_errors=True)
        unavailable(str(exc))
    try:
        yield PgServer(scratch.url)
    finally:
        scratch.stop()


@pytest.fixture
def pg_db(pg_server: "PgServer") -> str:
    """The URL of a fresh, empty database on the test server."""
    return pg_server.new_database()
