"""Plain, immutable data types shared by the analysis engine, the CLI and the TUI.

Character offsets into ``Document.text`` are the lingua franca: every span, score,
keyword hit and bookmark anchor refers to the text exactly as the reading pane shows it.
Everything here is picklable so results can cross a process pool or live in a cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

POSITIVE_THRESHOLD = 0.05
"""VADER's convention: compound >= 0.05 is positive, <= -0.05 negative, else neutral."""


class Span(NamedTuple):
    """A half-open character range ``[start, end)`` into a document's text."""

    start: int
    end: int

    def __len__(self) -> int:  # type: ignore[override]
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Document:
    """One loaded document. ``text`` is already decoded, newline-normalised and cleaned
    of control characters, so offsets are offsets into what is displayed."""

    path: str
    """Absolute path of the file the text came from."""
    title: str
    text: str
    sha256: str
    """Hex sha256 of ``text`` encoded as UTF-8 (identifies the content, not the file)."""
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    """Sentence spans in order; every sentence lies inside exactly one paragraph."""
    sentence_paragraph: tuple[int, ...]
    """For each sentence, the index of the paragraph that contains it."""
    encoding: str = "utf-8"
    format: str = "text"
    """One of ``text``, ``markdown``, ``rst``, ``html``."""

    def sentence_text(self, index: int) -> str:
        span = self.sentences[index]
        return self.text[span.start : span.end]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset`` (or the next one after it)."""
        from bisect import bisect_right

        if not self.sentences:
            return None
        starts = [s.start for s in self.sentences]
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return 0
        if self.sentences[i].end <= offset and i + 1 < len(self.sentences):
            return i + 1
        return i


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A path that could not be opened, with a message a person understands."""

    path: str
    kind: str
    """Machine-readable reason: missing, permission, binary, undecodable, too-large,
    loop, not-a-file, io-error."""
    message: str


class Scores(NamedTuple):
    """VADER scores of one piece of text (or an aggregate of several)."""

    neg: float
    neu: float
    pos: float
    compound: float

    @property
    def label(self) -> str:
        if self.compound >= POSITIVE_THRESHOLD:
            return "positive"
        if self.compound <= -POSITIVE_THRESHOLD:
            return "negative"
        return "neutral"


NEUTRAL = Scores(0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class SentimentSummary:
    """Sentiment of a document at every level, aligned with ``Document.sentences``."""

    sentences: tuple[Scores, ...]
    paragraphs: tuple[Scores, ...]
    document: Scores
    arc: tuple[float, ...]
    """Sentence compounds in document order."""
    smoothed: tuple[float, ...]
    """The arc smoothed for plotting (same length as ``arc``)."""
    most_positive: tuple[int, ...]
    """Sentence indices, most positive first (only sentences with compound > 0)."""
    most_negative: tuple[int, ...]
    """Sentence indices, most negative first (only sentences with compound < 0)."""


@dataclass(frozen=True, slots=True)
class Stats:
    words: int
    sentences: int
    paragraphs: int
    unique_words: int
    avg_sentence_words: float
    reading_minutes: float


@dataclass(frozen=True, slots=True)
class Keyword:
    """A ranked term. ``key`` is the case-folded stem (or two stems joined by a space
    for a two-word phrase); ``term`` is its most common surface form in the text."""

    term: str
    key: str
    score: float
    count: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """A collocation found by NLTK's collocation finders."""

    text: str
    score: float
    count: int


@dataclass(frozen=True, slots=True)
class TermProfile:
    """Per-document term counts: the input to corpus-wide TF-IDF."""

    counts: Mapping[str, int]
    """key (stem, or "stem stem" for a bigram) -> occurrences."""
    surfaces: Mapping[str, str]
    """key -> most common surface form."""
    total: int
    """Number of content tokens counted."""


@dataclass(frozen=True, slots=True)
class KwicHit:
    """One keyword-in-context hit."""

    path: str
    title: str
    start: int
    end: int
    left: str
    match: str
    right: str


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    """Everything computed for one document that does not depend on the rest of the corpus."""

    document: Document
    stats: Stats
    sentiment: SentimentSummary
    terms: TermProfile
    phrases: tuple[Phrase, ...] = field(default=())
