"""Stored article paths do not depend on the working directory of the ingest
(factcheck.paths): one file is one article, citations are relative to the working directory
of the check, a repository with its claims DB inside can be moved, and a DB whose paths were
stored the old way (relative to the ingest's working directory) is given keys once."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import DRAFTS, ROOT, SEEDS, PgServer, seeds_settings

from factcheck import api
from factcheck.audit import audit
from factcheck.paths import PathKeys
from factcheck.reading import display_path
from factcheck.report import renderer
from factcheck.store import ClaimStore, db_file
from factcheck.stores import open_store

DRAFT = DRAFTS / "talent_conflict.md"


def _report(db: Path | str, draft: Path | str = DRAFT, settings: api.Settings | None = None) -> dict:
    result = api.check([draft], db, settings=settings or seeds_settings(), verbose=True)
    assert not result.errors
    return json.loads(renderer("json")(result, "en"))


def _cited(report: dict) -> set[str]:
    return {s["path"] for f in report["findings"] for s in f["sources"]}


def _raw_paths(db: Path) -> list[str]:
    conn = sqlite3.connect(db_file(db))
    try:
        return sorted(p for (p,) in conn.execute("SELECT path FROM documents"))
    finally:
        conn.close()


# -- one article, one identity -------------------------------------------------------------
def test_ingesting_from_two_working_directories_stores_each_article_once(tmp_path: Path) -> None:
    db = tmp_path / "db"
    first = api.ingest([Path("fixtures/seeds")], db, seeds_settings())
    assert first.added == 5
    os.chdir(tmp_path)
    again = api.ingest([SEEDS], db, seeds_settings())  # the same files, named from elsewhere
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    os.chdir(SEEDS)
    assert api.ingest([Path(".")], db, seeds_settings()).unchanged == 5
    with open_store(db, create=False) as store:
        assert store.counts()[0] == 5
    # stored relative to the DB's directory, whatever the working directory was
    assert _raw_paths(db) == sorted(os.path.relpath(p, db).replace(os.sep, "/") for p in SEEDS.glob("*.txt"))


def test_the_audit_of_a_db_ingested_from_two_directories_counts_each_finding_once(tmp_path: Path) -> None:
    once, twice = tmp_path / "once", tmp_path / "twice"
    api.ingest([SEEDS], once, seeds_settings())
    api.ingest([Path("fixtures/seeds")], twice, seeds_settings())
    os.chdir(tmp_path)
    api.ingest([Path(os.path.relpath(SEEDS))], twice, seeds_settings())
    knowledge = seeds_settings().knowledge()
    shape = [[(f.code, f.claim.path, f.claim.line) for f in g.findings] for g in audit(once, knowledge)]
    assert shape and shape == [[(f.code, f.claim.path, f.claim.line) for f in g.findings]
                               for g in audit(twice, knowledge)]


def test_citations_are_relative_to_the_working_directory_of_the_check(all_seeds_db: Path, tmp_path: Path) -> None:
    at_root = _report(all_seeds_db)
    assert _cited(at_root) and all(p.startswith("fixtures/seeds/") for p in _cited(at_root))
    os.chdir(SEEDS)  # a check run in the archive's own directory
    here = _report(all_seeds_db, draft=os.path.relpath(DRAFT))
    assert _cited(here) == {p.removeprefix("fixtures/seeds/") for p in _cited(at_root)}
    assert here["findings"][0]["path"] == "../drafts/talent_conflict.md"
    os.chdir(tmp_path)
    elsewhere = _report(all_seeds_db)
    assert _cited(elsewhere) == {display_path(ROOT / p) for p in _cited(at_root)}
    assert all((tmp_path / p).is_file() for p in _cited(elsewhere))


def test_a_refresh_from_another_directory_forgets_only_files_that_are_gone(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    db = tmp_path / "db"
    api.ingest([articles], db, seeds_settings())
    os.chdir(articles)  # the stored paths, read from here, would name nothing
    assert api.refresh([Path(".")], db, root=articles, settings=seeds_settings()).removed == 0
    next(articles.glob("*.txt")).unlink()
    os.chdir(DRAFTS)
    refreshed = api.refresh([articles], db, root=articles, settings=seeds_settings())
    assert (refreshed.removed, refreshed.unchanged) == (1, 4)
    with open_store(db, create=False) as store:
        assert store.counts()[0] == 4


def test_a_moved_repository_still_cites_and_refreshes(tmp_path: Path) -> None:
    repo = tmp_path / "newsroom"
    shutil.copytree(SEEDS, repo / "articles")
    (repo / "drafts").mkdir()
    shutil.copy(DRAFT, repo / "drafts")
    os.chdir(repo)
    db = Path("claims_db")
    assert api.ingest([Path("articles")], db, seeds_settings()).added == 5
    before = _report(db, Path("drafts/talent_conflict.md"))
    assert _cited(before) and all(p.startswith("articles/") for p in _cited(before))
    os.chdir(tmp_path)
    moved = tmp_path / "elsewhere" / "newsroom-clone"
    moved.parent.mkdir()
    os.rename(repo, moved)  # moved (or cloned, with its claims DB) to another place
    os.chdir(moved)
    assert _report(db, Path("drafts/talent_conflict.md")) == before
    assert api.ingest([Path("articles")], db, seeds_settings()).unchanged == 5
    (moved / sorted(_cited(before))[0]).unlink()
    refreshed = api.refresh([Path("articles")], db, root=moved, settings=seeds_settings())
    assert (refreshed.removed, refreshed.unchanged) == (1, 4)


def test_a_baseline_accepts_from_any_directory(tmp_path: Path) -> None:
    """Its sources' paths, like its drafts', are relative to the baseline file (citations
    are relative to the working directory)."""
    from factcheck import baseline

    repo = tmp_path / "newsroom"
    shutil.copytree(SEEDS, repo / "articles")
    (repo / "drafts").mkdir()
    shutil.copy(DRAFT, repo / "drafts")
    os.chdir(repo)
    api.ingest([Path("articles")], "claims_db", seeds_settings())
    file = repo / ".factcheck-baseline.json"
    result = api.check([Path("drafts/talent_conflict.md")], "claims_db", settings=seeds_settings())
    assert result.findings
    api.accept(result, file, write=True)
    assert {e.source_path for e in baseline.load(file)} <= {f"articles/{p.name}" for p in SEEDS.glob("*.txt")}
    for where, draft in ((repo / "drafts", "talent_conflict.md"), (tmp_path, "newsroom/drafts/talent_conflict.md")):
        os.chdir(where)
        checked = api.check([Path(draft)], repo / "claims_db", settings=seeds_settings())
        assert _cited(json.loads(renderer("json")(checked, "en"))) and not api.accept(checked, file).findings


def test_keys_and_shown_paths() -> None:
    keys = PathKeys(ROOT / "claims_db")
    assert keys.key("fixtures/seeds/a.txt") == "../fixtures/seeds/a.txt"
    assert keys.key(str(ROOT / "fixtures" / "seeds" / "a.txt")) == "../fixtures/seeds/a.txt"
    assert keys.shown("../fixtures/seeds/a.txt") == "fixtures/seeds/a.txt"
    assert keys.shown("x.txt") == "claims_db/x.txt"
    far = PathKeys(None)
    assert far.key("fixtures/a.txt") == str(ROOT / "fixtures" / "a.txt")
    assert far.shown(str(ROOT / "fixtures" / "a.txt")) == "fixtures/a.txt"
    assert far.shown("/x/y/z/a.txt") == display_path(Path("/x/y/z/a.txt"))  # (absolute when far up)


def test_a_symlinked_db_directory_is_one_base(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    api.ingest([SEEDS], tmp_path / "link", seeds_settings())
    assert api.ingest([SEEDS], real, seeds_settings()).unchanged == 5


# -- DBs of schema 3 and older: paths relative to the ingest's working directory ---------------
def _legacy_ingest(monkeypatch: pytest.MonkeyPatch, paths: list[Path], db: Path | str) -> None:
    """Ingest as factcheck did before keys: each path stored as shown from the working directory."""
    with monkeypatch.context() as m:
        m.setattr(PathKeys, "key", lambda self, name: name)
        api.ingest(paths, db, seeds_settings())


def _as_schema_3(db: Path) -> None:
    conn = sqlite3.connect(db_file(db))
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


def test_a_schema_3_db_gets_keys_and_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "newsroom"
    shutil.copytree(SEEDS, repo / "articles")
    gone = repo / "old" / "gone.txt"
    gone.parent.mkdir()
    gone.write_text("2023年，全州新建冷库12座。\n", encoding="utf-8")
    db = repo / "claims_db"
    os.chdir(repo)
    _legacy_ingest(monkeypatch, [Path("articles"), Path("old")], db)  # as articles/…, old/gone.txt
    os.chdir(repo / "articles")
    _legacy_ingest(monkeypatch, [Path(".")], db)  # the same five again, as 000_….txt: duplicates
    gone.unlink()
    _as_schema_3(db)
    assert len(_raw_paths(db)) == 11
    os.chdir(tmp_path)  # opened (and upgraded) from a third directory
    with ClaimStore(db, create=False) as store:
        assert store.rebased == (11 - 5, 5)
        assert store.counts()[0] == 6  # five articles once, and the one whose file is gone (kept)
        shown = set(store.document_keys())
        assert {p for p in shown if "articles/" in p} == {display_path(p) for p in (repo / "articles").glob("*.txt")}
        assert all(store.paths.location(store.paths.key(p)).startswith(str(tmp_path)) for p in shown)
    assert set(_raw_paths(db)) >= {f"../articles/{p.name}" for p in SEEDS.glob("*.txt")}
    os.chdir(repo)
    assert api.ingest([Path("articles")], db, seeds_settings()).unchanged == 5
    fresh = tmp_path / "fresh"
    api.ingest([Path("articles")], fresh, seeds_settings())
    shutil.copy(DRAFT, repo / "draft.md")
    assert _report(db, "draft.md") == _report(fresh, "draft.md")


def test_db_upgrade_reports_the_paths_given_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from factcheck.cli import app

    db = tmp_path / "db"
    _legacy_ingest(monkeypatch, [Path("fixtures/seeds")], db)
    _as_schema_3(db)
    done = CliRunner().invoke(app, ["db", "upgrade", "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip().endswith("(upgraded from schema 3; 5 article paths re-based, 0 duplicates merged)")


# -- PostgreSQL: relative to the project root (the config file's directory), else absolute --------
def _project(where: Path) -> api.Settings:
    """A copy of the seeds in a project with a config file; its settings, as the CLI makes them."""
    from factcheck.config import load
    from factcheck.entry import settings_of

    shutil.copytree(SEEDS, where / "articles")
    (where / "drafts").mkdir()
    shutil.copy(DRAFT, where / "drafts")
    (where / ".factcheck.toml").write_text('region = "changji"\n', encoding="utf-8")
    return settings_of(load(where / ".factcheck.toml"))


def test_postgres_paths_are_relative_to_the_project_root(pg_server: PgServer, pg_db: str, tmp_path: Path) -> None:
    alice, bob = tmp_path / "alice" / "news", tmp_path / "bob" / "checkout"
    settings = _project(alice)
    assert settings.project_root == alice
    assert api.ingest([alice / "articles"], pg_db, settings).added == 5
    os.chdir(alice / "drafts")
    assert api.ingest([Path("../articles")], pg_db, settings).unchanged == 5
    paths = sorted(p for (p,) in pg_server.sql("SELECT path FROM documents", dbname=pg_db.rsplit("/", 1)[1]))
    assert paths == sorted(f"articles/{p.name}" for p in SEEDS.glob("*.txt"))
    # another checkout of the project, elsewhere: the same articles, cited in that checkout
    theirs = _project(bob)
    os.chdir(bob)
    assert api.ingest([Path("articles")], pg_db, theirs).unchanged == 5
    report = _report(pg_db, "drafts/talent_conflict.md", theirs)
    assert _cited(report) and all(p.startswith("articles/") and (bob / p).is_file() for p in _cited(report))
    (bob / sorted(_cited(report))[0]).unlink()
    assert api.refresh([Path("articles")], pg_db, root=bob, settings=theirs).removed == 1


def test_postgres_paths_without_a_project_are_absolute(pg_server: PgServer, pg_db: str, tmp_path: Path) -> None:
    api.ingest([Path("fixtures/seeds")], pg_db, seeds_settings())
    os.chdir(tmp_path)
    assert api.ingest([SEEDS], pg_db, seeds_settings()).unchanged == 5
    paths = sorted(p for (p,) in pg_server.sql("SELECT path FROM documents", dbname=pg_db.rsplit("/", 1)[1]))
    assert paths == sorted(str(p) for p in SEEDS.glob("*.txt"))


def test_postgres_db_upgrade_gives_old_paths_keys(pg_server: PgServer, pg_db: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from factcheck.cli import app

    settings = _project(tmp_path / "news")
    os.chdir(tmp_path / "news")
    _legacy_ingest(monkeypatch, [Path("articles")], pg_db)  # as articles/…
    os.chdir(tmp_path / "news" / "drafts")
    _legacy_ingest(monkeypatch, [Path("../articles")], pg_db)  # as ../articles/…: duplicates
    dbname = pg_db.rsplit("/", 1)[1]
    pg_server.sql("UPDATE meta SET value = '3' WHERE key = 'schema_version'", dbname=dbname)
    with pytest.raises(Exception, match="run `factcheck db upgrade"):
        open_store(pg_db, create=False, root=settings.project_root)
    done = CliRunner().invoke(app, ["db", "upgrade", "--db", pg_db])  # in the project: its config
    assert done.exit_code == 0, done.output
    assert done.stdout.strip().endswith("(upgraded from schema 3; 5 article paths re-based, 5 duplicates merged)")
    paths = sorted(p for (p,) in pg_server.sql("SELECT path FROM documents", dbname=dbname))
    assert paths == sorted(f"articles/{p.name}" for p in SEEDS.glob("*.txt"))
    os.chdir(tmp_path / "news")
    assert api.ingest([Path("articles")], pg_db, settings).unchanged == 5
