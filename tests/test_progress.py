"""Issue 16.7: a progress bar on stderr for ingest and audit when stderr is a terminal;
nothing in CI or when piped."""
from __future__ import annotations

import io

from conftest import SEEDS
from typer.testing import CliRunner

from factcheck import progress
from factcheck.cli import app


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_only_on_a_terminal_and_never_in_ci() -> None:
    assert progress.wanted(_Tty(), {}) is True
    assert progress.wanted(io.StringIO(), {}) is False  # piped
    assert progress.wanted(_Tty(), {"CI": "true"}) is False
    assert progress.wanted(_Tty(), {"GITHUB_ACTIONS": "true"}) is False
    assert progress.wanted(_Tty(), {"TERM": "dumb"}) is False


def test_the_bar_counts_the_work() -> None:
    from rich.console import Console

    out = _Tty()
    console = Console(file=out, force_terminal=True, width=80)
    with progress.bar("ingest", True, console) as t:
        t.total(3)
        for _ in range(3):
            t.advance()
        console.file.flush()
    assert "ingest" in out.getvalue() and "3/3" in out.getvalue()


def test_ingest_and_audit_report_progress_to_a_terminal(tmp_path, monkeypatch) -> None:
    seen: list[tuple[str, object]] = []

    class Spy(progress.Tracker):
        def total(self, n: int) -> None:
            seen.append(("total", n))

        def advance(self, *_: object) -> None:
            seen.append(("advance", None))

        def at(self, done: int, total: int) -> None:
            seen.append(("at", total))

    from contextlib import contextmanager

    @contextmanager
    def spy_bar(label: str, enabled: bool, console=None):
        assert enabled
        yield Spy()

    monkeypatch.setattr(progress, "wanted", lambda *a, **k: True)
    monkeypatch.setattr(progress, "bar", spy_bar)
    runner = CliRunner()
    db = tmp_path / "db"
    assert runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "-j", "1"]).exit_code == 0
    assert ("total", 5) in seen and seen.count(("advance", None)) == 5
    runner.invoke(app, ["audit", "--db", str(db)])
    assert any(kind == "at" for kind, _ in seen)


def test_nothing_but_the_summary_when_piped(tmp_path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "db")], env={"CI": None})
    assert result.stderr.strip().startswith("ingested:") and "━" not in result.stderr
