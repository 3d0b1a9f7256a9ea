"""PLACEHOLDER (owned by the NLP-core work): final signatures with dummy scores."""

from __future__ import annotations

from collections.abc import Iterable

from analysis.model import NEUTRAL, Document, Scores, SentimentSummary


def score_text(text: str) -> Scores:
    return NEUTRAL


def score_sentences(texts: Iterable[str]) -> list[Scores]:
    return [score_text(t) for t in texts]


def summarize_sentiment(doc: Document) -> SentimentSummary:
    scores = tuple(score_sentences(doc.sentence_text(i) for i in range(len(doc.sentences))))
    arc = tuple(s.compound for s in scores)
    return SentimentSummary(scores, tuple(NEUTRAL for _ in doc.paragraphs), NEUTRAL, arc, arc, (), ())
