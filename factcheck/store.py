"""Stage 4: the claims database (SQLite, WAL mode, one transaction per file).

Every stored claim carries its citation (file, title, date, line, sentence). Claims are
found again through ``claim_terms``, an inverted index of subject words, so that matching
never scans the whole table.

Faults: a document and its claims are written in one transaction, so a killed ingest
leaves each document whole or absent, and the next ingest (which skips documents stored
with the same content hash and extractor version) finishes the job. In WAL mode checks
read while an ingest writes; two writers take turns (busy timeout). A file that is not a
claims DB, or one from a newer factcheck, is refused before anything is written to it.

The tables, schema versions and upgrades: :mod:`factcheck.store_schema`. Articles are stored
under their path relative to the DB's directory (:mod:`factcheck.paths`).

The same DB on a PostgreSQL server, shared by a newsroom: :mod:`factcheck.store_pg`;
:func:`factcheck.stores.open_store` opens either.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from . import store_schema as schema
from .paths import PathKeys
from .records import Claim, Document
from .rows import DOCUMENT_COLUMNS, DocumentRows, StoredClaim, document_rows, stored_claim
from .store_schema import SCHEMA_VERSION, StoreError

DB_FILENAME = "claims.sqlite3"
BUSY_TIMEOUT_S = 30.0  # a writer holds the lock for one file's transaction at a time


class _Retry(Exception):
    """Internal: opening lost a race with another process creating the DB; try again."""


def db_file(db_dir: str | Path) -> Path:
    return Path(db_dir) / DB_FILENAME


_SQLITE_MAGIC = b"SQLite format 3\x00"


@contextmanager
def _sql_errors(path: Path, doing: str) -> Iterator[None]:
    """Turn SQLite failures into a :class:`StoreError` that says what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"{path}: {doing}: the database stayed locked for "
                             f"{BUSY_TIMEOUT_S:g} s (another factcheck ingest writing?); "
                             f"try again") from None
        raise StoreError(f"{path}: {doing} failed ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: {doing} failed ({exc}); the file may be damaged: delete it "
                         f"and run `factcheck ingest` again to rebuild") from None


def _check_header(path: Path) -> None:
    """Refuse, without touching it, a file at the DB path that is not SQLite."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise StoreError(f"{path.parent}: is a file; --db names the directory that holds (or will "
                         f"hold) {DB_FILENAME}") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a claims database; move it away or use "
                         f"another --db") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the claims database ({exc.strerror or exc})") from None
    if head and head != _SQLITE_MAGIC:
        raise StoreError(f"{path}: not a SQLite database, so not a claims database; move it away "
                         f"or use another --db (the file was left as it is)")


class ClaimStore:
    """The claims DB in ``db_dir``. Use as a context manager.

    Opening never modifies a file it will refuse: the header and the schema version are
    checked before anything is written (WAL mode, tables).

    Articles are named as shown (relative to the working directory) in and out, and stored
    relative to ``db_dir`` (:mod:`factcheck.paths`).
    """

    def __init__(self, db_dir: str | Path, *, create: bool = True) -> None:
        path = db_file(db_dir)
        self.path = path
        self.paths = PathKeys(path.parent)
        self.rebased: tuple[int, int] | None = None  # (paths given keys, duplicates merged) by an upgrade
        if not create and not path.exists():
            raise StoreError(f"{path}: no claims database here; run `factcheck ingest` first")
        _check_header(path)
        # Two processes creating the same new DB can deadlock on the journal-mode switch
        # (SQLite answers SQLITE_BUSY at once, without waiting): the loser opens again.
        for attempt in range(10):
            try:
                self._open(path)
                return
            except _Retry:
                time.sleep(0.1 * (attempt + 1))
        self._open(path, last_try=True)

    def _open(self, path: Path, last_try: bool = False) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # timeout= is SQLite's busy timeout: wait for a lock instead of "database is locked"
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the claims database ({exc})") from None
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            version = self.found_version = schema.check(self)  # before anything that writes
            self.conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for the writer
            self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a killed process loses nothing
            if version is None:
                schema.create(self)
            elif version < schema.SCHEMA_VERSION:
                schema.migrate(self, version)
        except StoreError:
            self.conn.close()
            raise
        except sqlite3.Error as exc:
            self.conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                if not last_try:
                    raise _Retry() from None
                raise StoreError(f"{path}: the database stayed locked for {BUSY_TIMEOUT_S:g} s "
                                 f"(another factcheck ingest writing?); try again") from None
            if "malformed" in str(exc):
                raise StoreError(f"{path}: the claims database is damaged ({exc}); delete it and "
                                 f"run `factcheck ingest` again to rebuild") from None
            raise StoreError(f"{path}: not a usable claims database ({exc}); move it away or "
                             f"use another --db") from None

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- writing -----------------------------------------------------------------------
    def prepare_bulk_write(self) -> None:
        """For an ingest: move the write-ahead log into the database every ~40 MB instead
        of every ~4 MB (each such checkpoint syncs the file). Crash safety is the same."""
        with _sql_errors(self.path, "configuring the database"):
            self.conn.execute("PRAGMA wal_autocheckpoint = 10000")

    def is_current(self, path: str, content_hash: str, extractor_version: str) -> bool:
        """Stored with this content and this extractor version (else: re-extract)."""
        with _sql_errors(self.path, f"looking up {path}"):
            row = self.conn.execute("SELECT content_hash, extractor_version FROM documents WHERE path = ?",
                                    (self.paths.key(path),)).fetchone()
        return row is not None and row[0] == content_hash and row[1] == extractor_version

    def is_current_document(self, doc: Document, extractor_version: str) -> bool:
        """Like :meth:`is_current`, and with the same title, date (and its source) and source:
        a corrected sidecar (``date: 2023-…`` → ``2024-…``) changes the scopes of the claims."""
        with _sql_errors(self.path, f"looking up {doc.path}"):
            row = self.conn.execute(
                "SELECT content_hash, extractor_version, title, date, source, date_source FROM documents"
                " WHERE path = ?", (self.paths.key(doc.path),)).fetchone()
        return row == (doc.content_hash, extractor_version, doc.title, doc.date, doc.source, doc.date_source)

    def has_document(self, path: str) -> bool:
        with _sql_errors(self.path, f"looking up {path}"):
            return self.conn.execute("SELECT 1 FROM documents WHERE path = ?",
                                     (self.paths.key(path),)).fetchone() is not None

    def replace_document(self, doc: Document, claims: Iterable[Claim], terms: dict[int, list[str]],
                         extractor_version: str) -> int:
        """Store ``doc`` and its claims in one transaction, replacing an older version."""
        claims = list(claims)
        rows = document_rows(doc, claims, [terms.get(i, []) for i in range(len(claims))])
        return self.store_documents([rows], extractor_version)

    def store_documents(self, batch: Sequence[DocumentRows], extractor_version: str) -> int:
        """Store whole articles, replacing older versions, all in one transaction: after a
        crash each is there, complete, or not at all. Returns the number of claims stored."""
        if not batch:
            return 0
        doing = f"storing {batch[0].path}" + (f" … {batch[-1].path}" if len(batch) > 1 else "")
        with _sql_errors(self.path, doing):
            self._store([d._replace(path=self.paths.key(d.path)) for d in batch], extractor_version)
        return sum(len(d.claims) for d in batch)

    def _store(self, batch: Sequence[DocumentRows], extractor_version: str) -> None:
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")  # waits (busy timeout) for another writer to finish
        try:
            # claim ids are given here (this transaction holds the write lock), so that each
            # article's claims and index terms go in as two batches
            next_id = _next_claim_id(cur)
            for d in batch:
                cur.execute("DELETE FROM documents WHERE path = ?", (d.path,))
                if cur.rowcount:  # an older version, gone with its claims
                    next_id = _next_claim_id(cur)
                cur.execute(
                    "INSERT INTO documents (path, content_hash, title, date, source, extractor_version,"
                    " claim_count, ingested_at, date_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (d.path, d.content_hash, d.title, d.date, d.source, extractor_version,
                     len(d.claims), time.time(), d.date_source))
                doc_id = cur.lastrowid
                cur.executemany(
                    "INSERT INTO claims (id, document_id, line, col, text, low, high, unit, stated, subject,"
                    " place, scope_kind, scope_label, scope_year, qualifier, sentence, clause,"
                    " article_title, article_index, features) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(next_id + i, doc_id, *row) for i, row in enumerate(d.claims)])
                cur.executemany("INSERT INTO clause_index (rowid, template) VALUES (?, ?)",
                                [(next_id + i, t) for i, t in enumerate(d.templates) if t])
                cur.executemany("INSERT OR IGNORE INTO claim_terms VALUES (?, ?)",
                                [(t, next_id + i) for i, terms in enumerate(d.terms) for t in terms])
                next_id += len(d.claims)
            cur.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                cur.execute("ROLLBACK")
            raise

    def remove_missing(self, keep: set[str], under: list[str]) -> int:
        """Forget documents under ``under`` (path prefixes) that are no longer on disk."""
        keep, under = set(self.paths.keys(keep)), self.paths.keys(under)
        with _sql_errors(self.path, "removing missing documents"):
            gone = [path for (path,) in self.conn.execute("SELECT path FROM documents").fetchall()
                    if path not in keep
                    and any(path == u or path.startswith(u.rstrip("/") + "/") for u in under)]
            if gone:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    self.conn.executemany("DELETE FROM documents WHERE path = ?", [(p,) for p in gone])
                    self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
        return len(gone)

    # -- what the DB was built with ------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with _sql_errors(self.path, "reading its settings"):
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with _sql_errors(self.path, "recording its settings"):
            with self.conn:
                self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- reading -----------------------------------------------------------------------
    def counts(self) -> tuple[int, int]:
        with _sql_errors(self.path, "counting documents"):
            docs = self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            claims = self.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        return docs, claims

    def document_keys(self) -> dict[str, tuple[str, str, str, str, str, str]]:
        """path → (content hash, extractor version, title, date, source, date source) of every
        document: what decides whether a file on disk is already stored as it is."""
        with _sql_errors(self.path, "listing documents"):
            rows = self.conn.execute(
                "SELECT path, content_hash, extractor_version, title, date, source, date_source"
                " FROM documents").fetchall()
        return {self.paths.shown(r[0]): tuple(r[1:]) for r in rows}  # type: ignore[misc]

    def paths_and_hashes(self) -> Iterator[tuple[str, str]]:
        with _sql_errors(self.path, "listing documents"):
            rows = self.conn.execute("SELECT path, content_hash FROM documents").fetchall()
        for path, content_hash in rows:
            yield self.paths.shown(path), content_hash

    def candidates(self, terms: list[str], units: list[str], exclude_paths: set[str],
                   exclude_hashes: set[str], limit: int = 200, per_term: int = 400) -> list[StoredClaim]:
        """Stored claims sharing subject terms and a unit with the draft claim, those sharing
        the most terms first (the first term, the whole subject, counts three times), newest
        first among equals. The draft's own file is excluded before the limit applies.

        Each term contributes at most its ``per_term`` newest claims, so that a common word
        (人才 in a talent archive) costs the same at 1,000 articles as at 50,000.
        """
        if not terms or not units:
            return []
        # only placeholders are formatted into the SQL; the values are bound
        q_hits = " UNION ALL ".join(
            "SELECT claim_id, ? AS w FROM (SELECT claim_id FROM claim_terms WHERE term = ?"
            " ORDER BY claim_id DESC LIMIT ?)" for _ in terms)
        q_units = ",".join("?" * len(units))
        exclude_paths = set(self.paths.keys(exclude_paths))
        q_paths = ",".join("?" * len(exclude_paths)) or "''"
        q_hashes = ",".join("?" * len(exclude_hashes)) or "''"
        hit_params = [p for i, t in enumerate(terms) for p in (3 if i == 0 else 1, t, per_term)]
        with _sql_errors(self.path, "looking up candidates"):
            # the ranking sorts ids and keys only; whole rows are read for the `limit` kept
            rows = self.conn.execute(
                f"""SELECT c.*, {DOCUMENT_COLUMNS} FROM
                      (SELECT c.id AS id, m.hits AS hits, d.date AS date FROM
                         (SELECT claim_id, SUM(w) AS hits FROM ({q_hits}) GROUP BY claim_id) m
                       JOIN claims c ON c.id = m.claim_id
                       JOIN documents d ON d.id = c.document_id
                       WHERE c.unit IN ({q_units}) AND d.path NOT IN ({q_paths})
                         AND d.content_hash NOT IN ({q_hashes})
                       ORDER BY m.hits DESC, d.date DESC, c.id
                       LIMIT ?) k
                    JOIN claims c ON c.id = k.id
                    JOIN documents d ON d.id = c.document_id
                    ORDER BY k.hits DESC, k.date DESC, c.id""",
                (*hit_params, *units, *sorted(exclude_paths), *sorted(exclude_hashes), limit)).fetchall()
        return [stored_claim(r, self.paths.shown) for r in rows]

    def similar(self, template: str, units: list[str], exclude_paths: set[str], exclude_hashes: set[str],
                limit: int = 20) -> list[StoredClaim]:
        """Stored claims whose clause template (figures taken out) shares the most pieces with
        ``template``: the same clause restated, found even when the two subjects were read
        differently. Pieces are 4 characters at a stride of 3, matched by the trigram index."""
        pieces = list(dict.fromkeys(template[i:i + 4] for i in range(0, max(len(template) - 3, 0), 3)))[:16]
        if len(pieces) < 3 or not units:
            return []
        query = " OR ".join('"' + p.replace('"', '""') + '"' for p in pieces)
        q_units = ",".join("?" * len(units))
        exclude_paths = set(self.paths.keys(exclude_paths))
        q_paths = ",".join("?" * len(exclude_paths)) or "''"
        q_hashes = ",".join("?" * len(exclude_hashes)) or "''"
        with _sql_errors(self.path, "looking up similar clauses"):
            rows = self.conn.execute(
                f"""SELECT c.*, {DOCUMENT_COLUMNS} FROM
                      (SELECT rowid AS id, rank FROM clause_index WHERE clause_index MATCH ?
                       ORDER BY rank LIMIT ?) m
                    JOIN claims c ON c.id = m.id
                    JOIN documents d ON d.id = c.document_id
                    WHERE c.unit IN ({q_units}) AND d.path NOT IN ({q_paths})
                      AND d.content_hash NOT IN ({q_hashes})
                    ORDER BY m.rank LIMIT ?""",
                (query, limit * 4, *units, *sorted(exclude_paths), *sorted(exclude_hashes), limit)).fetchall()
        return [stored_claim(r, self.paths.shown) for r in rows]

    def all_claims(self) -> Iterator[StoredClaim]:
        """Every stored claim, by file (:meth:`factcheck.paths.PathKeys.in_order`), line and column."""
        import json

        with _sql_errors(self.path, "reading claims"):
            order = self.paths.in_order(self.conn.execute("SELECT id, path FROM documents"))
            rows = self.conn.execute(
                f"SELECT c.*, {DOCUMENT_COLUMNS} FROM json_each(?) o JOIN documents d ON d.id = o.value "
                "JOIN claims c ON c.document_id = d.id ORDER BY o.key, c.line, c.col", (json.dumps(order),))
            for r in rows:
                yield stored_claim(r, self.paths.shown)

    def terms_of(self, claim_id: int) -> list[str]:
        with _sql_errors(self.path, "reading terms"):
            return [t for (t,) in self.conn.execute(
                "SELECT term FROM claim_terms WHERE claim_id = ?", (claim_id,))]


def _next_claim_id(cur: sqlite3.Cursor) -> int:
    return int(cur.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claims").fetchone()[0])


__all__ = ["ClaimStore", "StoreError", "StoredClaim", "DocumentRows", "document_rows", "SCHEMA_VERSION", "db_file"]
