"""Issue 16.4: every message names its source, no format prints an empty field, the audit
does not call archive text a draft, and a run with an unreadable file is not called clean."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import DRAFTS, SEEDS
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.report import FORMATS

runner = CliRunner()


@pytest.fixture(scope="module")
def undated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of one article with neither title nor date."""
    folder = tmp_path_factory.mktemp("undated")
    (folder / "old.txt").write_text("2024年，昌吉州精心实施“庭州英才”育才计划，遴选培育“庭州英才”220名。\n", encoding="utf-8")
    db = folder / "db"
    assert runner.invoke(app, ["ingest", str(folder / "old.txt"), "--db", str(db), "-q"]).exit_code == 0
    return db


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "d.md"
    path.write_text("2024年，昌吉州精心实施“庭州英才”育才计划，遴选培育“庭州英才”260名。\n", encoding="utf-8")
    return path


EMPTY_FIELD = re.compile(r"（\s*）|\(\s*\)|——$|——\n|：\s*$")


@pytest.mark.parametrize("fmt", [f for f in FORMATS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_undated_untitled_source_is_named_and_no_field_is_empty(undated_db: Path, draft: Path, fmt: str,
                                                                   lang: str) -> None:
    result = runner.invoke(app, ["check", str(draft), "--db", str(undated_db), "-f", fmt, "--lang", lang])
    assert result.exit_code == 1, result.stderr
    assert "old.txt" in result.stdout
    for line in result.stdout.splitlines() if fmt != "html" else ():  # (html: its script has "()")
        assert "（）" not in line and "()" not in line and " ( )" not in line, line
    if fmt == "json":
        message = json.loads(result.stdout)["findings"][0]["message"]
        assert "old.txt" in message  # the message itself names the source


def test_audit_does_not_call_archive_text_a_draft(all_seeds_db: Path) -> None:
    zh = runner.invoke(app, ["audit", "--db", str(all_seeds_db)])
    en = runner.invoke(app, ["audit", "--db", str(all_seeds_db), "--lang", "en"])
    data = runner.invoke(app, ["audit", "--db", str(all_seeds_db), "-f", "json"])
    assert zh.exit_code == en.exit_code == data.exit_code == 1
    assert "口径" in zh.stdout and "草稿" not in zh.stdout
    assert "scope" in en.stdout and "draft" not in en.stdout.lower()
    assert "草稿" not in data.stdout


def test_audit_of_undated_articles_prints_no_empty_brackets(tmp_path: Path) -> None:
    for name, figure in (("a.txt", "220名"), ("b.txt", "260名")):
        (tmp_path / name).write_text(f"2024年，昌吉州精心实施“庭州英才”育才计划，遴选培育“庭州英才”{figure}。\n",
                                     encoding="utf-8")
    db = tmp_path / "db"
    runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db), "-q"])
    out = runner.invoke(app, ["audit", "--db", str(db)]).stdout
    assert "（）" not in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_missing_file_is_not_a_clean_run(all_seeds_db: Path, lang: str) -> None:
    consistent = str(DRAFTS / "talent_consistent.md")
    result = runner.invoke(app, ["check", consistent, "no-such-draft.md", "--db", str(all_seeds_db), "--lang", lang])
    assert result.exit_code == 2
    assert "no-such-draft.md" in result.stdout
    assert "未发现" not in result.stdout and "no disagreement" not in result.stdout
    assert ("1 个文件无法读取" if lang == "zh" else "1 file(s) could not be read") in result.stdout


@pytest.mark.parametrize("lang, says", [("zh", "疑为小数点或万/亿之误"), ("en", "a decimal point or 万/亿 slip?")])
def test_a_magnitude_slip_says_what_it_likely_is(all_seeds_db: Path, tmp_path: Path, lang: str, says: str) -> None:
    """V02: 24.9亿元 for the published 2.49亿元 (2024) is an error whose message names the likely
    slip; an ordinary conflict's message (2.59亿元) does not."""
    d = tmp_path / "d.md"
    d.write_text("2024年，昌吉州争取自治区人才发展基金24.9亿元。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(d), "--db", str(all_seeds_db), "-f", "json", "--lang", lang])
    findings = json.loads(result.stdout)["findings"]
    slip = [f for f in findings if f["code"] == "FC101" and f["claim"]["text"] == "24.9亿元"]
    assert slip and says in slip[0]["message"]
    assert "V02" in [r["id"] for r in slip[0]["sources"][0]["why"]["rules"]]
    d.write_text("---\ndate: 2024-12-20\n---\n2024年，昌吉州争取自治区人才发展基金2.59亿元。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(d), "--db", str(all_seeds_db), "-f", "json", "--lang", lang])
    plain = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "FC101"]
    assert plain and all(says not in f["message"] for f in plain)
