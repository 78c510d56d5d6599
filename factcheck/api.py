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

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from .check import Candidate, CheckOptions, check_claim, check_draft_internal
from .extract import EXTRACTOR_VERSION, extract
from .knowledge import Knowledge, KnowledgeError
from .knowledge import load as load_knowledge
from .match import candidates as find_candidates
from .reading import InputError, Skipped, display_path, iter_paths, read_document, read_stdin
from .records import Claim, Document, Finding
from .rows import DocumentRows
from .store import StoreError
from .stores import Store, open_store
from . import formats

# Markdown suppression comments and the baseline file are read only when a draft or a
# project has them (factcheck.suppress, factcheck.baseline: imported where used)
MARKDOWN_SUFFIXES = (".md", ".markdown")  # = suppress.MARKDOWN_SUFFIXES (a test keeps them equal)

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class IngestResult(NamedTuple):
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    claims: int = 0
    errors: tuple[InputError, ...] = ()
    removed: int = 0  # articles gone from disk, forgotten
    outcomes: tuple[tuple[str, str], ...] = ()  # (path, added | updated | unchanged), as read
    skipped: tuple[Skipped, ...] = ()  # left out of walked directories, and why


class CheckedDraft(NamedTuple):
    """One draft as checked, for reports that show the whole draft (``--format html``):
    its text as read, every claim extracted from it, the confirmations (FC100, kept here
    with or without ``verbose``) and the findings hidden by comments or the baseline."""

    document: Document
    claims: tuple[Claim, ...] = ()
    agreeing: tuple[Finding, ...] = ()
    hidden: tuple[Finding, ...] = ()


class CheckResult(NamedTuple):
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


class Settings(NamedTuple):
    """What the configuration decides (see :mod:`factcheck.config`)."""

    region: str = ""  # a region pack (data/regions/NAME.yaml, or a file); "" = national, no home region
    home_names: tuple[str, ...] = ()  # overrides the region pack's home region
    threshold: float = 88.0
    severity: Mapping[str, str] = MappingProxyType({})  # code -> error|warning|info|off
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
        return settings._replace(region=region, home_names=homes, synonyms=settings.synonyms or synonyms), ""
    if (settings.region, settings.home_names) != (region, homes):
        return settings, (f"the claims DB was built for region {region or '(national)'}, this check reads drafts "
                          f"for {settings.region or '(national)'}: set `region` in the config to the DB's")
    return settings, ""


def extraction_version(knowledge: Knowledge) -> str:
    """The extractor version stored with each document, including the knowledge that
    changes what is extracted or indexed, so a config change re-ingests instead of going stale."""
    return f"{EXTRACTOR_VERSION}+k.{knowledge.digest}"


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


def ingest(paths: Sequence[str | Path], db_dir: str | Path, settings: Settings | None = None,
           progress: Callable[[str], None] | None = None, jobs: int | None = None,
           progress_total: Callable[[int], None] | None = None) -> IngestResult:
    """Add or refresh articles: unchanged files (by content hash) are skipped.

    Extraction runs in ``jobs`` processes (default: the cores available) when there is
    enough to do; this process is the only writer, one transaction per batch of whole
    articles (:mod:`factcheck.ingesting`). ``progress_total(n)`` is told how many files are to be
    read once that is known, then ``progress(path)`` after each of them.
    """
    from .ingesting import BatchWriter, default_jobs, processed, unchanged_bytes

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
            if unchanged_bytes(path, known, version):
                unchanged += 1
                outcomes.append((display_path(path), "unchanged"))
            else:
                todo.append(path)
        if progress_total:
            progress_total(len(todo))
        n_jobs = jobs if jobs is not None else default_jobs()
        if len(todo) < 64:
            n_jobs = 1
        store.prepare_bulk_write()
        writer = BatchWriter(store, version)
        results = processed(todo, knowledge, version, n_jobs, known)
        try:
            for kind, value in results:
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
            results.close()  # (the workers, if any are left, are stopped)
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
    return result._replace(removed=removed)


def claims(paths: Sequence[str | Path], settings: Settings | None = None) -> tuple[list[tuple[Document, list[Claim]]], list[InputError]]:
    settings = settings or Settings()
    knowledge = settings.knowledge()
    errors: list[InputError] = []
    out = [(doc, formats.locate_claims(extract(doc, knowledge).claims, doc)) for doc in _documents(paths, errors)]
    return out, errors


def check(paths: Sequence[str | Path], db_dir: str | Path, *, lang: str = "zh", verbose: bool = False,
          settings: Settings | None = None, stdin: bytes | None = None,
          stdin_filename: str | None = None, documents: Iterable[Document] = (),
          count_documents: bool = True) -> CheckResult:
    """Check drafts against the claims DB; a draft is never compared with itself.

    A path ``-`` is the text piped in (``stdin``, else read from standard input), reported
    as ``stdin_filename``. ``documents``: drafts already in memory (an editor's buffer),
    checked before ``paths``. ``count_documents``: fill in ``db_documents`` (only the HTML
    report shows it; counting reads a few hundred pages of the DB, ~2 ms).
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
        db_docs = store.counts()[0] if count_documents else 0
        for doc in chain(documents, _documents(paths, errors, skipped, stdin, stdin_filename)):
            files.append(doc.path)
            # an undated draft is dated as an archive page is (factcheck.dating), never today;
            # when no date can be found it stays unknown and is judged as unknown
            comments = _comments(doc.text) if _is_markdown(doc.path) else []
            seen = doc._replace(text=_masked(doc.text, comments)) if comments else doc
            draft_claims = [c._replace(date_source=doc.date_source) for c in extract(seen, knowledge).claims]
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
    drafts = tuple(d._replace(hidden=d.hidden + tuple(f for f in gone if f.claim.path == d.document.path))
                   for d in result.drafts)
    return result._replace(findings=tuple(kept), accepted=result.accepted + n, notices=notices, drafts=drafts)


def _with_severity(f: Finding, settings: Settings) -> Finding | None:
    level = settings.severity.get(f.code)
    if level == "off":
        return None
    if not level or level == f.severity:
        return f
    return f._replace(severity=level)  # type: ignore[arg-type]


__all__ = ["ingest", "refresh", "check", "accept", "claims", "IngestResult", "CheckResult", "CheckedDraft",
           "Settings", "StoreError", "InputError", "KnowledgeError"]
