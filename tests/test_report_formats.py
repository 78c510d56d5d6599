"""Issue 16.5 and 16.10: every format a command offers works for it or is refused with
exit 2; rdjson (reviewdog) and JUnit XML are built from the same record as the others."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import DRAFTS
from typer.testing import CliRunner

from factcheck.cli import Format, app

runner = CliRunner()
DRAFT = str(DRAFTS / "talent_conflict.md")
ENV = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}


def _parses_as(fmt: str, out: str) -> None:
    if fmt in ("json", "sarif", "gitlab", "rdjson"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out)
    elif fmt == "github":
        assert out.startswith("::")


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_audit_formats_work_or_are_refused(all_seeds_db: Path, fmt: str) -> None:
    result = runner.invoke(app, ["audit", "--db", str(all_seeds_db), "-f", fmt], env=ENV)
    assert result.exit_code in (1, 2), result.stderr
    if result.exit_code == 2:
        assert fmt in result.stderr
        return
    text = runner.invoke(app, ["audit", "--db", str(all_seeds_db)]).stdout
    if fmt not in ("text", "auto"):
        assert result.stdout != text, f"--format {fmt} fell back to text"
        _parses_as(fmt, result.stdout)
    reported = json.dumps(json.loads(result.stdout)["runs"][0]["results"], ensure_ascii=False) if fmt == "sarif" \
        else result.stdout  # (the rules' own documentation speaks of drafts)
    assert "草稿" not in reported


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_claims_formats_work_or_are_refused(fmt: str) -> None:
    result = runner.invoke(app, ["claims", str(DRAFTS / "talent_conflict.md"), "-f", fmt], env=ENV)
    if fmt in ("text", "json", "auto"):
        assert result.exit_code == 0
    else:
        assert result.exit_code == 2 and fmt in result.stderr and result.stdout == ""


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_check_formats_all_work(all_seeds_db: Path, fmt: str) -> None:
    result = runner.invoke(app, ["check", DRAFT, "--db", str(all_seeds_db), "-f", fmt], env=ENV)
    assert result.exit_code == 1, result.stderr
    _parses_as(fmt, result.stdout)


def test_rdjson_diagnostics(all_seeds_db: Path) -> None:
    result = runner.invoke(app, ["check", DRAFT, "--db", str(all_seeds_db), "-f", "rdjson"], env=ENV)
    data = json.loads(result.stdout)
    assert data["source"]["name"] == "factcheck"
    d = next(x for x in data["diagnostics"] if x["code"]["value"] == "FC101" and "260名" in x["message"])
    assert d["severity"] == "ERROR" and d["location"]["path"] == "fixtures/drafts/talent_conflict.md"
    start, end = d["location"]["range"]["start"], d["location"]["range"]["end"]
    line = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8").splitlines()[start["line"] - 1]
    # columns are 1-based UTF-8 byte offsets
    assert line.encode("utf-8")[start["column"] - 1:end["column"] - 1].decode("utf-8") == "260名"
    assert d["suggestions"] == [{"range": d["location"]["range"], "text": "220名"}]
    assert "000_4f2cc99a263c1c5d.txt" in d["message"]  # the cited source
    assert {x["severity"] for x in data["diagnostics"]} <= {"ERROR", "WARNING", "INFO"}


def test_junit_one_suite_per_file_one_failure_per_finding(all_seeds_db: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text("没有数字。\n", encoding="utf-8")
    result = runner.invoke(app, ["check", DRAFT, str(clean), "--db", str(all_seeds_db), "-f", "junit"], env=ENV)
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    conflict = suites["fixtures/drafts/talent_conflict.md"]
    failures = conflict.findall("testcase/failure")
    assert len(failures) == int(conflict.get("failures")) == 3
    assert {f.get("type") for f in failures} == {"FC101", "FC102"}
    assert any("220名" in (f.text or "") for f in failures)
    case = conflict.find("testcase")
    assert case.get("file") == "fixtures/drafts/talent_conflict.md" and case.get("line")
    clean_suite = next(s for name, s in suites.items() if name.endswith("clean.md"))
    assert clean_suite.get("failures") == "0" and len(clean_suite.findall("testcase")) == 1
    assert root.get("failures") == "3"
