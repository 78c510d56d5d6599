"""The library API: ingest, refresh, check, accept, claims. The CLI is a thin layer over these.

>>> from factcheck import api
>>> api.refresh(["articles/a.txt"], "claims_db", root=".")       # doctest: +SKIP
>>> result = api.check(["draft.md"], db_dir="claims_db")          # doctest: +SKIP
>>> result = api.accept(result, Path(".factcheck-baseline.json")) # doctest: +SKIP
>>> result.exit_code(fail_on="error")                             # doctest: +SKIP

Inline ``<!-- factcheck: … -->`` comments in Markdown drafts are applied by :func:`check`;
the baseline file by :func:`accept`. Settings come from :mod:`factcheck.config`.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from .check import Candidate, CheckOptions, check_claim, check_draft_internal
from .context import home_scope
from .extract import EXTRACTOR_VERSION, DEFAULT_HOME, extract
from .match import compatible_units, extra_synonyms, index_terms
from .reading import InputError, display_path, iter_paths, read_document
from .records import Claim, Document, Finding
from .rows import DocumentRows, document_rows
from .store import ClaimStore, StoreError
from . import baseline as baseline_file
from . import formats, suppress

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class IngestResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    claims: int = 0
    errors: tuple[InputError, ...] = ()
    removed: int = 0  # articles gone from disk, forgotten


@dataclass(frozen=True, slots=True)
class CheckResult:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    claims_checked: int
    errors: tuple[InputError, ...] = ()
    db_documents: int = 0
    suppressed: int = 0  # by inline comments
    accepted: int = 0  # by the baseline file
    notices: tuple[str, ...] = ()  # unused comments, stale baseline entries

    def exit_code(self, fail_on: str = "error") -> int:
        if self.errors:
            return 2
        level = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= level and f.code != "FC100" for f in self.findings) else 0


@dataclass(frozen=True, slots=True)
class Settings:
    home_names: tuple[str, ...] = tuple(DEFAULT_HOME)
    threshold: float = 88.0
    severity: dict[str, str] = field(default_factory=dict)  # code -> error|warning|info|off
    synonyms: tuple[tuple[str, ...], ...] = ()  # extra subject synonyms, first = canonical


def extraction_version(settings: Settings) -> str:
    """The extractor version stored with each document, including settings that change
    what is extracted or indexed, so a config change re-ingests instead of going stale."""
    default = Settings()
    if settings.home_names == default.home_names and not settings.synonyms:
        return EXTRACTOR_VERSION
    import hashlib

    key = repr((settings.home_names, settings.synonyms)).encode("utf-8")
    return f"{EXTRACTOR_VERSION}+cfg.{hashlib.sha256(key).hexdigest()[:12]}"


def _unchanged_bytes(path: Path, known: dict[str, tuple[str, ...]], version: str) -> bool:
    """Fast path of a re-ingest: the file's bytes hash to what is stored (no decoding, no
    YAML). Pages with a sidecar take the full path (their metadata lives elsewhere)."""
    import hashlib

    stored = known.get(display_path(path))
    if stored is None or stored[1] != version or path.with_name(path.stem + ".meta.yaml").exists():
        return False
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == stored[0]


def _documents(paths: Iterable[str | Path], errors: list[InputError]) -> Iterable[Document]:
    for path in iter_paths(paths):
        try:
            yield read_document(path)
        except InputError as exc:
            errors.append(exc)


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


# What a worker needs to tell an unchanged file from a changed one; set before the workers
# are forked, so that they inherit it instead of receiving it with every task.
_KNOWN: dict[str, tuple[str, ...]] = {}


def _ingest_one(path: Path, home_names: tuple[str, ...], version: str) -> tuple[str, object]:
    """Read and extract one file (in a worker or here): ('error', (path, problem)),
    ('unchanged', path) or ('stored', the rows to store: plain values, quick to pickle)."""
    try:
        doc = read_document(path)
    except InputError as exc:
        return "error", (exc.path, exc.problem)
    if _KNOWN.get(doc.path) == (doc.content_hash, version, doc.title, doc.date, doc.source):
        return "unchanged", doc.path
    claims = extract(doc, list(home_names)).claims
    return "stored", document_rows(doc, claims, [index_terms(c) for c in claims])


def _processed(paths: list[Path], settings: Settings, version: str, jobs: int) -> Iterator[tuple[str, object]]:
    """:func:`_ingest_one` over ``paths`` in ``jobs`` processes, in input order; reading,
    decoding and extraction all happen in the workers, writing stays in this process."""
    from functools import partial

    work = partial(_ingest_one, home_names=settings.home_names, version=version)
    if jobs <= 1:
        yield from map(work, paths)
        return
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_die_with_parent)
    try:
        yield from pool.imap(work, paths, chunksize=16)
    except BaseException:
        pool.terminate()  # nothing the workers hold is committed: the writer is this process
        raise
    pool.close()
    pool.join()


class _BatchWriter:
    """Stores articles in batches of whole articles, one transaction each (a commit per
    article costs more than the rest of writing). The first batch holds one article, each
    next one twice as many, up to ``BATCH_ARTICLES``; a batch is also written once it is
    ``BATCH_SECONDS`` old. So readers see the archive grow from the start, and a crash
    loses at most one batch of work (the next ingest redoes it)."""

    BATCH_ARTICLES = 256
    BATCH_SECONDS = 0.05

    def __init__(self, store: ClaimStore, version: str) -> None:
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


def ingest(paths: Sequence[str | Path], db_dir: str | Path, settings: Settings | None = None,
           progress: Callable[[str], None] | None = None, jobs: int | None = None) -> IngestResult:
    """Add or refresh articles: unchanged files (by content hash) are skipped.

    Extraction runs in ``jobs`` processes (default: the cores available) when there is
    enough to do; this process is the only writer, one transaction per batch of whole
    articles (:class:`_BatchWriter`).
    """
    settings = settings or Settings()
    errors: list[InputError] = []
    added = updated = unchanged = 0
    version = extraction_version(settings)
    with ClaimStore(db_dir) as store, extra_synonyms(settings.synonyms):
        known = store.document_keys()
        todo: list[Path] = []
        for path in iter_paths(paths):
            if _unchanged_bytes(path, known, version):
                unchanged += 1
            else:
                todo.append(path)
        n_jobs = jobs if jobs is not None else default_jobs()
        if len(todo) < 64:
            n_jobs = 1
        _KNOWN.clear()
        _KNOWN.update(known)
        store.prepare_bulk_write()
        writer = _BatchWriter(store, version)
        try:
            for kind, value in _processed(todo, settings, version, n_jobs):
                if kind == "error":
                    errors.append(InputError(*value))  # type: ignore[misc]
                    continue
                if kind == "unchanged":
                    unchanged += 1
                    continue
                rows: DocumentRows = value  # type: ignore[assignment]
                if progress:
                    progress(rows.path)
                writer.add(rows)
                if rows.path in known:
                    updated += 1
                else:
                    added += 1
            writer.flush()  # (after an exception the articles not yet written are left out whole)
        finally:
            _KNOWN.clear()
    return IngestResult(added, updated, unchanged, writer.claims, tuple(errors))


def refresh(paths: Sequence[str | Path], db_dir: str | Path, root: str | Path,
            settings: Settings | None = None) -> IngestResult:
    """Bring the DB up to date with the configured sources under ``root``.

    Ingests new and changed articles and forgets stored articles under ``root`` whose
    file is gone (a restored CI cache may hold articles deleted since).
    """
    result = ingest(paths, db_dir, settings)
    base = Path(root).resolve()
    with ClaimStore(db_dir) as store:
        gone = [p for p, _ in store.paths_and_hashes()
                if Path(p).resolve().is_relative_to(base) and not Path(p).exists()]
        removed = store.remove_missing(set(), gone) if gone else 0
    return replace(result, removed=removed)


def claims(paths: Sequence[str | Path], settings: Settings | None = None) -> tuple[list[tuple[Document, list[Claim]]], list[InputError]]:
    settings = settings or Settings()
    errors: list[InputError] = []
    out = [(doc, formats.locate_claims(extract(doc, list(settings.home_names)).claims, doc))
           for doc in _documents(paths, errors)]
    return out, errors


def check(paths: Sequence[str | Path], db_dir: str | Path, *, lang: str = "zh", verbose: bool = False,
          settings: Settings | None = None, documents: Iterable[Document] = ()) -> CheckResult:
    """Check drafts against the claims DB; a draft is never compared with itself.

    ``documents``: drafts already in memory (an editor's buffer), checked before ``paths``.
    """
    settings = settings or Settings()
    opts = CheckOptions(lang=lang, verbose=verbose, threshold=settings.threshold)
    errors: list[InputError] = []
    findings: list[Finding] = []
    files: list[str] = []
    n_claims = suppressed = 0
    notices: list[str] = []
    with ClaimStore(db_dir, create=False) as store, extra_synonyms(settings.synonyms), home_scope():
        db_docs, _ = store.counts()
        for doc in chain(documents, _documents(paths, errors)):
            files.append(doc.path)
            if not doc.date:  # an undated draft is written today: 今年, 目前 resolve to now
                from datetime import date

                doc = replace(doc, date=date.today().isoformat())
            draft_claims = list(extract(doc, list(settings.home_names)).claims)
            n_claims += len(draft_claims)
            found: list[Finding] = []
            for claim in draft_claims:
                cands = [Candidate(s.claim, s.title) for s in store.candidates(
                    index_terms(claim), compatible_units(claim.unit), {doc.path}, {doc.content_hash})]
                found.extend(check_claim(claim, cands, opts))
            found.extend(check_draft_internal(draft_claims, opts))
            found = [g for g in (_with_severity(f, settings) for f in found) if g is not None]
            found = formats.locate_findings(found, doc)  # .docx/.pdf/.html: places in the originals
            if doc.path.lower().endswith(suppress.MARKDOWN_SUFFIXES):
                found, n, unused = suppress.apply(found, suppress.parse(doc.text))
                suppressed += n
                notices.extend(suppress.unused_notice(doc.path, d, lang) for d in unused)
            findings.extend(found)
    findings.sort(key=lambda f: (f.claim.path, f.claim.line, f.claim.column, f.code))
    return CheckResult(tuple(findings), tuple(files), n_claims, tuple(errors), db_docs,
                       suppressed=suppressed, notices=tuple(notices))


def accept(result: CheckResult, file: Path, *, write: bool = False, lang: str = "zh") -> CheckResult:
    """Filter findings accepted in the baseline ``file``; with ``write``, first accept them all.

    Raises :class:`baseline.BaselineError` for an unreadable file.
    """
    entries = baseline_file.load(file)
    base = file.parent
    if write:
        entries = baseline_file.updated(entries, result.findings, base, result.files)
        baseline_file.write(file, entries)
    kept, n, stale = baseline_file.apply(result.findings, entries, base, result.files)
    notices = result.notices + tuple(baseline_file.stale_notice(file, e, lang) for e in stale)
    return replace(result, findings=tuple(kept), accepted=result.accepted + n, notices=notices)


def _with_severity(f: Finding, settings: Settings) -> Finding | None:
    level = settings.severity.get(f.code)
    if level == "off":
        return None
    if not level or level == f.severity:
        return f
    return Finding(f.code, level, f.message, f.claim, f.sources, f.note)  # type: ignore[arg-type]


__all__ = ["ingest", "refresh", "check", "accept", "claims", "IngestResult", "CheckResult", "Settings", "StoreError", "InputError"]
