"""The claims DB's schema on a PostgreSQL server: the tables, their versions and upgrades.

Schema versions are the SQLite ones (:data:`factcheck.store.SCHEMA_VERSION`), recorded in
``meta``. :data:`MIGRATIONS` upgrades a version to the next; on a server they are applied only
by ``factcheck db upgrade`` (one transaction, under factcheck's schema lock): on a shared
server an upgrade is an operator's decision. An empty database gets the current schema from
the first ingest (or ``db upgrade``): :data:`_SCHEMA` creates schema 3, then the migrations.

4: each article under a key relative to the project root (the configuration file's
directory), else absolute (:mod:`factcheck.paths`), instead of the path relative to the working
directory of the ingest. ``db upgrade`` run in the project finds the files of the old paths;
an old path whose file it cannot find stays as it is (relative to the project root: ingests
usually ran there).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .paths import rebase
from .store import SCHEMA_VERSION, StoreError

if TYPE_CHECKING:
    from .store_pg import PgClaimStore


def _rebase_paths(store: PgClaimStore) -> None:
    """Schema 4: keys for the paths stored relative to their ingest's working directory."""
    conn, keys = store.conn, store.paths
    rows = conn.execute("SELECT id, path, content_hash, ingested_at FROM documents").fetchall()
    new, drop = rebase(rows, keys, [keys.base] if keys.base else [], lambda p: p)  # type: ignore[arg-type]
    if drop:
        conn.execute("DELETE FROM documents WHERE id = ANY(%s)", (drop,))
    # through names no key can have (keys are normalized: no "//", no trailing "/"), so that
    # no two rows share a path at any moment (the unique index is checked row by row)
    for names in ([f"rebasing//{i}/" for i in new], list(new.values())):
        conn.execute("UPDATE documents d SET path = n.path FROM unnest(%s::bigint[], %s::text[]) AS n (id, path)"
                     " WHERE d.id = n.id", (list(new), names))
    store.rebased = (len(new), len(drop))


# Upgrades: version n → the steps that make it n + 1 (SQL, or a function of the store), all
# in one transaction, with the schema lock. The PostgreSQL backend starts at schema 3.
MIGRATIONS: dict[int, tuple[str | Callable[[PgClaimStore], None], ...]] = {
    3: (_rebase_paths,),
}
FIRST_VERSION = 3  # the version _SCHEMA creates before MIGRATIONS apply

# pg_advisory_xact_lock(LOCK_SPACE, …): only factcheck's own locks (creating or upgrading the schema)
LOCK_SPACE = 0x6663  # "fc"
LOCK_SCHEMA = 1

TABLES = ("meta", "documents", "claims", "claim_terms", "clause_index")
_SCHEMA = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)",
    # COLLATE "C": paths and dates sort by code point, as in SQLite, whatever the server's locale
    """CREATE TABLE documents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        path text COLLATE "C" NOT NULL UNIQUE,
        content_hash text NOT NULL,
        title text NOT NULL,
        date text COLLATE "C" NOT NULL,
        source text NOT NULL,
        extractor_version text NOT NULL,
        claim_count integer NOT NULL,
        ingested_at double precision NOT NULL,
        date_source text NOT NULL DEFAULT '',
        -- this article's rows in clause_index and their trigrams: the totals BM25 needs,
        -- summed over documents instead of counted over every clause at each check
        templates integer NOT NULL DEFAULT 0,
        template_trigrams bigint NOT NULL DEFAULT 0)""",
    "CREATE INDEX documents_hash ON documents (content_hash)",
    # the columns of SQLite's claims table, in its order (factcheck.rows reads them by position)
    """CREATE TABLE claims (
        id bigint PRIMARY KEY,
        document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        line integer NOT NULL, col integer NOT NULL,
        text text NOT NULL,
        low double precision, high double precision, unit text NOT NULL, stated text NOT NULL,
        subject text NOT NULL, place text NOT NULL,
        scope_kind text NOT NULL, scope_label text NOT NULL, scope_year integer,
        qualifier text NOT NULL,
        sentence text NOT NULL, clause text NOT NULL,
        article_title text NOT NULL, article_index integer NOT NULL,
        features text NOT NULL DEFAULT '')""",
    "CREATE SEQUENCE claims_id_seq OWNED BY claims.id",  # ids are reserved by the writer, in order
    "CREATE INDEX claims_document ON claims (document_id)",
    # fuzzy subject lookup (similarity(), %, LIKE) for people and tools: docs/postgresql.md
    "CREATE INDEX claims_subject_trgm ON claims USING gin (subject gin_trgm_ops) WITH (fastupdate = off)",
    """CREATE TABLE claim_terms (
        term text NOT NULL,
        claim_id bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
        PRIMARY KEY (term, claim_id))""",
    "CREATE INDEX claim_terms_claim ON claim_terms (claim_id)",
    # each claim's clause template (figures taken out), case-folded as FTS5 folds it
    """CREATE TABLE clause_index (
        claim_id bigint PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
        template text NOT NULL)""",
    # fastupdate off: rows go straight into the index, never into a pending list that every
    # lookup scans until the next vacuum (after an ingest of 20,000 articles, 60 ms a lookup)
    "CREATE INDEX clause_index_trgm ON clause_index USING gin (template gin_trgm_ops) WITH (fastupdate = off)",
)



def _tables(store: PgClaimStore) -> set[str]:
    return {name for (name,) in store.conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')")}


def version(store: PgClaimStore) -> int | None:
    """The schema version found; None for an empty database. Refuses a database of
    another program, or one from a newer factcheck."""
    conn = store.conn
    if conn.execute("SELECT current_schema()").fetchone()[0] is None:  # type: ignore[index]
        raise StoreError(f"{store.path}: no schema to use (search_path names none that exists); "
                         f"create one or set search_path (docs/postgresql.md)")
    tables = _tables(store)
    if "meta" not in tables:
        if tables & set(TABLES):
            raise StoreError(f"{store.path}: not a factcheck claims database (it holds tables "
                             f"{', '.join(sorted(tables))} but no meta); use another database or schema")
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        found = int(row[0]) if row else 0
    except ValueError:
        raise StoreError(f"{store.path}: unreadable schema version {row[0]!r}") from None  # type: ignore[index]
    if found > SCHEMA_VERSION:
        raise StoreError(f"{store.path}: made by a newer factcheck (schema {found}, this one reads "
                         f"{SCHEMA_VERSION}); upgrade factcheck")
    if found < FIRST_VERSION or not all(v in MIGRATIONS for v in range(found, SCHEMA_VERSION)):
        raise StoreError(f"{store.path}: schema {found} cannot be upgraded to {SCHEMA_VERSION}; drop the "
                         f"factcheck tables ({', '.join(TABLES)}) and ingest again")
    return found


def create_or_upgrade(store: PgClaimStore) -> None:
    """Create the schema in an empty database, or upgrade it: one transaction, under
    factcheck's schema lock, so that two processes never both do it."""
    conn = store.conn
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_SPACE, LOCK_SCHEMA))
        found = version(store)  # again, under the lock: another process may have done it
        if found is None:
            for statement in _SCHEMA:
                conn.execute(statement)  # type: ignore[arg-type]
            conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', %s)", (str(FIRST_VERSION),))
            current = FIRST_VERSION
        else:
            current = found
        for v in range(current, SCHEMA_VERSION):
            for step in MIGRATIONS[v]:
                if callable(step):
                    step(store)
                else:
                    conn.execute(step)  # type: ignore[arg-type]
        conn.execute("UPDATE meta SET value = %s WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))


__all__ = ["MIGRATIONS", "FIRST_VERSION", "TABLES", "version", "create_or_upgrade"]
