"""Keywords: TF-IDF over the open corpus weighed by keyness against general English, the
corpus's top terms, and each document's distinguishing terms (log-odds with a prior).
How each view ranks, and why, is in docs/ANALYSIS.md ("Keywords").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from analysis.model import Keyword, LocalRanking, TermProfile
from analysis.nlp.reference import ReferenceTable, reference_table

MIN_BIGRAM_COUNT = 2
"""A two-word key must occur at least this often to be a keyword."""

COHESION_MIN = 0.5
"""A two-word key is a phrase when it accounts for at least this share of the rarer of
its two words' occurrences."""

SUBSUMED_SHARE = 0.75
"""A word is dropped when a kept phrase accounts for at least this share of its uses."""

KEYNESS_SMOOTHING = 100.0
"""Kilgarriff's ``n`` (per million words) in :func:`keyness`: 100 favours words that are
both frequent in the text and rare in general English over one-off rarities."""


def keyness(count: int, total: int, share: float) -> float:
    """How much more often a key occurs in a text than in general English:
    ``(per-million in the text + n) / (per-million in the reference + n)``."""
    n = KEYNESS_SMOOTHING
    return (count * 1e6 / total + n) / (share * 1e6 + n) if total > 0 else 1.0


def keyness_weights(target: TermProfile, keys: Iterable[str]) -> dict[str, float] | None:
    """``log2(1 + keyness)`` of each of ``keys`` in ``target`` (the factor a corpus
    ranking multiplies TF-IDF by), or None when no reference table could be read."""
    table = reference_table()
    if table is None:
        return None
    return _keyness_of(target, keys, table, log=True)


def _keyness_of(
    target: TermProfile, keys: Iterable[str], table: ReferenceTable, *, log: bool
) -> dict[str, float]:
    total = target.total
    if total <= 0:
        return dict.fromkeys(keys, 1.0)
    n = KEYNESS_SMOOTHING
    per_million = 1e6 / total
    counts = target.counts
    shares_get, floor = table.shares.get, table.floor
    log2 = math.log2
    out: dict[str, float] = {}
    for key in keys:
        if " " in key:  # ReferenceTable.share of a two-word key: its rarer word's share
            first, _, second = key.partition(" ")
            ref = min(shares_get(first, floor), shares_get(second, floor))
        else:
            ref = shares_get(key, floor)
        ratio = (counts[key] * per_million + n) / (ref * 1e6 + n)
        out[key] = log2(1.0 + ratio) if log else ratio
    return out


# --------------------------------------------------------------------------- tables


@dataclass
class CorpusTables:
    """Document frequencies and corpus totals of every key, kept up to date as profiles
    are added and removed (so a corpus of many documents is never rescanned)."""

    df: Counter[str] = field(default_factory=Counter)
    """key -> documents holding it (a ``Counter``: adding a document counts its keys in C)."""
    docs: int = 0
    tokens: int = 0
    """Sum of all counts (words and two-word keys) over the corpus."""
    _totals: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _pending: list[Mapping[str, int]] = field(default_factory=list, repr=False, compare=False)
    """Counts added but not yet summed into ``_totals`` (see :attr:`totals`)."""
    _idf: dict[str, float] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, profiles: Sequence[TermProfile]) -> CorpusTables:
        tables = cls()
        for profile in profiles:
            tables.add(profile)
        return tables

    @property
    def totals(self) -> dict[str, int]:
        """key -> occurrences in the whole corpus. Summed on first use after documents
        were added: ranking keywords against the corpus never needs it (only the corpus's
        top terms and distinguishing terms do), so adding a document only counts keys."""
        if self._pending:
            totals = self._totals
            totals_get = totals.get
            for counts in self._pending:
                for key, n in counts.items():
                    totals[key] = totals_get(key, 0) + n
            self._pending.clear()
        return self._totals

    def add(self, profile: TermProfile) -> None:
        counts = profile.counts
        self.df.update(counts.keys())  # a key view, not a mapping: counted in C
        self._pending.append(counts)
        self.tokens += sum(counts.values())
        self.docs += 1
        self._idf = None

    def remove(self, profile: TermProfile) -> None:
        df, totals = self.df, self.totals
        for key, n in profile.counts.items():
            left = df.get(key, 0) - 1
            if left > 0:
                df[key] = left
                totals[key] -= n
            else:
                df.pop(key, None)
                totals.pop(key, None)
            self.tokens -= n
        self.docs -= 1
        self._idf = None

    def idf_of(self) -> dict[str, float]:
        """:func:`idf` of every key, worked out once per state of the tables (ranking every
        document of a corpus would otherwise recompute it for each key of each document).
        Kept up to date by :meth:`add` and :meth:`remove`, not by direct edits of ``df``."""
        if self._idf is None:
            docs = self.docs
            self._idf = {key: idf(d, docs) for key, d in self.df.items()}
        return self._idf


def idf(df: int, docs: int) -> float:
    """Smoothed inverse document frequency (as in scikit-learn's default)."""
    return math.log((1 + docs) / (1 + df)) + 1.0


_TF_WEIGHTS = [0.0, *(1.0 + math.log(tf) for tf in range(1, 256))]
"""``1 + ln(tf)`` for tf from 1 to 255 (index 0 is never used)."""


# --------------------------------------------------------------------------- ranking


def rank_keywords(
    target: TermProfile, corpus: Sequence[TermProfile], top: int = 20
) -> tuple[Keyword, ...]:
    """The ``top`` keywords of ``target`` by TF-IDF against ``corpus``.

    ``corpus`` should include ``target`` (it is added if it is not there). With a single
    document the segment-based fallback described in the module docstring is used.
    """
    profiles = list(corpus)
    if not any(p is target for p in profiles):
        profiles.append(target)
    return rank_against(target, CorpusTables.of(profiles), top)


def rank_against(target: TermProfile, tables: CorpusTables, top: int = 20) -> tuple[Keyword, ...]:
    """:func:`rank_keywords` with precomputed corpus tables (which include ``target``)."""
    if top <= 0:
        return ()
    if tables.docs <= 1:
        return rank_single(target, top)
    return rank_prepared(local_ranking(target), target, tables, top)


def local_ranking(target: TermProfile) -> LocalRanking:
    """The corpus-independent part of :func:`rank_against` for ``target``."""
    weights, log = _TF_WEIGHTS, math.log
    counts = target.counts
    scores = {  # tf weight 1 + ln(tf), looked up for the common small counts
        key: weights[tf] if 0 < tf < 256 else 1.0 + log(tf)
        for key, tf in counts.items()
        if tf >= MIN_BIGRAM_COUNT or " " not in key
    }
    factors = keyness_weights(target, scores)
    if factors is not None:
        scores = {key: weight * factors[key] for key, weight in scores.items()}
    boosts, dropped = _cohesive([key for key in scores if " " in key], counts)
    # Only a word that may rank can be dropped from a ranking; the rest need not be kept.
    return LocalRanking(scores, boosts, {word for word in dropped if word in scores})


def rank_prepared(
    local: LocalRanking, target: TermProfile, tables: CorpusTables, top: int = 20
) -> tuple[Keyword, ...]:
    """:func:`rank_against` from ``local_ranking(target)``: the same keywords, the same
    floats (tf weight times idf, then times the boost, as there)."""
    if top <= 0:
        return ()
    if tables.docs <= 1:
        return rank_single(target, top)
    idf_of = tables.idf_of()
    unseen = idf(1, tables.docs)  # a key missing from the tables counts as in one document
    scores = {key: weight * idf_of.get(key, unseen) for key, weight in local.weights.items()}
    for key, factor in local.boosts.items():
        scores[key] *= factor
    return _keywords(scores, local.dropped, target.counts, target.surfaces, top)


def rank_single(target: TermProfile, top: int = 20) -> tuple[Keyword, ...]:
    """Keywords of a document on its own: keyness against general English times the idf
    of the document's segments (raw tf instead of keyness if no reference table is there).

    Uses the ``spread``/``segments`` of a profile made by ``term_profile``; a bare
    ``TermProfile`` (e.g. rebuilt from a cache) goes without the segment idf.
    """
    if top <= 0:
        return ()
    spread: Mapping[str, int] = getattr(target, "spread", None) or {}
    segments: int = getattr(target, "segments", 0) or 0
    counts = target.counts
    table = reference_table()
    ratios = _keyness_of(target, counts, table, log=False) if table is not None else None
    scores: dict[str, float] = {}
    for key, tf in counts.items():
        if " " in key and tf < MIN_BIGRAM_COUNT:
            continue
        weight = idf(spread.get(key, segments), segments) if segments > 1 else 1.0
        scores[key] = (ratios[key] if ratios is not None else tf) * weight
    return _finish(scores, counts, target.surfaces, top, boost=True)


def corpus_top_terms(profiles: Sequence[TermProfile], top: int = 20) -> tuple[Keyword, ...]:
    """The corpus's main terms: per-document ``(1 + ln tf) * idf`` summed over documents."""
    return top_terms_of(profiles, CorpusTables.of(profiles), top)


def top_terms_of(
    profiles: Sequence[TermProfile], tables: CorpusTables, top: int = 20
) -> tuple[Keyword, ...]:
    """:func:`corpus_top_terms` with precomputed corpus tables."""
    if top <= 0 or not profiles:
        return ()
    if len(profiles) == 1:
        return rank_single(profiles[0], top)
    docs = tables.docs
    scores: dict[str, float] = {}
    best: dict[str, tuple[int, str]] = {}
    for profile in profiles:
        surfaces = profile.surfaces
        for key, tf in profile.counts.items():
            scores[key] = scores.get(key, 0.0) + 1.0 + math.log(tf)
            held = best.get(key)
            if held is None or tf > held[0]:
                best[key] = (tf, surfaces.get(key, key))
    totals = tables.totals
    for key in list(scores):
        if " " in key and totals.get(key, 0) < MIN_BIGRAM_COUNT:
            del scores[key]
        else:
            scores[key] *= idf(tables.df.get(key, 1), docs)
    surfaces = {key: surface for key, (_n, surface) in best.items()}
    return _finish(scores, totals, surfaces, top, boost=True)


def distinguishing_terms(
    index: int, profiles: Sequence[TermProfile], top: int = 20
) -> tuple[Keyword, ...]:
    """Terms that set ``profiles[index]`` apart from the other documents (log-odds
    z-scores, informative Dirichlet prior). A lone document falls back to its keywords."""
    return distinguishing_of(profiles[index], CorpusTables.of(profiles), top)


def distinguishing_of(
    target: TermProfile, tables: CorpusTables, top: int = 20
) -> tuple[Keyword, ...]:
    """:func:`distinguishing_terms` with precomputed corpus tables (including ``target``)."""
    if top <= 0:
        return ()
    counts = target.counts
    n_i = sum(counts.values())
    n_j = tables.tokens - n_i
    if tables.docs <= 1 or n_j <= 0:
        # No other document has a word (say the only other one is empty): against
        # nothing, every log-odds is 0, so rank the document on its own instead.
        return rank_single(target, top)
    a0 = float(tables.tokens)
    totals = tables.totals
    scores: dict[str, float] = {}
    for key, y_i in counts.items():
        if " " in key and y_i < MIN_BIGRAM_COUNT:
            continue
        alpha = float(totals.get(key, y_i))
        y_j = alpha - y_i
        rest_i = n_i + a0 - y_i - alpha
        rest_j = n_j + a0 - y_j - alpha
        if rest_i <= 0 or rest_j <= 0 or y_j + alpha <= 0:
            continue  # one document holds every token: no odds to compare
        delta = math.log((y_i + alpha) / rest_i) - math.log((y_j + alpha) / rest_j)
        z = delta / math.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
        if z > 0:
            scores[key] = z
    return _finish(scores, counts, target.surfaces, top, boost=False)


# --------------------------------------------------------------------------- phrases vs parts


def _finish(
    scores: dict[str, float],
    counts: Mapping[str, int],
    surfaces: Mapping[str, str],
    top: int,
    *,
    boost: bool,
) -> tuple[Keyword, ...]:
    """Boost cohesive two-word keys, drop words subsumed by them, keep the best ``top``."""
    boosts, dropped = _cohesive([key for key in scores if " " in key], counts)
    if boost:
        for key, factor in boosts.items():
            scores[key] *= factor
    return _keywords(scores, dropped, counts, surfaces, top)


def _cohesive(pairs: list[str], counts: Mapping[str, int]) -> tuple[dict[str, float], set[str]]:
    """Of the two-word keys ``pairs``: the boost ``1 + min(1, cohesion)`` of each cohesive
    one (cohesion ``n / max(1, min(n_first, n_second))`` at least :data:`COHESION_MIN`),
    and the words such a key accounts for :data:`SUBSUMED_SHARE` of the uses of.

    Written for speed (it runs for every document of a corpus)."""
    boosts: dict[str, float] = {}
    dropped: set[str] = set()
    counts_get = counts.get
    cohesion_min, subsumed = COHESION_MIN, SUBSUMED_SHARE
    for key in pairs:
        n = counts_get(key, 0)
        first, _, second = key.partition(" ")
        n_first = counts_get(first, n) or n
        n_second = counts_get(second, n) or n
        rarer = n_first if n_first < n_second else n_second
        cohesion = n / (rarer if rarer > 1 else 1)
        if cohesion < cohesion_min:
            continue
        boosts[key] = 1.0 + (cohesion if cohesion < 1.0 else 1.0)
        if n >= subsumed * n_first:
            dropped.add(first)
        if n >= subsumed * n_second:
            dropped.add(second)
    return boosts, dropped


def _keywords(
    scores: dict[str, float],
    dropped: set[str],
    counts: Mapping[str, int],
    surfaces: Mapping[str, str],
    top: int,
) -> tuple[Keyword, ...]:
    counts_get = counts.get
    return tuple(
        Keyword(surfaces.get(key, key), key, round(score, 6), int(counts_get(key, 0)))
        for key, score in _best(scores, dropped, top)
    )


def _best(scores: dict[str, float], dropped: set[str], top: int) -> list[tuple[str, float]]:
    """The ``top`` items of ``scores`` whose key is not in ``dropped``: highest score
    first, ties by key. One C sort by score, then only the leaders and any ties with the
    last of them are ordered by (score, key)."""
    chosen: list[tuple[str, float]] = []
    if top <= 0:
        return chosen
    for key, score in sorted(scores.items(), key=itemgetter(1), reverse=True):
        if len(chosen) >= top and score < chosen[-1][1]:
            break
        if key not in dropped:
            chosen.append((key, score))
    chosen.sort(key=_by_score_then_key)
    return chosen[:top]


def _by_score_then_key(item: tuple[str, float]) -> tuple[float, str]:
    return -item[1], item[0]
