"""Issue 5: report formats — golden files for the real fixtures, plus the rules of each format."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import DRAFTS, ROOT
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from factcheck.api import CheckResult
from factcheck.cli import app
from factcheck.records import Claim, Finding, Quantity, Source, TimeScope
from factcheck.report import github_format, gitlab_format, renderer, sarif_format
from factcheck.rules import RULES

runner = CliRunner()


def _regen_module():
    spec = importlib.util.spec_from_file_location("regen_golden", ROOT / "scripts" / "regen_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def golden_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    db = tmp_path_factory.mktemp("golden") / "db"
    return _regen_module().render_all(db), db


def test_golden_reports_match_and_were_not_hand_edited(golden_outputs) -> None:
    outputs, _ = golden_outputs
    regen = _regen_module()
    manifest = json.loads((ROOT / "tests" / "golden" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(regen.CASES) == set(outputs)
    how = f"regenerate with: {regen.REGENERATE}"
    for name, text in outputs.items():
        stored = (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8")
        assert regen.sha256(stored) == manifest["files"][name]["sha256"], f"{name} was edited by hand; {how}"
        assert text == stored, f"{name} is out of date; {how}"


def test_golden_reports_are_stable(golden_outputs) -> None:
    outputs, db = golden_outputs
    for name, text in outputs.items():
        assert str(db) not in text and "claims.sqlite" not in text, name
        assert str(ROOT) not in text and "/tmp/" not in text, name
        assert "fixtures/drafts/talent_conflict.md" in text, name
    assert "260名" in outputs["talent_conflict.github.txt"] and "220名" in outputs["talent_conflict.github.txt"]
    assert "错误" in outputs["talent_conflict.text.zh.txt"]
    en = outputs["talent_conflict.text.en.txt"]
    assert "error FC101" in en and "draft: " in en and "source: " in en and "错误" not in en


# --- synthetic findings -------------------------------------------------------------------
def _finding(line: int = 3, severity: str = "error", text: str = "260名", message: str = "数字不一致",
             code: str = "FC101", path: str = "drafts/a.md") -> Finding:
    scope = TimeScope("year", "2024年", 2024)
    q = Quantity(260, 260, "名")
    claim = Claim(path, line, 5, line, 5 + len(text), text, q, "庭州英才", "名", "", scope, "", "遴选培育“庭州英才”260名。", "")
    src = Source("seeds/000.txt", "昌吉日报", "2024-12-19", 66, 9, "220名", "遴选培育“庭州英才”220名，涵盖……",
                 Quantity(220, 220, "名"), scope)
    return Finding(code, severity, message, claim, (src,), "口径：草稿 2024年；来源 2024年")  # type: ignore[arg-type]


def _result(*findings: Finding) -> CheckResult:
    return CheckResult(tuple(findings), ("drafts/a.md",), len(findings))


def test_github_escaping_of_message_and_properties() -> None:
    assert github_format.escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert github_format.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    f = _finding(message="比例 50%: 多,少\n第二行", path="drafts/a:b,c.md")
    line = github_format.render(_result(f)).splitlines()[0]
    assert line.startswith("::error file=drafts/a%3Ab%2Cc.md,line=3,col=5,endLine=3,endColumn=9,title=FC101 figure-conflict::")
    message = line.split("::", 2)[2]
    assert message.startswith("比例 50%25: 多,少%0A第二行%0A来源：昌吉日报")  # ':' and ',' stay in the message
    assert "220名" in message and "\n" not in message


def test_github_levels_and_summary_beyond_ten() -> None:
    many = [_finding(line=i) for i in range(1, 13)] + [_finding(line=20, severity="info", code="FC100")]
    lines = github_format.render(_result(*many), "zh").splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 12
    assert sum(line.startswith("::notice ") for line in lines) == 1
    assert lines[-1].startswith("factcheck：共 12 个错误") and "10" in lines[-1]
    few = github_format.render(_result(*many[:10]), "en").splitlines()
    assert len(few) == 10 and all(line.startswith("::error ") for line in few)
    en = github_format.render(_result(*many), "en").splitlines()
    assert en[-1].startswith("factcheck: 12 errors in total")


def test_sarif_structure() -> None:
    warn = _finding(line=7, severity="warning", code="FC102")
    log = json.loads(sarif_format.render(_result(_finding(path="草稿/a b.md"), warn)))
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0" in log["$schema"]
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for r in driver["rules"]:
        assert r["name"] == RULES[r["id"]].name
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    first, second = run["results"]
    assert first["ruleId"] == "FC101" and first["level"] == "error" and second["level"] == "warning"
    assert driver["rules"][first["ruleIndex"]]["id"] == "FC101"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "%E8%8D%89%E7%A8%BF/a%20b.md"
    assert loc["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9}
    related = first["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "seeds/000.txt"
    assert related["physicalLocation"]["region"]["startLine"] == 66
    assert "220名" in related["message"]["text"] and "遴选培育" in related["message"]["text"]
    assert set(first["partialFingerprints"]) == {sarif_format.FINGERPRINT_KEY}


def test_info_maps_to_note_in_sarif_and_info_in_gitlab() -> None:
    f = _finding(severity="info", code="FC100")
    assert json.loads(sarif_format.render(_result(f)))["runs"][0]["results"][0]["level"] == "note"
    assert json.loads(gitlab_format.render(_result(f)))[0]["severity"] == "info"


def test_gitlab_code_quality() -> None:
    twice = [_finding(line=3), _finding(line=9), _finding(line=11, severity="warning", code="FC102")]
    text = gitlab_format.render(_result(*twice))
    assert not text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    issues = json.loads(text)
    assert [i["severity"] for i in issues] == ["major", "major", "minor"]
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == 3
    assert issues[0]["location"] == {"path": "drafts/a.md", "lines": {"begin": 3, "end": 3}}
    assert issues[0]["check_name"] == "FC101" and "220名" in issues[0]["description"]


def test_fingerprints_do_not_depend_on_line_numbers() -> None:
    before = [_finding(line=3), _finding(line=9)]
    after = [_finding(line=30), _finding(line=95)]
    for fmt in (gitlab_format, sarif_format):
        a, b = fmt.render(_result(*before)), fmt.render(_result(*after))
        assert _prints(a) == _prints(b) and len(set(_prints(a))) == 2
    changed = [_finding(line=3, text="270名"), _finding(line=9)]
    assert _prints(gitlab_format.render(_result(*changed)))[0] != _prints(gitlab_format.render(_result(*before)))[0]


def _prints(text: str) -> list[str]:
    data = json.loads(text)
    if isinstance(data, list):
        return [i["fingerprint"] for i in data]
    return [r["partialFingerprints"][sarif_format.FINGERPRINT_KEY] for r in data["runs"][0]["results"]]


def test_fingerprints_survive_inserted_lines_end_to_end(tmp_path: Path, all_seeds_db: Path) -> None:
    draft = tmp_path / "draft.md"
    original = (DRAFTS / "talent_conflict.md").read_text(encoding="utf-8")
    runs = []
    for text in (original, original.replace("# 昌吉州", "\n\n\n# 昌吉州", 1)):
        draft.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["check", str(draft), "--db", str(all_seeds_db), "-f", "gitlab"])
        assert result.exit_code == 1, result.stderr
        runs.append(json.loads(result.stdout))
    assert [i["location"]["lines"]["begin"] + 3 for i in runs[0]] == [i["location"]["lines"]["begin"] for i in runs[1]]
    assert [i["fingerprint"] for i in runs[0]] == [i["fingerprint"] for i in runs[1]]


def test_auto_format_is_github_on_actions_and_text_elsewhere(all_seeds_db: Path) -> None:
    args = ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(all_seeds_db), "--format", "auto"]
    on_ci = runner.invoke(app, args, env={"GITHUB_ACTIONS": "true"})
    assert on_ci.stdout.startswith("::error file=")
    local = runner.invoke(app, args, env={"GITHUB_ACTIONS": None})
    assert not local.stdout.startswith("::") and "错误 FC101" in local.stdout


def test_output_file_gets_the_report_and_stdout_stays_empty(tmp_path: Path, all_seeds_db: Path) -> None:
    out = tmp_path / "report.sarif"
    result = runner.invoke(app, ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(all_seeds_db),
                                 "-f", "sarif", "-o", str(out)])
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]


def test_every_format_has_a_renderer() -> None:
    for name in ("text", "json", "github", "sarif", "gitlab"):
        assert callable(renderer(name))
    with pytest.raises(KeyError):
        renderer("xml")


def _unescape(text: str) -> str:
    for code, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(code, char)
    return text


@given(st.text())
def test_github_escaping_round_trips_and_leaves_no_separators(value: str) -> None:
    prop = github_format.escape_property(value)
    data = github_format.escape_data(value)
    assert not set(prop) & set(":,\r\n") and not set(data) & set("\r\n")
    assert _unescape(prop) == value and _unescape(data) == value


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_only_on_a_terminal_and_as_the_environment_says() -> None:
    from factcheck.report.text_format import use_colour

    assert use_colour(_Tty(True), {}) and not use_colour(_Tty(False), {})
    assert not use_colour(_Tty(True), {"NO_COLOR": "1"}) and not use_colour(_Tty(True), {"TERM": "dumb"})
    assert use_colour(_Tty(False), {"FORCE_COLOR": "1"})
    assert not use_colour(_Tty(False), {"FORCE_COLOR": "1", "NO_COLOR": "1"})


def test_colour_reaches_the_text_report_but_never_files_or_machine_formats(tmp_path: Path, all_seeds_db: Path) -> None:
    args = ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(all_seeds_db)]
    coloured = runner.invoke(app, args, env={"FORCE_COLOR": "1", "NO_COLOR": None})
    assert "\x1b[1;31m错误\x1b[0m FC101" in coloured.stdout
    plain = runner.invoke(app, args, env={"FORCE_COLOR": None, "NO_COLOR": None})
    assert "\x1b[" not in plain.stdout  # CliRunner's stdout is not a terminal
    assert "\x1b[" not in runner.invoke(app, [*args, "-f", "json"], env={"FORCE_COLOR": "1"}).stdout
    out = tmp_path / "r.txt"
    runner.invoke(app, [*args, "-o", str(out)], env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in out.read_text(encoding="utf-8") and "FC101" in out.read_text(encoding="utf-8")


def test_github_job_summary_gets_the_full_text_report(tmp_path: Path, all_seeds_db: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    args = ["check", str(DRAFTS / "talent_conflict.md"), "--db", str(all_seeds_db), "-f", "github"]
    result = runner.invoke(app, args, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1 and result.stdout.startswith("::error ")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### factcheck") and "错误 FC101" in text and "【220名】" in text
    runner.invoke(app, [*args[:-1], "json"], env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8") == text  # only the github format writes it
