"""The SQLite claims DB's schema: its tables, its version, and the upgrades from older ones.

Functions of an open :class:`factcheck.store.ClaimStore` (its connection, its path for
messages, its :class:`factcheck.paths.PathKeys`), run when the store opens a DB.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from .paths import ancestors, rebase

if TYPE_CHECKING:
    from .store import ClaimStore


class StoreError(Exception):
    """The database cannot be used: the message says why and what to do (re-exported by
    :mod:`factcheck.store`, where it is known)."""


SCHEMA_VERSION = 4
# Schema upgrades: version n → the statements that make it n + 1 (SQL, or a function of the
# store), run in one transaction when a DB is opened. A version with no entry here cannot be
# upgraded: rebuild instead.
MIGRATIONS: dict[int, tuple[str | Callable[[ClaimStore], None], ...]] = {
    # 2: where each article's date came from (factcheck.dating); the next ingest reads every
    # stored article again (an undated page may now have a date, its claims other scopes)
    1: ("ALTER TABLE documents ADD COLUMN date_source TEXT NOT NULL DEFAULT ''",
        "UPDATE documents SET extractor_version = ''"),
    # 3: the features the decision rules compare, stored with each claim (factcheck.evidence
    # features_of), and a trigram index of each clause's template for finding a restatement
    # whose subject was read differently; the next ingest reads every article again
    2: ("ALTER TABLE claims ADD COLUMN features TEXT NOT NULL DEFAULT ''",
        "CREATE VIRTUAL TABLE IF NOT EXISTS clause_index USING fts5(template, tokenize='trigram')",
        "CREATE TRIGGER IF NOT EXISTS claims_unindex AFTER DELETE ON claims "
        "BEGIN DELETE FROM clause_index WHERE rowid = old.id; END",
        "UPDATE documents SET extractor_version = ''"),
    # 4: each article under a key relative to the DB's directory, not to the working directory
    # of its ingest (factcheck.paths); two rows of one file (ingested from two directories)
    # become one, the newer. Claims are kept as they are.
    3: (lambda store: _rebase_paths(store),),
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    claim_count INTEGER NOT NULL,
    ingested_at REAL NOT NULL,
    date_source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL, col INTEGER NOT NULL,
    text TEXT NOT NULL,
    low REAL, high REAL, unit TEXT NOT NULL, stated TEXT NOT NULL,
    subject TEXT NOT NULL, place TEXT NOT NULL,
    scope_kind TEXT NOT NULL, scope_label TEXT NOT NULL, scope_year INTEGER,
    qualifier TEXT NOT NULL,
    sentence TEXT NOT NULL, clause TEXT NOT NULL,
    article_title TEXT NOT NULL, article_index INTEGER NOT NULL,
    features TEXT NOT NULL DEFAULT ''
);
-- the template of each claim's clause (figures taken out), by claim id, for similar clauses
CREATE VIRTUAL TABLE IF NOT EXISTS clause_index USING fts5(template, tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS claims_unindex AFTER DELETE ON claims
    BEGIN DELETE FROM clause_index WHERE rowid = old.id; END;
CREATE INDEX IF NOT EXISTS claims_document ON claims(document_id);
CREATE TABLE IF NOT EXISTS claim_terms (
    term TEXT NOT NULL,
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    PRIMARY KEY (term, claim_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_terms_claim ON claim_terms(claim_id);
"""



def check(store: ClaimStore) -> int | None:
    """Refuse a DB of another program or a version we cannot read; its version, None if new."""
    tables = {name for (name,) in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        if tables - {"sqlite_sequence"}:
            if "documents" in tables:
                raise StoreError(
                    f"{store.path}: made by an older factcheck (no schema version); delete it "
                    f"and run `factcheck ingest` again to rebuild")
            raise StoreError(
                f"{store.path}: not a factcheck claims database (it holds tables "
                f"{', '.join(sorted(tables))}); move it away or use another --db")
        return None
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?", ("schema_version",)).fetchone()
    try:
        version = int(row[0]) if row else 0
    except ValueError:
        raise StoreError(f"{store.path}: unreadable schema version {row[0]!r}; delete it and "
                         f"run `factcheck ingest` again to rebuild") from None
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{store.path}: made by a newer factcheck (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); upgrade factcheck or use another --db")
    if version < SCHEMA_VERSION and not all(v in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
        raise StoreError(
            f"{store.path}: made by an older factcheck (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); delete it and run `factcheck ingest` again to rebuild "
            f"(the claims DB is built from the articles, nothing else is lost)")
    return version


def migrate(store: ClaimStore, version: int) -> None:
    """Upgrade in one transaction: a crash leaves the old version, whole."""
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        row = store.conn.execute("SELECT value FROM meta WHERE key = ?", ("schema_version",)).fetchone()
        current = int(row[0]) if row else 0
        for v in range(current, SCHEMA_VERSION):  # another process may have done some
            for statement in MIGRATIONS[v]:
                if callable(statement):
                    statement(store)
                else:
                    store.conn.execute(statement)
        store.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                          ("schema_version", str(SCHEMA_VERSION)))
        store.conn.execute("COMMIT")
    except BaseException as exc:
        if store.conn.in_transaction:
            store.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"{store.path}: upgrading from schema {version} to {SCHEMA_VERSION} "
                             f"failed ({exc}), nothing was changed; delete it and run `factcheck "
                             f"ingest` again to rebuild") from None
        raise


def _rebase_paths(store: ClaimStore) -> None:
    """Schema 4: keys for paths stored relative to their ingest's working directory
    (:func:`factcheck.paths.rebase`; searched for: the DB's parent and the directories
    above it, the default ``claims_db/`` being at a project's root)."""
    rows = store.conn.execute("SELECT id, path, content_hash, ingested_at FROM documents").fetchall()
    new, drop = rebase(rows, store.paths, ancestors(store.paths.base or ".")[1:],
                       lambda p: store.paths.key(p))  # no file found: relative to here, as it was read
    store.conn.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in drop])
    # through names no key can have (keys are normalized: no "//", no trailing "/"), so
    # that no two rows share a path at any moment
    store.conn.executemany("UPDATE documents SET path = ? WHERE id = ?", [(f"rebasing//{i}/", i) for i in new])
    store.conn.executemany("UPDATE documents SET path = ? WHERE id = ?", [(k, i) for i, k in new.items()])
    store.rebased = (len(new), len(drop))


def create(store: ClaimStore) -> None:
    """The schema of a new DB, in one transaction."""
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        statement = ""
        for part in _SCHEMA.split(";"):  # (a trigger's body holds ";" of its own)
            statement += part + ";"
            if sqlite3.complete_statement(statement):
                if statement.strip(" \n;"):
                    store.conn.execute(statement)
                statement = ""
        store.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                          ("schema_version", str(SCHEMA_VERSION)))
        store.conn.execute("COMMIT")
    except BaseException:
        store.conn.execute("ROLLBACK")
        raise
