"""Issue 5: the CLI — exit codes 0/1/2 and stdout kept apart from stderr, for every command."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DRAFTS, ROOT, SEED
from typer.testing import CliRunner

from factcheck import __version__, cli
from factcheck.cli import app
from factcheck.rules import RULES

runner = CliRunner()
CONFLICT = str(DRAFTS / "talent_conflict.md")
CONSISTENT = str(DRAFTS / "talent_consistent.md")
ALL_CODES = ("FC101", "FC102", "FC103", "FC201", "FC202")


def _check(db: Path, *args: str, env: dict | None = None):
    return runner.invoke(app, ["check", *args, "--db", str(db)], env=env)


def _severity_config(tmp_path: Path, level: str) -> Path:
    cfg = tmp_path / f"{level}.toml"
    cfg.write_text("[severity]\n" + "".join(f'{c} = "{level}"\n' for c in ALL_CODES), encoding="utf-8")
    return cfg


def test_version_is_eager_and_on_stdout() -> None:
    result = runner.invoke(app, ["--version", "check"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"factcheck {__version__}" and result.stderr == ""


def test_python_dash_m_works() -> None:
    done = subprocess.run([sys.executable, "-m", "factcheck", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.strip() == f"factcheck {__version__}"


def test_no_arguments_shows_help_and_is_a_usage_error() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "check" in result.output and "ingest" in result.output


def test_every_command_has_help_with_an_example() -> None:
    for command in ("ingest", "check", "claims", "rules", "explain"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.stdout, command
    for command in ("ingest", "check", "claims"):
        assert "Example" in runner.invoke(app, [command, "--help"]).stdout, command


def test_rules_lists_every_code() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0 and result.stderr == ""
    codes, decisions = result.stdout.split("\n\n")
    assert [line.split()[0] for line in codes.splitlines()] == list(RULES)
    assert "figure-conflict" in result.stdout
    from factcheck.judge import RULES as DECISIONS

    assert [line.split()[0] for line in decisions.splitlines()] == list(DECISIONS)


def test_explain_known_and_unknown_codes() -> None:
    known = runner.invoke(app, ["explain", "fc101"])
    assert known.exit_code == 0 and known.stderr == ""
    assert known.stdout.startswith("FC101 figure-conflict (error)") and "例：" in known.stdout
    unknown = runner.invoke(app, ["explain", "FC999"])
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert "FC999" in unknown.stderr and "FC101" in unknown.stderr


def test_ingest_reports_on_stderr_only(tmp_path: Path) -> None:
    db = tmp_path / "db"
    result = runner.invoke(app, ["ingest", str(SEED["000"]), "--db", str(db)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "ingested: 1 added" in result.stderr
    again = runner.invoke(app, ["ingest", str(SEED["000"]), "--db", str(db)])
    assert "0 added, 0 updated, 1 unchanged" in again.stderr
    quiet = runner.invoke(app, ["ingest", str(SEED["000"]), "--db", str(db), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_ingest_of_unreadable_file_exits_2_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe\x00")
    result = runner.invoke(app, ["ingest", str(bad), str(SEED["000"]), "--db", str(tmp_path / "db")])
    assert result.exit_code == 2 and result.stdout == ""
    assert "bad.txt" in result.stderr


def test_ingest_without_paths_or_sources_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "db")])
    assert result.exit_code == 2 and "sources" in result.stderr


def test_check_exit_codes(all_seeds_db: Path) -> None:
    assert _check(all_seeds_db, CONFLICT).exit_code == 1
    assert _check(all_seeds_db, CONSISTENT).exit_code == 0
    zero = _check(all_seeds_db, CONFLICT, "--exit-zero")
    assert zero.exit_code == 0 and "FC101" in zero.stdout


def test_fail_on_levels(all_seeds_db: Path, tmp_path: Path) -> None:
    warnings = str(_severity_config(tmp_path, "warning"))
    assert _check(all_seeds_db, CONFLICT, "--config", warnings).exit_code == 0
    assert _check(all_seeds_db, CONFLICT, "--config", warnings, "--fail-on", "warning").exit_code == 1
    assert _check(all_seeds_db, CONFLICT, "--config", warnings, "--fail-on", "info").exit_code == 1
    infos = str(_severity_config(tmp_path, "info"))
    assert _check(all_seeds_db, CONFLICT, "--config", infos, "--fail-on", "warning").exit_code == 0
    assert _check(all_seeds_db, CONFLICT, "--config", infos, "--fail-on", "info").exit_code == 1
    off = tmp_path / "off.toml"
    off.write_text("[severity]\n" + "".join(f'{c} = "off"\n' for c in ALL_CODES), encoding="utf-8")
    silent = _check(all_seeds_db, CONFLICT, "--config", str(off), "--fail-on", "info", "-f", "json")
    assert silent.exit_code == 0 and json.loads(silent.stdout)["findings"] == []
    # FC100 confirmations never fail a run
    assert _check(all_seeds_db, CONSISTENT, "-v", "--fail-on", "info").exit_code == 0


def test_bad_fail_on_value_is_a_usage_error(all_seeds_db: Path) -> None:
    result = _check(all_seeds_db, CONFLICT, "--fail-on", "fatal")
    assert result.exit_code == 2 and result.stdout == ""


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_machine_formats_are_pure_json_on_stdout(all_seeds_db: Path, tmp_path: Path, fmt: str) -> None:
    missing = tmp_path / "missing.md"
    result = _check(all_seeds_db, CONFLICT, str(missing), "-f", fmt)
    assert result.exit_code == 2  # unreadable input wins over findings
    json.loads(result.stdout)
    assert "missing.md" in result.stderr and "missing.md" not in result.stdout.split('"skipped"')[0]


def test_github_format_has_only_workflow_commands_on_stdout(all_seeds_db: Path) -> None:
    result = _check(all_seeds_db, CONFLICT, "-f", "github")
    assert result.exit_code == 1
    assert result.stdout and all(line.startswith("::") for line in result.stdout.splitlines())
    assert result.stderr == ""


def test_check_with_missing_db_exits_2_naming_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", CONFLICT, "--db", str(tmp_path / "nodb"), "-f", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "nodb" in result.stderr and "factcheck ingest" in result.stderr


def test_check_of_missing_draft_exits_2_naming_it(all_seeds_db: Path) -> None:
    result = _check(all_seeds_db, "no_such_draft.md")
    assert result.exit_code == 2 and "no_such_draft.md" in result.stderr


def test_lang_en_messages_in_json(all_seeds_db: Path) -> None:
    zh = json.loads(_check(all_seeds_db, CONFLICT, "-f", "json").stdout)
    en = json.loads(_check(all_seeds_db, CONFLICT, "-f", "json", "--lang", "en").stdout)
    assert [f["code"] for f in zh["findings"]] == [f["code"] for f in en["findings"]]
    assert "写作" in zh["findings"][0]["message"] and "写作" not in en["findings"][0]["message"]


def test_claims_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["claims", CONFLICT, "--format", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    texts = {c["text"] for c in json.loads(result.stdout)["claims"]}
    assert {"260名", "2.94亿元"} <= texts
    sarif = runner.invoke(app, ["claims", CONFLICT, "--format", "sarif"])
    assert sarif.exit_code == 2 and sarif.stdout == "" and "json" in sarif.stderr
    missing = runner.invoke(app, ["claims", str(tmp_path / "gone.md")])
    assert missing.exit_code == 2 and "gone.md" in missing.stderr


def test_unwritable_output_exits_2(all_seeds_db: Path, tmp_path: Path) -> None:
    result = _check(all_seeds_db, CONFLICT, "-o", str(tmp_path / "no" / "dir" / "r.txt"))
    assert result.exit_code == 2 and "r.txt" in result.stderr


def test_internal_error_has_no_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import factcheck.api

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret article text")

    monkeypatch.setattr(factcheck.api, "check", boom)
    monkeypatch.setattr(sys, "argv", ["factcheck", "check", CONFLICT, "--db", "claims_db"])
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err


def test_streams_stay_apart_in_a_real_process(tmp_path: Path) -> None:
    """Not only under CliRunner: a subprocess with progress (sources refreshed) and a warning."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_bytes(SEED["000"].read_bytes())
    (tmp_path / "articles" / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / ".factcheck.toml").write_text('db = "db"\nsources = ["articles/*.txt"]\n', encoding="utf-8")
    (tmp_path / "d.md").write_bytes((DRAFTS / "talent_conflict.md").read_bytes())
    for fmt in ("sarif", "gitlab", "json", "github"):
        done = subprocess.run([sys.executable, "-m", "factcheck", "check", "d.md", "-f", fmt],
                              capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"})
        assert done.returncode == 1, done.stderr
        if fmt == "github":
            assert all(line.startswith("::") for line in done.stdout.splitlines())
        else:
            json.loads(done.stdout)
        assert "broken.txt" in done.stderr and "broken.txt" not in done.stdout
    assert "ingested" not in done.stdout
