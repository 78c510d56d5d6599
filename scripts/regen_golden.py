#!/usr/bin/env python3
"""Regenerate the golden reports under tests/golden/ (never edit them by hand).

    .venv/bin/python scripts/regen_golden.py          # rewrite tests/golden/*
    .venv/bin/python scripts/regen_golden.py --check  # exit 1 if they are out of date

Runs ``factcheck check fixtures/drafts/talent_conflict.md`` in every format against a
fresh claims DB of ``fixtures/seeds`` (in a temporary directory, from the repository
root) and records each file's sha256 in ``tests/golden/MANIFEST.json``; the tests compare
both the output and the hash, so a hand-edited golden file fails.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DRAFT = "fixtures/drafts/talent_conflict.md"
REGENERATE = ".venv/bin/python scripts/regen_golden.py"
# golden file name -> extra options of `factcheck check`
CASES: dict[str, list[str]] = {
    "talent_conflict.text.zh.txt": ["--format", "text"],
    "talent_conflict.text.en.txt": ["--format", "text", "--lang", "en"],
    "talent_conflict.json": ["--format", "json"],
    "talent_conflict.github.txt": ["--format", "github"],
    "talent_conflict.sarif.json": ["--format", "sarif"],
    "talent_conflict.gitlab.json": ["--format", "gitlab"],
    "talent_conflict.html": ["--format", "html"],
    "talent_conflict.rdjson.json": ["--format", "rdjson"],
    "talent_conflict.junit.xml": ["--format", "junit"],
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_all(db: Path) -> dict[str, str]:
    """Every golden report, produced through the CLI from the repository root."""
    from typer.testing import CliRunner

    from factcheck.cli import app

    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        ingest = runner.invoke(app, ["ingest", "fixtures/seeds", "--db", str(db), "--quiet"])
        if ingest.exit_code != 0:
            raise RuntimeError(f"ingest failed: {ingest.stderr}")
        out = {}
        for name, options in CASES.items():
            result = runner.invoke(app, ["check", DRAFT, "--db", str(db), *options], env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "FORCE_COLOR": None})
            if result.exit_code != 1:
                raise RuntimeError(f"{name}: expected exit code 1, got {result.exit_code}: {result.stderr}")
            out[name] = result.stdout
        return out
    finally:
        os.chdir(cwd)


def manifest(outputs: dict[str, str]) -> str:
    body = {"generated_by": "scripts/regen_golden.py", "do_not_edit": True,
            "regenerate": REGENERATE,
            "command": f"factcheck check {DRAFT} --db <fresh DB of fixtures/seeds> <options>",
            "files": {name: {"options": CASES[name], "sha256": sha256(text)} for name, text in sorted(outputs.items())}}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="factcheck-golden-") as tmp:
        outputs = render_all(Path(tmp) / "db")
    files = {**outputs, "MANIFEST.json": manifest(outputs)}
    if "--check" in argv:
        stale = [n for n, t in files.items() if not (GOLDEN / n).exists()
                 or (GOLDEN / n).read_text(encoding="utf-8") != t]
        for n in stale:
            print(f"out of date: tests/golden/{n}", file=sys.stderr)
        return 1 if stale else 0
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (GOLDEN / name).write_bytes(text.encode("utf-8"))
        print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
