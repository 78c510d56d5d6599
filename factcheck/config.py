"""Configuration: ``.factcheck.toml`` or ``[tool.factcheck]`` in ``pyproject.toml``.

Found by walking up from the first checked path; in one directory ``.factcheck.toml``
wins. Paths in the file (``db``, ``sources``, ``baseline``) are relative to the file.

    # .factcheck.toml
    db = ".factcheck/db"                     # or a shared server: "postgresql://checker@db.newsroom/factcheck"
    sources = ["articles/**/*.txt", "articles/**/*.md"]
    region = "changji"                       # a packaged region pack, or a .yaml file of your own
    home_region = ["昌吉州", "全州", "我州"]    # (optional) overrides the pack's home region
    disable = ["E09"]                        # decision rules turned off (IDs or names: factcheck rules)
    synonyms = [["高新技术企业", "高企"]]
    severity = { FC102 = "info", FC202 = "off" }
    threshold = 88
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .rules import RULES

CONFIG_FILE = ".factcheck.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_BASELINE = ".factcheck-baseline.json"
LEVELS = ("error", "warning", "info", "off")
KEYS = ("db", "sources", "region", "home_region", "synonyms", "severity", "threshold", "baseline", "disable")


class ConfigError(Exception):
    """A bad configuration file: the message names the file and the key."""


class Config(NamedTuple):
    path: Path | None = None  # the file read, None when there is none
    db: Path | str | None = None  # a directory (SQLite), or a postgresql:// URL (factcheck.stores)
    sources: tuple[str, ...] = ()
    region: str = ""
    home_region: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()  # decision rule IDs
    synonyms: tuple[tuple[str, ...], ...] = ()
    severity: Mapping[str, str] = MappingProxyType({})
    threshold: float | None = None
    baseline: Path | None = None
    explicit: frozenset[str] = frozenset()  # the keys the file sets

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def source_files(self) -> list[Path]:
        """The article files the ``sources`` globs name, sorted, without duplicates; a
        directory stands for the articles in it (as ``factcheck ingest DIR``)."""
        from .reading import iter_paths

        found: set[Path] = set()
        for pattern in self.sources:
            for p in self.root.glob(pattern):
                if p.is_file():
                    found.add(p)
                elif p.is_dir():
                    found.update(f for f in iter_paths([p]) if f.is_file())
        return sorted(found)


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        return tool.get("factcheck") if isinstance(tool, dict) else None
    return data


def find(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    found = _find(start)
    return found[0] if found else None


def _find(start: Path) -> tuple[Path, dict[str, Any] | None] | None:
    """The nearest config file, with its table when finding it meant reading it (a
    pyproject.toml has one only if it has ``[tool.factcheck]``): it is not read twice."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return own, None
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            table = _table(pyproject)
            if table is not None:
                return pyproject, table
    return None


def _names(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: `{key}` must be a non-empty list of non-empty strings")
    return tuple(v.strip() for v in value)


def load(path: Path) -> Config:
    """Read and validate one config file; every problem names the file and the key."""
    return _config(path, _table(path))


def _config(path: Path, table: dict[str, Any] | None) -> Config:
    where = f"{path} [tool.factcheck]" if path.name == PYPROJECT else str(path)
    if table is None:
        return Config(path=path)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key `{unknown[0]}` (known: {', '.join(KEYS)})")
    base = path.parent
    values: dict[str, Any] = {}
    for key in ("db", "baseline"):
        if key in table:
            if not isinstance(table[key], str) or not table[key].strip():
                raise ConfigError(f"{where}: `{key}` must be a path (a string)"
                                  + (" or a postgresql:// URL" if key == "db" else ""))
            if key == "db" and table[key].strip().lower().startswith(("postgresql://", "postgres://")):
                values[key] = table[key].strip()  # a server, not a path relative to the file
            else:
                values[key] = base / table[key]
    if "sources" in table:
        values["sources"] = _names(table["sources"], where, "sources")
        for pattern in values["sources"]:
            try:
                list(base.joinpath(".factcheck-no-such-dir").glob(pattern))  # validates, reads nothing
            except (ValueError, NotImplementedError) as exc:
                raise ConfigError(f"{where}: `sources`: bad glob {pattern!r} ({exc}); use paths relative "
                                  "to the config file, like \"articles/**/*.txt\"") from None
    if "region" in table:
        values["region"] = _region(table["region"], base, where)
    if "disable" in table:
        values["disable"] = _disabled(table["disable"], where)
    if "home_region" in table:
        values["home_region"] = _names(table["home_region"], where, "home_region")
    if "synonyms" in table:
        groups = table["synonyms"]
        if not isinstance(groups, list):
            raise ConfigError(f"{where}: `synonyms` must be a list of lists of names")
        values["synonyms"] = tuple(_names(g, where, "synonyms") for g in groups)
    if "severity" in table:
        values["severity"] = _severity(table["severity"], where)
    if "threshold" in table:
        t = table["threshold"]
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 <= t <= 100:
            raise ConfigError(f"{where}: `threshold` must be a number from 0 to 100, not {t!r}")
        values["threshold"] = float(t)
    return Config(path=path, explicit=frozenset(values), **values)


def _region(value: Any, base: Path, where: str) -> str:
    from .knowledge import KnowledgeError, read_region

    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: `region` must be the name of a region pack or the path of a .yaml file")
    name = value.strip()
    if name.endswith((".yaml", ".yml")) or "/" in name:
        name = str(base / name)
    try:
        read_region(name)
    except KnowledgeError as exc:
        raise ConfigError(f"{where}: `region`: {exc}") from None
    return name


def _disabled(value: Any, where: str) -> tuple[str, ...]:
    from .judge import get

    names = _names(value, where, "disable")
    try:
        return tuple(get(n).id for n in names)
    except KeyError as exc:
        raise ConfigError(f"{where}: `disable`: {exc.args[0]}") from None


def _severity(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `severity` must be a table of CODE = \"error|warning|info|off\"")
    for code, level in value.items():
        if code not in RULES:
            raise ConfigError(f"{where}: `severity.{code}`: unknown finding code (known: {', '.join(RULES)})")
        if level not in LEVELS:
            raise ConfigError(f"{where}: `severity.{code}` must be one of {', '.join(LEVELS)}, not {level!r}")
    return dict(value)


def discover(paths: Iterable[str | Path]) -> Config:
    """The config for a run: the one nearest the first path (or the working directory)."""
    first = next(iter(paths), None)
    found = _find(Path(first) if first is not None else Path.cwd())
    if found is None:
        return Config()
    path, table = found
    return _config(path, table) if table is not None else load(path)


def effective(cfg: Config, defaults: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """Every setting in effect: (key, value, where it came from: the file, or ``default``).

    ``defaults`` are the values used when the file says nothing (``db``, ``home_region``,
    ``threshold`` …; severities come from the rules).
    """
    origin = str(cfg.path) if cfg.path else ""
    where = (lambda key: origin if key in cfg.explicit else "default")  # noqa: E731
    rows: list[tuple[str, Any, str]] = []
    for key in KEYS:
        if key == "severity":
            for code, rule in RULES.items():
                level = cfg.severity.get(code)
                rows.append((f"severity.{code}", level or rule.severity, origin if level else "default"))
            continue
        value = getattr(cfg, key)
        if key == "baseline" and value is None:
            value = cfg.root / DEFAULT_BASELINE
        if value in (None, ()):
            value = defaults.get(key, value)
        rows.append((key, value, where(key)))
    return rows
