"""Stage 7: reports. Every machine format is built from :func:`record.finding_record`;
each format is a small module with one ``render(result, lang) -> str`` function.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..api import CheckResult

FORMATS = ("text", "json", "github", "sarif", "gitlab", "rdjson", "junit", "html")


def renderer(fmt: str) -> Callable[[CheckResult, str], str]:
    if fmt not in FORMATS:
        raise KeyError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = import_module(f".{fmt}_format", __name__)
    return module.render  # type: ignore[no-any-return]
