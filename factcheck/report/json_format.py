"""``--format json``: one object on stdout, the v1 contract (fields are only ever added)."""
from __future__ import annotations

import json

from ..api import CheckResult
from .record import result_record


def render(result: CheckResult, lang: str = "zh") -> str:
    return json.dumps(result_record(result), ensure_ascii=False, indent=2) + "\n"
