"""Issue 12: one explicit Knowledge, verdicts that explain themselves, unknown dates."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DRAFTS, SEED, seeds_knowledge, seeds_settings
from typer.testing import CliRunner

from factcheck import api
from factcheck.audit import audit
from factcheck.cli import app
from factcheck.extract import extract
from factcheck.knowledge import KnowledgeError, load
from factcheck.reading import read_document

runner = CliRunner()


def test_the_national_default_has_no_home_region_and_changji_is_a_pack() -> None:
    assert load().home == "" and load().home_pattern is None
    k = load(region="changji")
    assert k.home == "昌吉州" and "玛纳斯县" in k.local_places
    assert k != load() and k == load(region="changji") and hash(k) == hash(load(region="changji"))
    with pytest.raises(KnowledgeError, match="unknown region pack 'nowhere'"):
        load(region="nowhere")


def test_no_place_name_of_the_seeds_is_in_code() -> None:
    """Examples in docstrings are fine; a name in any other string of the code is not."""
    import ast

    code = Path(__file__).resolve().parent.parent / "factcheck"
    names = ("昌吉", "阜康", "玛纳斯", "呼图壁", "奇台", "吉木萨尔", "木垒", "五家渠")
    for path in code.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not any(n in node.value for n in names), (path.name, node.lineno, node.value[:40])


def test_the_same_extraction_with_two_knowledges_in_one_process() -> None:
    """No module keeps a home region: extracting for 伊犁州 after 昌吉州 is not 昌吉州's."""
    doc = read_document(SEED["000"])
    changji = [c.place for c in extract(doc, seeds_knowledge()).claims]
    ili = load(home_names=("伊犁州", "全州", "我州"))
    other = [c.place for c in extract(doc, ili).claims]
    assert "昌吉州" in changji and "昌吉州" not in other
    assert [c.place for c in extract(doc, seeds_knowledge()).claims] == changji


def test_audit_is_the_same_fresh_and_after_other_work(all_seeds_db: Path) -> None:
    first = audit(all_seeds_db, seeds_knowledge())
    extract(read_document(SEED["001"]), load(home_names=("伊犁州",)))  # unrelated work, another region
    api.check([DRAFTS / "talent_conflict.md"], all_seeds_db, settings=api.Settings())
    second = audit(all_seeds_db, seeds_knowledge())
    key = [(g.subject, g.place, [(f.code, f.claim.path, f.claim.line) for f in g.findings]) for g in first]
    assert key == [(g.subject, g.place, [(f.code, f.claim.path, f.claim.line) for f in g.findings]) for g in second]
    assert key


def _raw_db(tmp_path: Path, key: str) -> Path:
    folder = tmp_path / key
    folder.mkdir()
    shutil.copy(SEED[key], folder)  # the page alone, without its sidecar
    db = tmp_path / f"db{key}"
    api.ingest([folder], db, seeds_settings())
    return db


def _figures(result: api.CheckResult) -> set[tuple[str, str, str]]:
    return {(f.code, f.claim.text, s.text) for f in result.findings for s in f.sources}


@pytest.mark.parametrize("draft,db", [("000", "001"), ("001", "000")])
def test_raw_pages_report_92_62_and_595_220_from_both_sides(tmp_path: Path, draft: str, db: str) -> None:
    """The pair is reported from both sides with the same severity (no sidecar, no date)."""
    folder = tmp_path / "draft"
    folder.mkdir()
    shutil.copy(SEED[draft], folder)
    result = api.check([folder], _raw_db(tmp_path, db), settings=seeds_settings())
    found = _figures(result)
    want = {("62项", "92项"), ("220名", "595名")} if draft == "000" else {("92项", "62项"), ("595名", "220名")}
    assert {(d, s) for code, d, s in found if code == "FC102"} >= want


def test_every_finding_says_why_in_json(all_seeds_db: Path) -> None:
    result = runner.invoke(app, ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(all_seeds_db), "-f", "json"])
    findings = json.loads(result.stdout)["findings"]
    conflict = next(f for f in findings if f["code"] == "FC101" and f["claim"]["text"] == "260名")
    rules = [r["id"] for r in conflict["why"]["rules"]]
    assert rules[0] == "F09" and conflict["why"]["fields"]["subject"] == {"draft": "庭州英才", "source": "庭州英才"}
    scoped = next(f for f in findings if f["code"] == "FC102")
    assert [r["id"] for r in scoped["why"]["rules"]] == ["F10", "T09"]
    assert all(s["why"]["rules"] for f in findings for s in f["sources"])


def test_verbose_text_and_explain_file_line_show_the_rules(all_seeds_db: Path) -> None:
    draft = str(DRAFTS / "talent_conflict.md")
    text = runner.invoke(app, ["check", draft, "--db", str(all_seeds_db), "-v"]).stdout
    assert "依据：F10 programme-total" in text and "T09 cumulative-vs-period" in text
    explained = runner.invoke(app, ["explain", f"{draft}:12", "--db", str(all_seeds_db)])
    assert explained.exit_code == 0
    assert "→ conflict: 220名" in explained.stdout and "→ other: 75名" in explained.stdout
    assert "F05 other-programme" in explained.stdout  # why 75名 of 天山英才 is another fact
    assert "owners-differ" in runner.invoke(app, ["explain", "E09"]).stdout


def test_a_rule_turned_off_in_the_config_changes_the_verdict(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_text((DRAFTS / "talent_conflict.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".factcheck.toml").write_text('region = "changji"\ndisable = ["similar-subject"]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "-f", "json"])
    assert ("FC101", "260名") not in {(f["code"], f["claim"]["text"]) for f in json.loads(result.stdout)["findings"]}
    (tmp_path / ".factcheck.toml").write_text('disable = ["no-such-rule"]\n', encoding="utf-8")
    bad = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db)])
    assert bad.exit_code == 2 and "no-such-rule" in bad.stderr and ".factcheck.toml" in bad.stderr


@pytest.mark.parametrize("wording", ["达到", "总量达"])  # 总量 says it is a total, not whose
def test_a_typo_for_a_stated_year_is_an_error_against_that_year(tmp_path: Path, all_seeds_db: Path,
                                                                 wording: str) -> None:
    """2022年 196家 vs 003's 169家 (2022): an error; 001's undated-scope 277家 (2024) is not."""
    draft = tmp_path / "d.md"
    draft.write_text(f"2022年,昌吉州高新技术企业{wording}196家。\n", encoding="utf-8")
    result = api.check([draft], all_seeds_db, settings=seeds_settings())
    errors = {(f.claim.text, s.text) for f in result.findings if f.code == "FC101" for s in f.sources}
    assert ("196家", "169家") in errors and ("196家", "277家") not in errors


def test_the_decision_rules_document_is_current() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "scripts/rules_doc.py", "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
