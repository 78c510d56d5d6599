"""``--format gitlab``: a GitLab Code Quality report (a JSON array, UTF-8 without BOM).

Severity: error → major, warning → minor, info → info (a figure to verify, not a
blocker of the pipeline itself; ``--fail-on`` decides that).
"""
from __future__ import annotations

import json

from ..api import CheckResult
from .record import cite_text, finding_record, fingerprints

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(result: CheckResult, lang: str = "zh") -> str:
    records = [finding_record(f) for f in result.findings]
    issues = []
    for r, fp in zip(records, fingerprints(records)):
        cited = "；".join(cite_text(s, lang) for s in r["sources"][:1])
        description = " ".join(x for x in (r["message"], cited, r["note"]) if x)
        issues.append({"description": description, "check_name": r["code"], "fingerprint": fp,
                       "severity": SEVERITY[r["severity"]],
                       "location": {"path": r["path"], "lines": {"begin": r["line"], "end": r["end_line"]}}})
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
