"""Issue 7 through the command line: bad files are skipped by name, the rest is processed, exit 2."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DRAFTS, seeds_knowledge, seeds_settings
from factcheck.cli import app
from factcheck.reading import display_path
from factcheck.store import ClaimStore

ARTICLE = "2024年，昌吉州攻克了92项关键核心技术，授信金额达1.5亿元。\n"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """Good pages in three encodings, an empty page, and three bad files."""
    d = tmp_path / "batch"
    (d / "sub").mkdir(parents=True)
    (d / "good_utf8.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "good_gbk.txt").write_bytes(ARTICLE.replace("92项", "93项").encode("gbk"))
    (d / "sub" / "good_utf16.md").write_bytes(
        b"\xff\xfe" + ("---\ntitle: 标题\n---\n" + ARTICLE).encode("utf-16-le"))
    (d / "empty.txt").write_bytes(b"")
    (d / "sub" / "scan.txt").write_bytes(PDF)  # a PDF saved as .txt
    (d / "bad_front.md").write_text("---\ntitle: 标题\ndate: [2024\n---\n" + ARTICLE, encoding="utf-8")
    (d / "photo.png").write_bytes(PNG)  # not a text suffix: ignored in a directory walk
    return d


def _documents(db: Path) -> dict[str, tuple[int, int]]:
    """path (as shown) → (claim_count, stored claims)."""
    with ClaimStore(db, create=False) as s:
        return {s.paths.shown(p): (n, stored) for p, n, stored in s.conn.execute(
            "SELECT d.path, d.claim_count, (SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id)"
            " FROM documents d")}


def test_ingest_skips_bad_files_by_name_and_stores_the_rest(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "db"
    result = CliRunner().invoke(app, ["ingest", str(batch), str(batch / "photo.png"), "--db", str(db)])
    assert result.exit_code == 2, result.output
    skipped = sorted(line for line in result.stderr.splitlines() if line.startswith("factcheck: skipped "))
    assert skipped == sorted([
        f"factcheck: skipped {display_path(batch / 'bad_front.md')}: malformed front matter (line 3): "
        "expected ',' or ']', but got '<stream end>'",
        f"factcheck: skipped {display_path(batch / 'photo.png')}: not text / not decodable: looks like a PNG image",
        f"factcheck: skipped {display_path(batch / 'sub' / 'scan.txt')}: not text / not decodable: looks like "
        "a PDF document (name it .pdf to have it read)",
    ])
    assert "3 skipped" in result.stderr
    docs = _documents(db)
    assert set(docs) == {display_path(batch / n) for n in
                         ("good_utf8.txt", "good_gbk.txt", "sub/good_utf16.md", "empty.txt")}
    assert docs[display_path(batch / "empty.txt")] == (0, 0)  # empty: zero claims, not an error
    for name in ("good_utf8.txt", "good_gbk.txt", "sub/good_utf16.md"):
        n, stored = docs[display_path(batch / name)]
        assert n == stored >= 2
    # the same batch again: nothing re-extracted, the same files skipped, still exit 2
    again = CliRunner().invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert again.exit_code == 2 and "0 added, 0 updated, 4 unchanged" in again.stderr
    assert _documents(db) == docs


def test_ingest_of_only_good_files_exits_0(batch: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(batch / "good_utf8.txt"), str(batch / "empty.txt"),
                                      "--db", str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    assert "skipped " not in result.stderr and "0 skipped" in result.stderr


def test_check_skips_bad_drafts_checks_the_rest_and_exits_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths in reports are relative to the working directory
    db = tmp_path / "db"
    seed = tmp_path / "seed.txt"
    seed.write_text(ARTICLE, encoding="utf-8")
    assert CliRunner().invoke(app, ["ingest", str(seed), "--db", str(db)]).exit_code == 0
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a_conflict.txt").write_text(ARTICLE.replace("92项", "95项"), encoding="gb18030")
    (drafts / "b_scan.txt").write_bytes(PDF)
    result = CliRunner().invoke(app, ["check", str(drafts), "--db", str(db), "--format", "json"])
    assert result.exit_code == 2, result.output  # unreadable input outranks findings
    assert result.stderr.strip().splitlines() == [
        f"factcheck: skipped {display_path(drafts / 'b_scan.txt')}: not text / not decodable: looks like "
        "a PDF document (name it .pdf to have it read)"]
    import json

    report = json.loads(result.stdout)
    (conflict,) = [f for f in report["findings"] if f["code"] == "FC101"]
    assert conflict["claim"]["text"] == "95项"
    # paths are shown relative to the working directory, with forward slashes
    assert conflict["path"] == "drafts/a_conflict.txt"
    assert [s["path"] for s in conflict["sources"]] == ["seed.txt"]
    assert report["summary"]["files"] == 1


def test_check_of_a_missing_file_names_it(tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert CliRunner().invoke(app, ["ingest", str(DRAFTS), "--db", str(db)]).exit_code == 0
    missing = tmp_path / "nope.md"
    result = CliRunner().invoke(app, ["check", str(missing), "--db", str(db)])
    assert result.exit_code == 2
    assert f"factcheck: skipped {display_path(missing)}: no such file" in result.stderr


def test_check_without_a_database_says_to_ingest(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(DRAFTS), "--db", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no claims database here; run `factcheck ingest` first" in result.stderr
    assert not (tmp_path / "none").exists()


def test_unreadable_file_and_symlink_loop_in_a_batch(batch: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck import reading

    secret = batch / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    secret.chmod(0)
    (batch / "sub" / "loop").symlink_to(batch, target_is_directory=True)
    real_read = reading._read_file

    def read(path: Path, limit: int) -> bytes:  # tests run as root: chmod 000 does not stop root
        if path.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, limit)

    monkeypatch.setattr(reading, "_read_file", read)
    db = tmp_path / "db"
    result = CliRunner().invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 2
    assert f"factcheck: skipped {display_path(secret)}: permission denied" in result.stderr.splitlines()
    assert "4 added" in result.stderr and "3 skipped" in result.stderr  # the loop added nothing twice
    assert display_path(secret) not in _documents(db)
    assert len(_documents(db)) == 4


def test_files_vanishing_during_an_ingest(tmp_path: Path) -> None:
    from factcheck import api

    d = tmp_path / "pages"
    (d / "later").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "later/c.txt", "later/d.txt"):
        (d / name).write_text(ARTICLE, encoding="utf-8")

    def progress(path: str) -> None:  # called as each file is stored: others disappear meanwhile
        if path.endswith("a.txt"):
            (d / "b.txt").unlink()
            (d / "later" / "c.txt").unlink()
            (d / "later" / "d.txt").unlink()
            (d / "later").rmdir()

    result = api.ingest([d], tmp_path / "db", progress=progress, settings=seeds_settings())
    assert result.added == 1
    # the files to read are listed first, so each vanished file is named (not its directory)
    assert sorted(e.path for e in result.errors) == [
        display_path(d / "b.txt"), display_path(d / "later" / "c.txt"), display_path(d / "later" / "d.txt")]
    assert all("no such file" in e.problem for e in result.errors)
    assert list(_documents(tmp_path / "db")) == [display_path(d / "a.txt")]


def test_claims_command_skips_bad_files_too(batch: Path) -> None:
    import json

    result = CliRunner().invoke(app, ["claims", str(batch), "--format", "json"])
    assert result.exit_code == 2
    assert sorted(line.split(": ", 2)[1] for line in result.stderr.splitlines()
                  if line.startswith("factcheck: skipped ")) == sorted(
        ["skipped " + display_path(batch / "bad_front.md"), "skipped " + display_path(batch / "sub" / "scan.txt")])
    paths = {c["path"] for c in json.loads(result.stdout)["claims"]}
    assert paths == {display_path(batch / n) for n in ("good_utf8.txt", "good_gbk.txt", "sub/good_utf16.md")}


def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    import os

    d = tmp_path / "pages"
    d.mkdir()
    odd = os.fsencode(d) + b"/\xff\xfe\xb9\xfa.txt"  # a GBK-encoded name, not UTF-8
    with open(odd, "wb") as f:
        f.write(ARTICLE.encode("utf-8"))
    (d / "ok.txt").write_text(ARTICLE.replace("92项", "93项"), encoding="utf-8")
    db = tmp_path / "db"
    result = CliRunner().invoke(app, ["ingest", str(d), "--db", str(db)])
    assert result.exit_code == 0, result.output
    shown = display_path(d) + "/\\xff\\xfe\\xb9\\xfa.txt"
    assert set(_documents(db)) == {shown, display_path(d / "ok.txt")}
    checked = CliRunner().invoke(app, ["check", str(d), "--db", str(db)])
    assert checked.exit_code == 1 and f"{shown}:1:" in checked.stdout  # printed, never a crash
