"""Issue 5: the snippets in docs/ci.md parse, and every factcheck command in them exists."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml
from conftest import ROOT

from factcheck import config
from factcheck.cli import app

DOC = ROOT / "docs" / "ci.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _raw_yaml_blocks() -> dict[str, str]:
    out = {}
    for block in _blocks("yaml"):
        data = yaml.safe_load(block)
        out["github" if "jobs" in data else "pre-commit" if "repos" in data else "gitlab"] = block
    return out


def _yaml_blocks() -> dict[str, dict]:
    return {key: yaml.safe_load(block) for key, block in _raw_yaml_blocks().items()}


def _factcheck_commands(data: object) -> list[str]:
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("run", "script", "entry") and isinstance(value, str):
                found.extend(line for line in value.splitlines() if line.strip().startswith("factcheck"))
            else:
                found.extend(_factcheck_commands(value))
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str) and item.strip().startswith("factcheck"):
                found.append(item)
            else:
                found.extend(_factcheck_commands(item))
    return found


def test_every_yaml_snippet_parses() -> None:
    blocks = _yaml_blocks()
    assert set(blocks) == {"github", "gitlab", "pre-commit"}


def test_commands_in_the_snippets_exist() -> None:
    group = typer.main.get_command(app)
    commands = [c for data in _yaml_blocks().values() for c in _factcheck_commands(data)]
    assert len(commands) >= 5
    for line in commands:
        words = shlex.split(line)
        assert words[0] == "factcheck" and words[1] in group.commands, line  # type: ignore[attr-defined]
        command = group.commands[words[1]]  # type: ignore[attr-defined]
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")}
        for word in words[2:]:
            if word.startswith("-"):
                assert word.split("=")[0] in options, f"{line}: no option {word}"
        for fmt in re.findall(r"--format (\w+)", line):
            assert fmt in {"auto", "text", "json", "github", "sarif", "gitlab"}


def test_github_workflow_caches_the_db_on_content_and_uploads_sarif() -> None:
    steps = _yaml_blocks()["github"]["jobs"]["factcheck"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert "hashFiles('articles/**')" in cache["with"]["key"] and cache["with"]["restore-keys"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    produced = next(s["run"] for s in steps if "--format sarif" in s.get("run", ""))
    assert upload["with"]["sarif_file"] in produced


def test_gitlab_job_publishes_the_code_quality_report() -> None:
    job = _yaml_blocks()["gitlab"]["factcheck"]
    report = job["artifacts"]["reports"]["codequality"]
    assert any("--format gitlab" in line and report in line for line in job["script"])
    assert job["artifacts"]["when"] == "always"


def test_the_toml_example_is_a_valid_config(tmp_path: Path) -> None:
    (block,) = _blocks("toml")
    path = tmp_path / ".factcheck.toml"
    path.write_text(block, encoding="utf-8")
    cfg = config.load(path)
    assert cfg.sources and cfg.region == "changji" and cfg.disable == ("E09",) and cfg.db == tmp_path / ".factcheck" / "db"


def test_the_pre_commit_snippet_is_a_valid_config(tmp_path: Path) -> None:
    if subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(_raw_yaml_blocks()["pre-commit"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("which, schema", [("github", "vendor.github-workflows"), ("gitlab", "vendor.gitlab-ci")])
def test_ci_snippets_validate_against_the_vendored_schemas(tmp_path: Path, which: str, schema: str) -> None:
    """check-jsonschema ships the GitHub workflow and GitLab CI schemas: no network needed."""
    pytest.importorskip("check_jsonschema", reason="check-jsonschema is not installed (pip install -e '.[test]')")
    path = tmp_path / f"{which}.yaml"
    path.write_text(_raw_yaml_blocks()[which], encoding="utf-8")  # as written (PyYAML reads `on:` as True)
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
