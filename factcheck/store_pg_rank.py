"""Similar clauses on PostgreSQL ranked as SQLite's FTS5 ranks them (``bm25()``), so that
both backends give every check the same candidates in the same order; the case folding
and the totals of the clause index that the ranking needs."""
from __future__ import annotations

import math
from collections.abc import Sequence

BM25_K1, BM25_B = 1.2, 0.75  # FTS5's bm25() constants


def fold(text: str) -> str:
    """Lower case, one character for one (as FTS5's trigram tokenizer folds case): the
    trigram counts, and so the ranking, stay those of the text."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def template_stats(templates: Sequence[str]) -> tuple[int, int]:
    """(rows in the clause index, their trigrams) for one article's templates."""
    present = [t for t in templates if t]
    return len(present), sum(max(len(t) - 2, 0) for t in present)


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _occurrences(text: str, piece: str) -> int:
    """Overlapping occurrences (each start is a phrase match in FTS5)."""
    n, i = 0, text.find(piece)
    while i >= 0:
        n += 1
        i = text.find(piece, i + 1)
    return n


def bm25_ranked(rows: list[tuple[int, str]], phrases: list[str], n_rows: int,
                n_tokens: int) -> list[tuple[float, int]]:
    """(rank, claim id) of every row, best first, as SQLite's FTS5 ``bm25()`` ranks an OR
    query of phrases: idf of each phrase from the rows holding it, term frequency saturated
    by k1 and normalized by the row's length against the average (b); rank = -score, ties
    by claim id. The same double arithmetic in the same order as fts5_aux.c."""
    freqs = [[_occurrences(t, p) for p in phrases] for _, t in rows]
    n_rows = max(n_rows, 1)
    avgdl = n_tokens / n_rows if n_tokens else 1.0
    idf = []
    for i in range(len(phrases)):
        hits = sum(1 for f in freqs if f[i])
        value = math.log((n_rows - hits + 0.5) / (hits + 0.5))
        idf.append(value if value > 0.0 else 1e-6)
    ranked = []
    for (claim_id, text), f in zip(rows, freqs):
        size = max(len(text) - 2, 0)
        score = 0.0
        for i in range(len(phrases)):
            score += idf[i] * ((f[i] * (BM25_K1 + 1.0)) / (f[i] + BM25_K1 * (1 - BM25_B + BM25_B * size / avgdl)))
        ranked.append((-1.0 * score, claim_id))
    ranked.sort()
    return ranked


__all__ = ["fold", "template_stats", "like_escape", "bm25_ranked"]
