"""jieba's dictionary, looked up word by word from a cache file instead of loaded whole.

A fresh ``factcheck check`` segments a few hundred characters; loading the whole
dictionary (349,046 words: rjieba builds its trie in ~0.1 s) costs more than the rest of
the check. The segmentation of a text only depends on the dictionary words that occur in
it (their frequencies and tags) and on the dictionary's total frequency, so
:class:`Lexicon` finds just those words, in a file that buckets the dictionary by each
word's first two characters, and :mod:`factcheck.tokenizer` gives them to an empty
segmenter whose total frequency is topped up to the whole dictionary's. The output is
the same, token for token, as with the whole dictionary.

The cache file is built once from jieba's ``dict.txt`` (about 0.5 s) under
``$XDG_CACHE_HOME/factcheck`` (else ``~/.cache/factcheck``; ``FACTCHECK_CACHE_DIR``
overrides) and rebuilt when jieba's dictionary changes.
"""
from __future__ import annotations

import array
import hashlib
import mmap
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Callable

BUCKETS = 1 << 16
MAX_WORD = 16  # characters: the longest word in jieba's dictionary
_MAGIC = b"factcheck-lexicon-1\n"


def _bucket(word: str) -> int:
    """Bucket of a word (and of every word that starts with its first two characters)."""
    second = ord(word[1]) if len(word) > 1 else 0
    return (ord(word[0]) * 65599 + second) % BUCKETS


def package_dir(name: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def dictionary_path() -> Path | None:
    """jieba's ``dict.txt`` (jieba is a dependency; only its data file is read here)."""
    folder = package_dir("jieba")
    path = folder / "dict.txt" if folder else None
    return path if path and path.is_file() else None


def cache_dir() -> Path:
    configured = os.environ.get("FACTCHECK_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factcheck"


class Lexicon:
    """Word → (frequency, tag) for the words of jieba's dictionary, read bucket by bucket."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        head = len(_MAGIC)
        if self._map[:head] != _MAGIC:
            raise ValueError(f"{path}: not a factcheck lexicon")
        try:
            self.total = int(self._map[head:head + 20].decode("ascii"))
        except ValueError:
            raise ValueError(f"{path}: a damaged factcheck lexicon") from None
        start = head + 20
        self._offsets = array.array("I")
        self._offsets.frombytes(self._map[start:start + 4 * (BUCKETS + 1)])
        self._base = start + 4 * (BUCKETS + 1)
        if self._offsets.itemsize != 4 or len(self._offsets) != BUCKETS + 1 \
                or self._base + self._offsets[-1] != len(self._map):
            raise ValueError(f"{path}: a damaged factcheck lexicon")
        self._buckets: dict[int, dict[str, tuple[int, str]]] = {}

    def _load(self, b: int) -> dict[str, tuple[int, str]]:
        lo, hi = self._offsets[b], self._offsets[b + 1]
        words: dict[str, tuple[int, str]] = {}
        if hi > lo:
            for line in self._map[self._base + lo:self._base + hi].decode("utf-8").split("\n"):
                word, freq, tag = line.split("\t")
                words[word] = (int(freq), tag)
        self._buckets[b] = words
        return words

    def get(self, word: str) -> tuple[int, str] | None:
        b = _bucket(word)
        words = self._buckets.get(b)
        if words is None:
            words = self._load(b)
        return words.get(word)


def build(dictionary: Path, target: Path) -> None:
    """Write the lexicon of ``dictionary`` (jieba's format: word freq [tag]) to ``target``."""
    buckets: list[list[str]] = [[] for _ in range(BUCKETS)]
    total = 0
    with open(dictionary, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            tag = parts[2] if len(parts) > 2 else ""
            total += freq
            buckets[_bucket(word)].append(f"{word}\t{freq}\t{tag}")
    blocks = ["\n".join(b).encode("utf-8") for b in buckets]
    offsets = array.array("I", [0])
    for block in blocks:
        offsets.append(offsets[-1] + len(block))
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        out.write(_MAGIC)
        out.write(f"{total:<20d}".encode("ascii"))
        out.write(offsets.tobytes())
        for block in blocks:
            out.write(block)
    os.replace(tmp, target)  # atomic: a concurrent reader sees the old file or the new one


def open_lexicon(segmenter: str = "", agrees: Callable[[Lexicon], bool] | None = None) -> Lexicon | None:
    """The lexicon of the installed jieba dictionary, built on first use; None when it
    cannot be had (no jieba data, an unwritable cache) or does not agree with the segmenter:
    the caller loads the whole dictionary instead.

    ``segmenter`` names the segmenter's build (its file), so that another build gets its own
    lexicon; ``agrees`` is asked once, when the lexicon is built, whether segmenting with it
    gives what the segmenter's own dictionary gives (a segmenter that ships another
    dictionary than jieba's would not), and a lexicon that does not is never used."""
    dictionary = dictionary_path()
    if dictionary is None:
        return None
    st = dictionary.stat()
    key = hashlib.sha256(f"{dictionary}:{st.st_size}:{st.st_mtime_ns}:{segmenter}".encode()).hexdigest()[:16]
    target = cache_dir() / f"jieba-lexicon-{key}.bin"
    refused = target.with_name(target.name + ".disagrees")
    if refused.exists():
        return None
    for attempt in (1, 2):
        try:
            if attempt == 2 or not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                build(dictionary, target)
                lexicon = Lexicon(target)
                if agrees is not None and not agrees(lexicon):
                    refused.write_text("segmenting with this lexicon differs from the whole dictionary\n")
                    return None
                return lexicon
            return Lexicon(target)
        except ValueError:
            continue  # damaged: built again, once
        except OSError:
            return None
    return None
