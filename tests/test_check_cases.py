"""Check cases as data (tests/cases/checks.yaml), expanded by pytest_generate_tests."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from factcheck import api
from conftest import seeds_knowledge, seeds_settings  # noqa: E402

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "checks.yaml").read_text("utf-8"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES, ids=[c["name"] for c in CASES])


def _write(path: Path, date: str, text: str) -> Path:
    """An article with front matter; without ``date`` an undated one (no date anywhere)."""
    dated = f"date: {date}\n" if date else ""
    path.write_text(f"---\n{dated}title: {path.stem}\n---\n\n{text}\n", encoding="utf-8")
    return path


def test_case(case: dict, tmp_path: Path) -> None:
    prior_dir = tmp_path / "archive"
    prior_dir.mkdir()
    for i, p in enumerate(case["prior"]):
        _write(prior_dir / f"a{i}.md", str(p["date"]), p["text"])
    db = tmp_path / "db"
    api.ingest([prior_dir], db, settings=seeds_settings())
    draft = _write(tmp_path / "draft.md", str(case["draft"].get("date") or ""), case["draft"]["text"])
    result = api.check([draft], db, settings=seeds_settings())
    got = sorted((f.code, f.claim.text, f.sources[0].text if f.sources and f.code != "FC202" else None)
                 for f in result.findings)
    want = sorted((e["code"], e["claim"], e.get("source")) for e in case["expect"])
    assert got == want


def test_case_names_are_unique() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
