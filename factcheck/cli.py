"""The command line: thin Typer commands over :mod:`factcheck.api`.

The console enters through :func:`factcheck.entry.main`, which runs a plain ``check``
without importing Typer (the same :func:`factcheck.entry.run_check` as the command here)
and hands every other command line to :func:`main`.

Reports go to stdout (or ``-o FILE``); progress, warnings and errors go to stderr.
Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or unreadable input.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .cli_db import db_app
from .cli_options import CONFIG_HELP, DB_HELP, Format, Lang, Level, db_of as _db
from .entry import DEFAULT_DB, emit as _emit, err as _err, ingest_files as _ingest, load_config as _config
from .entry import run_check, run_guarded, settings_of as _settings

app = typer.Typer(
    name="factcheck",
    help="Check the figures in news copy against a claims database of earlier articles.\n\n"
         "Example: factcheck ingest fixtures/seeds && factcheck check fixtures/drafts",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(db_app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """factcheck: numeric claims in a draft vs. what the newsroom published before."""


@app.command()
def ingest(
    paths: Optional[list[Path]] = typer.Argument(None, help="Article files (.txt, .md) or directories "
                                                          "(default: `sources` in the config)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP, metavar="DIR|URL"),
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
    skipped = _ingest(paths, _db(db, cfg), _settings(cfg), quiet, jobs=jobs, verbose=verbose)
    raise typer.Exit(2 if skipped else 0)


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="Drafts to check (.txt, .md) or directories; - reads standard input."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP, metavar="DIR|URL"),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Report format (auto: github on GitHub Actions, else text)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to FILE."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of messages."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list figures that agree (FC100), and why each "
                                 "finding was decided (its rules and the fields compared)."),
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
    from .stores import db_arg

    raise typer.Exit(run_check(paths, db_arg(db) if db else None, fmt.value, output, lang.value, verbose, fail_on.value, exit_zero,
                               config_file, baseline, write_baseline, threshold, quiet,
                               stdin_filename=stdin_filename, diff=diff, fix=fix))


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
    from . import formats
    from .extract import extract
    from .reading import InputError, iter_paths, read_document
    from .report.record import claim_record
    from .positions import LineIndex

    if fmt not in (Format.text, Format.json, Format.auto):
        _err(f"factcheck: claims prints text or json, not {fmt.value}")
        raise typer.Exit(2)
    knowledge = _settings(_config(paths, config_file)).knowledge()
    records, errors = [], []
    for path in iter_paths(paths):
        try:
            doc = read_document(path)
        except InputError as exc:
            errors.append(exc)
            continue
        x = extract(doc, knowledge)
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
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP, metavar="DIR|URL"),
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
    from . import progress
    from .api import settings_for_db
    from .store import StoreError
    from .stores import open_store

    if fmt == Format.html:  # the html report shows drafts as written; the archive has none
        _err("factcheck: audit prints text, json, github, sarif, gitlab, rdjson or junit, not html")
        raise typer.Exit(2)
    cfg = _config([], config_file)
    db_dir = _db(db, cfg)
    try:
        with open_store(db_dir, create=False) as store:
            settings, mismatch = settings_for_db(store, _settings(cfg))
        if mismatch:
            _err(f"factcheck: {mismatch}")
        with progress.bar("audit", progress.wanted()) as tracker:
            groups = run(db_dir, settings.knowledge(), lang=lang.value, progress=tracker.at,
                         codes=("FC101",) if errors_only else ("FC101", "FC102"),
                         disabled_rules=settings.disabled_rules, root=settings.project_root)
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
    knowledge = _settings(cfg).knowledge()
    rows = effective(cfg, {"db": Path(DEFAULT_DB), "region": "(national: no home region)", "home_region": knowledge.home_names,
                           "threshold": base.threshold, "sources": (), "synonyms": (), "disable": ()})
    if cfg.region and not cfg.home_region:  # the home region comes with the region pack
        rows = [(k, v, f"region pack {knowledge.region}" if k == "home_region" else o) for k, v, o in rows]

    def shown(value: object) -> object:
        from .stores import db_label, is_server_url

        if isinstance(value, Path):
            return str(value)
        if is_server_url(value):  # (never its password)
            return db_label(value)  # type: ignore[arg-type]
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
    """List finding codes (names, default levels), then the decision rules that decide them
    (turn one off with `disable = ["E09"]` in the config; `factcheck explain E09`)."""
    from .judge import RULES as DECISIONS
    from .rules import RULES

    for r in RULES.values():
        typer.echo(f"{r.code}  {r.name:<22} {r.severity:<8} {r.summary_zh}")
    typer.echo("")
    for d in DECISIONS.values():
        first = d.doc.splitlines()[0] if d.doc else ""
        typer.echo(f"{d.id}  {d.name:<30} {d.question:<7} {d.says:<9} {first}")


@app.command()
def explain(
    code: str = typer.Argument(..., help="A finding code (FC101), a decision rule (E09, owners-differ), "
                                         "or FILE:LINE of a draft."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP, metavar="DIR|URL"),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of messages."),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Explain a finding code or a decision rule; or, for FILE:LINE, why each figure on that
    line was judged as it was against the claims DB (every candidate, its rules, its fields).

    Example: factcheck explain fixtures/drafts/talent_conflict.md:12
    """
    from .rules import get

    if ":" in code and not code.upper().startswith("FC"):
        _explain_line(code, db, lang.value, config_file)
        return
    if not code.upper().startswith("FC"):
        from .judge import get as get_rule

        try:
            r = get_rule(code)
        except KeyError as exc:
            _err(f"factcheck: {exc.args[0]}")
            raise typer.Exit(2)
        typer.echo(f"{r.id} {r.name} (question: {r.question}; decides: {r.says})\n\n{r.doc}")
        return
    try:
        r = get(code.upper())
    except KeyError as exc:
        _err(f"factcheck: {exc.args[0]}")
        raise typer.Exit(2)
    typer.echo(f"{r.code} {r.name} ({r.severity})\n\n{r.summary_zh} / {r.summary_en}\n\n{r.help_zh}\n\n例：{r.example_zh}")


def _explain_line(spec: str, db: Optional[str], lang: str, config_file: Optional[Path]) -> None:
    from .explain import explain as run
    from .reading import InputError
    from .report.text_format import mark, why_lines
    from .store import StoreError

    name, _, number = spec.rpartition(":")
    if not number.isdigit() or not name:
        _err(f"factcheck: {spec}: give FILE:LINE (a line number after the colon)")
        raise typer.Exit(2)
    cfg = _config([Path(name)], config_file)
    try:
        explained = run(name, int(number), _db(db, cfg), _settings(cfg))
    except (StoreError, InputError) as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    if not explained:
        typer.echo(f"{name}:{number}: " + ("此行没有数字" if lang == "zh" else "no figure on this line"))
    for e in explained:
        c = e.claim
        typer.echo(f"{c.path}:{c.line}:{c.column}: {c.text} — {c.subject or '?'} "
                   f"({'口径' if lang == 'zh' else 'scope'} {c.scope.label or '-'}, {c.place or '-'})")
        if not e.judged:
            typer.echo("    " + ("档案中没有可比的数字" if lang == "zh" else "no comparable figure in the claims DB"))
        for j in e.judged:
            s = j.source
            typer.echo(f"  → {j.verdict.outcome}: {s.text} {s.path}:{s.line} {s.article_title} {s.date}")
            typer.echo(f"      {mark(s.sentence, s.text)}")
            for line in why_lines(j.why, lang, indent="      "):
                typer.echo(line)


@app.command()
def lsp(
    db: Optional[str] = typer.Option(None, "--db", metavar="DIR|URL", help="Directory or postgresql:// URL of the claims "
                                     "DB (default: `db` in the editor's initialization options, else in the draft's "
                                     "config, else claims_db/)."),
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
    from .stores import db_arg

    run_lsp(db_arg(db) if db else None, config_file, lang.value)


def main() -> None:
    """The Typer app, as the console runs it (:func:`factcheck.entry.main` comes here for
    everything but a plain ``check``)."""
    run_guarded(app)
