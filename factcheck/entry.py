"""The console entry point (``factcheck``, ``python -m factcheck``), and ``factcheck check``
run without Typer.

A pre-commit hook or a CI job runs ``factcheck check`` as a fresh process on every commit,
so its start-up is what a user feels. Typer (with click) takes ~40 ms to import, as long as
the check itself. So :func:`main` reads a plain ``check`` command line itself, as click
would (:data:`CHECK_OPTIONS`), and calls :func:`run_check`. Every other command line — other
commands, ``--help``, ``--version``, a usage error, an option this table does not know —
goes to the Typer app in :mod:`factcheck.cli`, which prints the help and the messages. The
Typer ``check`` command calls the same :func:`run_check`, so a command line never runs
differently, only starts faster.

Adding an option to ``check``: declare it on the Typer command (help, type, default), give
:func:`run_check` the parameter, and add a line to :data:`CHECK_OPTIONS`
(``tests/test_entry.py`` fails until the two agree; until then the option only takes the
slower path through Typer).

The helpers below (:func:`err`, :func:`emit`, :func:`load_config` …) are shared with the
other commands in :mod:`factcheck.cli`; they exit with :class:`SystemExit`, which click
passes through as it does ``typer.Exit``.
"""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from .api import CheckResult, Settings
    from .config import Config

DEFAULT_DB = "claims_db"
FORMATS = ("auto", "text", "json", "github", "sarif", "gitlab", "rdjson", "junit", "html")
LEVELS = ("error", "warning", "info")
LANGS = ("zh", "en")


def err(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def emit(text: str, output: Optional[Path]) -> None:
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            err(f"factcheck: {output}: cannot write the report ({exc.strerror})")
            raise SystemExit(2)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def load_config(paths: list[Path], config_file: Optional[Path]) -> "Config":
    from .config import ConfigError, discover, load

    try:
        return load(config_file) if config_file else discover(paths)
    except ConfigError as exc:
        err(f"factcheck: {exc}")
        raise SystemExit(2)


def settings_of(cfg: "Config", threshold: Optional[float] = None) -> "Settings":
    from .api import Settings

    base = Settings()
    return Settings(region=cfg.region, home_names=cfg.home_region,
                    threshold=next(t for t in (threshold, cfg.threshold, base.threshold) if t is not None),
                    severity=dict(cfg.severity), synonyms=cfg.synonyms, disabled_rules=frozenset(cfg.disable),
                    project_root=cfg.path.parent if cfg.path else None)


def ingest_files(paths: list[Path], db: "Path | str", settings: "Settings", quiet: bool,
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
        err(f"factcheck: {exc}")
        raise SystemExit(2)
    if verbose:  # what was taken, and what was left out and why
        from .reading import display_path

        for path, outcome in result.outcomes:
            err(f"{path}: {outcome}")
        for s in result.skipped:
            err(f"{display_path(s.path)}: skipped ({s.reason})")
    for e in result.errors:
        err(f"factcheck: skipped {e}")
    if not quiet and (not sources_root or result.added or result.updated or result.removed):
        removed = f", {result.removed} removed" if result.removed else ""
        err(f"ingested: {result.added} added, {result.updated} updated, {result.unchanged} unchanged{removed}, "
            f"{result.claims} claims stored, {len(result.errors)} skipped")
    return len(result.errors)


def _step_summary(path: Path, result: "CheckResult", lang: str) -> None:
    """On GitHub Actions, the full text report in the job summary (annotations stop at 10)."""
    from .report.text_format import render

    try:
        with path.open("a", encoding="utf-8") as summary:
            summary.write(f"### factcheck\n\n```text\n{render(result, lang)}```\n")
    except OSError as exc:
        err(f"factcheck: {path}: cannot write the job summary ({exc.strerror})")


def run_check(paths: list[Path], db: "Optional[Path | str]" = None, fmt: str = "text", output: Optional[Path] = None,
              lang: str = "zh", verbose: bool = False, fail_on: str = "error", exit_zero: bool = False,
              config_file: Optional[Path] = None, baseline: Optional[Path] = None, write_baseline: bool = False,
              threshold: Optional[float] = None, quiet: bool = False, stdin_filename: Optional[str] = None,
              diff: bool = False, fix: bool = False) -> int:
    """``factcheck check``: the exit code (the options as in :func:`factcheck.cli.check`)."""
    from .api import accept, check as run
    from .config import DEFAULT_BASELINE
    from .report import renderer
    from .store import StoreError

    cfg = load_config([Path(stdin_filename)] if stdin_filename and Path("-") in paths else paths, config_file)
    settings = settings_of(cfg, threshold)
    db_dir = db or cfg.db or Path(DEFAULT_DB)
    if cfg.sources:
        files = cfg.source_files()
        if not files:
            err(f"factcheck: {cfg.path}: `sources` ({', '.join(cfg.sources)}) matches no files")
        ingest_files(files, db_dir, settings, quiet, sources_root=cfg.root)
    baseline_path = baseline or cfg.baseline or cfg.root / DEFAULT_BASELINE
    name = fmt
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if baseline and not baseline.exists() and not write_baseline:
        err(f"factcheck: {baseline}: no such baseline file (create it with --write-baseline)")
        return 2
    try:
        result = run(paths, db_dir, lang=lang, verbose=verbose, settings=settings, stdin_filename=stdin_filename,
                     count_documents=name == "html")
    except StoreError as exc:
        err(f"factcheck: {exc}")
        return 2
    if write_baseline or baseline_path.exists():  # (the baseline module only when there is one)
        from .baseline import BaselineError

        try:
            result = accept(result, baseline_path, write=write_baseline, lang=lang)
        except (StoreError, BaselineError) as exc:
            err(f"factcheck: {exc}")
            return 2
    if diff:
        code = _print_diff(result)
        return code if not result.errors else 2
    if fix and _apply_fixes(result, quiet):
        result = run(paths, db_dir, lang=lang, verbose=verbose, settings=settings, stdin_filename=stdin_filename,
                     count_documents=name == "html")
        if baseline_path.exists():
            result = accept(result, baseline_path, lang=lang)
    for e in result.errors:
        err(f"factcheck: skipped {e}")
    if name != "text" or output:
        for notice in result.notices:
            err(f"factcheck: {notice}")
    if write_baseline and not quiet:
        err(f"factcheck: accepted differences written to {baseline_path}")
    if name == "text" and not output:
        from .report.text_format import render as text_report, use_colour

        report = text_report(result, lang, colour=use_colour(sys.stdout), why=verbose)
    else:
        report = renderer(name)(result, lang)
    emit(report, output)
    if name == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _step_summary(Path(os.environ["GITHUB_STEP_SUMMARY"]), result, lang)
    code = result.exit_code(fail_on)
    return 0 if exit_zero and code == 1 else code


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
            err(f"factcheck: {path}: not fixed (not UTF-8)")
            continue
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        Path(path).write_bytes(bom + apply(text, mine).encode("utf-8"))
        done += len(mine)
        if not quiet:
            err(f"factcheck: {path}: fixed {len(mine)} figure(s)")
    return done


# ------------------------------------------------------------------------------------------
# The command line of `check`, read as click reads it
# ------------------------------------------------------------------------------------------
def _choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def read(value: str) -> str:
        if value not in allowed:  # click's choices are case-sensitive
            raise ValueError(value)
        return value
    return read


def _path(value: str) -> Path:
    """click's Path (as Typer declares it: readable) refuses an existing file it cannot read."""
    if os.path.exists(value) and not os.access(value, os.R_OK):
        raise ValueError(value)
    return Path(value)


def _db(value: str) -> "Path | str":
    """``--db``: a directory (read as click's Path), or a postgresql:// URL kept as written."""
    from .stores import db_arg

    found = db_arg(value)
    return found if isinstance(found, str) else _path(value)


def _similarity(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:  # (NaN too: Typer takes the command line and says what it thinks)
        raise ValueError(value)
    return number


# option → (parameter of run_check, how its value is read; None: a flag)
CHECK_OPTIONS: dict[str, tuple[str, Optional[Callable[[str], object]]]] = {
    "--db": ("db", _db),
    "--format": ("fmt", _choice(FORMATS)), "-f": ("fmt", _choice(FORMATS)),
    "--output": ("output", _path), "-o": ("output", _path),
    "--lang": ("lang", _choice(LANGS)),
    "--verbose": ("verbose", None), "-v": ("verbose", None),
    "--fail-on": ("fail_on", _choice(LEVELS)),
    "--exit-zero": ("exit_zero", None),
    "--config": ("config_file", _path),
    "--baseline": ("baseline", _path),
    "--write-baseline": ("write_baseline", None),
    "--threshold": ("threshold", _similarity),
    "--quiet": ("quiet", None), "-q": ("quiet", None),
    "--stdin-filename": ("stdin_filename", str),
    "--diff": ("diff", None),
    "--fix": ("fix", None),
}


def parse_check(args: list[str]) -> Optional[dict[str, object]]:
    """The keyword arguments of :func:`run_check` for the arguments of ``check``, read as
    click reads them; None for anything but a plain, valid command line (help, an unknown
    or bundled option, a bad value, no draft), which then goes to Typer."""
    options: dict[str, object] = {}
    paths: list[Path] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            rest = args[i:]
            try:
                paths.extend(_path(a) for a in rest)
            except ValueError:
                return None
            break
        if arg == "-" or not arg.startswith("-"):
            try:
                paths.append(_path(arg))
            except ValueError:
                return None
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        known = CHECK_OPTIONS.get(name)
        if known is None:
            return None
        param, read = known
        if read is None:
            if eq:
                return None
            options[param] = True
            continue
        if not eq:
            if i >= len(args) or (args[i].startswith("-") and args[i] != "-"):
                return None
            value = args[i]
            i += 1
        try:
            options[param] = read(value)
        except ValueError:
            return None
    if not paths:
        return None
    options["paths"] = paths
    return options


def run_guarded(command: Callable[[], object]) -> None:
    """Run a command as the console does: Ctrl-C and internal errors end with a one-line
    message (no traceback, which would show article text) unless ``FACTCHECK_DEBUG`` is set."""
    try:
        command()
    except KeyboardInterrupt:
        err("factcheck: interrupted")
        sys.exit(130)
    except Exception as exc:  # no traceback (with article text) for editors
        if os.environ.get("FACTCHECK_DEBUG"):
            raise
        err(f"factcheck: internal error: {type(exc).__name__}: {exc} (set FACTCHECK_DEBUG=1 for details)")
        sys.exit(2)


def _check_command(options: dict[str, object]) -> None:
    try:
        code = run_check(**options)  # type: ignore[arg-type]
    except BrokenPipeError:  # the reader went away (`| head`): as click, exit 1 quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    # The process ends here. Shutting the interpreter down would run the cycle collector over
    # every object the check made (~10 ms, a tenth of the check) to free memory the system
    # takes back anyway: frozen objects are left out of it (nothing here needs finalizing:
    # the DB and every file written are closed)
    gc.freeze()
    sys.exit(code)


def main() -> None:
    args = sys.argv[1:]
    options = parse_check(args[1:]) if args[:1] == ["check"] and not os.environ.get("FACTCHECK_DEBUG") else None
    if options is None:
        from .cli import main as typer_main

        typer_main()
        return
    # A check makes some 20,000 objects (modules, classes, compiled patterns) that live to its
    # end: the cycle collector's passes over them (one every 700 new objects by default, ~30
    # a check) free next to nothing and take ~3 ms, so they run less often
    gc.set_threshold(100_000, 50, 100)
    run_guarded(lambda: _check_command(options))
