"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other viewers.

Rules come from :mod:`factcheck.rules`; each result cites its sources as
``relatedLocations``; ``partialFingerprints`` do not depend on line numbers.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..api import CheckResult
from ..rules import RULES, Rule
from .record import cite_text, finding_record, fingerprints

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "factcheckContent/v1"


def information_uri() -> str:
    """The project's home page from the package metadata (``[project.urls]``)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("factcheck")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        meta = None
    for entry in (meta.get_all("Project-URL") or []) if meta else []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return url.strip()
    home = meta["Home-page"] if meta and "Home-page" in meta else None
    return home or "https://pypi.org/project/factcheck/"


def artifact_uri(path: str) -> str:
    """A relative URI reference with forward slashes (non-ASCII percent-encoded)."""
    return quote(path.replace("\\", "/"), safe="/-._~")


def _rule(r: Rule, lang: str) -> dict[str, Any]:
    return {"id": r.code, "name": r.name,
            "shortDescription": {"text": r.summary_en if lang == "en" else r.summary_zh},
            "fullDescription": {"text": r.help_zh},
            "help": {"text": f"{r.help_zh}\n例：{r.example_zh}"},
            "defaultConfiguration": {"level": LEVEL[r.severity]}}


def _location(path: str, line: int, column: int, end_line: int, end_column: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)},
                                 "region": {"startLine": line, "startColumn": column,
                                            "endLine": end_line, "endColumn": end_column}}}


def _result(r: dict[str, Any], fingerprint: str, index: dict[str, int], lang: str) -> dict[str, Any]:
    related = []
    for i, s in enumerate(r["sources"], start=1):
        loc = _location(s["path"], s["line"], s["column"], s["line"], s["column"] + len(s["text"]))
        related.append({"id": i, **loc, "message": {"text": cite_text(s, lang)}})
    text = r["message"] + (f"（{r['note']}）" if r["note"] and lang != "en" else f" ({r['note']})" if r["note"] else "")
    out: dict[str, Any] = {"ruleId": r["code"], "level": LEVEL[r["severity"]], "message": {"text": text},
                           "locations": [_location(r["path"], r["line"], r["column"], r["end_line"], r["end_column"])]}
    if r["code"] in index:
        out["ruleIndex"] = index[r["code"]]
    if related:
        out["relatedLocations"] = related
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    return out


def render(result: CheckResult, lang: str = "zh") -> str:
    rules = list(RULES.values())
    index = {r.code: i for i, r in enumerate(rules)}
    records = [finding_record(f) for f in result.findings]
    log = {"$schema": SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "factcheck", "version": __version__,
                                         "informationUri": information_uri(),
                                         "rules": [_rule(r, lang) for r in rules]}},
                     "columnKind": "unicodeCodePoints",
                     "results": [_result(r, fp, index, lang) for r, fp in zip(records, fingerprints(records))]}]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
