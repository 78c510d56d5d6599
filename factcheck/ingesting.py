"""The work of an ingest (:func:`factcheck.api.ingest`) besides deciding what to read: files read
and extracted, in worker processes when there are many, and stored in batches of whole
articles by the one writer.

What every worker needs (the knowledge, the extractor version, what is stored already) is
set before they are forked, so that they inherit it: sent with each task instead, the
knowledge would arrive afresh with every 16 files, its memos empty. The whole dictionary of
the segmenter is loaded here before the fork too, once for all of them.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from .api import MARKDOWN_SUFFIXES
from .extract import extract
from .knowledge import Knowledge
from .match import index_terms
from .reading import InputError, display_path, read_document
from .rows import DocumentRows, document_rows
from .stores import Store


def unchanged_bytes(path: Path, known: dict[str, tuple[str, ...]], version: str) -> bool:
    """Fast path of a re-ingest: the file's bytes hash to what is stored (no decoding, no
    YAML). Pages with a sidecar take the full path (their metadata lives elsewhere)."""
    import hashlib

    stored = known.get(display_path(path)) if known else None  # (a new DB: nothing to look up)
    if stored is None or stored[1] != version or path.with_name(path.stem + ".meta.yaml").exists():
        return False
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == stored[0]


def _die_with_parent() -> None:
    """Worker initializer: an ingest killed with -9 takes its extraction workers with it."""
    import os
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the call above
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle


# What a worker reads with: the knowledge, the extractor version and what is stored (to tell
# an unchanged file from a changed one). Handed to each worker once, as its initializer's
# arguments, which a forked worker inherits instead of receiving them with every task (a
# knowledge unpickled with each task of 16 files would start its memos afresh every time).
# Set in the worker process only, when it starts; the caller's process never changes it.
_WORKER: tuple = ()


def _start_worker(knowledge: Knowledge, version: str, known: dict[str, tuple[str, ...]]) -> None:
    global _WORKER
    _die_with_parent()
    _WORKER = (knowledge, version, known)


def _ingest_in_worker(path: Path) -> tuple[str, object]:
    return ingest_one(path, *_WORKER)


def ingest_one(path: Path, knowledge: Knowledge, version: str,
               known: dict[str, tuple[str, ...]]) -> tuple[str, object]:
    """Read and extract one file (in a worker or here): ('error', (path, problem)),
    ('unchanged', path) or ('stored', the rows to store: plain values, quick to pickle).
    ``known``: what is stored (path → :meth:`document_keys`)."""
    try:
        doc = read_document(path)
    except InputError as exc:
        return "error", (exc.path, exc.problem)
    if known.get(doc.path) == (doc.content_hash, version, doc.title, doc.date, doc.source, doc.date_source):
        return "unchanged", doc.path
    if doc.path.lower().endswith(MARKDOWN_SUFFIXES) and "<!--" in doc.text:  # comments are not published text
        from . import suppress

        doc = doc._replace(text=suppress.masked(doc.text))
    claims = extract(doc, knowledge).claims
    return "stored", document_rows(doc, claims, [index_terms(c, knowledge) for c in claims])


def processed(paths: list[Path], knowledge: Knowledge, version: str, jobs: int,
              known: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, object]]:
    """:func:`ingest_one` over ``paths`` in ``jobs`` processes, in input order; reading,
    decoding and extraction all happen in the workers, writing stays in the caller's process.
    ``known``: what is stored (path → :meth:`document_keys`). Close it when done (or given up):
    the workers are stopped."""
    if jobs <= 1:
        yield from (ingest_one(path, knowledge, version, known) for path in paths)
        return
    import multiprocessing

    from .tokenizer import load_whole

    load_whole()  # once here, shared by the workers (each would load it after 20,000 characters)
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker,
                                                    initargs=(knowledge, version, known))
    try:
        yield from pool.imap(_ingest_in_worker, paths, chunksize=16)
    except BaseException:
        pool.terminate()  # nothing the workers hold is committed: the writer is the caller
        raise
    pool.close()
    pool.join()


class BatchWriter:
    """Stores articles in batches of whole articles, one transaction each (a commit per
    article costs more than the rest of writing). The first batch holds one article, each
    next one twice as many, up to ``BATCH_ARTICLES``; a batch is also written once it is
    ``BATCH_SECONDS`` old. So readers see the archive grow from the start, and a crash
    loses at most one batch of work (the next ingest redoes it)."""

    BATCH_ARTICLES = 256
    BATCH_SECONDS = 0.05

    def __init__(self, store: Store, version: str) -> None:
        self.store, self.version = store, version
        self.pending: list[DocumentRows] = []
        self.limit = 1
        self.started = 0.0
        self.claims = 0

    def add(self, rows: DocumentRows) -> None:
        if not self.pending:
            self.started = time.monotonic()
        self.pending.append(rows)
        if len(self.pending) >= self.limit or time.monotonic() - self.started >= self.BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.claims += self.store.store_documents(self.pending, self.version)
            self.pending = []
            self.limit = min(2 * self.limit, self.BATCH_ARTICLES)


def default_jobs() -> int:
    import os

    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


__all__ = ["BatchWriter", "default_jobs", "processed", "ingest_one", "unchanged_bytes"]
