"""The tokenizer adapter: word-by-word dictionary lookups segment exactly as the whole
dictionary does; a damaged or unwritable lexicon cache never changes the output."""
from __future__ import annotations

from pathlib import Path

import pytest

rjieba = pytest.importorskip("rjieba")

from factcheck import lexicon, tokenizer  # noqa: E402
from factcheck.normalize import normalize  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def _sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        for line in text.split("\n"):
            out += [s for s in line.split("。") if s]
    return out


def _fresh_growing(monkeypatch, cache: Path) -> tokenizer._Growing:
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(cache))
    found = lexicon.open_lexicon()
    assert found is not None
    return tokenizer._Growing(tokenizer._rjieba_extension(), found)


def test_word_by_word_segmentation_equals_the_whole_dictionary(monkeypatch, tmp_path):
    growing = _fresh_growing(monkeypatch, tmp_path)
    sentences = _sentences()
    assert len(sentences) > 500
    for s in sentences:
        assert growing.cut(s) == rjieba.cut(s), s
        assert growing.tag(s) == rjieba.tag(s), s
    # the windows the subject finder asks about, cut anywhere inside words
    for s in sentences[:200]:
        for start in range(0, len(s), 7):
            w = s[start:start + 24]
            assert growing.tag(w) == rjieba.tag(w), w


def test_lexicon_holds_the_dictionary_frequencies_and_tags(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    lex = lexicon.open_lexicon()
    assert lex is not None
    assert lex.get("高新技术") == (rjieba.suggest_freq("高新技术"), "n")
    assert lex.get("不是一个词啊") is None
    assert lex.total > 60_000_000


def test_a_damaged_cache_is_built_again(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    assert lexicon.open_lexicon() is not None
    (cache,) = tmp_path.glob("jieba-lexicon-*.bin")
    cache.write_bytes(cache.read_bytes()[:1000])  # a half-written file
    lex = lexicon.open_lexicon()
    assert lex is not None and lex.get("企业") is not None
    cache.write_bytes(b"")
    assert lexicon.open_lexicon() is not None


def test_an_unwritable_cache_falls_back_to_the_whole_dictionary(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(blocker / "sub"))
    assert lexicon.open_lexicon() is None
    monkeypatch.setattr(tokenizer, "_cut", None)
    monkeypatch.setattr(tokenizer, "_tag", None)
    monkeypatch.setattr(tokenizer, "_growing", None)
    tokenizer.cut.cache_clear()
    tokenizer.tag.cache_clear()
    assert tokenizer.cut("昌吉州高新技术企业达到277家") == ("昌吉州", "高新技术", "企业", "达到", "277", "家")
    assert tokenizer._growing is None and tokenizer.BACKEND == "rjieba"
    tokenizer.cut.cache_clear()
    tokenizer.tag.cache_clear()
    monkeypatch.setattr(tokenizer, "_cut", None)
    monkeypatch.setattr(tokenizer, "_tag", None)


def test_a_long_job_switches_to_the_whole_dictionary(monkeypatch, tmp_path):
    growing = _fresh_growing(monkeypatch, tmp_path)
    monkeypatch.setattr(tokenizer, "_growing", growing)
    monkeypatch.setattr(tokenizer, "_cut", growing.cut)
    monkeypatch.setattr(tokenizer, "_tag", growing.tag)
    monkeypatch.setattr(tokenizer, "WHOLE_AFTER", 50)
    tokenizer.cut.cache_clear()
    tokenizer.tag.cache_clear()
    for s in _sentences()[:10]:
        tokenizer.tag(s)
    assert tokenizer._growing is None  # switched
    assert tokenizer.tag("遴选培育庭州英才220名") == tuple(rjieba.tag("遴选培育庭州英才220名"))
    tokenizer.cut.cache_clear()
    tokenizer.tag.cache_clear()


def test_a_lexicon_that_disagrees_with_the_segmenter_is_never_used(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    assert lexicon.open_lexicon("another-build", agrees=lambda lex: False) is None
    assert list(tmp_path.glob("*.disagrees"))
    assert lexicon.open_lexicon("another-build", agrees=lambda lex: True) is None  # remembered
    assert lexicon.open_lexicon("this-build", agrees=lambda lex: True) is not None


def test_the_installed_rjieba_agrees_with_the_lexicon(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    ext = tokenizer._rjieba_extension()
    lex = lexicon.open_lexicon(tokenizer._build_of(ext), lambda lx: tokenizer._agrees(ext, lx))
    assert lex is not None and not list(tmp_path.glob("*.disagrees"))
