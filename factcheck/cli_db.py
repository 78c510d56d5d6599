"""``factcheck db``: the claims DB itself, its schema version and upgrades."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .cli_options import CONFIG_HELP, DB_HELP, Format, db_of as _db
from .entry import err as _err, load_config as _config, settings_of as _settings

db_app = typer.Typer(name="db", help="The claims DB itself: its schema version, and upgrades.\n\n"
                     "Example: factcheck db upgrade --db postgresql://factcheck_owner@db.newsroom/factcheck",
                     no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False,
                     context_settings={"help_option_names": ["-h", "--help"]})


@db_app.command("upgrade")
def db_upgrade(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP, metavar="DIR|URL"),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Create the claims DB's schema, or upgrade it to this factcheck's version (one
    transaction), and print the version.

    On PostgreSQL run it with the owner role after installing a new factcheck: ingest and
    check refuse an older schema until then. A SQLite DB upgrades itself when it is opened.

    Example: factcheck db upgrade --db postgresql://factcheck_owner@db.newsroom/factcheck
    """
    from .store import StoreError
    from .stores import upgrade

    cfg = _config([], config_file)
    try:
        found, now, label, rebased = upgrade(_db(db, cfg), _settings(cfg).project_root)
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    how = "created" if found is None else "up to date" if found == now else f"upgraded from schema {found}"
    keyed = f"; {rebased[0]} article paths re-based, {rebased[1]} duplicates merged" if rebased and found is not None else ""
    typer.echo(f"{label}: schema {now} ({how}{keyed})")


@db_app.command("status")
def db_status(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP, metavar="DIR|URL"),
    config_file: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text or json (other formats are refused)."),
) -> None:
    """Print the claims DB's backend, schema version, documents and claims (reads only).

    Example: factcheck db status --db postgresql://checker@db.newsroom/factcheck
    """
    from .store import StoreError
    from .stores import status

    if fmt not in (Format.text, Format.json, Format.auto):
        _err(f"factcheck: db status prints text or json, not {fmt.value}")
        raise typer.Exit(2)
    try:
        found = status(_db(db, _config([], config_file)))
    except StoreError as exc:
        _err(f"factcheck: {exc}")
        raise typer.Exit(2)
    if fmt == Format.json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{found['db']}: {found['backend']}, schema {found['schema_version']}, "
                   f"{found['documents']} documents, {found['claims']} claims")
