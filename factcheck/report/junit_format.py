"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``<testsuite>`` per checked file; one ``<testcase>`` per finding, failing for errors
and warnings (``type`` is the code), passing for confirmations (FC100); a file without
findings is one passing test case, so every checked file is listed.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from ..api import CheckResult
from .record import cite_text, finding_record


def render(result: CheckResult, lang: str = "zh") -> str:
    records = [finding_record(f) for f in result.findings]
    by_path = {path: list(group) for path, group in groupby(records, key=lambda r: r["path"])}
    root = ET.Element("testsuites", name="factcheck")
    total = failures = 0
    for path in dict.fromkeys([*result.files, *by_path]):
        found = by_path.get(path, [])
        failing = [r for r in found if r["severity"] in ("error", "warning")]
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(max(1, len(found))),
                              failures=str(len(failing)), errors="0", skipped="0")
        if not found:
            ET.SubElement(suite, "testcase", name=path, classname=path, file=path)
        for r in found:
            case = ET.SubElement(suite, "testcase", name=f"{r['code']} {r['claim']['text']} ({r['line']}:{r['column']})",
                                 classname=path, file=path, line=str(r["line"]))
            if r in failing:
                failure = ET.SubElement(case, "failure", message=r["message"], type=r["code"])
                failure.text = "\n".join([f"{path}:{r['line']}:{r['column']}: {r['severity']} {r['code']}",
                                          *(cite_text(s, lang) for s in r["sources"]),
                                          *([r["note"]] if r["note"] else [])])
        total += max(1, len(found))
        failures += len(failing)
    for e in result.errors:  # unreadable files: errors, not failures
        suite = ET.SubElement(root, "testsuite", name=e.path, tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", name=e.path, classname=e.path, file=e.path)
        ET.SubElement(case, "error", message=e.problem, type="unreadable")
        total += 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(len(result.errors)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
