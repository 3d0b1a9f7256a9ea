"""Plain, immutable data types shared by the analysis engine, the CLI and the TUI.

Character offsets into ``Document.text`` are the lingua franca: every span, score,
keyword hit and bookmark anchor refers to the text exactly as the reading pane shows it.
Everything here is picklable so results can cross a process pool or live in a cache.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import starmap
from typing import Any, ClassVar, NamedTuple, TypeVar, overload

T = TypeVar("T")
F = TypeVar("F", bound="_FlatRecords[Any]")

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


class _FlatRecords(Sequence[T]):
    """An immutable sequence of fixed-width numeric records kept in one flat ``array``.

    Books have hundreds of thousands of sentences: a tuple of small tuples costs 100-170
    bytes a record, a flat array 8 per field. Indexing builds the record (``_record``) on
    demand, so callers see an ordinary sequence. Subclasses set ``_width`` (fields per
    record), ``_typecode`` and ``_record``.
    """

    __slots__ = ("_flat",)
    _width: ClassVar[int]
    _typecode: ClassVar[str]
    _record: ClassVar[Callable[..., Any]]

    def __init__(self, records: Iterable[Sequence[Any]] = ()) -> None:
        flat = array(self._typecode)
        for record in records:
            flat.extend(record)
        self._flat = flat

    @classmethod
    def from_flat(cls: type[F], flat: array) -> F:
        """Wrap a flat ``array`` of fields, record after record (taken over, not copied)."""
        obj = cls.__new__(cls)
        obj._flat = flat
        return obj

    def __len__(self) -> int:
        return len(self._flat) // self._width

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self: F, index: slice) -> F: ...
    def __getitem__(self, index: int | slice) -> Any:
        width = self._width
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return self.from_flat(self._flat[start * width : stop * width])
            return type(self)(list(self)[index])
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(f"{type(self).__name__} index out of range")
        i = width * index
        return self._record(*self._flat[i : i + width])

    def __iter__(self) -> Iterator[T]:
        # Group the flat fields ``width`` at a time, all in C.
        return starmap(self._record, zip(*[iter(self._flat)] * self._width, strict=True))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, type(self)):
            return self._flat == other._flat
        if isinstance(other, Sequence):
            return list(self) == [tuple(r) for r in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self).from_flat, (self._flat,))


class SpanArray(_FlatRecords[Span]):
    """Spans as one flat ``array('q')``: start, end, start, end, ..."""

    __slots__ = ()
    _width = 2
    _typecode = "q"
    _record = Span

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


class OutlineEntry(NamedTuple):
    """A heading of a document's outline: a chapter, a part, a section."""

    title: str
    start: int
    """Character offset of the heading in ``Document.text``."""
    level: int = 1
    """1 for the top level (parts, or chapters when there are no parts), 2 below, ..."""


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
    """One of ``text``, ``markdown``, ``rst``, ``html``, ``epub``, ``pdf``."""
    outline: tuple[OutlineEntry, ...] = ()
    """Headings in text order (chapters of a book, sections of an article)."""
    content: Span | None = None
    """The span of the work itself when the text also carries boilerplate (a Project
    Gutenberg header, footer and licence): shown, but left out of the analysis. ``None``:
    all of the text is content."""

    @property
    def content_span(self) -> Span:
        """``content``, or the whole text when there is no boilerplate."""
        return self.content if self.content is not None else Span(0, len(self.text))

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
    loop, not-a-file, io-error, no-text, encrypted, damaged."""
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


class ScoresArray(_FlatRecords[Scores]):
    """VADER scores as one flat ``array('d')``: neg, neu, pos, compound, ..."""

    __slots__ = ()
    _width = 4
    _typecode = "d"
    _record = Scores

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
class LocalRanking:
    """What ranking a document's keywords against a corpus needs from the document alone
    (``analysis.nlp.keywords.local_ranking``): worked out where the document is analysed
    and cached with it, so ranking a corpus of cached documents only looks things up."""

    weights: dict[str, float]
    """Keys that may rank (words, and two-word keys seen often enough) -> ``1 + ln(tf)``
    times their keyness factor."""
    boosts: dict[str, float]
    """Cohesive two-word keys -> their boost ``1 + min(1, cohesion)``."""
    dropped: set[str]
    """Words (almost) only used inside a cohesive two-word key."""


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
    left_words: tuple[str, ...] = ()
    """Up to three words before the match, nearest first, case-folded (for sorting)."""
    right_words: tuple[str, ...] = ()
    """Up to three words after the match, case-folded."""


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    """Everything computed for one document that does not depend on the rest of the corpus."""

    document: Document
    stats: Stats
    sentiment: SentimentSummary
    terms: TermProfile
    phrases: tuple[Phrase, ...] = field(default=())
    ranking: LocalRanking | None = None
    """The document's own part of its keyword ranking (None: worked out when needed)."""
