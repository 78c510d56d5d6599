"""What the Typer commands share: the option values (formats, levels, languages), the help
of the common options, and where the claims DB is."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .entry import DEFAULT_DB

if TYPE_CHECKING:
    from .config import Config


class Format(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"
    html = "html"
    rdjson = "rdjson"
    junit = "junit"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


CONFIG_HELP = "Config file (default: the nearest .factcheck.toml or the tool.factcheck table of pyproject.toml)."
DB_HELP = ("Directory of the claims DB, or the postgresql:// URL of a shared one (default: `db` in the config, "
           "else claims_db/).")


def db_of(db: Optional[str], cfg: "Config") -> "Path | str":
    """The claims DB: ``--db``, else the config's, else claims_db/ (a URL stays a string)."""
    from .stores import db_arg

    return db_arg(db) if db else cfg.db or Path(DEFAULT_DB)
