"""The console entry point: a plain ``check`` runs without Typer, exactly as through it."""
from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import DRAFTS, ROOT

from factcheck import cli, entry

CONFLICT = str(DRAFTS / "talent_conflict.md")


def _typer_check():  # a click command (of the click that Typer uses)
    group = typer.main.get_command(cli.app)
    return group.commands["check"]  # type: ignore[attr-defined]


def test_the_fast_table_knows_every_option_of_the_typer_command() -> None:
    """Add an option to CHECK_OPTIONS when you add it to `check` (else it only takes the slow path)."""
    command = _typer_check()
    run_params = inspect.signature(entry.run_check).parameters
    seen = set()
    for p in command.params:
        if p.param_type_name != "option" or p.name == "help":
            continue
        for name in p.opts + p.secondary_opts:
            assert name in entry.CHECK_OPTIONS, f"{name} is missing from entry.CHECK_OPTIONS"
            param, read = entry.CHECK_OPTIONS[name]
            assert param == p.name and param in run_params, name
            assert (read is None) == p.is_flag, name
            assert run_params[param].default == (p.default.value if hasattr(p.default, "value") else p.default), name
            if hasattr(p.type, "choices"):
                for choice in p.type.choices:
                    assert read(str(getattr(choice, "value", choice))) == str(getattr(choice, "value", choice))
                with pytest.raises(ValueError):
                    read("no-such-choice")
            seen.add(name)
    assert seen == set(entry.CHECK_OPTIONS)


@pytest.mark.parametrize("args, expected", [
    (["a.md"], {"paths": [Path("a.md")]}),
    (["a.md", "b.md", "--db", "x"], {"paths": [Path("a.md"), Path("b.md")], "db": Path("x")}),
    (["--format=json", "a.md", "-f", "sarif", "-v", "-q"], {"paths": [Path("a.md")], "fmt": "sarif", "verbose": True, "quiet": True}),
    (["--threshold", "90", "--", "-odd.md"], {"paths": [Path("-odd.md")], "threshold": 90.0}),
    (["-", "--fail-on", "warning", "--exit-zero"], {"paths": [Path("-")], "fail_on": "warning", "exit_zero": True}),
])
def test_plain_command_lines_are_read_as_click_reads_them(args: list[str], expected: dict) -> None:
    assert entry.parse_check(args) == expected
    ctx = _typer_check().make_context("check", list(args))
    for key, value in expected.items():
        got = ctx.params[key]
        got = getattr(got, "value", got)
        assert got == value or [Path(p) for p in got] == value or Path(got) == value, key


@pytest.mark.parametrize("args", [
    [], ["--help"], ["a.md", "-h"], ["a.md", "--format", "JSON"], ["a.md", "--threshold", "101"],
    ["a.md", "--nope"], ["a.md", "-vq"], ["a.md", "--verbose=1"], ["a.md", "--db"], ["a.md", "--db", "--quiet"],
    ["a.md", "--version"], ["a.md", "--threshold", "x"],
])
def test_anything_else_goes_to_typer(args: list[str]) -> None:
    assert entry.parse_check(args) is None


def test_a_fresh_check_does_not_import_typer_or_what_it_does_not_use(all_seeds_db: Path) -> None:
    code = ("import runpy, sys\n"
            f"sys.argv = ['factcheck', 'check', {CONFLICT!r}, '--db', {str(all_seeds_db)!r}, '-f', 'json']\n"
            "try:\n    runpy.run_module('factcheck', run_name='__main__')\n"
            "except SystemExit as e:\n    code = e.code\n"
            "sys.stderr.write(f'{code} ' + ' '.join(m for m in ('typer', 'click', 'rich', 'yaml', 'markdown_it',"
            " 'pathspec', 'pygls', 'psycopg', 'factcheck.baseline', 'factcheck.suppress', 'factcheck.lsp',"
            " 'factcheck.progress', 'dataclasses', 'rapidfuzz') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stderr.split() == ["1"], done.stderr


def test_help_and_usage_errors_come_from_typer() -> None:
    for args, code, stream, text in ((["check", "--help"], 0, "stdout", "Example"),
                                     (["check", CONFLICT, "--format", "xml"], 2, "stderr", "--format"),
                                     (["check"], 2, "stderr", "Missing argument")):
        done = subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == code and text in getattr(done, stream), (args, done.stderr)


def test_a_lazy_pattern_is_its_compiled_pattern() -> None:
    import re

    from factcheck.patterns import lazy

    p = lazy(re.compile, r"(\d+)亿", re.I)
    assert "_compiled" not in vars(p)
    assert p.search("授信1.5亿元，共3亿").group(1) == "5" and p.pattern == r"(\d+)亿" and p.flags & re.I
    assert [m.group() for m in p.finditer("1亿2亿")] == ["1亿", "2亿"] and "finditer" in vars(p)


def test_markdown_suffixes_agree() -> None:
    from factcheck import api, suppress

    assert api.MARKDOWN_SUFFIXES == suppress.MARKDOWN_SUFFIXES
