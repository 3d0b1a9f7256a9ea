"""Plain, immutable data types shared by the analysis engine, the CLI and the TUI.

Character offsets into ``Document.text`` are the lingua franca: every span, score,
keyword hit and bookmark anchor refers to the text exactly as the reading pane shows it.
Everything here is picklable so results can cross a process pool or live in a cache.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, overload

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


class SpanArray(Sequence[Span]):
    """An immutable sequence of spans stored as one flat ``array('q')``.

    A large book has hundreds of thousands of sentences; a tuple of ``Span`` objects costs
    ~110 bytes each, this costs 16. Indexing returns ``Span`` values, so callers need not care.
    """

    __slots__ = ("_flat",)

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        flat = array("q")
        for start, end in spans:
            flat.append(start)
            flat.append(end)
        self._flat = flat

    @classmethod
    def from_flat(cls, flat: array) -> SpanArray:
        """Wrap an ``array('q')`` of start, end, start, end, ... (taken over, not copied)."""
        obj = cls.__new__(cls)
        obj._flat = flat
        return obj

    def __len__(self) -> int:
        return len(self._flat) // 2

    @overload
    def __getitem__(self, index: int) -> Span: ...
    @overload
    def __getitem__(self, index: slice) -> SpanArray: ...
    def __getitem__(self, index: int | slice) -> Span | SpanArray:
        if isinstance(index, slice):
            return SpanArray(list(self)[index])
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("span index out of range")
        return Span(self._flat[2 * index], self._flat[2 * index + 1])

    def __iter__(self) -> Iterator[Span]:
        flat = self._flat
        for i in range(0, len(flat), 2):
            yield Span(flat[i], flat[i + 1])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SpanArray):
            return self._flat == other._flat
        if isinstance(other, Sequence):
            return list(self) == [tuple(s) for s in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SpanArray({list(self)!r})"

    def __reduce__(self):
        return (SpanArray.from_flat, (self._flat,))

    def index_at(self, offset: int) -> int:
        """Index of the last span starting at or before ``offset`` (-1 if none)."""
        flat = self._flat
        lo, hi = 0, len(flat) // 2
        while lo < hi:  # bisect_right on starts without materialising them
            mid = (lo + hi) // 2
            if offset < flat[2 * mid]:
                hi = mid
            else:
                lo = mid + 1
        return lo - 1


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
    paragraphs: Sequence[Span]
    """Paragraph spans in order (a ``SpanArray`` when built by the loader)."""
    sentences: Sequence[Span]
    """Sentence spans in order; every sentence lies inside exactly one paragraph."""
    sentence_paragraph: Sequence[int]
    """For each sentence, the index of the paragraph that contains it."""
    encoding: str = "utf-8"
    format: str = "text"
    """One of ``text``, ``markdown``, ``rst``, ``html``."""

    def sentence_text(self, index: int) -> str:
        span = self.sentences[index]
        return self.text[span.start : span.end]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset`` (or the next one after it)."""
        if not self.sentences:
            return None
        if isinstance(self.sentences, SpanArray):
            i = self.sentences.index_at(offset)
        else:
            i = bisect_right([s.start for s in self.sentences], offset) - 1
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


class ScoresArray(Sequence[Scores]):
    """An immutable sequence of ``Scores`` stored as one flat ``array('d')``.

    A book has hundreds of thousands of sentences: a tuple of ``Scores`` costs ~170 bytes
    each, this costs 32 — the difference between a 100 MB file fitting in memory or not.
    """

    __slots__ = ("_flat",)

    def __init__(self, items: Iterable[tuple[float, float, float, float]] = ()) -> None:
        flat = array("d")
        for item in items:
            flat.extend(item)
        self._flat = flat

    @classmethod
    def from_flat(cls, flat: array) -> ScoresArray:
        """Wrap an ``array('d')`` of neg, neu, pos, compound, ... (taken over, not copied)."""
        obj = cls.__new__(cls)
        obj._flat = flat
        return obj

    def __len__(self) -> int:
        return len(self._flat) // 4

    @overload
    def __getitem__(self, index: int) -> Scores: ...
    @overload
    def __getitem__(self, index: slice) -> ScoresArray: ...
    def __getitem__(self, index: int | slice) -> Scores | ScoresArray:
        if isinstance(index, slice):
            return ScoresArray(list(self)[index])
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("scores index out of range")
        f = self._flat
        i = 4 * index
        return Scores(f[i], f[i + 1], f[i + 2], f[i + 3])

    def __iter__(self) -> Iterator[Scores]:
        f = self._flat
        for i in range(0, len(f), 4):
            yield Scores(f[i], f[i + 1], f[i + 2], f[i + 3])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ScoresArray):
            return self._flat == other._flat
        if isinstance(other, Sequence):
            return list(self) == [tuple(s) for s in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ScoresArray({list(self)!r})"

    def __reduce__(self):
        return (ScoresArray.from_flat, (self._flat,))

    def compounds(self) -> array:
        """The compound scores alone, as a new ``array('d')``."""
        return self._flat[3::4]


@dataclass(frozen=True, slots=True)
class SentimentSummary:
    """Sentiment of a document at every level, aligned with ``Document.sentences``."""

    sentences: Sequence[Scores]
    """Per sentence (a ``ScoresArray`` when built by ``summarize_sentiment``)."""
    paragraphs: Sequence[Scores]
    document: Scores
    arc: Sequence[float]
    """Sentence compounds in document order (an ``array('d')``)."""
    smoothed: Sequence[float]
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
