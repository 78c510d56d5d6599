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
from .extract import EXTRACTOR_VERSION, extract
from .knowledge import Knowledge, KnowledgeError
from .knowledge import load as load_knowledge
from .match import candidates as find_candidates
from .match import index_terms
from .reading import InputError, Skipped, display_path, iter_paths, read_document, read_stdin
from .records import Claim, Document, Finding
from .rows import DocumentRows, document_rows
from .store import StoreError
from .stores import Store, open_store
from . import formats

# Markdown suppression comments and the baseline file are read only when a draft or a
# project has them (factcheck.suppress, factcheck.baseline: imported where used)
MARKDOWN_SUFFIXES = (".md", ".markdown")  # = suppress.MARKDOWN_SUFFIXES (a test keeps them equal)

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class IngestResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    claims: int = 0
    errors: tuple[InputError, ...] = ()
    removed: int = 0  # articles gone from disk, forgotten
    outcomes: tuple[tuple[str, str], ...] = ()  # (path, added | updated | unchanged), as read
    skipped: tuple[Skipped, ...] = ()  # left out of walked directories, and why


@dataclass(frozen=True, slots=True)
class CheckedDraft:
    """One draft as checked, for reports that show the whole draft (``--format html``):
    its text as read, every claim extracted from it, the confirmations (FC100, kept here
    with or without ``verbose``) and the findings hidden by comments or the baseline."""

    document: Document
    claims: tuple[Claim, ...] = ()
    agreeing: tuple[Finding, ...] = ()
    hidden: tuple[Finding, ...] = ()


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
    drafts: tuple[CheckedDraft, ...] = ()  # in the order checked
    unsupported: tuple[Skipped, ...] = ()  # files in checked directories that no reader knows

    def exit_code(self, fail_on: str = "error") -> int:
        if self.errors:
            return 2
        level = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= level and f.code != "FC100" for f in self.findings) else 0


@dataclass(frozen=True, slots=True)
class Settings:
    """What the configuration decides (see :mod:`factcheck.config`)."""

    region: str = ""  # a region pack (data/regions/NAME.yaml, or a file); "" = national, no home region
    home_names: tuple[str, ...] = ()  # overrides the region pack's home region
    threshold: float = 88.0
    severity: dict[str, str] = field(default_factory=dict)  # code -> error|warning|info|off
    synonyms: tuple[tuple[str, ...], ...] = ()  # extra subject synonyms, first = canonical
    disabled_rules: frozenset[str] = frozenset()  # decision rules turned off (IDs, see judge.RULES)
    project_root: Path | None = None  # the config file's directory: where a shared DB's paths start

    def knowledge(self) -> Knowledge:
        """The knowledge these settings choose, built afresh (raises KnowledgeError)."""
        return load_knowledge(self.region or None, self.home_names, self.synonyms)


_BUILT_WITH = "knowledge"  # meta key: the region, home names and synonyms the DB was built with


def _built_with(settings: Settings) -> str:
    import json

    return json.dumps({"region": settings.region, "home_names": list(settings.home_names),
                       "synonyms": [list(g) for g in settings.synonyms]}, ensure_ascii=False)


def settings_for_db(store: Store, settings: Settings) -> tuple[Settings, str]:
    """The settings to read drafts with against ``store``: those given when they name a
    region (or home names); else the region the DB was built with, which the DB records.
    Returns them and a notice when the two disagree ('' when they agree)."""
    import json

    recorded = store.get_meta(_BUILT_WITH)
    if not recorded:
        return settings, ""
    try:
        built = json.loads(recorded)
        region, homes = str(built.get("region", "")), tuple(built.get("home_names", ()))
        synonyms = tuple(tuple(g) for g in built.get("synonyms", ()))
    except (ValueError, AttributeError, TypeError):
        return settings, ""
    if not settings.region and not settings.home_names:
        return replace(settings, region=region, home_names=homes, synonyms=settings.synonyms or synonyms), ""
    if (settings.region, settings.home_names) != (region, homes):
        return settings, (f"the claims DB was built for region {region or '(national)'}, this check reads drafts "
                          f"for {settings.region or '(national)'}: set `region` in the config to the DB's")
    return settings, ""


def extraction_version(knowledge: Knowledge) -> str:
    """The extractor version stored with each document, including the knowledge that
    changes what is extracted or indexed, so a config change re-ingests instead of going stale."""
    return f"{EXTRACTOR_VERSION}+k.{knowledge.digest}"


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


def _is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def _comments(text: str) -> list:
    """The HTML comments of a Markdown draft (factcheck.suppress); none without ``<!--``."""
    if "<!--" not in text:
        return []
    from . import suppress

    return suppress.comments(text)


def _masked(text: str, comments: list) -> str:
    from . import suppress

    return suppress.masked(text, comments)


def _documents(paths: Iterable[str | Path], errors: list[InputError], skipped: list[Skipped] | None = None,
               stdin: bytes | None = None, stdin_filename: str | None = None) -> Iterable[Document]:
    for path in iter_paths(paths, skipped):
        try:
            if str(path) == "-":
                yield read_stdin(stdin if stdin is not None else _read_stdin(), stdin_filename)
            else:
                yield read_document(path)
        except InputError as exc:
            errors.append(exc)


def _read_stdin() -> bytes:
    import sys

    return sys.stdin.buffer.read()


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


def _ingest_one(path: Path, knowledge: Knowledge, version: str) -> tuple[str, object]:
    """Read and extract one file (in a worker or here): ('error', (path, problem)),
    ('unchanged', path) or ('stored', the rows to store: plain values, quick to pickle)."""
    try:
        doc = read_document(path)
    except InputError as exc:
        return "error", (exc.path, exc.problem)
    if _KNOWN.get(doc.path) == (doc.content_hash, version, doc.title, doc.date, doc.source, doc.date_source):
        return "unchanged", doc.path
    if _is_markdown(doc.path) and "<!--" in doc.text:  # comments are not published text
        from . import suppress

        doc = replace(doc, text=suppress.masked(doc.text))
    claims = extract(doc, knowledge).claims
    return "stored", document_rows(doc, claims, [index_terms(c, knowledge) for c in claims])


def _processed(paths: list[Path], knowledge: Knowledge, version: str, jobs: int) -> Iterator[tuple[str, object]]:
    """:func:`_ingest_one` over ``paths`` in ``jobs`` processes, in input order; reading,
    decoding and extraction all happen in the workers, writing stays in this process."""
    from functools import partial

    work = partial(_ingest_one, knowledge=knowledge, version=version)
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


def ingest(paths: Sequence[str | Path], db_dir: str | Path, settings: Settings | None = None,
           progress: Callable[[str], None] | None = None, jobs: int | None = None,
           progress_total: Callable[[int], None] | None = None) -> IngestResult:
    """Add or refresh articles: unchanged files (by content hash) are skipped.

    Extraction runs in ``jobs`` processes (default: the cores available) when there is
    enough to do; this process is the only writer, one transaction per batch of whole
    articles (:class:`_BatchWriter`). ``progress_total(n)`` is told how many files are to be
    read once that is known, then ``progress(path)`` after each of them.
    """
    settings = settings or Settings()
    knowledge = settings.knowledge()
    errors: list[InputError] = []
    added = updated = unchanged = 0
    version = extraction_version(knowledge)
    skipped: list[Skipped] = []
    outcomes: list[tuple[str, str]] = []
    with open_store(db_dir, root=settings.project_root) as store:
        known = store.document_keys()
        todo: list[Path] = []
        for path in iter_paths(paths, skipped):
            if _unchanged_bytes(path, known, version):
                unchanged += 1
                outcomes.append((display_path(path), "unchanged"))
            else:
                todo.append(path)
        if progress_total:
            progress_total(len(todo))
        n_jobs = jobs if jobs is not None else default_jobs()
        if len(todo) < 64:
            n_jobs = 1
        _KNOWN.clear()
        _KNOWN.update(known)
        store.prepare_bulk_write()
        writer = _BatchWriter(store, version)
        try:
            for kind, value in _processed(todo, knowledge, version, n_jobs):
                if kind == "error":
                    errors.append(InputError(*value))  # type: ignore[misc]
                elif kind == "unchanged":
                    unchanged += 1
                    outcomes.append((str(value), "unchanged"))
                else:
                    rows: DocumentRows = value  # type: ignore[assignment]
                    writer.add(rows)
                    if rows.path in known:
                        updated += 1
                    else:
                        added += 1
                    outcomes.append((rows.path, "updated" if rows.path in known else "added"))
                if progress:
                    progress(str(value[0]) if kind == "error" else str(value) if kind == "unchanged"
                             else value.path)  # type: ignore[union-attr]
            writer.flush()  # (after an exception the articles not yet written are left out whole)
            store.set_meta(_BUILT_WITH, _built_with(settings))
        finally:
            _KNOWN.clear()
    return IngestResult(added, updated, unchanged, writer.claims, tuple(errors),
                        outcomes=tuple(outcomes), skipped=tuple(skipped))


def refresh(paths: Sequence[str | Path], db_dir: str | Path, root: str | Path,
            settings: Settings | None = None) -> IngestResult:
    """Bring the DB up to date with the configured sources under ``root``.

    Ingests new and changed articles and forgets stored articles under ``root`` whose
    file is gone (a restored CI cache may hold articles deleted since).
    """
    result = ingest(paths, db_dir, settings)
    base = Path(root).resolve()
    with open_store(db_dir, root=(settings or Settings()).project_root) as store:
        gone = [p for p, _ in store.paths_and_hashes()
                if Path(p).resolve().is_relative_to(base) and not Path(p).exists()]
        removed = store.remove_missing(set(), gone) if gone else 0
    return replace(result, removed=removed)


def claims(paths: Sequence[str | Path], settings: Settings | None = None) -> tuple[list[tuple[Document, list[Claim]]], list[InputError]]:
    settings = settings or Settings()
    knowledge = settings.knowledge()
    errors: list[InputError] = []
    out = [(doc, formats.locate_claims(extract(doc, knowledge).claims, doc)) for doc in _documents(paths, errors)]
    return out, errors


def check(paths: Sequence[str | Path], db_dir: str | Path, *, lang: str = "zh", verbose: bool = False,
          settings: Settings | None = None, stdin: bytes | None = None,
          stdin_filename: str | None = None, documents: Iterable[Document] = ()) -> CheckResult:
    """Check drafts against the claims DB; a draft is never compared with itself.

    A path ``-`` is the text piped in (``stdin``, else read from standard input), reported
    as ``stdin_filename``. ``documents``: drafts already in memory (an editor's buffer),
    checked before ``paths``.
    """
    settings = settings or Settings()
    # confirmations are always made (the draft record keeps them); ``verbose`` lists them
    opts = CheckOptions(lang=lang, verbose=True, threshold=settings.threshold,
                        disabled_rules=settings.disabled_rules)
    errors: list[InputError] = []
    findings: list[Finding] = []
    files: list[str] = []
    drafts: list[CheckedDraft] = []
    n_claims = suppressed = 0
    notices: list[str] = []
    skipped: list[Skipped] = []
    with open_store(db_dir, create=False, root=settings.project_root) as store:
        settings, mismatch = settings_for_db(store, settings)
        if mismatch:
            notices.append(mismatch)
        knowledge = settings.knowledge()
        db_docs, _ = store.counts()
        for doc in chain(documents, _documents(paths, errors, skipped, stdin, stdin_filename)):
            files.append(doc.path)
            # an undated draft is dated as an archive page is (factcheck.dating), never today;
            # when no date can be found it stays unknown and is judged as unknown
            comments = _comments(doc.text) if _is_markdown(doc.path) else []
            seen = replace(doc, text=_masked(doc.text, comments)) if comments else doc
            draft_claims = [replace(c, date_source=doc.date_source) for c in extract(seen, knowledge).claims]
            n_claims += len(draft_claims)
            found: list[Finding] = []
            for claim in draft_claims:
                cands = [Candidate(s.claim, s.title) for s in find_candidates(
                    store, claim, knowledge, {doc.path}, {doc.content_hash})]
                found.extend(check_claim(claim, cands, knowledge, opts))
            found.extend(check_draft_internal(draft_claims, knowledge, opts))
            found = [g for g in (_with_severity(f, settings) for f in found) if g is not None]
            found = formats.locate_findings(found, doc)  # .docx/.pdf/.html: places in the originals
            hidden: list[Finding] = []
            if comments:
                from . import suppress

                kept, n, unused = suppress.apply(found, suppress.parse(doc.text, comments))
                shown = {id(f) for f in kept}
                hidden = [f for f in found if id(f) not in shown]
                found = kept
                suppressed += n
                notices.extend(suppress.unused_notice(doc.path, d, lang) for d in unused)
            agreeing = tuple(f for f in found if f.code == "FC100")
            drafts.append(CheckedDraft(doc, tuple(draft_claims), agreeing, tuple(hidden)))
            findings.extend(f for f in found if verbose or f.code != "FC100")
    findings.sort(key=lambda f: (f.claim.path, f.claim.line, f.claim.column, f.code))
    return CheckResult(tuple(findings), tuple(files), n_claims, tuple(errors), db_docs,
                       suppressed=suppressed, notices=tuple(notices), drafts=tuple(drafts),
                       unsupported=tuple(s for s in skipped if s.kind == "unsupported"))


def accept(result: CheckResult, file: Path, *, write: bool = False, lang: str = "zh") -> CheckResult:
    """Filter findings accepted in the baseline ``file``; with ``write``, first accept them all.

    Raises :class:`baseline.BaselineError` for an unreadable file.
    """
    from . import baseline as baseline_file

    entries = baseline_file.load(file)
    base = file.parent
    if write:
        entries = baseline_file.updated(entries, result.findings, base, result.files)
        baseline_file.write(file, entries)
    kept, n, stale = baseline_file.apply(result.findings, entries, base, result.files)
    notices = result.notices + tuple(baseline_file.stale_notice(file, e, lang) for e in stale)
    shown = {id(f) for f in kept}
    gone = [f for f in result.findings if id(f) not in shown]
    drafts = tuple(replace(d, hidden=d.hidden + tuple(f for f in gone if f.claim.path == d.document.path))
                   for d in result.drafts)
    return replace(result, findings=tuple(kept), accepted=result.accepted + n, notices=notices, drafts=drafts)


def _with_severity(f: Finding, settings: Settings) -> Finding | None:
    level = settings.severity.get(f.code)
    if level == "off":
        return None
    if not level or level == f.severity:
        return f
    return replace(f, severity=level)  # type: ignore[arg-type]


__all__ = ["ingest", "refresh", "check", "accept", "claims", "IngestResult", "CheckResult", "CheckedDraft",
           "Settings", "StoreError", "InputError", "KnowledgeError"]
