"""Issue 5: accepted differences — the baseline file and inline Markdown comments."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DRAFTS
from typer.testing import CliRunner

from factcheck import baseline, suppress
from factcheck.cli import app

runner = CliRunner()
CONFLICT_TEXT = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8")


def _check(db: Path, *args: str):
    return runner.invoke(app, ["check", *args, "--db", str(db)])


def _codes(stdout: str) -> list[tuple[str, str]]:
    return [(f["code"], f["claim"]["text"]) for f in json.loads(stdout)["findings"]]


# --- baseline file ---------------------------------------------------------------------------
def test_write_baseline_then_everything_is_accepted(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(CONFLICT_TEXT, encoding="utf-8")
    file = tmp_path / "accepted.json"
    before = _check(all_seeds_db, str(draft), "-f", "json")
    assert before.exit_code == 1
    written = _check(all_seeds_db, str(draft), "--baseline", str(file), "--write-baseline", "-f", "json")
    assert written.exit_code == 0 and _codes(written.stdout) == []
    assert json.loads(written.stdout)["summary"]["accepted"] == len(_codes(before.stdout))
    assert "accepted.json" in written.stderr
    data = json.loads(file.read_text(encoding="utf-8"))
    entries = data["accepted"]
    assert {(e["claim"], e["source_text"]) for e in entries} >= {("260名", "220名"), ("2.94亿元", "2.49亿元")}
    assert all(e["path"] == "draft.md" for e in entries)  # relative to the baseline file
    assert all("line" not in e for e in entries)
    text = _check(all_seeds_db, str(draft), "--baseline", str(file))
    assert text.exit_code == 0 and "FC101" not in text.stdout
    assert f"{len(_codes(before.stdout))} 个已在基线文件中接受" in text.stdout


def test_baseline_survives_edits_and_reports_stale_entries(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(CONFLICT_TEXT, encoding="utf-8")
    file = tmp_path / "accepted.json"
    _check(all_seeds_db, str(draft), "--baseline", str(file), "--write-baseline")
    draft.write_text(CONFLICT_TEXT.replace("# 昌吉州", "新增的导语。\n\n# 昌吉州", 1), encoding="utf-8")
    moved = _check(all_seeds_db, str(draft), "--baseline", str(file), "-f", "json")
    assert moved.exit_code == 0 and _codes(moved.stdout) == [] and moved.stderr == ""
    draft.write_text(CONFLICT_TEXT.replace("“庭州英才”260名", "“庭州英才”270名"), encoding="utf-8")
    changed = _check(all_seeds_db, str(draft), "--baseline", str(file), "-f", "json")
    assert changed.exit_code == 1 and ("FC101", "270名") in _codes(changed.stdout)
    assert ("FC101", "2.94亿元") not in _codes(changed.stdout)
    assert "260名" in changed.stderr and "基线" in changed.stderr  # the stale entry, on stderr
    assert "基线" not in changed.stdout  # machine output stays clean
    as_text = _check(all_seeds_db, str(draft), "--baseline", str(file), "--lang", "en")
    assert "baseline entry matches nothing" in as_text.stdout and "260名" in as_text.stdout


def test_default_baseline_beside_the_config_and_from_any_directory(tmp_path: Path, all_seeds_db: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".factcheck.toml").write_text(f'db = "{all_seeds_db.as_posix()}"\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "d.md"
    draft.write_text(CONFLICT_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["check", "drafts/d.md", "--write-baseline"]).exit_code == 0
    assert (tmp_path / ".factcheck-baseline.json").is_file()
    monkeypatch.chdir(tmp_path / "drafts")
    again = runner.invoke(app, ["check", "d.md", "-f", "json"])
    assert again.exit_code == 0 and _codes(again.stdout) == []
    (tmp_path / ".factcheck.toml").write_text(f'db = "{all_seeds_db.as_posix()}"\nbaseline = "other.json"\n',
                                              encoding="utf-8")
    assert runner.invoke(app, ["check", "d.md"]).exit_code == 1  # other.json does not exist yet


def test_write_baseline_keeps_other_files_and_reasons(tmp_path: Path, all_seeds_db: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(CONFLICT_TEXT, encoding="utf-8")
    b.write_text(CONFLICT_TEXT, encoding="utf-8")
    file = tmp_path / "bl.json"
    _check(all_seeds_db, str(a), str(b), "--baseline", str(file), "--write-baseline")
    data = json.loads(file.read_text(encoding="utf-8"))
    for e in data["accepted"]:
        e["reason"] = "总编室已确认"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    a.write_text(CONFLICT_TEXT.replace("2.94亿元", "2.49亿元"), encoding="utf-8")
    _check(all_seeds_db, str(a), "--baseline", str(file), "--write-baseline")
    entries = baseline.load(file)
    assert {e.path for e in entries} == {"a.md", "b.md"}
    assert not [e for e in entries if e.path == "a.md" and e.claim == "2.94亿元"]  # fixed: dropped
    assert [e for e in entries if e.path == "b.md" and e.claim == "2.94亿元"]  # not checked: kept
    assert all(e.reason == "总编室已确认" for e in entries)


def test_bad_or_missing_baseline_is_exit_2(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = str(DRAFTS / "talent_conflict.md")
    missing = _check(all_seeds_db, draft, "--baseline", str(tmp_path / "none.json"))
    assert missing.exit_code == 2 and "none.json" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"accepted": [{"path": 1}]}', encoding="utf-8")
    result = _check(all_seeds_db, draft, "--baseline", str(bad), "-f", "json")
    assert result.exit_code == 2 and "bad.json" in result.stderr and result.stdout == ""
    bad.write_text("not json", encoding="utf-8")
    assert _check(all_seeds_db, draft, "--baseline", str(bad)).exit_code == 2


# --- inline comments ---------------------------------------------------------------------------
def test_parse_directives() -> None:
    text = ("第一行\n<!-- factcheck: disable-next-line FC101, FC102 已核实 -->\n第三行\n"
            "第四行 <!-- factcheck: disable-line -->\n<!-- factcheck: disable FC202 表格 -->\n"
            "六\n七\n<!-- factcheck: enable -->\n九\n<!-- factcheck:disable -->\n十一\n")
    d = suppress.parse(text)
    assert [(x.kind, x.line, x.first, x.last) for x in d] == [  # 第三行 and 第四行 are one paragraph
        ("disable-next-line", 2, 3, 4), ("disable-line", 4, 4, 4), ("disable", 5, 5, 8), ("disable", 10, 10, 12)]
    assert d[0].codes == {"FC101", "FC102"} and d[0].reason == "已核实"
    assert d[1].codes == frozenset() and d[2].codes == {"FC202"} and d[2].reason == "表格"


def test_enable_closes_only_the_named_block() -> None:
    text = "<!-- factcheck: disable FC101 -->\n<!-- factcheck: disable FC202 -->\n三\n<!-- factcheck: enable FC202 -->\n五\n"
    blocks = {tuple(sorted(d.codes)): (d.first, d.last) for d in suppress.parse(text)}
    assert blocks == {("FC202",): (2, 4), ("FC101",): (1, 6)}


def test_comments_suppress_in_markdown_and_unused_ones_are_reported(tmp_path: Path, all_seeds_db: Path) -> None:
    lines = CONFLICT_TEXT.splitlines()
    at = next(i for i, line in enumerate(lines) if "260名" in line)
    lines.insert(at, "<!-- factcheck: disable-next-line FC101 数字经核实已更新 -->")
    lines.append("<!-- factcheck: disable-next-line 无用 -->")
    lines.append("没有数字的一行。")
    draft = tmp_path / "draft.md"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _check(all_seeds_db, str(draft), "-f", "json")
    codes = _codes(result.stdout)
    assert ("FC101", "260名") not in codes and ("FC101", "2.94亿元") in codes
    assert json.loads(result.stdout)["summary"]["suppressed"] == 1
    assert result.exit_code == 1
    assert f"draft.md:{len(lines) - 1}: 未起作用的 factcheck 注释" in result.stderr
    text = _check(all_seeds_db, str(draft))
    assert "1 个已由注释忽略" in text.stdout and "未起作用" in text.stdout


def test_comments_are_ignored_in_plain_text(tmp_path: Path, all_seeds_db: Path) -> None:
    body = CONFLICT_TEXT.split("---\n", 2)[2].replace("2024年遴选", "<!-- factcheck: disable-line --> 2024年遴选")
    draft = tmp_path / "draft.txt"
    draft.write_text(body, encoding="utf-8")
    assert ("FC101", "260名") in _codes(_check(all_seeds_db, str(draft), "-f", "json").stdout)
