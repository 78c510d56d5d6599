"""Stage 4: which claims DB — an embedded SQLite file in a directory (one editor, a CI cache;
the default) or a database on a PostgreSQL server shared by a newsroom — and opening it.

``--db claims_db`` (or ``db = "claims_db"`` in the config) names a directory;
``--db postgresql://checker@db.newsroom/factcheck`` a server. Both backends store the same
records and answer the same lookups (:class:`Store`); the rest of factcheck only ever calls
:func:`open_store`. The PostgreSQL driver is imported only when such a URL is used.

>>> db_label("postgresql://ingest:s3cret@db.example/factcheck?sslmode=require&password=x")
'postgresql://ingest@db.example/factcheck?sslmode=require'
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .paths import PathKeys
from .rows import DocumentRows, StoredClaim
from .store import SCHEMA_VERSION, ClaimStore, StoreError

URL_SCHEMES = ("postgresql://", "postgres://")


class Store(Protocol):
    """What ingest, check, explain and audit use of a claims DB."""

    path: object  # what messages name: the SQLite file, or the server URL without its password
    paths: PathKeys  # how it stores the paths of articles (named as shown in and out)

    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...
    def close(self) -> None: ...
    def prepare_bulk_write(self) -> None: ...
    def store_documents(self, batch: Sequence[DocumentRows], extractor_version: str) -> int: ...
    def remove_missing(self, keep: set[str], under: list[str]) -> int: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def counts(self) -> tuple[int, int]: ...
    def document_keys(self) -> dict[str, tuple[str, str, str, str, str, str]]: ...
    def paths_and_hashes(self) -> Iterator[tuple[str, str]]: ...
    def candidates(self, terms: list[str], units: list[str], exclude_paths: set[str],
                   exclude_hashes: set[str], limit: int = 200, per_term: int = 400) -> list[StoredClaim]: ...
    def similar(self, template: str, units: list[str], exclude_paths: set[str], exclude_hashes: set[str],
                limit: int = 20) -> list[StoredClaim]: ...
    def all_claims(self) -> Iterator[StoredClaim]: ...


def is_server_url(db: str | Path | None) -> bool:
    """A PostgreSQL connection URL (else: the directory of a SQLite claims DB)."""
    return isinstance(db, str) and db.strip().lower().startswith(URL_SCHEMES)


def db_arg(value: str) -> str | Path:
    """``--db`` or ``db =`` as given: a URL stays a string (a Path would fold its ``//``)."""
    return value.strip() if is_server_url(value) else Path(value)


def db_label(db: str | Path) -> str:
    """How messages name a claims DB: a URL without its password (in the user part or the query)."""
    if not is_server_url(db):
        return str(db)
    text = str(db).strip()
    try:
        parts = urlsplit(text)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, hostport = netloc.rpartition("@")
            netloc = userinfo.split(":", 1)[0] + "@" + hostport
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"],
                          safe="/:")
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return text.split("://", 1)[0] + "://…"  # unreadable: show nothing that could be a secret


def open_store(db: str | Path, *, create: bool = True, root: str | Path | None = None) -> Store:
    """The claims DB ``db`` names. ``create``: for writing (an ingest), created if absent;
    otherwise for reading (a check), and a missing DB is a :class:`StoreError`.

    Stored article paths are relative to the DB's directory (SQLite), or to ``root``, the
    project root (PostgreSQL; absolute without one): :mod:`factcheck.paths`."""
    if is_server_url(db):
        return _pg_store(str(db), create=create, root=root)
    return ClaimStore(db, create=create)


def _pg_store(url: str, **kwargs: object):  # type: ignore[no-untyped-def]
    try:
        from .store_pg import PgClaimStore
    except ImportError as exc:  # psycopg, or its libpq, is missing
        raise StoreError(f"{db_label(url)}: PostgreSQL support is not installed ({exc}); install it with "
                         f"`pip install 'factcheck[postgres]'`") from None
    return PgClaimStore(url, **kwargs)


def upgrade(db: str | Path, root: str | Path | None = None) -> tuple[int | None, int, str, tuple[int, int] | None]:
    """``factcheck db upgrade``: create or upgrade the schema of ``db``. Returns the version
    found (None: there was no claims DB), the version now, the DB's label, and when old
    article paths were given keys (schema 4), how many and how many duplicates were merged."""
    if is_server_url(db):
        store = _pg_store(str(db), create=True, upgrade=True, root=root)
        with store:
            return store.found_version, store.schema_version(), store.path, store.rebased
    with ClaimStore(db) as sqlite_store:  # SQLite upgrades whenever it is opened
        return sqlite_store.found_version, SCHEMA_VERSION, str(sqlite_store.path), sqlite_store.rebased


def status(db: str | Path) -> dict[str, object]:
    """``factcheck db status``: the schema version, documents and claims (read-only)."""
    with open_store(db, create=False) as store:
        docs, claims = store.counts()
        version = store.get_meta("schema_version")
        return {"db": db_label(db), "backend": "postgresql" if is_server_url(db) else "sqlite",
                "schema_version": int(version) if version and version.isdigit() else version,
                "documents": docs, "claims": claims}


__all__ = ["Store", "StoreError", "open_store", "upgrade", "status", "is_server_url", "db_arg", "db_label"]
