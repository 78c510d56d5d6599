"""Issue 16.3 and 16.6: what a folder contributes (ignore files, non-articles, file types
no reader knows) is decided in one place and reported; ``-`` reads stdin."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DRAFTS, SEED
from typer.testing import CliRunner

from factcheck import reading
from factcheck.cli import app

runner = CliRunner()
ARTICLE = "2024年，昌吉州精心实施“庭州英才”育才计划，遴选培育“庭州英才”220名。\n"


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    (root / "articles" / "old").mkdir(parents=True)
    (root / "articles" / "drafts").mkdir()
    (root / ".git").mkdir()
    (root / ".gitignore").write_text("*.bak.md\ndrafts/\n", encoding="utf-8")
    (root / "articles" / ".factcheckignore").write_text("old/\n!old/keep.txt\n", encoding="utf-8")
    (root / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "b.bak.md").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "drafts" / "c.md").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "old" / "d.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "README.md").write_text("# 说明\n本目录收录92项成果、595名人才。\n", encoding="utf-8")
    (root / "articles" / "CHANGELOG.md").write_text("- 新增3篇\n", encoding="utf-8")
    (root / "articles" / "e.odt").write_bytes(b"PK\x03\x04 not really")
    return root


def _walk(paths: list[Path]) -> tuple[list[str], dict[str, str]]:
    skipped: list[reading.Skipped] = []
    taken = [p.name for p in reading.iter_paths(paths, skipped)]
    return taken, {s.path.name: s.reason for s in skipped}


def test_a_folder_walk_honours_ignore_files_and_skips_non_articles(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    taken, skipped = _walk([root / "articles"])
    assert taken == ["a.txt"]
    assert "README.md" in skipped and "not an article" in skipped["README.md"]
    assert "CHANGELOG.md" in skipped
    assert ".gitignore" in skipped["b.bak.md"] and "*.bak.md" in skipped["b.bak.md"]
    assert ".gitignore" in skipped["drafts"]
    assert ".factcheckignore" in skipped["old"]
    assert "unsupported file type .odt" in skipped["e.odt"]


def test_explicit_files_are_always_taken(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    files = [root / "articles" / "README.md", root / "articles" / "b.bak.md"]
    assert _walk(files) == (["README.md", "b.bak.md"], {})


def test_a_negated_pattern_takes_a_file_back(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    (root / "articles" / ".factcheckignore").write_text("*.txt\n!a.txt\n", encoding="utf-8")
    (root / "articles" / "z.txt").write_text(ARTICLE, encoding="utf-8")
    taken, skipped = _walk([root / "articles"])
    assert "a.txt" in taken and "z.txt" not in taken and "z.txt" in skipped


def test_ingest_verbose_lists_what_it_took_and_skipped(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    result = runner.invoke(app, ["ingest", str(root / "articles"), "--db", str(tmp_path / "db"), "-v"])
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "a.txt: added" in err
    for name in ("README.md", "CHANGELOG.md", "b.bak.md", "e.odt"):
        assert f"{name}: skipped" in err, name
    assert "ingested: 1 added" in err
    quiet = runner.invoke(app, ["ingest", str(root / "articles"), "--db", str(tmp_path / "db")])
    assert "README.md" not in quiet.stderr  # only with -v


def test_the_seed_readme_is_not_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "README.md").write_text("攻克了……92 项关键核心技术；骨干人才 595 名。\n", encoding="utf-8")
    (folder / SEED["000"].name).write_bytes(SEED["000"].read_bytes())
    db = tmp_path / "db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert "1 added" in result.stderr
    listed = runner.invoke(app, ["audit", "--db", str(db), "-f", "json"])
    assert "README" not in listed.stdout


def test_check_names_files_no_reader_knows(tmp_path: Path, all_seeds_db: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.md").write_text((DRAFTS / "talent_consistent.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.odt").write_bytes(b"PK\x03\x04")
    text = runner.invoke(app, ["check", str(folder), "--db", str(all_seeds_db)])
    assert text.exit_code == 0
    assert "b.odt" in text.stdout and "不支持的文件类型" in text.stdout
    data = runner.invoke(app, ["check", str(folder), "--db", str(all_seeds_db), "-f", "json"])
    assert any("b.odt" in s for s in json.loads(data.stdout)["summary"]["skipped"])


def test_a_registered_reader_makes_a_type_readable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.rtf").write_text("{\\rtf1 x}", encoding="utf-8")
    assert _walk([tmp_path])[0] == []
    monkeypatch.setitem(reading.READERS, ".rtf", reading.read_text_document)
    assert _walk([tmp_path])[0] == ["a.rtf"]


@pytest.mark.parametrize("name", ["draft.md", None])
def test_check_reads_stdin(all_seeds_db: Path, name: str | None) -> None:
    draft = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8")
    args = ["check", "-", "--db", str(all_seeds_db), "-f", "json"]
    if name:
        args += ["--stdin-filename", name]
    result = runner.invoke(app, args, input=draft.encode("utf-8"))
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert {f["path"] for f in data["findings"]} == {name or "-"}
    assert ("FC101", "260名") in {(f["code"], f["claim"]["text"]) for f in data["findings"]}


def test_stdin_markdown_comments_apply_with_a_markdown_name(all_seeds_db: Path) -> None:
    draft = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8").replace(
        "昌吉州精心实施", "<!-- factcheck: disable-next-line -->\n昌吉州精心实施")
    result = runner.invoke(app, ["check", "-", "--stdin-filename", "drafts/x.md", "--db", str(all_seeds_db),
                                 "-f", "json"], input=draft.encode("utf-8"))
    assert json.loads(result.stdout)["summary"]["suppressed"] == 2


