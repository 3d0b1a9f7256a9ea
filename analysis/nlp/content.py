"""The part of a document that is analysed: its content span, boilerplate left out.

A Project Gutenberg header, footer and licence stay in the text but must not count as the
book: the analysis runs on a view restricted to ``Document.content``, and sentence-level
results are padded back to the whole document with neutral scores for the boilerplate.
"""

from __future__ import annotations

from array import array
from dataclasses import replace

from analysis.model import NEUTRAL, Document, ScoresArray, SentimentSummary, SpanArray


def _first_at_or_after(spans: SpanArray | list, offset: int) -> int:
    """Index of the first span starting at or after ``offset``."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def content_counts(doc: Document) -> tuple[int, int]:
    """How many sentences and paragraphs lie in the content span (what ``Stats`` counts);
    the cache rebuilds the two counts with this instead of storing them."""
    if doc.content is None:
        return len(doc.sentences), len(doc.paragraphs)
    lo, hi = doc.content
    sentences = _first_at_or_after(doc.sentences, hi) - _first_at_or_after(doc.sentences, lo)
    paragraphs = _first_at_or_after(doc.paragraphs, hi) - _first_at_or_after(doc.paragraphs, lo)
    return sentences, paragraphs


def content_view(doc: Document) -> tuple[Document, int, int]:
    """``doc`` with only the paragraphs and sentences inside its content span, and the
    indices of its first sentence and paragraph in ``doc``. The text is shared."""
    lo, hi = doc.content_span
    s0 = _first_at_or_after(doc.sentences, lo)
    s1 = _first_at_or_after(doc.sentences, hi)
    p0 = _first_at_or_after(doc.paragraphs, lo)
    p1 = _first_at_or_after(doc.paragraphs, hi)
    owners = array("q", (p - p0 for p in doc.sentence_paragraph[s0:s1]))
    view = replace(
        doc,
        paragraphs=doc.paragraphs[p0:p1],
        sentences=doc.sentences[s0:s1],
        sentence_paragraph=owners,
    )
    return view, s0, p0


def pad_sentiment(
    summary: SentimentSummary, first_sentence: int, first_paragraph: int, doc: Document
) -> SentimentSummary:
    """A view's sentiment laid out over the whole ``doc``: boilerplate sentences and
    paragraphs neutral, indices shifted to the document's."""
    n, m = len(summary.sentences), len(summary.paragraphs)
    after_s = len(doc.sentences) - first_sentence - n
    after_p = len(doc.paragraphs) - first_paragraph - m
    sentences = ScoresArray([*[NEUTRAL] * first_sentence, *summary.sentences, *[NEUTRAL] * after_s])
    paragraphs = ScoresArray(
        [*[NEUTRAL] * first_paragraph, *summary.paragraphs, *[NEUTRAL] * after_p]
    )
    zeros_before, zeros_after = array("d", [0.0]) * first_sentence, array("d", [0.0]) * after_s
    return SentimentSummary(
        sentences=sentences,
        paragraphs=paragraphs,
        document=summary.document,
        arc=sentences.compounds(),
        smoothed=zeros_before + array("d", summary.smoothed) + zeros_after,
        most_positive=tuple(i + first_sentence for i in summary.most_positive),
        most_negative=tuple(i + first_sentence for i in summary.most_negative),
    )
