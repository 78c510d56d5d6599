"""Stage 0 for files that are not plain text: Word (.docx), PDF (.pdf) and HTML (.html).

A reader (one module a format) turns a file's bytes into the text the pipeline reads like
any page — one line per line of a PDF page, one paragraph per line of a Word document,
blank lines between pages, paragraphs and HTML blocks — plus :class:`~factcheck.positions.Places`,
the map from that text back to where a person finds it in the original. The text then
goes through the same normalize → articles → extract path as a ``.txt`` page; the claims'
line and column are translated back here: a Word paragraph and its character (``¶12``),
a PDF page's line (``p.2 l.14``), a line and column of the HTML source.

Readers are imported only when such a file is read (the PDF and Word libraries are not
on the start-up path of a check of Markdown drafts).
"""
from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from ..positions import LineIndex, Places
from ..records import Claim, Document, Finding, Source

# suffix → reader module; each has ``read(data: bytes, path: str) -> Extracted``
READERS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
SUFFIXES = tuple(READERS)


class Extracted(NamedTuple):
    """What a reader returns: the text to check, its places in the original, metadata."""

    text: str
    places: Places
    meta: Mapping[str, str] = MappingProxyType({})


class TextBuilder:
    """Text made of runs, each from one place of the original; units (paragraphs, PDF lines)
    are joined by the caller's choice of line break."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._runs: list[tuple[int, int, int, str]] = []
        self._length = 0

    def add(self, text: str, line: int, column: int, label: str = "") -> None:
        """Append ``text``, which stands at ``line``/``column`` of the original."""
        if not text:
            return
        self._runs.append((self._length, line, column, label))
        self._parts.append(text)
        self._length += len(text)

    def add_break(self, breaks: str = "\n\n") -> None:
        """End the current unit (a blank line by default: a paragraph of its own)."""
        if self._length and not self._parts[-1].endswith(breaks):
            self._parts.append(breaks)
            self._length += len(breaks)

    def build(self, meta: dict[str, str] | None = None) -> Extracted:
        return Extracted("".join(self._parts), Places(self._runs), meta or {})


def wanted(name: str) -> bool:
    """A file name a directory walk picks up (not Word's ``~$draft.docx`` lock file)."""
    return name.lower().endswith(SUFFIXES) and not name.startswith("~$")


def reader_for(path: Path) -> Callable[[bytes, str], Extracted] | None:
    """The reader of ``path``'s format, or None for text files."""
    module = READERS.get(path.suffix.lower())
    if module is None:
        return None
    return importlib.import_module(f"{__name__}.{module}").read  # type: ignore[no-any-return]


def locate_claims(claims: Iterable[Claim], doc: Document) -> list[Claim]:
    """``claims`` of ``doc`` with line, column and location in the original file."""
    if doc.places is None:
        return list(claims)
    index = LineIndex(doc.text)
    return [_located(c, index, doc.places) for c in claims]


def locate_findings(findings: Iterable[Finding], doc: Document) -> list[Finding]:
    """Findings in ``doc`` with their claim and cited sources placed in the original files
    (a source stored from a .pdf or .docx is read again, once per process and version)."""
    out = []
    index = LineIndex(doc.text) if doc.places is not None else None
    for f in findings:
        claim = _located(f.claim, index, doc.places) if index is not None and doc.places else f.claim
        sources = tuple(_located_source(s) for s in f.sources)
        if claim is not f.claim or any(a is not b for a, b in zip(sources, f.sources)):
            f = f._replace(claim=claim, sources=sources)
        out.append(f)
    return out


def _located(c: Claim, index: LineIndex, places: Places) -> Claim:
    start = places.place(index.offset(c.line, c.column))
    end = places.place(index.offset(c.end_line, max(1, c.end_column - 1)))
    return c._replace(line=start.line, column=start.column, end_line=end.line,
                   end_column=end.column + 1, location=start.label)


def _located_source(s: Source) -> Source:
    if not s.path.lower().endswith(SUFFIXES):
        return s
    found = _source_places(s.path)
    if found is None:
        return s
    index, places = found
    p = places.place(index.offset(s.line, s.column))
    return s._replace(line=p.line, column=p.column, location=p.label)


def _source_places(path: str) -> tuple[LineIndex, Places] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _read_places(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=64)
def _read_places(path: str, mtime_ns: int, size: int) -> tuple[LineIndex, Places] | None:
    from ..reading import InputError, read_document

    try:
        doc = read_document(Path(path))
    except InputError:
        return None
    return (LineIndex(doc.text), doc.places) if doc.places is not None else None


__all__ = ["Extracted", "TextBuilder", "READERS", "SUFFIXES", "wanted", "reader_for",
           "locate_claims", "locate_findings"]
