"""Sentence, paragraph and document sentiment with VADER, offline. Sentence scores are exactly
NLTK's ``polarity_scores`` (computed by ``vader_fast``); paragraphs and documents combine
their sentences, never one long string, since VADER's compound saturates (docs/ANALYSIS.md).
"""

from __future__ import annotations

import heapq
import math
import threading
from array import array
from collections.abc import Iterable, Sequence

from analysis.model import NEUTRAL, Document, Scores, ScoresArray, SentimentSummary
from analysis.nlp import resources
from analysis.nlp.vader_fast import VaderAnalyzer, parse_lexicon

__all__ = [
    "DENSITY_WORDS",
    "TOP_SENTENCES",
    "analyzer",
    "combined_compound",
    "lexicon_source",
    "score_sentences",
    "score_text",
    "sentence_valence",
    "smooth_arc",
    "summarize_sentiment",
    "weighted_mean",
    "word_weight",
]

TOP_SENTENCES = 5
"""How many most positive / most negative sentences a summary lists."""

DENSITY_WORDS = 15
"""Texts longer than this many words get the compound of their valence per this many words
(about one sentence): long text never saturates, short text is scored as a whole."""

_VADER_ALPHA = 15.0
"""VADER's normalisation constant: compound = x / sqrt(x^2 + alpha)."""

_MAX_COMPOUND = 0.9999
"""Compounds are rounded to four decimals: +/-1 would invert to an infinite valence."""

_LOCK = threading.Lock()
_ANALYZER: tuple[int, VaderAnalyzer, str] | None = None


def analyzer() -> VaderAnalyzer:
    """The shared VADER analyzer, built on first use (and again after
    ``resources.reload_resources()``)."""
    global _ANALYZER
    built = _ANALYZER
    gen = resources.generation()
    if built is not None and built[0] == gen:
        return built[1]
    with _LOCK:
        if _ANALYZER is None or _ANALYZER[0] != gen:
            text, source = resources.vader_lexicon_text()
            _ANALYZER = (gen, VaderAnalyzer(parse_lexicon(text)), source)
        return _ANALYZER[1]


def lexicon_source() -> str:
    """Where the VADER lexicon in use came from."""
    analyzer()
    assert _ANALYZER is not None
    return _ANALYZER[2]


def score_text(text: str) -> Scores:
    """VADER scores of one sentence (or short text), exactly as NLTK computes them."""
    return Scores(*analyzer().scores(text))


def score_sentences(texts: Iterable[str]) -> list[Scores]:
    """``score_text`` of each text, in order."""
    scores = analyzer().scores
    return [Scores(*scores(t)) for t in texts]


# --------------------------------------------------------------------------- aggregation


def word_weight(sentence: str) -> int:
    """A sentence's weight in aggregates: the number of words VADER reads in it."""
    return sum(1 for word in sentence.split() if len(word) > 1)


def sentence_valence(compound: float) -> float:
    """The valence sum VADER normalised into ``compound`` (its inverse, bounded)."""
    c = max(-_MAX_COMPOUND, min(_MAX_COMPOUND, compound))
    return c * math.sqrt(_VADER_ALPHA / (1.0 - c * c))


def combined_compound(valence: float, words: float) -> float:
    """Compound of a text whose sentences' valences sum to ``valence`` over ``words``
    words: VADER's normalisation of the sum, scaled to :data:`DENSITY_WORDS` words when
    the text is longer (see the module docstring). Unrounded."""
    if words > DENSITY_WORDS:
        valence *= DENSITY_WORDS / words
    return valence / math.sqrt(valence * valence + _VADER_ALPHA)


def weighted_mean(scores: Sequence[Scores], weights: Sequence[float]) -> Scores:
    """Component-wise weighted mean, rounded like VADER; NEUTRAL when nothing weighs.

    A plain mean of every component, compound included (document scores combine
    compounds with :func:`combined_compound` instead)."""
    total = float(sum(weights))
    if total <= 0:
        return NEUTRAL
    neg = neu = pos = compound = 0.0
    for s, w in zip(scores, weights, strict=True):
        if w:
            neg += s.neg * w
            neu += s.neu * w
            pos += s.pos * w
            compound += s.compound * w
    return Scores(
        round(neg / total, 3),
        round(neu / total, 3),
        round(pos / total, 3),
        round(compound / total, 4),
    )


def smooth_arc(arc: Sequence[float]) -> array:
    """Centred moving average with half-width ``max(1, n // 20)``, shrinking at the edges."""
    n = len(arc)
    smoothed = array("d")
    if n == 0:
        return smoothed
    half = max(1, n // 20)
    prefix = array("d", [0.0])
    running = 0.0
    for value in arc:
        running += value
        prefix.append(running)
    for i in range(n):
        lo, hi = max(0, i - half), min(n, i + half + 1)
        smoothed.append((prefix[hi] - prefix[lo]) / (hi - lo))
    return smoothed


def _extremes(arc: Sequence[float]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    positive = heapq.nsmallest(
        TOP_SENTENCES, (i for i, c in enumerate(arc) if c > 0), key=lambda i: (-arc[i], i)
    )
    negative = heapq.nsmallest(
        TOP_SENTENCES, (i for i, c in enumerate(arc) if c < 0), key=lambda i: (arc[i], i)
    )
    return tuple(positive), tuple(negative)


def _rounded(neg: float, neu: float, pos: float, valence: float, total: float) -> Scores:
    return Scores(
        round(neg / total, 3),
        round(neu / total, 3),
        round(pos / total, 3),
        round(combined_compound(valence, total), 4),
    )


def summarize_sentiment(doc: Document, scores: Sequence[Scores] | None = None) -> SentimentSummary:
    """Sentiment of ``doc`` at every level: per sentence, per paragraph and for the
    document (shares weighted by word count, compound by :func:`combined_compound`), the
    arc and its smoothing (:func:`smooth_arc`), the strongest sentences of each sign.

    ``scores`` are the sentence scores if already computed (aligned with ``doc.sentences``).
    Streams over the sentences and keeps results in flat arrays, so a 100 MB book costs
    tens of megabytes here, not hundreds.
    """
    n = len(doc.sentences)
    if scores is not None and len(scores) != n:
        raise ValueError(f"{len(scores)} scores for {n} sentences")
    score = analyzer().scores
    text = doc.text
    flat = array("d")
    n_paragraphs = len(doc.paragraphs)
    # Per paragraph: weighted sums of neg, neu, pos, the sum of valences and the weight.
    sums = array("d", bytes(8 * 5 * n_paragraphs))
    doc_sums = [0.0, 0.0, 0.0, 0.0, 0.0]
    for i, ((start, end), p) in enumerate(zip(doc.sentences, doc.sentence_paragraph, strict=True)):
        sentence = text[start:end]
        neg, neu, pos, compound = scores[i] if scores is not None else score(sentence)
        flat.extend((neg, neu, pos, compound))
        w = word_weight(sentence)
        if not w:
            continue
        valence = sentence_valence(compound) if compound else 0.0
        doc_sums[0] += neg * w
        doc_sums[1] += neu * w
        doc_sums[2] += pos * w
        doc_sums[3] += valence
        doc_sums[4] += w
        if 0 <= p < n_paragraphs:
            j = 5 * p
            sums[j] += neg * w
            sums[j + 1] += neu * w
            sums[j + 2] += pos * w
            sums[j + 3] += valence
            sums[j + 4] += w
    paragraphs = ScoresArray(
        _rounded(*sums[5 * p : 5 * p + 4], sums[5 * p + 4]) if sums[5 * p + 4] > 0 else NEUTRAL
        for p in range(n_paragraphs)
    )
    sentence_scores = ScoresArray.from_flat(flat)
    arc = sentence_scores.compounds()
    most_positive, most_negative = _extremes(arc)
    document = _rounded(*doc_sums[:4], doc_sums[4]) if doc_sums[4] > 0 else NEUTRAL
    return SentimentSummary(
        sentences=sentence_scores,
        paragraphs=paragraphs,
        document=document,
        arc=arc,
        smoothed=smooth_arc(arc),
        most_positive=most_positive,
        most_negative=most_negative,
    )
