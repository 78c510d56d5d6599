"""Issue 7, stage 4: the claims DB is never corrupted, never silently misused, never half-written."""
from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import api, store, store_schema
from factcheck.cli import app
from factcheck.extract import extract
from factcheck.reading import read_document
from factcheck.store import SCHEMA_VERSION, ClaimStore, StoreError, db_file
from conftest import seeds_knowledge, seeds_settings  # noqa: E402

ARTICLE = "2024年，昌吉州攻克了92项关键核心技术，授信金额达1.5亿元。\n"


def _articles(tmp_path: Path, n: int = 3) -> Path:
    d = tmp_path / "articles"
    d.mkdir(parents=True)
    for i in range(n):
        (d / f"{i}.txt").write_text(ARTICLE.replace("92项", f"{90 + i}项"), encoding="utf-8")
    return d


def _make_db(tmp_path: Path, journal: str = "delete") -> Path:
    """A real claims DB, closed, in the given journal mode."""
    db = tmp_path / "db"
    api.ingest([_articles(tmp_path)], db, settings=seeds_settings())
    conn = sqlite3.connect(db_file(db))
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.close()
    return db


def _set_version(db: Path, version: str | None) -> None:
    conn = sqlite3.connect(db_file(db))
    if version is None:
        conn.execute("DROP TABLE meta")
    else:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    conn.commit()
    conn.close()


def _files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.iterdir())}


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_newer_database_is_refused_and_left_unchanged(tmp_path: Path, journal: str) -> None:
    db = _make_db(tmp_path, journal)
    _set_version(db, str(SCHEMA_VERSION + 1))
    before = _files(db)
    with pytest.raises(StoreError) as info:
        ClaimStore(db)
    assert f"made by a newer factcheck (schema {SCHEMA_VERSION + 1}" in str(info.value)
    assert "upgrade factcheck or use another --db" in str(info.value)
    for command in (["ingest", str(tmp_path / "articles")], ["check", str(tmp_path / "articles")]):
        result = CliRunner().invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"factcheck: {db_file(db)}: made by a newer factcheck")
    assert _files(db) == before  # byte for byte, and no -wal/-shm left behind
    assert list(before) == [store.DB_FILENAME]


@pytest.mark.parametrize("version, expected", [
    ("0", "made by an older factcheck (schema 0"),
    (None, "made by an older factcheck (no schema version)"),
    ("x1", "unreadable schema version 'x1'"),
])
def test_older_database_says_how_to_rebuild(tmp_path: Path, version: str | None, expected: str) -> None:
    db = _make_db(tmp_path)
    _set_version(db, version)
    before = _files(db)
    result = CliRunner().invoke(app, ["check", str(tmp_path / "articles"), "--db", str(db)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "delete it and run `factcheck ingest` again to rebuild" in result.stderr
    assert _files(db) == before
    # following the advice works
    db_file(db).unlink()
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "articles"), "--db", str(db)]).exit_code == 0
    again = CliRunner().invoke(app, ["check", str(tmp_path / "articles"), "--db", str(db)])
    assert again.exit_code == 1 and again.stderr == ""  # 90项 vs 91项: findings, no error


@pytest.mark.parametrize("content", [
    b"claims, not really\n" * 10,
    b"\x89PNG\r\n\x1a\n" + bytes(100),
    b"SQLite format 2\x00" + bytes(200),
])
def test_non_sqlite_file_at_the_db_path(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "db"
    db.mkdir()
    db_file(db).write_bytes(content)
    for command in ("ingest", "check"):
        result = CliRunner().invoke(app, [command, str(_articles(tmp_path / command)), "--db", str(db)])
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"factcheck: {db_file(db)}: not a SQLite database, so not a claims database; move it away "
            "or use another --db (the file was left as it is)")
    assert _files(db) == {store.DB_FILENAME: content}


def test_another_programs_sqlite_database_is_not_touched(tmp_path: Path) -> None:
    db = tmp_path / "db"
    db.mkdir()
    conn = sqlite3.connect(db_file(db))
    conn.execute("CREATE TABLE users (name TEXT)")
    conn.execute("INSERT INTO users VALUES ('x')")
    conn.commit()
    conn.close()
    before = _files(db)
    with pytest.raises(StoreError, match="not a factcheck claims database \\(it holds tables users\\)"):
        ClaimStore(db)
    assert _files(db) == before


def test_db_path_problems(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="file: is a file; --db names the directory"):
        ClaimStore(tmp_path / "file")  # --db names a file, not a directory
    (tmp_path / "db" / store.DB_FILENAME).mkdir(parents=True)
    with pytest.raises(StoreError, match="is a directory, not a claims database"):
        ClaimStore(tmp_path / "db")
    empty = tmp_path / "empty"
    empty.mkdir()
    db_file(empty).write_bytes(b"")  # an empty file is an empty database: made usable
    with ClaimStore(empty) as s:
        assert s.counts() == (0, 0)


def test_new_database_is_wal_with_version(tmp_path: Path) -> None:
    with ClaimStore(tmp_path / "db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    with ClaimStore(tmp_path / "db", create=False) as s:  # reopening is fine
        assert s.counts() == (0, 0)


def test_extractor_upgrade_re_ingests_stale_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _articles(tmp_path)
    db = tmp_path / "db"
    first = api.ingest([articles], db, settings=seeds_settings())
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    assert api.ingest([articles], db, settings=seeds_settings()).unchanged == 3
    import factcheck.extract

    monkeypatch.setattr(factcheck.extract, "EXTRACTOR_VERSION", "upgraded")
    monkeypatch.setattr(api, "EXTRACTOR_VERSION", "upgraded")  # api imported the name
    second = api.ingest([articles], db, settings=seeds_settings())
    assert (second.added, second.updated, second.unchanged) == (0, 3, 0)
    with ClaimStore(db, create=False) as s:
        assert {v.split("+k.")[0] for (v,) in s.conn.execute("SELECT extractor_version FROM documents")} == {"upgraded"}
        assert s.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3
        claims_per_doc = s.conn.execute("SELECT SUM(claim_count) FROM documents").fetchone()[0]
        assert s.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == claims_per_doc
    assert api.ingest([articles], db, settings=seeds_settings()).unchanged == 3


def test_a_failed_write_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_document(path)
    claims = extract(doc, seeds_knowledge()).claims
    assert len(claims) >= 2

    class Exploding(dict):  # fails while the second claim's terms are written
        def get(self, key: object, default: object = None) -> object:
            if key == 1:
                raise RuntimeError("disk on fire")
            return ["术语"]

    with ClaimStore(tmp_path / "db") as s:
        s.replace_document(doc, claims, {0: ["技术"]}, "1")
        with pytest.raises(RuntimeError, match="disk on fire"):
            s.replace_document(doc, claims[:1] + claims, Exploding(), "2")
        assert not s.conn.in_transaction
        row = s.conn.execute("SELECT extractor_version, claim_count FROM documents").fetchall()
        assert row == [("1", len(claims))]
        assert s.counts() == (1, len(claims))
        assert s.conn.execute("SELECT term FROM claim_terms").fetchall() == [("技术",)]


def test_a_lock_held_too_long_is_a_store_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_document(path)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    with ClaimStore(tmp_path / "db") as s:
        other = sqlite3.connect(db_file(tmp_path / "db"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer that does not let go
        try:
            with pytest.raises(StoreError, match="stayed locked for 0.2 s .*try again"):
                s.replace_document(doc, [], {}, "1")
            assert s.counts() == (0, 0)  # reading still works while the writer holds the lock
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert s.replace_document(doc, [], {}, "1") == 0


def test_odd_paths_are_stored_verbatim(tmp_path: Path) -> None:
    odd = tmp_path / "x'); DROP TABLE claims; --\"%_.txt"
    odd.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "db"
    assert api.ingest([odd], db, settings=seeds_settings()).claims >= 2
    with ClaimStore(db) as s:
        (path,) = s.conn.execute("SELECT path FROM documents").fetchone()
        assert path == "../x'); DROP TABLE claims; --\"%_.txt"  # stored relative to the DB's directory
        version = api.extraction_version(seeds_knowledge())
        shown = read_document(odd).path  # the store is asked with paths as shown
        assert s.is_current(shown, read_document(odd).content_hash, version)
        assert not s.is_current(shown[:-5] + "%", read_document(odd).content_hash, version)
        assert s.candidates(["关键核心技术", "' OR 1=1 --"], ["项"], set(), set())


def test_store_sql_is_parameterized() -> None:
    """Values are always bound: the only formatted SQL is the list of ``?`` placeholders."""
    trees = [ast.parse(Path(m.__file__).read_text(encoding="utf-8")) for m in (store, store_schema)]
    checked = 0
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in {"execute", "executemany", "executescript"} and node.args:
            sql = node.args[0]
            checked += 1
            if isinstance(sql, ast.Constant):
                assert isinstance(sql.value, str)
            elif isinstance(sql, ast.JoinedStr):
                names = {v.value.id for v in sql.values if isinstance(v, ast.FormattedValue)
                         and isinstance(v.value, ast.Name)}
                assert len(names) == sum(isinstance(v, ast.FormattedValue) for v in sql.values)
                assert names <= {"q_terms", "q_hits", "q_units", "q_paths", "q_hashes",
                                 "DOCUMENT_COLUMNS"}, ast.unparse(sql)  # (a constant list of columns)
            elif isinstance(sql, ast.Name):
                assert sql.id == "statement"  # the constant schema, split into statements
            else:
                pytest.fail(f"SQL built at run time: {ast.unparse(sql)}")
    assert checked >= 10


def _columns(db: Path) -> list[str]:
    conn = sqlite3.connect(db_file(db))
    try:
        return [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    finally:
        conn.close()


def _version(db: Path) -> str:
    conn = sqlite3.connect(db_file(db))
    try:
        return conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        conn.close()


def test_a_registered_migration_upgrades_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _make_db(tmp_path)
    docs_before = api.ingest([tmp_path / "articles"], db, settings=seeds_settings()).unchanged
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_schema, "MIGRATIONS", {SCHEMA_VERSION: (
        "ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT 'zh'",)})
    with ClaimStore(db, create=False) as s:
        assert s.counts()[0] == docs_before == 3
    assert _version(db) == str(SCHEMA_VERSION + 1) and "language" in _columns(db)
    assert api.ingest([tmp_path / "articles"], db, settings=seeds_settings()).unchanged == 3  # the data survived


def test_a_failing_migration_leaves_the_old_version_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _make_db(tmp_path)
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_schema, "MIGRATIONS", {SCHEMA_VERSION: (
        "ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT 'zh'",
        "ALTER TABLE no_such_table ADD COLUMN x TEXT")})
    with pytest.raises(StoreError, match=f"upgrading from schema {SCHEMA_VERSION} to {SCHEMA_VERSION + 1} "
                                         "failed \\(no such table: no_such_table\\), nothing was changed; delete it"):
        ClaimStore(db)
    assert _version(db) == str(SCHEMA_VERSION) and "language" not in _columns(db)


def test_a_full_disk_is_a_store_error_and_loses_nothing(tmp_path: Path) -> None:
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(ARTICLE, encoding="utf-8")
    big.write_text(ARTICLE * 400, encoding="utf-8")
    with ClaimStore(tmp_path / "db") as s:
        doc = read_document(small)
        s.replace_document(doc, extract(doc, seeds_knowledge()).claims, {0: ["技术"]}, "1")
        pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
        s.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up now
        doc = read_document(big)
        with pytest.raises(StoreError, match=r"big.txt failed \(database or disk is full\)"):
            s.replace_document(doc, extract(doc, seeds_knowledge()).claims, {i: ["技术"] for i in range(2000)}, "1")
        assert not s.conn.in_transaction
        assert s.counts() == (1, len(extract(read_document(small), seeds_knowledge()).claims))


def test_a_damaged_database_says_how_to_rebuild(tmp_path: Path) -> None:
    db = _make_db(tmp_path)
    data = bytearray(db_file(db).read_bytes())
    data[100:3100] = b"\xde\xad" * 1500  # the schema page, after the intact header
    db_file(db).write_bytes(bytes(data))
    for command in ("check", "ingest"):
        result = CliRunner().invoke(app, [command, str(tmp_path / "articles"), "--db", str(db)])
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"factcheck: {db_file(db)}: the claims database is damaged (database disk image is "
            "malformed); delete it and run `factcheck ingest` again to rebuild")
    assert db_file(db).read_bytes() == bytes(data)
