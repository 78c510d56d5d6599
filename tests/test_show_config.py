"""Issue 16.9: `factcheck config` prints the effective configuration and where each value
came from (as `ruff check --show-settings`, `vale ls-config`)."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()


def _project(tmp_path: Path) -> Path:
    (tmp_path / "drafts").mkdir()
    (tmp_path / ".factcheck.toml").write_text('threshold = 90\nseverity = { FC102 = "info" }\ndb = "store"\nregion = "changji"\n',
                                              encoding="utf-8")
    return tmp_path


def test_config_shows_values_and_their_origin(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = runner.invoke(app, ["config", str(root / "drafts")])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    where = str(root / ".factcheck.toml")

    def line(key: str) -> str:
        return next(x for x in lines if x.startswith(key + " "))

    assert "90" in line("threshold") and where in line("threshold")
    assert "store" in line("db") and where in line("db")
    assert "info" in line("severity.FC102") and where in line("severity.FC102")
    assert "error" in line("severity.FC101") and "default" in line("severity.FC101")
    assert "changji" in line("region") and where in line("region")
    assert "昌吉州" in line("home_region") and "region pack" in line("home_region")
    assert "default" in line("baseline")


def test_config_json_and_without_a_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["config", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["file"] is None
    assert data["settings"]["threshold"] == {"value": 88.0, "origin": "default"}
    (tmp_path / "p").mkdir()
    root = _project(tmp_path / "p")
    data = json.loads(runner.invoke(app, ["config", str(root), "-f", "json"]).stdout)
    assert data["settings"]["threshold"]["origin"] == str(root / ".factcheck.toml")


def test_config_with_a_bad_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").write_text("nope = 1\n", encoding="utf-8")
    result = runner.invoke(app, ["config", str(tmp_path)])
    assert result.exit_code == 2 and "nope" in result.stderr
