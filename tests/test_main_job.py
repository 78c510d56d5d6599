"""Issue 2, end to end on the real seed pages: ingest, check, cite."""
from __future__ import annotations

from pathlib import Path

from conftest import DRAFTS, SEED, seeds_knowledge, seeds_settings

from factcheck import api


def _ingest(tmp_path: Path, *keys: str) -> Path:
    db = tmp_path / "db"
    api.ingest([SEED[k] for k in keys], db, settings=seeds_settings())
    return db


def _by_text(result: api.CheckResult) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in result.findings:
        out.setdefault(f.claim.text, []).append(f)
    return out


def test_001_against_000_reports_both_named_conflicts(tmp_path: Path) -> None:
    db = _ingest(tmp_path, "000")
    result = api.check([SEED["001"]], db, settings=seeds_settings())
    found = _by_text(result)
    tech = found["92项"][0]
    assert tech.claim.subject == "关键核心技术"
    assert tech.claim.line == 20 and tech.claim.column == 15
    src = tech.sources[0]
    assert (src.text, src.line, src.date) == ("62项", 62, "2024-12-19")
    assert src.path.endswith("000_4f2cc99a263c1c5d.txt")
    assert "62项关键核心技术" in src.sentence
    assert src.title  # the article's headline or the page title
    assert tech.code == "FC102" and tech.severity == "warning"
    assert "近年来" in tech.note and "2024" in tech.note

    talent = [f for f in found["595名"] if f.code.startswith("FC10")]
    assert {f.claim.line for f in talent} == {24, 524}
    for f in talent:
        assert f.sources[0].text == "220名"
        assert f.sources[0].line in (66, 124)
        assert "庭州英才" in f.sources[0].sentence
        assert f.code == "FC102"


def test_000_against_001_reports_both_too(tmp_path: Path) -> None:
    db = _ingest(tmp_path, "001")
    result = api.check([SEED["000"]], db, settings=seeds_settings())
    found = _by_text(result)
    cited_for_62 = {s.text for f in found["62项"] for s in f.sources}
    assert "92项" in cited_for_62
    cited_for_220 = {s.text for f in found["220名"] for s in f.sources}
    assert cited_for_220 == {"595名"}
    f220 = next(f for f in found["220名"] if f.claim.line == 66)
    assert f220.code == "FC102"
    assert "2024" in f220.note and "近年来" in f220.note


def test_a_seed_is_never_compared_with_itself(all_seeds_db: Path) -> None:
    for key, path in SEED.items():
        result = api.check([path], all_seeds_db, settings=seeds_settings())
        for f in result.findings:
            if f.code.startswith("FC1"):
                assert all(s.path != f.claim.path for s in f.sources), (key, f)


def test_same_content_under_another_path_is_not_compared(tmp_path: Path, all_seeds_db: Path) -> None:
    copy = tmp_path / "copy_of_000.txt"
    copy.write_bytes(SEED["000"].read_bytes())
    result = api.check([copy], all_seeds_db, settings=seeds_settings())
    assert all(not s.path.endswith("000_4f2cc99a263c1c5d.txt") for f in result.findings for s in f.sources)


def test_consistent_draft_gets_no_error(all_seeds_db: Path) -> None:
    result = api.check([DRAFTS / "talent_consistent.md"], all_seeds_db, settings=seeds_settings())
    assert [f for f in result.findings if f.severity == "error"] == []
    assert result.exit_code() == 0
    verbose = api.check([DRAFTS / "talent_consistent.md"], all_seeds_db, verbose=True, settings=seeds_settings())
    agreed = {f.claim.text for f in verbose.findings if f.code == "FC100"}
    assert {"220名", "2.49亿元", "1.5亿元"} <= agreed


def test_changed_figures_are_errors_citing_the_source(all_seeds_db: Path) -> None:
    result = api.check([DRAFTS / "talent_conflict.md"], all_seeds_db, settings=seeds_settings())
    errors = {f.claim.text: f for f in result.findings if f.severity == "error"}
    assert set(errors) == {"2.94亿元", "260名"}
    f = errors["260名"]
    assert f.code == "FC101"
    assert f.claim.line == 12
    top = f.sources[0]
    assert (top.text, top.line, top.date) == ("220名", 66, "2024-12-19")
    assert "遴选培育“庭州英才”220名" in top.sentence
    assert errors["2.94亿元"].sources[0].text == "2.49亿元"
    assert result.exit_code() == 1


def test_ingest_is_idempotent_and_replaces_changed_files(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("2024年，昌吉州遴选培育“庭州英才”220名。", encoding="utf-8")
    db = tmp_path / "db"
    first = api.ingest([page], db, settings=seeds_settings())
    assert (first.added, first.claims) == (1, 1)
    again = api.ingest([page], db, settings=seeds_settings())
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    page.write_text("2024年，昌吉州遴选培育“庭州英才”230名，攻克62项关键核心技术。", encoding="utf-8")
    changed = api.ingest([page], db, settings=seeds_settings())
    assert (changed.updated, changed.claims) == (1, 2)
    from factcheck.store import ClaimStore

    with ClaimStore(db) as store:
        assert store.counts() == (1, 2)
        texts = sorted(s.claim.text for s in store.all_claims())
    assert texts == ["230名", "62项"]


def test_a_corrected_sidecar_reingests_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("今年，昌吉州遴选培育“庭州英才”220名。", encoding="utf-8")
    meta = tmp_path / "page.meta.yaml"
    meta.write_text("date: 2023-12-19\n", encoding="utf-8")
    db = tmp_path / "db"
    api.ingest([page], db, settings=seeds_settings())
    meta.write_text("date: 2024-12-19\n", encoding="utf-8")
    again = api.ingest([page], db, settings=seeds_settings())
    assert (again.updated, again.unchanged) == (1, 0)
    from factcheck.store import ClaimStore

    with ClaimStore(db) as store:
        (stored,) = list(store.all_claims())
    assert stored.claim.scope.year == 2024 and stored.claim.date == "2024-12-19"
