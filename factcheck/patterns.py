"""Patterns compiled on first use, and compiled programs kept from one run to the next.

A fresh ``factcheck check`` uses ~100 of factcheck's patterns; compiling them takes ~40 ms,
as long as the rest of the check (the ``regex`` module's parser and the standard ``re``
parser are pure Python). So:

- ``lazy(regex.compile, PATTERN, FLAGS)`` stands for ``regex.compile(PATTERN, FLAGS)`` and
  compiles when first used; from then on each attribute (``search``, ``finditer`` …) is the
  compiled pattern's own, kept on the instance, so a call costs what it costs on the
  compiled pattern. ``lazy(re.compile, …)`` likewise.
- Compiling goes through :func:`compile_cached`, which keeps the *compiled program* of each
  pattern in a cache file (next to the word lexicon: ``$XDG_CACHE_HOME/factcheck``, else
  ``~/.cache/factcheck``; ``FACTCHECK_CACHE_DIR`` overrides), as Python keeps ``.pyc``
  files: the next run hands the program to the engine's constructor without parsing the
  pattern again. For ``regex`` the program is what its patterns pickle as
  (``Pattern._pickled_data``: ``pickle.loads`` of a ``regex`` pattern does exactly this);
  for ``re`` it is what ``re`` passes to ``_sre.compile``. The file is named after the
  Python, ``regex`` and ``_sre`` versions that made it, so another version never reads it;
  anything unexpected (a missing, damaged or unwritable file, another engine) means the
  pattern is compiled as usual. ``FACTCHECK_PATTERN_CACHE=0`` turns the cache off.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable, TypeVar

P = TypeVar("P")


class LazyPattern:
    def __init__(self, compile: Callable[[str, int], Any], pattern: str, flags: int = 0) -> None:
        self._source = (compile, pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)  # (copy, pickle and friends probing for protocols)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = compile_cached(*self._source)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy({self._source[1]!r})"


def lazy(compile: Callable[[str, int], P], pattern: str, flags: int = 0) -> P:
    """``compile(pattern, flags)``, done on first use."""
    return LazyPattern(compile, pattern, flags)  # type: ignore[return-value]


# ------------------------------------------------------------------------------------------
# The cache of compiled programs
# ------------------------------------------------------------------------------------------
_MAX_ENTRIES = 4096  # a cache that grows past this (patterns built from ever other data) restarts
_programs: dict[tuple[str, str, int], tuple[Any, ...]] | None = None  # (engine, pattern, flags) → program
_added: dict[tuple[str, str, int], tuple[Any, ...]] = {}  # new this run, written at exit
_file: str | None = None


def _engine(compile: Callable[..., Any]) -> str:
    """'regex' or 're' for their ``compile``; '' for anything else (not cached)."""
    module = getattr(compile, "__module__", "")
    name = getattr(compile, "__name__", "")
    if name != "compile":
        return ""
    if module in ("regex.regex", "regex._main", "regex"):
        return "regex"
    if module in ("re", "re.__init__"):
        return "re"
    return ""


def _cache_file() -> str | None:
    if os.environ.get("FACTCHECK_PATTERN_CACHE", "1") == "0":
        return None
    try:
        import _sre

        import regex

        versions = f"{sys.implementation.cache_tag}-{sys.version_info[:3]}-{_sre.MAGIC}-" \
                   f"{regex.__version__}-{regex._regex.MAGIC}"  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return None
    base = os.environ.get("FACTCHECK_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "factcheck")
    tag = "".join(c if c.isalnum() else "_" for c in versions)
    return os.path.join(base, f"patterns-{tag}.marshal")


def _load() -> dict[tuple[str, str, int], tuple[Any, ...]]:
    global _programs, _file
    if _programs is None:
        _programs = {}
        _file = _cache_file()
        if _file:
            import marshal

            try:
                with open(_file, "rb") as f:
                    data = marshal.load(f)
                if isinstance(data, dict):
                    _programs = data
            except (OSError, EOFError, ValueError, TypeError):
                pass
    return _programs


def _save() -> None:
    """At exit: add this run's new programs to the file (atomically; another run's additions
    made meanwhile are kept)."""
    if not _added or not _file:
        return
    import marshal

    try:
        try:
            with open(_file, "rb") as f:
                on_disk = marshal.load(f)
            if not isinstance(on_disk, dict) or len(on_disk) + len(_added) > _MAX_ENTRIES:
                on_disk = {}
        except (OSError, EOFError, ValueError, TypeError):
            on_disk = {}
        on_disk.update(_added)
        os.makedirs(os.path.dirname(_file), exist_ok=True)
        tmp = f"{_file}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            marshal.dump(on_disk, f)
        os.replace(tmp, _file)
    except (OSError, ValueError):
        pass


def _captured_re(pattern: str, flags: int) -> tuple[Any, tuple[Any, ...] | None]:
    """``re.compile(pattern, flags)``, and the arguments ``re`` gave ``_sre.compile``."""
    import re
    from re import _compiler  # type: ignore[attr-defined]

    real = _compiler._sre
    seen: list[tuple[Any, ...]] = []

    class Recorder:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        @staticmethod
        def compile(*args: Any) -> Any:
            seen.append(args)
            return real.compile(*args)

    _compiler._sre = Recorder()
    try:
        compiled = re.compile(pattern, flags)
    finally:
        _compiler._sre = real
    args = next((a for a in reversed(seen) if a and a[0] == pattern), None)
    return compiled, args


def _plain(value: Any) -> Any:
    """int subclasses (flag enums, ``re``'s named opcodes) as ints, for marshal."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return int(value) if isinstance(value, int) and type(value) not in (int, bool) else value


def compile_cached(compile: Callable[[str, int], P], pattern: str, flags: int = 0) -> P:
    """``compile(pattern, flags)`` with the compiled program read from, or added to, the
    cache file (:mod:`factcheck.patterns`); exactly ``compile(pattern, flags)`` otherwise."""
    engine = _engine(compile)
    if not engine or not isinstance(pattern, str):
        return compile(pattern, flags)
    programs = _load()
    key = (engine, pattern, int(flags))
    program = programs.get(key)
    if program is not None:
        try:
            if engine == "regex":
                from regex import _regex  # type: ignore[attr-defined]

                return _regex.compile(*program)  # type: ignore[no-any-return]
            import _sre

            return _sre.compile(*program)  # type: ignore[no-any-return]
        except Exception:  # a program this engine cannot take: compiled below, and replaced
            pass
    if engine == "regex":
        compiled = compile(pattern, flags)
        data = getattr(compiled, "_pickled_data", None)
        args = tuple(map(_plain, data)) if isinstance(data, tuple) and data and data[0] == pattern else None
    else:
        compiled, args = _captured_re(pattern, flags)
        args = tuple(map(_plain, args)) if args else None
    if args is not None and _file:
        import marshal

        try:
            marshal.dumps(args)
        except ValueError:
            return compiled
        if not _added:
            import atexit

            atexit.register(_save)
        _added[key] = programs[key] = args
    return compiled
