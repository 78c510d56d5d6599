"""Stage 4, shared: the claims DB on a PostgreSQL server (psycopg 3), for a whole newsroom.

The same records as :mod:`factcheck.store` (SQLite), mapped to rows by :mod:`factcheck.rows`,
found again the same way: subject terms through ``claim_terms``, similar clauses through a
trigram index of clause templates (pg_trgm's GIN index where SQLite has FTS5), ranked by the
BM25 formula FTS5 uses, so that both backends give every check the same candidates.

Concurrency. Many writers and readers at once:

* A batch of whole articles is one transaction: a killed writer (or a lost connection) leaves
  each article whole or absent, and the next ingest, incremental by content hash, finishes.
* Two writers of the same file do not lose or duplicate it: a document is written with
  ``INSERT … ON CONFLICT (path) DO UPDATE``, which row-locks the path (or waits for the other
  writer's uncommitted insert of it) until the end of the transaction; the second writer then
  replaces the first one's version whole, or, when the stored version is already the one it
  holds (same content hash, extractor version, title, date, source), leaves it as it is. Rows
  are written in path order, so two batches never wait for each other in a cycle; a deadlock
  or serialization failure reported anyway is retried.
* A check reads one snapshot (``REPEATABLE READ``, read-only): every lookup of one check sees
  the archive as it was when the check began, never a batch half-committed.

The tables, schema versions and upgrades (applied only by ``factcheck db upgrade``):
:mod:`factcheck.store_pg_schema`. Articles are named as shown (relative to the working
directory) in and out, and stored relative to the project root, the configuration file's
directory, or absolute where there is none (:mod:`factcheck.paths`): every checkout of the
newsroom's project names an article alike.

Imported only when a ``postgresql://`` claims DB is used (:func:`factcheck.stores.open_store`):
a check on SQLite never loads psycopg.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import errors as pg_errors

from . import store_pg_schema as schema
from .paths import PathKeys
from .store_pg_rank import bm25_ranked, fold, like_escape, template_stats
from .records import Claim, Document
from .rows import DOCUMENT_COLUMNS, DocumentRows, StoredClaim, document_rows, stored_claim
from .store import SCHEMA_VERSION, StoreError

CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT = "120s"  # a writer waits this long for another writer's batch, then says so
RETRIES = 5  # of a batch transaction that hit a deadlock or a serialization failure

_CLAIM_COLUMNS = ("id, document_id, line, col, text, low, high, unit, stated, subject, place, scope_kind,"
                  " scope_label, scope_year, qualifier, sentence, clause, article_title, article_index, features")


def label(url: str) -> str:
    from .stores import db_label

    return db_label(url)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__


class PgClaimStore:
    """The claims DB in the PostgreSQL database named by ``url``. Use as a context manager.

    ``create``: a writer's store (an ingest): an empty database gets the schema, and a role
    that may not write is refused at once. Otherwise a reader's: one read-only snapshot for
    all its lookups. ``upgrade``: apply the schema's migrations (``factcheck db upgrade``).
    ``root``: the project root, the base of stored paths (None: they are absolute).
    """

    def __init__(self, url: str, *, create: bool = True, upgrade: bool = False,
                 root: str | Path | None = None) -> None:
        self.url = url
        self.path = label(url)  # what messages name (never the password)
        self.paths = PathKeys(root)
        self.rebased: tuple[int, int] | None = None  # (paths given keys, duplicates merged) by an upgrade
        self.writer = create or upgrade
        self.found_version: int | None = None  # the schema version found (None: created now)
        self._totals: tuple[int, int] | None = None
        self.conn = self._connect()
        try:
            self._open(create, upgrade)
        except BaseException:
            self.conn.close()
            raise

    # -- connecting ---------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection:
        from psycopg.conninfo import conninfo_to_dict

        try:
            params = conninfo_to_dict(self.url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(f"{self.path}: not a valid PostgreSQL connection URL ({_scrub(_first_line(exc), self.url)})"
                             ) from None
        extra: dict[str, object] = {"application_name": "factcheck"}
        if "connect_timeout" not in params:
            extra["connect_timeout"] = CONNECT_TIMEOUT_S
        try:
            return psycopg.connect(self.url, autocommit=True, **extra)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            why = _scrub(_first_line(exc), self.url).removeprefix("connection failed: ").removeprefix(
                "connection is bad: ")
            if "connection option" in why or "invalid URI" in why or "invalid percent" in why:
                raise StoreError(f"{self.path}: not a valid PostgreSQL connection URL ({why})") from None
            hint = ("is the server running and the address right?" if "refused" in why or "timeout" in why
                    or "could not translate" in why or "No such file" in why else
                    "check the role and its password (~/.pgpass or PGPASSWORD, never the URL in a shared config)"
                    if "password" in why or "authentication" in why or "role" in why else
                    "create it first (docs/postgresql.md)" if "does not exist" in why else "")
            raise StoreError(f"{self.path}: cannot connect to the claims DB server ({why})"
                             + (f"; {hint}" if hint else "")) from None

    def _open(self, create: bool, upgrade: bool) -> None:
        with self._errors("opening the claims DB"):
            encoding = self.conn.execute("SHOW server_encoding").fetchone()[0]  # type: ignore[index]
            if encoding.upper() not in ("UTF8", "UTF-8"):
                raise StoreError(f"{self.path}: the database is encoded {encoding}; the claims DB needs UTF8 "
                                 f"(createdb -E UTF8 --locale=C.UTF-8, docs/postgresql.md)")
            version = self.found_version = schema.version(self)
            if version is None or (upgrade and version < SCHEMA_VERSION):
                if not (create or upgrade):
                    raise StoreError(f"{self.path}: no claims database here; run `factcheck ingest --db …` "
                                     f"(or `factcheck db upgrade --db …`) first")
                schema.create_or_upgrade(self)
            elif version < SCHEMA_VERSION:
                raise StoreError(f"{self.path}: the claims DB has schema {version}, this factcheck reads "
                                 f"{SCHEMA_VERSION}: run `factcheck db upgrade --db …` with the owner role "
                                 f"(docs/postgresql.md#upgrades)")
            if self.writer:
                self.conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
                self._check_may_write()
            else:
                # one snapshot for the whole check; nothing it does can write
                self.conn.autocommit = False
                self.conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                self.conn.read_only = True

    def _check_may_write(self) -> None:
        """A writer's role must be able to write every table: say so before any work is done
        (a check can use a read-only role; an ingest cannot)."""
        row = self.conn.execute(
            "SELECT current_user, bool_and(has_table_privilege(t, 'INSERT, UPDATE, DELETE, SELECT')),"
            " has_sequence_privilege('claims_id_seq', 'USAGE'),"
            " current_setting('default_transaction_read_only') = 'on', pg_is_in_recovery()"
            " FROM unnest(%s::text[]) t", (list(schema.TABLES),)).fetchone()
        user, tables_ok, sequence_ok, read_only, standby = row  # type: ignore[misc]
        if standby:
            raise StoreError(f"{self.path}: the server is a read-only standby; ingest into the primary")
        if not (tables_ok and sequence_ok) or read_only:
            raise StoreError(f"{self.path}: the role {user} may only read the claims DB: checks can use it, an "
                             f"ingest needs a role that may write (docs/postgresql.md#roles); nothing was written")

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """psycopg failures as a one-line :class:`StoreError` that names the DB and what to do."""
        try:
            yield
        except StoreError:
            raise
        except (pg_errors.InsufficientPrivilege, pg_errors.ReadOnlySqlTransaction) as exc:
            user = self.conn.info.user if not self.conn.closed else "?"
            raise StoreError(f"{self.path}: {doing}: the role {user} may not do this ({_first_line(exc)}); "
                             f"an ingest needs a role that may write (docs/postgresql.md#roles)") from None
        except pg_errors.LockNotAvailable:
            raise StoreError(f"{self.path}: {doing}: waited {LOCK_TIMEOUT} for another writer's transaction; "
                             f"try again") from None
        except pg_errors.UndefinedTable as exc:
            raise StoreError(f"{self.path}: {doing}: the claims DB is incomplete ({_first_line(exc)}); run "
                             f"`factcheck db upgrade --db …`") from None
        except pg_errors.UndefinedFile as exc:  # pg_trgm not installed on the server
            raise StoreError(f"{self.path}: {doing}: {_first_line(exc)}; the server needs the pg_trgm extension "
                             f"(Debian: postgresql-contrib)") from None
        except psycopg.OperationalError as exc:
            raise StoreError(f"{self.path}: {doing}: lost the connection to the server ({_first_line(exc)}); "
                             f"nothing half-written was kept, run the command again") from None
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: {doing} failed ({_first_line(exc)})") from None

    def __enter__(self) -> PgClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self.conn.closed:
            if not self.conn.autocommit:
                try:
                    self.conn.rollback()  # a reader's snapshot: nothing to keep
                except psycopg.Error:
                    pass
            self.conn.close()

    def schema_version(self) -> int:
        with self._errors("reading the schema version"):
            return int(self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])  # type: ignore[index]

    # -- writing -----------------------------------------------------------------------
    def prepare_bulk_write(self) -> None:
        """(SQLite tunes its log here; a server needs nothing.)"""

    def is_current(self, path: str, content_hash: str, extractor_version: str) -> bool:
        with self._errors(f"looking up {path}"):
            row = self.conn.execute("SELECT content_hash, extractor_version FROM documents WHERE path = %s",
                                    (self.paths.key(path),)).fetchone()
        return row is not None and tuple(row) == (content_hash, extractor_version)

    def is_current_document(self, doc: Document, extractor_version: str) -> bool:
        with self._errors(f"looking up {doc.path}"):
            row = self.conn.execute(
                "SELECT content_hash, extractor_version, title, date, source, date_source FROM documents"
                " WHERE path = %s", (self.paths.key(doc.path),)).fetchone()
        return row is not None and tuple(row) == (doc.content_hash, extractor_version, doc.title, doc.date,
                                                  doc.source, doc.date_source)

    def has_document(self, path: str) -> bool:
        with self._errors(f"looking up {path}"):
            return self.conn.execute("SELECT 1 FROM documents WHERE path = %s",
                                     (self.paths.key(path),)).fetchone() is not None

    def replace_document(self, doc: Document, claims: Iterable[Claim], terms: dict[int, list[str]],
                         extractor_version: str) -> int:
        claims = list(claims)
        rows = document_rows(doc, claims, [terms.get(i, []) for i in range(len(claims))])
        return self.store_documents([rows], extractor_version)

    def store_documents(self, batch: Sequence[DocumentRows], extractor_version: str) -> int:
        """Store whole articles, replacing older versions, all in one transaction; an article
        another writer stored meanwhile as it is here is left as it is. Returns the number
        of claims written."""
        if not batch:
            return 0
        doing = f"storing {batch[0].path}" + (f" … {batch[-1].path}" if len(batch) > 1 else "")
        # one version per path (the last, as SQLite's delete-then-insert keeps), in path order
        keyed = (d._replace(path=self.paths.key(d.path)) for d in batch)
        docs = sorted({d.path: d for d in keyed}.values(), key=lambda d: d.path.encode("utf-8"))
        with self._errors(doing):
            for attempt in range(RETRIES):
                try:
                    return self._store(docs, extractor_version)
                except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                    if attempt == RETRIES - 1:
                        raise
                    time.sleep(0.05 * (attempt + 1))
        return 0  # (not reached)

    def _store(self, docs: list[DocumentRows], version: str) -> int:
        now = time.time()
        stats = [template_stats(d.templates) for d in docs]
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute(
                """INSERT INTO documents AS d (path, content_hash, title, date, source, extractor_version,
                        claim_count, ingested_at, date_source, templates, template_trigrams)
                   SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
                                        %s::int[], %s::float8[], %s::text[], %s::int[], %s::bigint[])
                   ON CONFLICT (path) DO UPDATE SET content_hash = EXCLUDED.content_hash,
                        title = EXCLUDED.title, date = EXCLUDED.date, source = EXCLUDED.source,
                        extractor_version = EXCLUDED.extractor_version, claim_count = EXCLUDED.claim_count,
                        ingested_at = EXCLUDED.ingested_at, date_source = EXCLUDED.date_source,
                        templates = EXCLUDED.templates, template_trigrams = EXCLUDED.template_trigrams
                   WHERE (d.content_hash, d.extractor_version, d.title, d.date, d.source, d.date_source)
                         IS DISTINCT FROM (EXCLUDED.content_hash, EXCLUDED.extractor_version, EXCLUDED.title,
                                           EXCLUDED.date, EXCLUDED.source, EXCLUDED.date_source)
                   RETURNING d.id, d.path""",
                ([d.path for d in docs], [d.content_hash for d in docs], [d.title for d in docs],
                 [d.date for d in docs], [d.source for d in docs], [version] * len(docs),
                 [len(d.claims) for d in docs], [now] * len(docs), [d.date_source for d in docs],
                 [s[0] for s in stats], [s[1] for s in stats]))
            written = {path: doc_id for doc_id, path in cur.fetchall()}
            if not written:
                return 0  # every article was stored as it is here by another writer
            mine = [d for d in docs if d.path in written]
            cur.execute("DELETE FROM claims WHERE document_id = ANY(%s)", (list(written.values()),))
            n = sum(len(d.claims) for d in mine)
            if n == 0:
                return 0
            cur.execute("SELECT nextval('claims_id_seq') FROM generate_series(1, %s) ORDER BY 1", (n,))
            ids = [i for (i,) in cur.fetchall()]
            claim_rows: list[tuple] = []
            term_rows: list[tuple[str, int]] = []
            template_rows: list[tuple[int, str]] = []
            k = 0
            for d in mine:
                doc_id = written[d.path]
                templates = list(d.templates) + [""] * (len(d.claims) - len(d.templates))
                for row, terms, template in zip(d.claims, d.terms + [[]] * (len(d.claims) - len(d.terms)),
                                                templates):
                    claim_id = ids[k]
                    k += 1
                    claim_rows.append((claim_id, doc_id, *row))
                    term_rows.extend((t, claim_id) for t in dict.fromkeys(terms))
                    if template:
                        template_rows.append((claim_id, fold(template)))
            with cur.copy(f"COPY claims ({_CLAIM_COLUMNS}) FROM STDIN") as copy:
                for r in claim_rows:
                    copy.write_row(r)
            with cur.copy("COPY claim_terms (term, claim_id) FROM STDIN") as copy:
                for r in term_rows:
                    copy.write_row(r)
            with cur.copy("COPY clause_index (claim_id, template) FROM STDIN") as copy:
                for r in template_rows:
                    copy.write_row(r)
        return n

    def remove_missing(self, keep: set[str], under: list[str]) -> int:
        """Forget documents under ``under`` (path prefixes) that are no longer on disk."""
        keep, under = set(self.paths.keys(keep)), self.paths.keys(under)
        with self._errors("removing missing documents"):
            paths = [p for (p,) in self.conn.execute("SELECT path FROM documents")]
            gone = [p for p in paths if p not in keep
                    and any(p == u or p.startswith(u.rstrip("/") + "/") for u in under)]
            if gone:
                with self.conn.transaction():
                    self.conn.execute("DELETE FROM documents WHERE path = ANY(%s)", (gone,))
        return len(gone)

    # -- what the DB was built with ------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self._errors("reading its settings"):
            row = self.conn.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._errors("recording its settings"):
            self.conn.execute("INSERT INTO meta (key, value) VALUES (%s, %s)"
                              " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value))

    # -- reading -----------------------------------------------------------------------
    def counts(self) -> tuple[int, int]:
        """Documents and claims (each document records how many claims it stored, in the
        same transaction: summing those is exact and cheaper than counting claims)."""
        with self._errors("counting documents"):
            docs, claims = self.conn.execute(
                "SELECT count(*), COALESCE(sum(claim_count), 0) FROM documents").fetchone()  # type: ignore[misc]
        return int(docs), int(claims)

    def document_keys(self) -> dict[str, tuple[str, str, str, str, str, str]]:
        with self._errors("listing documents"):
            rows = self.conn.execute("SELECT path, content_hash, extractor_version, title, date, source, date_source"
                                     " FROM documents").fetchall()
        return {self.paths.shown(r[0]): tuple(r[1:]) for r in rows}  # type: ignore[misc]

    def paths_and_hashes(self) -> Iterator[tuple[str, str]]:
        with self._errors("listing documents"):
            rows = self.conn.execute("SELECT path, content_hash FROM documents").fetchall()
        for path, content_hash in rows:
            yield self.paths.shown(path), content_hash

    def candidates(self, terms: list[str], units: list[str], exclude_paths: set[str],
                   exclude_hashes: set[str], limit: int = 200, per_term: int = 400) -> list[StoredClaim]:
        """As :meth:`factcheck.store.ClaimStore.candidates`: the same query, the same order."""
        if not terms or not units:
            return []
        q_hits = " UNION ALL ".join(
            "SELECT claim_id, %s::int AS w FROM (SELECT claim_id FROM claim_terms WHERE term = %s"
            " ORDER BY claim_id DESC LIMIT %s) t" for _ in terms)
        hit_params = [p for i, t in enumerate(terms) for p in (3 if i == 0 else 1, t, per_term)]
        with self._errors("looking up candidates"):
            rows = self.conn.execute(
                f"""SELECT c.*, {DOCUMENT_COLUMNS} FROM
                      (SELECT claim_id, SUM(w) AS hits FROM ({q_hits}) h GROUP BY claim_id) m
                    JOIN claims c ON c.id = m.claim_id
                    JOIN documents d ON d.id = c.document_id
                    WHERE c.unit = ANY(%s) AND d.path <> ALL(%s) AND d.content_hash <> ALL(%s)
                    ORDER BY m.hits DESC, d.date DESC, c.id
                    LIMIT %s""",  # type: ignore[arg-type]
                (*hit_params, units, sorted(self.paths.keys(exclude_paths)), sorted(exclude_hashes), limit)).fetchall()
        return [stored_claim(r, self.paths.shown) for r in rows]

    def similar(self, template: str, units: list[str], exclude_paths: set[str], exclude_hashes: set[str],
                limit: int = 20) -> list[StoredClaim]:
        """As :meth:`factcheck.store.ClaimStore.similar`: clauses sharing the most 4-character
        pieces of ``template``, found through pg_trgm's index (``LIKE '%piece%'``) and ranked
        by FTS5's BM25, computed here as FTS5 computes it, so both backends agree."""
        pieces = list(dict.fromkeys(template[i:i + 4] for i in range(0, max(len(template) - 3, 0), 3)))[:16]
        if len(pieces) < 3 or not units:
            return []
        phrases = [fold(p) for p in pieces]
        where = " OR ".join(["template LIKE %s"] * len(phrases))
        with self._errors("looking up similar clauses"):
            rows = self.conn.execute(f"SELECT claim_id, template FROM clause_index WHERE {where}",  # type: ignore[arg-type]
                                     ["%" + like_escape(p) + "%" for p in phrases]).fetchall()
            if not rows:
                return []
            n_rows, n_tokens = self._template_totals()
            ranked = bm25_ranked(rows, phrases, n_rows, n_tokens)[:limit * 4]
            position = {claim_id: i for i, (_, claim_id) in enumerate(ranked)}
            found = self.conn.execute(
                f"""SELECT c.*, {DOCUMENT_COLUMNS} FROM claims c JOIN documents d ON d.id = c.document_id
                    WHERE c.id = ANY(%s) AND c.unit = ANY(%s) AND d.path <> ALL(%s)
                      AND d.content_hash <> ALL(%s)""",  # type: ignore[arg-type]
                (list(position), units, sorted(self.paths.keys(exclude_paths)), sorted(exclude_hashes))).fetchall()
        found.sort(key=lambda r: position[r[0]])
        return [stored_claim(r, self.paths.shown) for r in found[:limit]]

    def _template_totals(self) -> tuple[int, int]:
        """Rows of the clause index and their trigrams (FTS5's row count and total size);
        a reader's snapshot does not change, so it asks once."""
        if self._totals is not None and not self.writer:
            return self._totals
        n_rows, n_tokens = self.conn.execute(
            "SELECT COALESCE(sum(templates), 0), COALESCE(sum(template_trigrams), 0) FROM documents").fetchone()  # type: ignore[misc]
        self._totals = (int(n_rows), int(n_tokens))
        return self._totals

    def all_claims(self) -> Iterator[StoredClaim]:
        with self._errors("reading claims"):
            with self.conn.cursor(name="all_claims") if not self.conn.autocommit else self.conn.cursor() as cur:
                order = self.paths.in_order(self.conn.execute("SELECT id, path FROM documents").fetchall())
                cur.execute(f"SELECT c.*, {DOCUMENT_COLUMNS} FROM unnest(%s::bigint[]) WITH ORDINALITY o (id, n)"
                            " JOIN documents d ON d.id = o.id JOIN claims c ON c.document_id = d.id"
                            " ORDER BY o.n, c.line, c.col, c.id", (order,))
                for r in cur:
                    yield stored_claim(r, self.paths.shown)

    def terms_of(self, claim_id: int) -> list[str]:
        with self._errors("reading terms"):
            return [t for (t,) in self.conn.execute("SELECT term FROM claim_terms WHERE claim_id = %s"
                                                    " ORDER BY term COLLATE \"C\"", (claim_id,))]


def _scrub(message: str, url: str) -> str:
    """A libpq message never holds the password; remove it anyway if it does."""
    from urllib.parse import unquote, urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    for secret in {password, unquote(password) if password else None} - {None, ""}:
        message = message.replace(secret, "***")  # type: ignore[arg-type]
    return message
