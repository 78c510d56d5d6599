"""The hand-reviewed audit samples are data: every entry judged, with a reason."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT

FILES = sorted((ROOT / "fixtures" / "audit_review").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_review_file_is_complete(path: Path) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    rows = data["sample"]
    # a random 50 of the audit's errors, or every one of them when there are fewer
    assert len(rows) == min(50, data["errors_total"])
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["verdict"] in (True, False), r["id"]
        assert r["why"].strip(), r["id"]
        for side in ("draft", "source"):
            assert r[side]["text"] and r[side]["sentence"], r["id"]
            assert any(ch.isdigit() or ch in "零〇一二两三四五六七八九十百千万亿" for ch in r[side]["text"])


def test_there_is_a_review() -> None:
    assert FILES
