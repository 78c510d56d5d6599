"""Issue 16.8: --diff shows the fix (the published figure, or the stated scope); --fix
applies it only for FC101 with one published figure, and never without being asked."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import DRAFTS
from typer.testing import CliRunner

from factcheck import fix
from factcheck.cli import app
from factcheck.records import Claim, Finding, Quantity, Source, TimeScope

runner = CliRunner()
CONFLICT = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8")


def _draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(CONFLICT, encoding="utf-8")
    return path


def test_diff_shows_the_published_figures_and_writes_nothing(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = _draft(tmp_path)
    result = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "--diff"])
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("--- a/") and "+++ b/" in out and "@@" in out
    assert "-昌吉州精心实施“庭州英才”育才计划，2024年遴选培育“庭州英才”260名。" in out
    assert "+昌吉州精心实施“庭州英才”育才计划，2024年遴选培育“庭州英才”220名。" in out
    assert "+争取自治区人才发展基金2.49亿元。" in out
    assert draft.read_text(encoding="utf-8") == CONFLICT


def test_check_never_fixes_without_being_asked(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = _draft(tmp_path)
    for fmt in ("text", "json", "rdjson"):
        runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "-f", fmt])
    assert draft.read_text(encoding="utf-8") == CONFLICT


def test_fix_applies_the_one_published_figure_then_reports_the_rest(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = _draft(tmp_path)
    result = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "--fix", "-f", "json"])
    fixed = draft.read_text(encoding="utf-8")
    assert "“庭州英才”220名" in fixed and "2.49亿元" in fixed and "260名" not in fixed
    assert fixed.replace("220名", "260名").replace("2.49亿元", "2.94亿元") == CONFLICT
    assert "fixed 2 figure(s)" in result.stderr
    left = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "FC101" not in left


def _finding(code: str, figures: list[str], scope: TimeScope, clause: str, line: int = 1, column: int = 9) -> Finding:
    q = Quantity(297, 297, "家")
    claim = Claim("d.md", line, column, line, column + 4, "297家", q, "高新技术企业", "家", "", scope, "",
                  clause, clause)
    sources = tuple(Source(f"s{i}.txt", "t", "2024-12-17", 1, 1, text, "…", q, TimeScope())
                    for i, text in enumerate(figures))
    return Finding(code, "error", "m", claim, sources)  # type: ignore[arg-type]


def test_only_one_agreeing_published_figure_is_a_fix() -> None:
    year = TimeScope("year", "2024年", 2024)
    assert fix.figure_edit(_finding("FC101", ["277家", "277家"], year, "x")).text == "277家"
    assert fix.figure_edit(_finding("FC101", ["277家", "280家"], year, "x")) is None
    assert fix.figure_edit(_finding("FC102", ["277家"], year, "x")) is None


def test_scope_edit_writes_the_drafts_scope_at_the_clause_start() -> None:
    text = "近年来，昌吉州成效显著，培育高新技术企业297家。"
    column = text.index("297家") + 1
    cumulative = TimeScope("cumulative", "近年来", 2024)
    f = _finding("FC102", ["277家"], cumulative, "培育高新技术企业297家", column=column)
    e = fix.scope_edit(f, text)
    assert e is not None and not e.applicable
    assert fix.apply(text, [e]) == "近年来，昌吉州成效显著，近年来培育高新技术企业297家。"
    said = _finding("FC102", ["277家"], cumulative, "近年来培育高新技术企业297家", column=column)
    assert fix.scope_edit(said, text) is None  # the clause already says it
