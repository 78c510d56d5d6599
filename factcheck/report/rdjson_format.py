"""``--format rdjson``: reviewdog's Diagnostic Result (``reviewdog -f=rdjson``).

    factcheck check drafts --format rdjson | reviewdog -f=rdjson -reporter=github-pr-review

Columns are 1-based UTF-8 byte offsets, as reviewdog counts them (read from the draft;
code points when it cannot be read, as for stdin). A FC101 with one published figure
carries it as a suggestion (:mod:`factcheck.fix`), which reviewdog offers as a change.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..api import CheckResult
from ..fix import figure_edit
from .record import cite_text, finding_record

SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


@lru_cache(maxsize=64)
def _lines(path: str) -> tuple[str, ...]:
    from pathlib import Path

    try:
        return tuple(Path(path).read_text(encoding="utf-8-sig").split("\n"))
    except (OSError, UnicodeDecodeError, ValueError):
        return ()


def _byte_column(path: str, line: int, column: int) -> int:
    lines = _lines(path)
    if not 1 <= line <= len(lines):
        return column
    return len(lines[line - 1][:column - 1].encode("utf-8")) + 1


def _range(path: str, line: int, column: int, end_line: int, end_column: int) -> dict[str, Any]:
    return {"start": {"line": line, "column": _byte_column(path, line, column)},
            "end": {"line": end_line, "column": _byte_column(path, end_line, end_column)}}


def diagnostic(record: dict[str, Any], lang: str = "zh") -> dict[str, Any]:
    message = "\n".join([record["message"], *(cite_text(s, lang) for s in record["sources"]),
                         *([record["note"]] if record["note"] else [])])
    span = _range(record["path"], record["line"], record["column"], record["end_line"], record["end_column"])
    out: dict[str, Any] = {"message": message, "location": {"path": record["path"], "range": span},
                           "severity": SEVERITY[record["severity"]], "code": {"value": record["code"]}}
    return out


def render(result: CheckResult, lang: str = "zh") -> str:
    _lines.cache_clear()  # the drafts as they are now
    diagnostics = []
    for f in result.findings:
        d = diagnostic(finding_record(f), lang)
        edit = figure_edit(f)
        if edit is not None:
            d["suggestions"] = [{"range": d["location"]["range"], "text": edit.text}]
        diagnostics.append(d)
    body = {"source": {"name": "factcheck"}, "diagnostics": diagnostics}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
