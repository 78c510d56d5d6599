"""Issue 12, items 5 and 6: features computed once at extraction, stored, and compared;
candidates from similar clauses when the subjects were read differently."""
from __future__ import annotations

from pathlib import Path

from conftest import SEED, seeds_knowledge, seeds_settings

from factcheck import api
from factcheck.extract import extract
from factcheck.judge import Options, judge
from factcheck.match import candidates
from factcheck.reading import read_document
from factcheck.records import Document
from factcheck.store import ClaimStore


def _claims(text: str, date: str = "2024-12-19", path: str = "a.md"):
    return extract(Document(path=path, text=text, content_hash=path, date=date), seeds_knowledge()).claims


def test_every_claim_carries_its_features_from_extraction() -> None:
    claims = extract(read_document(SEED["000"]), seeds_knowledge()).claims
    assert claims and all(c.features is not None for c in claims)
    talent = next(c for c in claims if c.text == "220名" and "庭州英才" in c.sentence)
    assert talent.features.canonical_subject == "庭州英才" and talent.features.named
    assert {"遴选", "培育"} <= set(talent.features.context_terms)


def test_the_rules_compare_fields_and_read_no_text_again() -> None:
    """Blanking the sentences, clauses and titles after extraction changes no verdict."""
    a = _claims("2024年，昌吉州遴选培育“庭州英才”260名。\n")[0]
    pairs = [(a, b) for b in extract(read_document(SEED["000"]), seeds_knowledge()).claims]
    blank = {"sentence": "", "clause": "", "article_title": ""}
    for x, y in pairs:
        v = judge(x, y, seeds_knowledge(), Options())
        w = judge(x._replace(**blank), y._replace(**blank), seeds_knowledge(), Options())
        assert (v.outcome, [f.rule for f in v.trail]) == (w.outcome, [f.rule for f in w.trail]), y.text


def test_features_survive_the_claims_db(tmp_path: Path) -> None:
    api.ingest([SEED["001"]], tmp_path / "db", seeds_settings())
    fresh = {(c.line, c.column): c.features for c in extract(read_document(SEED["001"]), seeds_knowledge()).claims}
    with ClaimStore(tmp_path / "db", create=False) as store:
        stored = {(s.claim.line, s.claim.column): s.claim.features for s in store.all_claims()}
    assert stored == fresh


def test_a_restatement_is_found_by_its_clause_when_its_subject_is_read_otherwise(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_text("---\ndate: 2024-11-27\n---\n\n截至目前，我国已布局建设77个国家重大科技基础设施，"
                                 "在建和运行的大科学装置超过60个。\n", encoding="utf-8")
    api.ingest([folder], tmp_path / "db")
    draft = _claims("截至目前，我国已布局建设67个重大科技基础设施项目，在建和运行的大科学装置超过60个。\n",
                    date="2024-11-28", path="d.md")[0]
    with ClaimStore(tmp_path / "db", create=False) as store:
        by_terms = store.candidates(["重大科技基础设施项目"], ["个"], set(), set())
        found = candidates(store, draft, seeds_knowledge(), {"d.md"}, set())
    assert not by_terms  # the subject words alone do not find it
    assert [s.claim.text for s in found][:1] == ["77个"]


def test_features_do_not_depend_on_the_hash_seed() -> None:
    """Two ingests in two processes store the same features (sets are never ordered by hash)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from factcheck.reading import read_document;"
            "from factcheck.extract import extract; from factcheck.knowledge import load;"
            "from factcheck.rows import features_json;"
            "print('\\n'.join(features_json(c.features) for p in sorted(Path('fixtures/seeds').glob('*.txt'))"
            " for c in extract(read_document(p), load(region='changji')).claims))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1 and len(next(iter(outs))) > 1000
