"""The command line: thin Typer commands over :mod:`factcheck.api`.

Reports go to stdout (or ``-o FILE``); progress, warnings and errors go to stderr.
Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or unreadable input.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__

app = typer.Typer(
    name="factcheck",
    help="Check the figures in news copy against a claims database of earlier articles.\n\n"
         "Example: factcheck ingest fixtures/seeds && factcheck check fixtures/drafts",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DEFAULT_DB = "claims_db"


class Format(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """factcheck: numeric claims in a draft vs. what the newsroom published before."""


def _emit(text: str, output: Optional[Path]) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Article files (.txt, .md) or directories."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Directory of the claims DB."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on stderr."),
) -> None:
    """Add or refresh articles in the claims DB (unchanged files are skipped).

    Example: factcheck ingest fixtures/seeds
    """
    from .api import ingest as run
    from .store import StoreError

    try:
        result = run(paths, db)
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    for e in result.errors:
        _err(f"factcheck: skipped {e}")
    if not quiet:
        _err(f"ingested: {result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
             f"{result.claims} claims stored, {len(result.errors)} skipped")
    raise typer.Exit(2 if result.errors else 0)


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="Drafts to check (.txt, .md) or directories."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="Directory of the claims DB."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Report format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of messages."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list figures that agree (FC100)."),
    fail_on: Level = typer.Option(Level.error, "--fail-on", help="Lowest severity that makes the exit code 1."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when there are findings."),
) -> None:
    """Check drafts against the claims DB and report figures that disagree.

    Example: factcheck check fixtures/drafts/talent.md --format json
    """
    import os

    from .api import check as run
    from .report import renderer
    from .store import StoreError

    try:
        result = run(paths, db, lang=lang.value, verbose=verbose)
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    for e in result.errors:
        _err(f"factcheck: skipped {e}")
    name = fmt.value
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    _emit(renderer(name)(result, lang.value), output)
    code = result.exit_code(fail_on.value)
    raise typer.Exit(0 if exit_zero and code == 1 else code)


@app.command()
def claims(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .md) or directories."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
    all_mentions: bool = typer.Option(False, "--all-mentions", help="Also list dates, ordinals and non-quantities."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE."),
) -> None:
    """List the numeric claims extracted from files.

    Example: factcheck claims fixtures/seeds/000_4f2cc99a263c1c5d.txt --format json
    """
    from .extract import extract
    from .reading import InputError, iter_paths, read_document
    from .report.record import claim_record
    from .positions import LineIndex

    records, errors = [], []
    for path in iter_paths(paths):
        try:
            doc = read_document(path)
        except InputError as exc:
            errors.append(exc)
            continue
        x = extract(doc)
        for c in x.claims:
            records.append({"path": doc.path, **claim_record(c)})
        if all_mentions:
            index = LineIndex(doc.text)
            for m in x.mentions:
                if m.kind != "claim":
                    line, col = index.position(m.start)
                    records.append({"path": doc.path, "line": line, "column": col, "text": m.text, "kind": m.kind})
    for e in errors:
        _err(f"factcheck: skipped {e}")
    records.sort(key=lambda r: (r["path"], r["line"], r["column"]))
    if fmt == Format.json:
        text = json.dumps({"claims": records}, ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(
            f"{r['path']}:{r['line']}:{r['column']}: {r['text']}"
            + (f" [{r['low']}, {r['high']}] {r['unit']} 对象={r['subject']} 口径={r['scope']} 地区={r['place']}"
               if "low" in r else f" ({r['kind']})") + "\n" for r in records)
    _emit(text, output)
    raise typer.Exit(2 if errors else 0)


@app.command("rules")
def list_rules() -> None:
    """List finding codes, names and default levels."""
    from .rules import RULES

    for r in RULES.values():
        typer.echo(f"{r.code}  {r.name:<22} {r.severity:<8} {r.summary_zh}")


@app.command()
def explain(code: str = typer.Argument(..., help="A finding code, e.g. FC101.")) -> None:
    """Explain a finding code: what it means, an example, how to resolve or accept it."""
    from .rules import get

    try:
        r = get(code.upper())
    except KeyError as exc:
        _err(f"factcheck: {exc.args[0]}")
        raise typer.Exit(2)
    typer.echo(f"{r.code} {r.name} ({r.severity})\n\n{r.summary_zh} / {r.summary_en}\n\n{r.help_zh}\n\n例：{r.example_zh}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("factcheck: interrupted")
        sys.exit(130)
