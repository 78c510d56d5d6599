"""Word boundaries: a small adapter over jieba's segmentation.

rjieba (the jieba-rs binding) gives token-for-token the same output as jieba 0.42 and
loads in about 0.1 s instead of 1–1.5 s, so it is preferred; pure-Python jieba is the
fallback. The rest of factcheck only sees :func:`cut` and :func:`tag`.

A short job (a ``check`` of a draft or two) does not load the whole dictionary: rjieba
starts empty and is given, before each text, the dictionary words that occur in it (from
:mod:`factcheck.lexicon`), which segments the text exactly as the whole dictionary does.
After :data:`WHOLE_AFTER` characters (an ingest, an audit, a long-running process) the whole dictionary
is loaded, since by then it is the cheaper way.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Callable

from .lexicon import MAX_WORD, open_lexicon, package_dir

_cut: Callable[[str], list[str]] | None = None
_tag: Callable[[str], list[tuple[str, str]]] | None = None
BACKEND = ""


WHOLE_AFTER = 20_000  # characters segmented word by word before the whole dictionary is loaded
# a word that no text can hold (segmentation never looks up control characters): its
# frequency tops the empty segmenter's total up to the whole dictionary's
_FILLER = "\x01\x02"


class _Growing:
    """An rjieba segmenter that holds the dictionary words of the texts it was given."""

    def __init__(self, rjieba_module, lexicon) -> None:
        self.jieba = rjieba_module.Jieba.empty()
        self.lexicon = lexicon
        self.looked_up: set[str] = set()
        self.added = 0  # their total frequency
        self.chars = 0
        self.jieba.add_word(_FILLER, lexicon.total, "x")

    def prepare(self, text: str) -> None:
        get, looked_up, add = self.lexicon.get, self.looked_up, self.jieba.add_word
        n = len(text)
        before = self.added
        for i in range(n):
            for k in range(i + 1, min(n, i + MAX_WORD) + 1):
                w = text[i:k]
                if w in looked_up:
                    continue
                looked_up.add(w)
                found = get(w)
                if found is not None:
                    add(w, found[0], found[1])
                    self.added += found[0]
        if self.added != before:
            self.jieba.add_word(_FILLER, self.lexicon.total - self.added, "x")
        self.chars += n

    def cut(self, text: str) -> list[str]:
        self.prepare(text)
        return self.jieba.cut(text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        self.prepare(text)
        return self.jieba.tag(text)


_growing: _Growing | None = None


def _whole() -> None:
    """Segment with the whole dictionary from now on."""
    global _cut, _tag, _growing
    import rjieba

    _cut, _tag, _growing = rjieba.cut, rjieba.tag, None


def _ready() -> None:
    """Load the segmenter on first use; move to the whole dictionary once a job is long."""
    if _cut is None:
        _load()
    elif _growing is not None and _growing.chars > WHOLE_AFTER:
        _whole()


def load_whole() -> None:
    """Segment with the whole dictionary from now on (the words are the same): for a job
    known to be long, such as an ingest about to fork its workers, which then share it
    instead of each segmenting word by word and loading it on its own."""
    _ready()
    if _growing is not None:
        _whole()


def _rjieba_extension():
    """rjieba's compiled module, without the package's ``__init__`` (which builds a
    segmenter with the whole dictionary on import); None if it cannot be found so."""
    import importlib.machinery
    import importlib.util

    folder = package_dir("rjieba")
    if folder is None:
        return None
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = folder / ("rjieba" + suffix)
        if not path.is_file():
            continue
        try:
            spec = importlib.util.spec_from_file_location("rjieba.rjieba", path)
            if spec is None or spec.loader is None:
                return None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except (ImportError, OSError):
            return None
        return module if hasattr(getattr(module, "Jieba", None), "empty") else None
    return None


# sentences of news copy whose segmentation must not depend on how the dictionary is loaded
_PROBES = (
    "近年来，喀什地区累计攻克了92项关键核心技术，全州高新技术企业达到277家。",
    "遴选培育“天山英才”220名，授信金额1.5亿元，其中40%用于个人生活补助。",
    "新疆准东经济技术开发区（以下简称准东开发区）上半年完成固定资产投资3700万元。",
    "全国互联网普及率达到77.5%，比上年同期提高1.2个百分点，网民规模近11亿人。",
)


def _build_of(extension) -> str:
    """The segmenter's build: its compiled file's size and time."""
    try:
        st = os.stat(extension.__file__)
        return f"{st.st_size}:{st.st_mtime_ns}"
    except (AttributeError, OSError, TypeError):
        return ""


def _agrees(extension, lexicon) -> bool:
    """Segmenting the probes word by word gives what rjieba's whole dictionary gives."""
    import rjieba

    growing = _Growing(extension, lexicon)
    return all(growing.tag(s) == rjieba.tag(s) and growing.cut(s) == rjieba.cut(s) for s in _PROBES)


def _load() -> None:
    global _cut, _tag, _growing, BACKEND
    try:
        extension = _rjieba_extension()
        lexicon = None
        if extension is not None:
            lexicon = open_lexicon(_build_of(extension), lambda lex: _agrees(extension, lex))
        if lexicon is not None:
            _growing = _Growing(extension, lexicon)
            _cut, _tag, BACKEND = _growing.cut, _growing.tag, "rjieba"
            return
        import rjieba

        _cut, _tag, BACKEND = rjieba.cut, rjieba.tag, "rjieba"
    except ImportError:  # pragma: no cover - exercised only without rjieba
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        _cut = lambda s: list(jieba.cut(s, HMM=True))  # noqa: E731
        _tag = lambda s: [(w.word, w.flag) for w in jieba.posseg.cut(s)]  # noqa: E731
        BACKEND = "jieba"


@lru_cache(maxsize=65536)
def cut(text: str) -> tuple[str, ...]:
    """Segment ``text`` into words: 关键核心技术 → (关键, 核心技术)."""
    _ready()
    assert _cut is not None
    return tuple(_cut(text))


@lru_cache(maxsize=65536)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """Segment with part-of-speech tags: 遴选培育 → ((遴选, v), (培育, vn))."""
    _ready()
    assert _tag is not None
    return tuple(_tag(text))


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``."""
    spans, pos = [], 0
    for w in cut(text):
        spans.append((pos, pos + len(w)))
        pos += len(w)
    return spans
