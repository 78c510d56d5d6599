"""``factcheck explain FILE:LINE``: every figure on one line of a draft, every candidate the
claims DB gives it, and the verdict of each with its ``why`` (the rules that decided, the
fields compared) — also for the candidates judged another fact, which no report shows.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .api import Settings, settings_for_db
from .check import CheckOptions, why_of
from .extract import extract
from .judge import Verdict, judge
from .match import candidates
from .reading import read_document
from .records import Claim, Why
from .stores import open_store


class Judged(NamedTuple):
    """A stored figure compared with the draft's, the verdict, and why."""

    source: Claim
    verdict: Verdict
    why: Why


class Explained(NamedTuple):
    """One draft figure and every stored figure it was compared with."""

    claim: Claim
    judged: tuple[Judged, ...]


def explain(path: str | Path, line: int, db_dir: str | Path, settings: Settings | None = None,
            limit: int = 8) -> list[Explained]:
    """Why the figures on ``line`` of ``path`` got (or did not get) their findings: each
    candidate with the rules that decided it, the pairs judged one fact first. The draft is
    read with the knowledge the claims DB was built with (as :func:`factcheck.api.check`)."""
    settings = settings or Settings()
    opts = CheckOptions(threshold=settings.threshold, disabled_rules=settings.disabled_rules).judging()
    out: list[Explained] = []
    with open_store(db_dir, create=False, root=settings.project_root) as store:
        settings, _ = settings_for_db(store, settings)
        knowledge = settings.knowledge()
        doc = read_document(Path(path))
        for claim in extract(doc, knowledge).claims:
            if claim.line != line:
                continue
            pairs = [(s.claim, judge(claim, s.claim, knowledge, opts))
                     for s in candidates(store, claim, knowledge, {doc.path}, {doc.content_hash})]
            pairs.sort(key=lambda cv: (cv[1].outcome == "other", -cv[1].score, cv[0].path, cv[0].line))
            out.append(Explained(claim, tuple(Judged(s, v, why_of(claim, s, v, knowledge))
                                              for s, v in pairs[:limit])))
    return out
