"""Issue 15: the claims DB on a PostgreSQL server — the same records and the same findings as
SQLite, schema versions applied by ``factcheck db upgrade``, a read-only role for checks, and
one-line messages (naming the DB, never its password) for every fault.

Runs against a real server (the ``pg_server`` fixture: CI's, or a throwaway one started for
the session); skipped, with the reason, where none can be started.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DRAFTS, ROOT, SEEDS, PgServer, seeds_settings

from factcheck import api, store_pg, store_pg_schema
from factcheck.audit import audit
from factcheck.cli import app
from factcheck.match import compatible_units, index_terms
from factcheck.report import renderer
from factcheck.store import SCHEMA_VERSION, StoreError
from factcheck.stores import db_label, open_store

runner = CliRunner()


def _key(s) -> tuple:  # a stored claim by place, not by id (ids are each backend's own)
    return (s.claim.path, s.claim.line, s.claim.column, s.claim.text)


@pytest.fixture(scope="module")
def both(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed pages ingested into SQLite and into PostgreSQL, the same way."""
    sqlite_db = tmp_path_factory.mktemp("sqlite") / "db"
    url = pg_server.new_database("seeds")
    for db in (sqlite_db, url):
        result = api.ingest([SEEDS], db, seeds_settings())
        assert result.added == 5 and not result.errors
    return sqlite_db, url


def test_the_same_findings_for_every_draft(both: tuple[Path, str]) -> None:
    drafts = sorted(DRAFTS.glob("*.md"))
    reports = []
    for db in both:
        result = api.check(drafts, db, settings=seeds_settings(), verbose=True)
        assert not result.errors and result.db_documents == 5
        reports.append(renderer("json")(result, "zh"))
    assert reports[0] == reports[1]
    findings = json.loads(reports[1])["findings"]
    assert {f["code"] for f in findings} >= {"FC101", "FC100"}  # a real comparison, not two empty reports


def test_the_same_records_and_the_same_lookups_for_every_stored_claim(both: tuple[Path, str]) -> None:
    """Every lookup a check makes (subject terms; similar clauses, ranked by BM25) gives the
    same claims in the same order on both backends."""
    knowledge = seeds_settings().knowledge()
    with open_store(both[0], create=False) as lite, open_store(both[1], create=False) as pg:
        assert lite.counts() == pg.counts()
        assert lite.get_meta("knowledge") == pg.get_meta("knowledge")
        stored = list(lite.all_claims())
        assert [(_key(s), s.claim, s.title, s.content_hash) for s in stored] == \
               [(_key(s), s.claim, s.title, s.content_hash) for s in pg.all_claims()]
        n_similar = 0
        for s in stored:
            c, units = s.claim, compatible_units(s.claim.unit)
            terms = index_terms(c, knowledge)
            assert [_key(x) for x in lite.candidates(terms, units, {c.path}, {s.content_hash})] == \
                   [_key(x) for x in pg.candidates(terms, units, {c.path}, {s.content_hash})], c
            template = c.features.template if c.features else ""
            if template:
                found = [_key(x) for x in lite.similar(template, units, {c.path}, {s.content_hash})]
                n_similar += bool(found)
                assert found == [_key(x) for x in pg.similar(template, units, {c.path}, {s.content_hash})], c
        assert n_similar > 50  # the similar-clause lookup really found things


def test_the_same_audit(both: tuple[Path, str]) -> None:
    knowledge = seeds_settings().knowledge()
    groups = [[(g.subject, g.unit, g.place, [(f.code, f.claim.path, f.claim.line) for f in g.findings])
               for g in audit(db, knowledge)] for db in both]
    assert groups[0] == groups[1]


def test_a_reingest_is_incremental_and_a_changed_article_is_replaced_whole(pg_db: str, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("2024年，昌吉州攻克了92项关键核心技术，授信金额达1.5亿元。\n", encoding="utf-8")
    (articles / "b.txt").write_text("2024年，昌吉州新增高新技术企业35家。\n", encoding="utf-8")
    first = api.ingest([articles], pg_db, seeds_settings())
    again = api.ingest([articles], pg_db, seeds_settings())
    assert (first.added, again.unchanged, again.added + again.updated) == (2, 2, 0)
    (articles / "a.txt").write_text("2024年，昌吉州攻克了93项关键核心技术。\n", encoding="utf-8")
    changed = api.ingest([articles], pg_db, seeds_settings())
    assert (changed.updated, changed.unchanged) == (1, 1)
    with open_store(pg_db, create=False) as store:
        texts = sorted(s.claim.text for s in store.all_claims())
        assert texts == ["35家", "93项"]
        assert store.counts() == (2, 2)
    (articles / "b.txt").unlink()
    refreshed = api.refresh([articles], pg_db, root=tmp_path, settings=seeds_settings())
    assert refreshed.removed == 1
    with open_store(pg_db, create=False) as store:
        assert store.counts() == (1, 1)


# -- schema versions -----------------------------------------------------------------------
def test_db_upgrade_creates_reports_and_upgrades(pg_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    done = runner.invoke(app, ["db", "upgrade", "--db", pg_db])
    assert done.exit_code == 0 and done.stdout.strip() == f"{db_label(pg_db)}: schema {SCHEMA_VERSION} (created)"
    done = runner.invoke(app, ["db", "upgrade", "--db", pg_db])
    assert done.stdout.strip().endswith(f"schema {SCHEMA_VERSION} (up to date)")
    api.ingest([SEEDS / "000_4f2cc99a263c1c5d.txt"], pg_db, seeds_settings())
    # a later factcheck with one more migration: checks and ingests refuse the older schema
    # until an operator upgrades it
    monkeypatch.setattr(store_pg, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_pg_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_pg_schema, "MIGRATIONS", {SCHEMA_VERSION: (
        "ALTER TABLE documents ADD COLUMN reviewed boolean NOT NULL DEFAULT false",)})
    with pytest.raises(StoreError, match=rf"has schema {SCHEMA_VERSION}, this factcheck reads {SCHEMA_VERSION + 1}: "
                                         r"run `factcheck db upgrade"):
        open_store(pg_db, create=False)
    done = runner.invoke(app, ["db", "upgrade", "--db", pg_db])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip().endswith(f"schema {SCHEMA_VERSION + 1} (upgraded from schema {SCHEMA_VERSION})")
    with open_store(pg_db, create=False) as store:
        assert store.counts()[0] == 1 and store.get_meta("schema_version") == str(SCHEMA_VERSION + 1)
    monkeypatch.undo()  # this factcheck again: the DB is newer than it reads
    done = runner.invoke(app, ["db", "status", "--db", pg_db])
    assert done.exit_code == 2 and "made by a newer factcheck" in done.stderr


def test_db_status(pg_db: str, tmp_path: Path) -> None:
    api.ingest([SEEDS / "000_4f2cc99a263c1c5d.txt"], pg_db, seeds_settings())
    done = runner.invoke(app, ["db", "status", "--db", pg_db, "-f", "json"])
    found = json.loads(done.stdout)
    assert found["backend"] == "postgresql" and found["schema_version"] == SCHEMA_VERSION and found["documents"] == 1
    api.ingest([SEEDS / "000_4f2cc99a263c1c5d.txt"], tmp_path / "db", seeds_settings())
    done = runner.invoke(app, ["db", "upgrade", "--db", str(tmp_path / "db")])
    assert done.exit_code == 0 and done.stdout.strip().endswith(f"schema {SCHEMA_VERSION} (up to date)")


def test_a_database_of_another_program_is_refused(pg_server: PgServer, pg_db: str) -> None:
    pg_server.sql("CREATE TABLE documents (id int)", dbname=pg_db.rsplit("/", 1)[1])
    with pytest.raises(StoreError, match="not a factcheck claims database"):
        open_store(pg_db)


# -- roles ---------------------------------------------------------------------------------
def test_a_read_only_role_checks_and_may_not_ingest(pg_server: PgServer, pg_db: str) -> None:
    dbname = pg_db.rsplit("/", 1)[1]
    api.ingest([SEEDS], pg_db, seeds_settings())
    pg_server.sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fc_checker') THEN "
                  "CREATE ROLE fc_checker LOGIN; END IF; END $$")
    pg_server.sql("GRANT USAGE ON SCHEMA public TO fc_checker",
                  "GRANT SELECT ON ALL TABLES IN SCHEMA public TO fc_checker", dbname=dbname)
    checker = pg_server.url(dbname, user="fc_checker")
    draft = str(DRAFTS / "talent_conflict.md")
    as_owner = subprocess.run([sys.executable, "-m", "factcheck", "check", draft, "--db", pg_db, "-f", "json"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    as_checker = subprocess.run([sys.executable, "-m", "factcheck", "check", draft, "--db", checker, "-f", "json"],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert as_checker.returncode == as_owner.returncode == 1, as_checker.stderr
    assert as_checker.stdout == as_owner.stdout and "FC101" in as_checker.stdout
    ingest = subprocess.run([sys.executable, "-m", "factcheck", "ingest", str(DRAFTS), "--db", checker],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ingest.returncode == 2
    message = ingest.stderr.strip()
    assert message == (f"factcheck: {checker}: the role fc_checker may only read the claims DB: checks can use it, "
                       f"an ingest needs a role that may write (docs/postgresql.md#roles); nothing was written")
    with open_store(pg_db, create=False) as store:
        assert store.counts()[0] == 5


def test_the_roles_of_the_docs(pg_server: PgServer, pg_db: str, tmp_path: Path) -> None:
    """docs/postgresql.md#roles: an ingest role that may write rows (not the schema), a
    checker that may only read (and whose transactions are read-only)."""
    dbname = pg_db.rsplit("/", 1)[1]
    runner.invoke(app, ["db", "upgrade", "--db", pg_db])
    for role in ("fc_ingest", "fc_reader"):
        pg_server.sql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
                      f"CREATE ROLE {role} LOGIN; END IF; END $$")
    pg_server.sql(f"GRANT CONNECT ON DATABASE {dbname} TO fc_ingest, fc_reader",
                  "GRANT USAGE ON SCHEMA public TO fc_ingest, fc_reader",
                  "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fc_ingest",
                  "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO fc_ingest",
                  "GRANT SELECT ON ALL TABLES IN SCHEMA public TO fc_reader",
                  "ALTER ROLE fc_reader SET default_transaction_read_only = on", dbname=dbname)
    result = api.ingest([SEEDS], pg_server.url(dbname, "fc_ingest"), seeds_settings())
    assert result.added == 5 and not result.errors
    articles = tmp_path / "a"
    articles.mkdir()
    (articles / "x.txt").write_text("2024年，昌吉州新增高新技术企业35家。\n", encoding="utf-8")
    with pytest.raises(StoreError, match="the role fc_reader may only read the claims DB"):
        api.ingest([articles], pg_server.url(dbname, "fc_reader"), seeds_settings())
    checked = api.check([DRAFTS / "talent_conflict.md"], pg_server.url(dbname, "fc_reader"), settings=seeds_settings())
    assert any(f.code == "FC101" for f in checked.findings)
    done = runner.invoke(app, ["db", "upgrade", "--db", pg_server.url(dbname, "fc_ingest")])
    assert done.exit_code == 0 and done.stdout.strip().endswith("(up to date)")  # nothing to do, nothing refused


# -- faults --------------------------------------------------------------------------------
def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("command", ["check", "ingest", "audit", "db-status"])
def test_a_server_that_is_down_is_one_line_naming_the_db_without_its_password(command: str) -> None:
    url = f"postgresql://editor:Pa55word@127.0.0.1:{_free_port()}/factcheck"
    args = {"check": ["check", str(DRAFTS / "talent_conflict.md")], "ingest": ["ingest", str(DRAFTS)],
            "audit": ["audit"], "db-status": ["db", "status"]}[command]
    done = subprocess.run([sys.executable, "-m", "factcheck", *args, "--db", url], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Pa55word" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"factcheck: postgresql://editor@127.0.0.1:{url.split(':')[3].split('/')[0]}"
                               f"/factcheck: cannot connect to the claims DB server (")
    assert "Connection refused" in lines[0] and "is the server running" in lines[0]


def test_a_missing_database_a_bad_url_and_a_role_that_does_not_exist(pg_server: PgServer) -> None:
    cases = {
        pg_server.url("no_such_db"): 'database "no_such_db" does not exist',
        pg_server.url("postgres", user="nobody:s3cr3t"): 'role "nobody" does not exist',
        "postgresql://u:s3cr3t@127.0.0.1:notaport/x": "not a valid PostgreSQL connection URL",
        "postgresql://u:s3cr3t@127.0.0.1/x?nosuchoption=1": "not a valid PostgreSQL connection URL",
    }
    for url, expected in cases.items():
        done = runner.invoke(app, ["db", "status", "--db", url])
        assert done.exit_code == 2, (url, done.output)
        assert expected in done.stderr and "s3cr3t" not in done.output, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_a_check_of_an_empty_database_says_to_ingest(pg_db: str) -> None:
    with pytest.raises(StoreError, match="no claims database here; run `factcheck ingest"):
        api.check([DRAFTS / "talent_conflict.md"], pg_db)


def test_config_names_a_server(tmp_path: Path, pg_db: str) -> None:
    api.ingest([SEEDS], pg_db, seeds_settings())
    (tmp_path / ".factcheck.toml").write_text(f'db = "{pg_db}"\nregion = "changji"\n', encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text((DRAFTS / "talent_conflict.md").read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "factcheck", "check", str(draft), "-f", "json"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "FC101" in done.stdout, done.stderr
    shown = runner.invoke(app, ["config", str(tmp_path)])
    assert f'db = "{db_label(pg_db)}"' in shown.stdout


def test_the_label_never_holds_a_password() -> None:
    assert db_label("postgresql://a:b@h:5/d?sslmode=require&password=c") == "postgresql://a@h:5/d?sslmode=require"
    assert db_label("postgres://h/d") == "postgres://h/d"
    assert db_label("postgresql://a:b@h:x/d") == "postgresql://a@h:x/d"
