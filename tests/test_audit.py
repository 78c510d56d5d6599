"""`factcheck audit`: disagreements inside the archive, grouped by fact, every side cited."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.audit import audit
from factcheck.cli import app
from conftest import seeds_knowledge, seeds_settings  # noqa: E402


def test_audit_groups_the_seed_disagreements(all_seeds_db: Path) -> None:
    groups = audit(all_seeds_db, seeds_knowledge())
    by_subject = {g.subject: g for g in groups}
    tech = by_subject["关键核心技术"]
    assert tech.severity == "error"
    figures = {(f.claim.text, s.text) for f in tech.findings for s in f.sources}
    assert ("62项", "24项") in figures or ("24项", "62项") in figures
    assert any({"62项", "92项"} == {t, s} for t, s in figures)
    # each disagreement is reported once, not once per direction
    pairs = [frozenset({(f.claim.path, f.claim.line, f.claim.column)} | {(s.path, s.line, s.column) for s in f.sources})
             for g in groups for f in g.findings]
    assert len(pairs) == len(set(pairs))
    assert groups[0].severity == "error"  # most serious first


def test_audit_cli_json_and_exit_code(all_seeds_db: Path) -> None:
    result = CliRunner().invoke(app, ["audit", "--db", str(all_seeds_db), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["summary"]["error"] >= 1
    g = next(g for g in data["groups"] if g["subject"] == "关键核心技术")
    assert g["findings"][0]["sources"][0]["sentence"]


def test_audit_of_a_missing_db_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["audit", "--db", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "factcheck ingest" in result.stderr


def _archive(tmp_path: Path, items: list[tuple[str, str]]) -> Path:
    from factcheck import api

    folder = tmp_path / "archive"
    folder.mkdir()
    for i, (date, text) in enumerate(items):
        (folder / f"{i:02d}.md").write_text(f"---\ndate: {date}\ntitle: t{i}\n---\n\n{text}\n", encoding="utf-8")
    db = tmp_path / "db"
    api.ingest([folder], db, settings=seeds_settings())
    return db


def _errors(db: Path) -> list:
    """The audit's error findings, all groups together."""
    return [f for g in audit(db, seeds_knowledge()) for f in g.findings if f.severity == "error"]


def test_running_figures_on_different_days_are_not_errors_in_the_archive(tmp_path: Path) -> None:
    db = _archive(tmp_path, [
        ("2023-10-15", "据巴勒斯坦卫生部门发布的消息，新一轮巴以冲突目前已经造成巴方2383人死亡。"),
        ("2023-10-16", "据巴勒斯坦卫生部门发布的消息，新一轮巴以冲突目前已造成巴方2808人死亡。"),
        ("2026-06-27", "据中国驻委内瑞拉大使馆消息，已确认有7名中国公民遇难。"),
        ("2026-06-28", "据中国驻委内瑞拉大使馆消息，已确认有8名中国公民遇难。"),
    ])
    errors = _errors(db)
    assert errors == []


def test_a_revised_figure_for_a_closed_period_is_an_error_in_the_archive(tmp_path: Path) -> None:
    db = _archive(tmp_path, [
        ("2023-06-30", "快报显示，2022年全国教育经费总投入为61344亿元，较上年增长6%。"),
        ("2023-12-03", "公告显示，2022年全国教育经费总投入为61329.14亿元，比上年增长5.97%。"),
    ])
    errors = _errors(db)
    assert [(f.claim.text, f.sources[0].text) for f in errors] in (
        [("61344亿元", "61329.14亿元")], [("61329.14亿元", "61344亿元")])


def test_same_day_running_figures_need_the_same_stated_cut_off(tmp_path: Path) -> None:
    db = _archive(tmp_path, [
        ("2020-02-14", "现有疑似病例47例。"),
        ("2020-02-14", "现有疑似病例48例。"),
        ("2020-02-19", "截至2月18日24时，山东省累计报告确诊病例546例。"),
        ("2020-02-19", "截至2月18日24时，山东省累计报告确诊病例548例。"),
    ])
    errors = [(f.claim.text, f.sources[0].text) for f in _errors(db)]
    assert sorted(map(sorted, errors)) == [["546例", "548例"]]


def test_a_disagreement_repeated_by_a_headline_is_reported_once(tmp_path: Path) -> None:
    db = _archive(tmp_path, [
        ("2024-08-25", "今年上半年跨境电商进出口1.22万亿元\n\n海关总署最新数据显示，今年上半年，我国跨境电商进出口达1.22万亿元，同比增长10.5%。"),
        ("2024-10-14", "上半年，我国跨境电商进出口1.25万亿元，规模创历史同期新高，同比增长13%。"),
    ])
    errors = _errors(db)
    assert len(errors) == 1 and {errors[0].claim.text, errors[0].sources[0].text} == {"1.22万亿元", "1.25万亿元"}
