"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

    ::error file=drafts/a.md,line=12,col=34,endLine=12,endColumn=38,title=FC101 figure-conflict::“庭州英才”写作 260名…%0A来源：…

GitHub shows at most 10 annotations of each level per step, so when there are more a plain
summary line says how many there are and how to see them all.
"""
from __future__ import annotations

from typing import Any

from ..api import CheckResult
from ..rules import RULES
from .record import cite_text, finding_record, level_counts

MAX_SHOWN = 10
_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
_MORE = {"zh": "factcheck：共 {n} 个{label}，GitHub 每步只显示前 {max} 个注释；完整报告请运行 factcheck check --format text",
         "en": "factcheck: {n} {label}s in total; GitHub shows only the first {max} annotations of each level per step; "
               "run factcheck check --format text for the full report"}
_LABEL = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
          "en": {"error": "error", "warning": "warning", "info": "notice"}}


def escape_data(text: str) -> str:
    """Escape a workflow-command message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(record: dict[str, Any], lang: str = "zh") -> str:
    rule = RULES.get(record["code"])
    props = {"file": record["path"], "line": record["line"], "col": record["column"],
             "endLine": record["end_line"], "endColumn": record["end_column"],
             "title": f"{record['code']} {rule.name}" if rule else record["code"]}
    message = "\n".join([record["message"], *(cite_text(s, lang) for s in record["sources"]),
                         *([record["note"]] if record["note"] else [])])
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{_COMMAND[record['severity']]} {joined}::{escape_data(message)}"


def render(result: CheckResult, lang: str = "zh") -> str:
    records = [finding_record(f) for f in result.findings]
    lines = [annotation(r, lang) for r in records]
    for level, n in level_counts(records).items():
        if n > MAX_SHOWN:
            lines.append(_MORE[lang].format(n=n, label=_LABEL[lang][level], max=MAX_SHOWN))
    return "".join(line + "\n" for line in lines)
