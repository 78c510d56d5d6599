"""Claims as the claims DB stores them: rows out of records, records out of rows.

The column order here is the ``claims`` table's (see :mod:`factcheck.store`); the writer
gets plain tuples, cheap to send from a worker process, and the readers get records back.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from .match import retrieval_text
from .records import Claim, Document, Features, Quantity, TimeScope


class StoredClaim(NamedTuple):
    id: int
    claim: Claim
    title: str
    content_hash: str


# A claim as stored: the ``claims`` columns after (id, document_id), in order.
ClaimRow = tuple[int, int, str, "float | None", "float | None", str, str, str, str, str, str,
                 "int | None", str, str, str, str, int, str]


_FEATURE_FIELDS = Features._fields


@lru_cache(maxsize=1)
def _encoder():  # type: ignore[no-untyped-def]
    """What ``json.dumps(…, ensure_ascii=False, separators=(",", ":"))`` makes at every call."""
    import json

    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def features_json(f: Features | None) -> str:
    """The features as stored: a JSON object (tuples as lists); '' for none."""
    if f is None:
        return ""
    return _encoder().encode({name: getattr(f, name) for name in _FEATURE_FIELDS})


@lru_cache(maxsize=65536)  # the audit reads each stored claim once per claim it is a candidate of
def features_from_json(text: str) -> Features | None:
    """Features back from their JSON ('' or unreadable: None, computed again when compared)."""
    if not text:
        return None
    import json

    try:
        data = json.loads(text)
        if tuple(data) == _FEATURE_FIELDS:  # as features_json writes them (half the time of the general way)
            return Features._make([tuple(v) if type(v) is list else v for v in data.values()])
        return Features(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})
    except (ValueError, TypeError):
        return None


def claim_row(c: Claim) -> ClaimRow:
    return (c.line, c.column, c.text, c.low, c.high, c.unit, c.quantity.stated, c.subject, c.place,
            c.scope.kind, c.scope.label, c.scope.year, c.qualifier, c.sentence, c.clause,
            c.article_title, c.article_index, features_json(c.features))


class DocumentRows(NamedTuple):
    """One article as the writer stores it: plain values, cheap to send from a worker process."""

    path: str
    content_hash: str
    title: str
    date: str
    source: str
    claims: list[ClaimRow]
    terms: list[list[str]]  # the index terms of each claim, in the order of ``claims``
    date_source: str = ""  # where ``date`` came from (factcheck.dating)
    templates: Sequence[str] = ()  # the clause template of each claim (for the similar-clause index)


def document_rows(doc: Document, claims: Sequence[Claim], terms: list[list[str]]) -> DocumentRows:
    return DocumentRows(doc.path, doc.content_hash, doc.title, doc.date, doc.source,
                        [claim_row(c) for c in claims], terms, doc.date_source,
                        [retrieval_text(c) for c in claims])


# What :func:`stored_claim` reads after the claims columns, in order.
DOCUMENT_COLUMNS = "d.path, d.title, d.date, d.content_hash, d.date_source"


def stored_claim(r: tuple, shown: Callable[[str], str]) -> StoredClaim:
    """A row of the claims table joined with its document's :data:`DOCUMENT_COLUMNS`; the
    claim's path is ``shown(stored key)`` (:meth:`factcheck.paths.PathKeys.shown`)."""
    path, title, date, content_hash, date_source = r[-5:]
    return StoredClaim(r[0], _claim(r, shown(path), date, date_source), title, content_hash)


def _claim(r: tuple, path: str, date: str, date_source: str) -> Claim:
    (_id, _doc, line, col, text, low, high, unit, stated, subject, place, scope_kind,
     scope_label, scope_year, qualifier, sentence, clause, article_title, article_index, features) = r[:20]
    return Claim(
        path=path, line=line, column=col, end_line=line, end_column=col + len(text),
        text=text, quantity=Quantity(_num(low), _num(high), unit, stated), subject=subject,
        measure_word=unit, place=place, scope=TimeScope(scope_kind, scope_label, scope_year),
        qualifier=qualifier, sentence=sentence, clause=clause, article_title=article_title,
        article_index=article_index, date=date, date_source=date_source,
        features=features_from_json(features))


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v
