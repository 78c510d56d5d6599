"""Patterns compiled on first use.

A fresh ``factcheck check`` uses ~100 of factcheck's patterns; compiling them takes ~40 ms,
as long as the rest of the check (the ``regex`` module's parser and the standard ``re``
parser are pure Python). So:

- ``lazy(regex.compile, PATTERN, FLAGS)`` stands for ``regex.compile(PATTERN, FLAGS)`` and
  compiles when first used; from then on each attribute (``search``, ``finditer`` …) is the
  compiled pattern's own, kept on the instance, so a call costs what it costs on the
  compiled pattern. ``lazy(re.compile, …)`` likewise.
- A long list of literal alternatives (measure words, place names) is passed to ``regex`` as
  a named list (``\\L<units>``, ``units=[…]``): it matches the longest listed string first
  and backtracks to shorter ones, as the alternation sorted longest first does, and costs
  next to nothing to compile, where the alternation is parsed branch by branch.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

P = TypeVar("P")


class LazyPattern:
    def __init__(self, compile: Callable[..., Any], pattern: str, flags: int = 0, **named_lists: Any) -> None:
        self._source = (compile, pattern, flags)
        self._named_lists = named_lists

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)  # (copy, pickle and friends probing for protocols)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = compile_cached(*self._source, **self._named_lists)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy({self._source[1]!r})"


def lazy(compile: Callable[..., P], pattern: str, flags: int = 0, **named_lists: Any) -> P:
    """``compile(pattern, flags, **named_lists)``, done on first use."""
    return LazyPattern(compile, pattern, flags, **named_lists)  # type: ignore[return-value]


def compile_cached(compile: Callable[..., P], pattern: str, flags: int = 0, **named_lists: Any) -> P:
    """``compile(pattern, flags, **named_lists)`` (a pattern built at run time, e.g. from the
    knowledge's word lists; the engines keep their own in-process caches)."""
    return compile(pattern, flags, **named_lists)
