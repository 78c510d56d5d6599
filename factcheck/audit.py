"""Archive audit: every stored article checked against all the others, grouped by fact.

It is how an editor-in-chief finds the figures that already went to print inconsistently.
Each disagreement between two stored claims is reported once, under the fact it concerns
(subject, unit class, place), with every side cited.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .check import Candidate, CheckOptions, check_claim
from .knowledge import Knowledge
from .match import candidates, compatible_units
from .records import Finding
from .stores import open_store


@dataclass
class FactGroup:
    """Disagreements about one fact (same subject, unit class and place)."""

    subject: str
    unit: str
    place: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return "error" if any(f.severity == "error" for f in self.findings) else "warning"


def audit(db_dir: str | Path, knowledge: Knowledge, *, lang: str = "zh", codes: tuple[str, ...] = ("FC101", "FC102"),
          progress: Callable[[int, int], None] | None = None,
          disabled_rules: frozenset[str] = frozenset(), root: str | Path | None = None) -> list[FactGroup]:
    """All disagreements inside the archive, most serious and largest groups first.
    ``knowledge`` must be what the archive was ingested with (the config's); ``root``: the
    project root (where a PostgreSQL claims DB's paths start, see :func:`open_store`)."""
    # two published figures with no stated scope were both right on their day unless they
    # appeared within a day of each other
    # millions of comparisons: the compiled string similarity (compiled_ratio)
    opts = CheckOptions(lang=lang, max_days=1, error_days=0, require_cutoff=True, disabled_rules=disabled_rules,
                        compiled_ratio=True)
    k = knowledge
    groups: dict[tuple[str, str, str], FactGroup] = {}
    seen: set[frozenset[tuple[str, str]]] = set()
    with open_store(db_dir, create=False, root=root) as store:
        total = store.counts()[1]
        for i, stored in enumerate(store.all_claims()):
            if progress and i % 1000 == 0:
                progress(i, total)
            claim = stored.claim
            cands = [Candidate(s.claim, s.title) for s in candidates(
                store, claim, k, {claim.path}, {stored.content_hash})]
            for f in check_claim(claim, cands, k, opts):
                if f.code not in codes:
                    continue
                # one disagreement is reported once: not again from the other side, nor again
                # for the article's headline that repeats the figure of its body
                me = (claim.path, claim.text)
                pairs = {frozenset({me, (s.path, s.text)}) for s in f.sources}
                if pairs <= seen:
                    continue
                seen |= pairs
                key = (k.canonical_subject(claim.subject), compatible_units(claim.unit)[0], claim.place)
                group = groups.setdefault(key, FactGroup(key[0], claim.unit, claim.place))
                group.findings.append(f)
    return sorted(groups.values(), key=lambda g: (g.severity != "error", -len(g.findings), g.subject))


def iter_findings(groups: list[FactGroup]) -> Iterator[Finding]:
    for g in groups:
        yield from g.findings
