"""Patterns compiled on first use, and compiled programs kept from one run to the next.

A fresh ``factcheck check`` uses ~100 of factcheck's patterns; compiling them takes ~40 ms,
as long as the rest of the check (the ``regex`` module's parser and the standard ``re``
parser are pure Python). So:

- ``lazy(regex.compile, PATTERN, FLAGS)`` stands for ``regex.compile(PATTERN, FLAGS)`` and
  compiles when first used; from then on each attribute (``search``, ``finditer`` …) is the
  compiled pattern's own, kept on the instance, so a call costs what it costs on the
  compiled pattern. ``lazy(re.compile, …)`` likewise.
- Compiling goes through :func:`compile_cached`, which keeps the *compiled program* of each
  pattern between runs (:mod:`factcheck.compiled`), as Python keeps ``.pyc`` files: the next
  run hands the program to the engine's constructor without parsing the pattern again. For
  ``regex`` the program is what its patterns pickle as (``Pattern._pickled_data``:
  ``pickle.loads`` of a ``regex`` pattern does exactly this); for ``re`` it is what ``re``
  passes to ``_sre.compile``. Anything unexpected means the pattern is compiled as usual.
"""
from __future__ import annotations

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
# Compiled programs kept between runs (factcheck.compiled)
# ------------------------------------------------------------------------------------------
def _engine(compile: Callable[..., Any]) -> str:
    """'regex' or 're' for their ``compile``; '' for anything else (not cached)."""
    if getattr(compile, "__name__", "") != "compile":
        return ""
    module = getattr(compile, "__module__", "")
    if module in ("regex.regex", "regex._main", "regex"):
        return "regex"
    if module == "re":
        return "re"
    return ""


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
    """``compile(pattern, flags)``, with the compiled program taken from, or added to, the
    cache of :mod:`factcheck.compiled`; for any other ``compile``, just the call."""
    engine = _engine(compile)
    if not engine or not isinstance(pattern, str):
        return compile(pattern, flags)
    from . import compiled as cache

    if engine == "regex":
        version = cache.regex_version()
        if version is None:
            return compile(pattern, flags)
        key: tuple[Any, ...] = ("regex", version, pattern, int(flags))
    else:
        key = ("re", pattern, int(flags))
    program = cache.get(key)
    if program is not None:
        try:
            if engine == "regex":
                from regex import _regex  # type: ignore[attr-defined]

                return _regex.compile(*program)  # type: ignore[no-any-return]
            import _sre

            return _sre.compile(*program)  # type: ignore[no-any-return]
        except Exception:  # a program this engine does not take: compiled below, and replaced
            pass
    if engine == "regex":
        result = compile(pattern, flags)
        data = getattr(result, "_pickled_data", None)
        args = tuple(map(_plain, data)) if isinstance(data, tuple) and data and data[0] == pattern else None
    else:
        result, args = _captured_re(pattern, flags)
        args = tuple(map(_plain, args)) if args else None
    if args is not None:
        cache.put(key, args)
    return result
