"""Two documents side by side: their statistics and sentiment, the keywords they share
and those that set each apart from the other (log-odds with an informative prior)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.model import DocumentAnalysis, Keyword, Scores, Stats
from analysis.nlp.dispersion import per_million
from analysis.nlp.keywords import CorpusTables, distinguishing_of

DISTINCT_Z = 1.96
"""A term whose log-odds z-score is at least this (95%) belongs to one document more
than to the other; below it, a term both use is shared."""


@dataclass(frozen=True, slots=True)
class SharedTerm:
    term: str
    key: str
    count_a: int
    count_b: int
    per_million_a: float
    per_million_b: float


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two documents."""

    path: str
    title: str
    stats: Stats
    sentiment: Scores
    arc: Sequence[float]
    """The smoothed sentence arc (plotted on one scale with the other side's)."""
    distinct: tuple[Keyword, ...]
    """Terms used more here than in the other document, highest log-odds z-score first
    (the score); from :data:`DISTINCT_Z` up the difference is significant at 95%."""


@dataclass(frozen=True, slots=True)
class Comparison:
    a: Side
    b: Side
    shared: tuple[SharedTerm, ...]


def compare(a: DocumentAnalysis, b: DocumentAnalysis, top: int = 20) -> Comparison:
    """Compare ``a`` with ``b``: each one's distinguishing terms against the other (the
    prior is the two documents' combined counts), and the shared terms both use at
    similar rates, most used first."""
    tables = CorpusTables.of([a.terms, b.terms])
    every = max(len(a.terms.counts), len(b.terms.counts), 1)
    z_a = {k.key: k.score for k in distinguishing_of(a.terms, tables, every)}
    z_b = {k.key: k.score for k in distinguishing_of(b.terms, tables, every)}
    total_a = max(1, a.stats.words)
    total_b = max(1, b.stats.words)
    shared = []
    for key, n_a in a.terms.counts.items():
        n_b = b.terms.counts.get(key, 0)
        if not n_b or " " in key:
            continue
        if z_a.get(key, 0.0) >= DISTINCT_Z or z_b.get(key, 0.0) >= DISTINCT_Z:
            continue
        shared.append(
            SharedTerm(
                a.terms.surfaces.get(key, key),
                key,
                n_a,
                n_b,
                per_million(n_a, total_a),
                per_million(n_b, total_b),
            )
        )
    shared.sort(key=lambda t: (-min(t.per_million_a, t.per_million_b), t.key))
    return Comparison(_side(a, z_a, top), _side(b, z_b, top), tuple(shared[: max(0, top)]))


def _side(analysis: DocumentAnalysis, z: dict[str, float], top: int) -> Side:
    doc = analysis.document
    terms = analysis.terms
    ranked = sorted(z.items(), key=lambda item: (-item[1], item[0]))
    distinct = tuple(
        Keyword(terms.surfaces.get(key, key), key, score, int(terms.counts.get(key, 0)))
        for key, score in ranked[: max(0, top)]
    )
    return Side(
        doc.path,
        doc.title,
        analysis.stats,
        analysis.sentiment.document,
        analysis.sentiment.smoothed,
        distinct,
    )
