"""Issue 5: the pre-commit hook, end to end with the real ``pre-commit`` tool, offline.

A throwaway git repository of articles with a .factcheck.toml naming them as sources;
the hook is this repository's .pre-commit-hooks.yaml entry, run as a ``repo: local`` hook
with this checkout's interpreter (no network, no hook environment to build).
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DRAFTS, ROOT, SEED

MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def _pre_commit() -> list[str]:
    """The pre-commit command, installing it into this venv (from PyPI) when missing."""
    probe = subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True, text=True)
    if probe.returncode != 0:
        install = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pre-commit"],
                                 capture_output=True, text=True, timeout=300)
        if install.returncode != 0:
            pytest.skip(f"pre-commit is not installed and `pip install pre-commit` failed: {install.stderr[-300:]}")
    return [sys.executable, "-m", "pre_commit"]


def test_manifest_declares_the_hook_as_documented() -> None:
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert hook["id"] == "factcheck" and hook["name"]
    assert hook["entry"] == "factcheck check" and hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "plain-text"] and hook["require_serial"] is True
    done = subprocess.run([*_pre_commit(), "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _git(repo: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check, timeout=300)


@pytest.fixture()
def newsroom(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    pre_commit = _pre_commit()
    repo = tmp_path / "newsroom"
    (repo / "articles").mkdir(parents=True)
    shutil.copy(SEED["000"], repo / "articles" / "talent.txt")
    (repo / "articles" / "talent.meta.yaml").write_text("title: 人才工作成果\ndate: 2024-12-19\n", encoding="utf-8")
    (repo / ".factcheck.toml").write_text('db = ".factcheck/db"\nsources = ["articles/**/*.txt"]\n', encoding="utf-8")
    (repo / ".gitignore").write_text(".factcheck/\n", encoding="utf-8")
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    local = {**hook, "language": "system", "exclude": "^articles/",
             "entry": f"{shlex.quote(sys.executable)} -m factcheck check"}
    local.pop("minimum_pre_commit_version", None)
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), PRE_COMMIT_COLOR="never", NO_COLOR="1",
               GIT_AUTHOR_NAME="编辑", GIT_AUTHOR_EMAIL="desk@example.org", GIT_COMMITTER_NAME="编辑",
               GIT_COMMITTER_EMAIL="desk@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp_path))
    _git(repo, "init", "-q", env=env)
    done = subprocess.run([*pre_commit, "install"], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    _git(repo, "add", ".", env=env)
    _git(repo, "commit", "-q", "-m", "articles", env=env)
    return repo, env


def test_hook_passes_a_consistent_draft_and_blocks_a_conflicting_one(newsroom: tuple[Path, dict[str, str]]) -> None:
    repo, env = newsroom
    (repo / "drafts").mkdir()
    shutil.copy(DRAFTS / "talent_consistent.md", repo / "drafts" / "ok.md")
    _git(repo, "add", "drafts/ok.md", env=env)
    ok = _git(repo, "commit", "-m", "consistent draft", env=env, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "factcheck" in ok.stdout + ok.stderr and "Passed" in ok.stdout + ok.stderr

    head = _git(repo, "rev-parse", "HEAD", env=env).stdout
    shutil.copy(DRAFTS / "talent_conflict.md", repo / "drafts" / "bad.md")
    _git(repo, "add", "drafts/bad.md", env=env)
    bad = _git(repo, "commit", "-m", "conflicting draft", env=env, check=False)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "Failed" in output and "FC101" in output
    assert "drafts/bad.md:12:" in output and "260名" in output
    assert "【220名】" in output and "articles/talent.txt:66" in output  # the cited figure and where
    assert _git(repo, "rev-parse", "HEAD", env=env).stdout == head
    status = _git(repo, "status", "--porcelain", env=env).stdout
    assert status.splitlines() == ["A  drafts/bad.md"]  # the hook modified nothing tracked
