"""`factcheck audit`: disagreements inside the archive, grouped by fact, every side cited."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.audit import audit
from factcheck.cli import app


def test_audit_groups_the_seed_disagreements(all_seeds_db: Path) -> None:
    groups = audit(all_seeds_db)
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
