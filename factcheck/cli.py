"""The command line: thin Typer commands over :mod:`factcheck.api`.

Reports go to stdout (or ``-o FILE``); progress, warnings and errors go to stderr.
Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or unreadable input.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

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

if TYPE_CHECKING:
    from .api import CheckResult, Settings
    from .config import Config

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
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _err(f"factcheck: {output}: cannot write the report ({exc.strerror})")
            raise typer.Exit(2)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _config(paths: list[Path], config_file: Optional[Path]) -> "Config":
    from .config import ConfigError, discover, load

    try:
        return load(config_file) if config_file else discover(paths)
    except ConfigError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)


def _settings(cfg: "Config", threshold: Optional[float] = None) -> "Settings":
    from .api import Settings

    base = Settings()
    return Settings(home_names=cfg.home_region or base.home_names,
                    threshold=next(t for t in (threshold, cfg.threshold, base.threshold) if t is not None),
                    severity=dict(cfg.severity), synonyms=cfg.synonyms)


def _ingest(paths: list[Path], db: Path, settings: "Settings", quiet: bool,
            sources_root: Optional[Path] = None, jobs: Optional[int] = None) -> int:
    """Ingest (with ``sources_root``: refresh the configured sources, reporting only
    changes), report on stderr; returns how many files could not be read."""
    from .api import ingest, refresh
    from .store import StoreError

    try:
        result = (refresh(paths, db, sources_root, settings) if sources_root
                  else ingest(paths, db, settings, jobs=jobs))
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    for e in result.errors:
        _err(f"factcheck: skipped {e}")
    if not quiet and (not sources_root or result.added or result.updated or result.removed):
        removed = f", {result.removed} removed" if result.removed else ""
        _err(f"ingested: {result.added} added, {result.updated} updated, {result.unchanged} unchanged{removed}, "
             f"{result.claims} claims stored, {len(result.errors)} skipped")
    return len(result.errors)


def _step_summary(path: Path, result: "CheckResult", lang: str) -> None:
    """On GitHub Actions, the full text report in the job summary (annotations stop at 10)."""
    from .report.text_format import render

    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(f"### factcheck\n\n```text\n{render(result, lang)}```\n")
    except OSError as exc:
        _err(f"factcheck: {path}: cannot write the job summary ({exc.strerror})")


CONFIG_HELP = "Config file (default: the nearest .factcheck.toml or the tool.factcheck table of pyproject.toml)."
DB_HELP = "Directory of the claims DB (default: `db` in the config, else claims_db/)."


@app.command()
def ingest(
    paths: Optional[list[Path]] = typer.Argument(None, help="Article files (.txt, .md) or directories "
                                                          "(default: `sources` in the config)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on stderr."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Extraction processes (default: the cores available)."),
) -> None:
    """Add or refresh articles in the claims DB (unchanged files are skipped).

    Example: factcheck ingest fixtures/seeds
    """
    cfg = _config(paths or [], config_file)
    if not paths:
        paths = cfg.source_files()
        if not cfg.sources:
            _err("factcheck: name the articles to ingest, or set `sources` in .factcheck.toml")
            raise typer.Exit(2)
    skipped = _ingest(paths, db or cfg.db or Path(DEFAULT_DB), _settings(cfg), quiet, jobs=jobs)
    raise typer.Exit(2 if skipped else 0)


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="Drafts to check (.txt, .md) or directories."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Report format (auto: github on GitHub Actions, else text)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of messages."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list figures that agree (FC100)."),
    fail_on: Level = typer.Option(Level.error, "--fail-on", help="Lowest severity that makes the exit code 1."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when there are findings."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Accepted differences (default: `baseline` in the "
                                            "config, else .factcheck-baseline.json beside it, if present)."),
    write_baseline: bool = typer.Option(False, "--write-baseline", help="Accept every current finding into the baseline."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0, max=100, help="Subject similarity needed (0-100)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on stderr."),
) -> None:
    """Check drafts against the claims DB and report figures that disagree.

    When the config names `sources`, the claims DB is brought up to date first.

    Example: factcheck check fixtures/drafts/talent_conflict.md --format json
    """
    import os

    from .api import accept, check as run
    from .baseline import BaselineError
    from .config import DEFAULT_BASELINE
    from .report import renderer
    from .store import StoreError

    cfg = _config(paths, config_file)
    settings = _settings(cfg, threshold)
    db_dir = db or cfg.db or Path(DEFAULT_DB)
    if cfg.sources:
        files = cfg.source_files()
        if not files:
            _err(f"factcheck: {cfg.path}: `sources` ({', '.join(cfg.sources)}) matches no files")
        _ingest(files, db_dir, settings, quiet, sources_root=cfg.root)
    baseline_path = baseline or cfg.baseline or cfg.root / DEFAULT_BASELINE
    if baseline and not baseline.exists() and not write_baseline:
        _err(f"factcheck: {baseline}: no such baseline file (create it with --write-baseline)")
        raise typer.Exit(2)
    try:
        result = run(paths, db_dir, lang=lang.value, verbose=verbose, settings=settings)
        if write_baseline or baseline_path.exists():
            result = accept(result, baseline_path, write=write_baseline, lang=lang.value)
    except (StoreError, BaselineError) as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    for e in result.errors:
        _err(f"factcheck: skipped {e}")
    name = fmt.value
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if name != "text" or output:
        for notice in result.notices:
            _err(f"factcheck: {notice}")
    if write_baseline and not quiet:
        _err(f"factcheck: accepted differences written to {baseline_path}")
    if name == "text" and not output:
        from .report.text_format import render as text_report, use_colour

        report = text_report(result, lang.value, colour=use_colour(sys.stdout))
    else:
        report = renderer(name)(result, lang.value)
    _emit(report, output)
    if name == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _step_summary(Path(os.environ["GITHUB_STEP_SUMMARY"]), result, lang.value)
    code = result.exit_code(fail_on.value)
    raise typer.Exit(0 if exit_zero and code == 1 else code)


@app.command()
def claims(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .md) or directories."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
    all_mentions: bool = typer.Option(False, "--all-mentions", help="Also list dates, ordinals and non-quantities."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """List the numeric claims extracted from files.

    Example: factcheck claims fixtures/seeds/000_4f2cc99a263c1c5d.txt --format json
    """
    from . import formats
    from .extract import extract
    from .reading import InputError, iter_paths, read_document
    from .report.record import claim_record
    from .positions import LineIndex

    if fmt not in (Format.text, Format.json, Format.auto):
        _err(f"factcheck: claims prints text or json, not {fmt.value}")
        raise typer.Exit(2)
    home = list(_settings(_config(paths, config_file)).home_names)
    records, errors = [], []
    for path in iter_paths(paths):
        try:
            doc = read_document(path)
        except InputError as exc:
            errors.append(exc)
            continue
        x = extract(doc, home)
        for c in formats.locate_claims(x.claims, doc):  # .docx/.pdf/.html: places in the original
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


@app.command()
def audit(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of messages."),
    errors_only: bool = typer.Option(False, "--errors-only", help="Only disagreements of the same scope (FC101)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Check every stored article against all the others; print disagreements grouped by fact.

    Example: factcheck audit --db claims_db --format json
    """
    from .audit import audit as run
    from .report.audit_format import render_json, render_text
    from .store import StoreError

    cfg = _config([], config_file)
    try:
        groups = run(db or cfg.db or Path(DEFAULT_DB), lang=lang.value,
                     codes=("FC101",) if errors_only else ("FC101", "FC102"))
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    _emit(render_json(groups, lang.value) if fmt == Format.json else render_text(groups, lang.value), output)
    raise typer.Exit(1 if any(g.severity == "error" for g in groups) else 0)


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


@app.command()
def serve(
    socket_path: Optional[Path] = typer.Option(None, "--socket", help="Unix socket to listen on "
                                               "(default: $FACTCHECK_SOCKET, else this installation's own, "
                                               "in a private per-user directory under the temp directory)."),
    idle_timeout: float = typer.Option(0.0, "--idle-timeout", help="Stop after this many idle seconds (0: never)."),
    log_file: Optional[Path] = typer.Option(None, "--log", help="Append the log to FILE instead of stderr."),
) -> None:
    """Keep factcheck loaded for hooks and editors: `factcheck check` hands its work to this
    process while it runs (same report, same exit code, without the start-up time).

    `factcheck check` starts one by itself when none runs (it stops after 15 idle minutes;
    FACTCHECK_SERVE_IDLE=SECONDS, 0 for never; FACTCHECK_NO_SERVER=1 for no server at all).
    """
    from .client import default_socket
    from .server import ServerError
    from .server import serve as run_server

    path = socket_path or Path(default_socket())
    try:
        run_server(path, idle_timeout, log_file=log_file)
    except ServerError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    except OSError as exc:
        _err(f"factcheck: cannot listen on {path}: {exc.strerror or exc}")
        raise typer.Exit(2)


@app.command()
def lsp(
    db: Optional[Path] = typer.Option(None, "--db", help="Directory of the claims DB (default: `db` in the editor's "
                                      "initialization options, else in the draft's config, else claims_db/)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of messages."),
    stdio: bool = typer.Option(True, "--stdio", help="Talk over stdin/stdout (the only transport; editors pass it)."),
) -> None:
    """Language Server for editors (over stdin/stdout): findings as diagnostics in Markdown
    and text drafts on open and save, the cited sentences on hover, a quick fix that inserts
    the suppression comment. Setup for VS Code, Neovim and Emacs: docs/editors.md.

    Example: factcheck lsp --db claims_db
    """
    from .lsp import serve as run_lsp

    run_lsp(db, config_file, lang.value)


def main() -> None:
    import os

    try:
        app()
    except KeyboardInterrupt:
        _err("factcheck: interrupted")
        sys.exit(130)
    except Exception as exc:  # no traceback (with article text) for editors
        if os.environ.get("FACTCHECK_DEBUG"):
            raise
        _err(f"factcheck: internal error: {type(exc).__name__}: {exc} (set FACTCHECK_DEBUG=1 for details)")
        sys.exit(2)
