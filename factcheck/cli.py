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
    rdjson = "rdjson"
    junit = "junit"


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
            sources_root: Optional[Path] = None, jobs: Optional[int] = None, verbose: bool = False) -> int:
    """Ingest (with ``sources_root``: refresh the configured sources, reporting only
    changes), report on stderr; returns how many files could not be read."""
    from . import progress
    from .api import ingest, refresh
    from .store import StoreError

    try:
        if sources_root:
            result = refresh(paths, db, sources_root, settings)
        else:
            with progress.bar("ingest", not quiet and progress.wanted()) as tracker:
                result = ingest(paths, db, settings, jobs=jobs, progress=tracker.advance,
                                progress_total=tracker.total)
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    if verbose:  # what was taken, and what was left out and why
        from .reading import display_path

        for path, outcome in result.outcomes:
            _err(f"{path}: {outcome}")
        for s in result.skipped:
            _err(f"{display_path(s.path)}: skipped ({s.reason})")
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
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every file taken (added, updated, unchanged) "
                                 "and every file left out, with the reason."),
) -> None:
    """Add or refresh articles in the claims DB (unchanged files are skipped).

    In a directory, files matched by .gitignore or .factcheckignore, README/CHANGELOG/LICENSE
    and files of types no reader knows are left out (-v lists them); files named on the
    command line are always read.

    Example: factcheck ingest fixtures/seeds
    """
    cfg = _config(paths or [], config_file)
    if not paths:
        paths = cfg.source_files()
        if not cfg.sources:
            _err("factcheck: name the articles to ingest, or set `sources` in .factcheck.toml")
            raise typer.Exit(2)
    skipped = _ingest(paths, db or cfg.db or Path(DEFAULT_DB), _settings(cfg), quiet, jobs=jobs, verbose=verbose)
    raise typer.Exit(2 if skipped else 0)


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="Drafts to check (.txt, .md) or directories; - reads standard input."),
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
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff that puts the published figure (FC101) "
                              "or the stated scope (FC102) in the draft; write nothing."),
    fix: bool = typer.Option(False, "--fix", help="Put the published figure in the draft where exactly one figure "
                             "was published (FC101), then report what is left."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", help="The path of the text piped in with "
                                                 "`-`: reported, and .md makes it Markdown (comments apply)."),
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

    cfg = _config([Path(stdin_filename)] if stdin_filename and Path("-") in paths else paths, config_file)
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
        result = run(paths, db_dir, lang=lang.value, verbose=verbose, settings=settings,
                     stdin_filename=stdin_filename)
        if write_baseline or baseline_path.exists():
            result = accept(result, baseline_path, write=write_baseline, lang=lang.value)
    except (StoreError, BaselineError) as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    if diff:
        code = _print_diff(result)
        raise typer.Exit(code if not result.errors else 2)
    if fix and _apply_fixes(result, quiet):
        result = run(paths, db_dir, lang=lang.value, verbose=verbose, settings=settings, stdin_filename=stdin_filename)
        if baseline_path.exists():
            result = accept(result, baseline_path, lang=lang.value)
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


def _draft_texts(result: "CheckResult") -> dict[str, str]:
    from .reading import InputError, read_document

    texts = {}
    for path in dict.fromkeys(f.claim.path for f in result.findings):
        if path != "-":
            try:
                texts[path] = read_document(Path(path)).text
            except InputError:
                pass
    return texts


def _print_diff(result: "CheckResult") -> int:
    """``--diff``: every suggested edit as a unified diff on stdout; 1 when there is one."""
    from .fix import apply, edits, unified_diff

    texts = _draft_texts(result)
    out = []
    for path, text in texts.items():
        mine = [e for e in edits(result.findings, texts) if e.path == path]
        if mine:
            out.append(unified_diff(path, text, apply(text, mine)))
    sys.stdout.write("".join(out))
    return 1 if out else 0


def _apply_fixes(result: "CheckResult", quiet: bool) -> int:
    """``--fix``: the published figure into each draft (FC101, one published figure); how many."""
    from .fix import apply, edits

    texts = _draft_texts(result)
    done = 0
    for path, text in texts.items():
        mine = [e for e in edits(result.findings, texts) if e.path == path and e.applicable]
        if not mine:
            continue
        raw = Path(path).read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            _err(f"factcheck: {path}: not fixed (not UTF-8)")
            continue
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        Path(path).write_bytes(bom + apply(text, mine).encode("utf-8"))
        done += len(mine)
        if not quiet:
            _err(f"factcheck: {path}: fixed {len(mine)} figure(s)")
    return done


@app.command()
def claims(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .md) or directories."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text or json (other formats are refused)."),
    all_mentions: bool = typer.Option(False, "--all-mentions", help="Also list dates, ordinals and non-quantities."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """List the numeric claims extracted from files.

    Example: factcheck claims fixtures/seeds/000_4f2cc99a263c1c5d.txt --format json
    """
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


@app.command()
def audit(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text and json group the findings by fact; "
                               "github, sarif, gitlab, rdjson and junit list them (auto: github on GitHub Actions)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of messages."),
    errors_only: bool = typer.Option(False, "--errors-only", help="Only disagreements of the same scope (FC101)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Check every stored article against all the others; print disagreements grouped by fact.

    Example: factcheck audit --db claims_db --format json
    """
    import os

    from .audit import audit as run
    from .report.audit_format import as_check_result, render_json, render_text
    from .store import StoreError

    from . import progress

    cfg = _config([], config_file)
    try:
        with progress.bar("audit", progress.wanted()) as tracker:
            groups = run(db or cfg.db or Path(DEFAULT_DB), lang=lang.value,
                         codes=("FC101",) if errors_only else ("FC101", "FC102"), progress=tracker.at)
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    name = fmt.value
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if name == "text":
        report = render_text(groups, lang.value)
    elif name == "json":
        report = render_json(groups, lang.value)
    else:
        from .report import renderer

        report = renderer(name)(as_check_result(groups, lang.value), lang.value)
    _emit(report, output)
    raise typer.Exit(1 if any(g.severity == "error" for g in groups) else 0)


@app.command("config")
def show_config(
    path: Optional[Path] = typer.Argument(None, help="A file or directory whose configuration to show (default: here)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text or json (other formats are refused)."),
) -> None:
    """Print the effective configuration and where each value came from (the file, or default).

    Example: factcheck config drafts/
    """
    from .api import Settings
    from .config import effective

    if fmt not in (Format.text, Format.json, Format.auto):
        _err(f"factcheck: config prints text or json, not {fmt.value}")
        raise typer.Exit(2)
    cfg = _config([path] if path else [], config_file)
    base = Settings()
    rows = effective(cfg, {"db": Path(DEFAULT_DB), "home_region": base.home_names, "threshold": base.threshold,
                           "sources": (), "synonyms": ()})

    def shown(value: object) -> object:
        if isinstance(value, Path):
            return str(value)
        if isinstance(value, tuple):
            return [shown(v) for v in value]
        return value

    if fmt == Format.json:
        body = {"file": str(cfg.path) if cfg.path else None,
                "settings": {k: {"value": shown(v), "origin": o} for k, v, o in rows}}
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    typer.echo(f"# configuration file: {cfg.path or '(none: every value is a default)'}")
    for key, value, origin in rows:
        typer.echo(f"{key} = {json.dumps(shown(value), ensure_ascii=False)}  # {origin}")


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
