"""A compact binary copy of a cached analysis, read without parsing or re-checking it.

Only entries sealed with this installation's key (HMAC) are read this way; any other entry
takes the checked JSON path. Layout: a fixed header (:data:`_HEADER`), raw ``array`` sections
in machine byte order, then UTF-8 strings joined by line breaks. Why: docs/ARCHITECTURE.md."""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, Sequence, ValuesView
from dataclasses import replace
from itertools import chain
from typing import Any

from analysis.model import (
    Document,
    DocumentAnalysis,
    LocalRanking,
    Phrase,
    Scores,
    ScoresArray,
    SentimentSummary,
    SpanArray,
    Stats,
)
from analysis.nlp.content import content_counts

_MAGIC = b"LPK2"
_LITTLE = 1 if sys.byteorder == "little" else 0
_HEADER = struct.Struct("=4sB32s16q6d12s")
"""magic, byte order, sha256 (raw); counts: paragraphs, sentences, most positive, most
negative, terms, phrases, ranked keys (-1: no ranking stored), boosted keys, dropped
words, bytes of keys, of surfaces, of phrase texts; words, unique words, term total,
segments; floats: average sentence words, reading minutes, document neg, neu, pos,
compound; the array type of each whole-number section (:data:`_INTS`)."""

_INTS = (
    "sentences",
    "owners",
    "positive",
    "negative",
    "counts",
    "spread",
    "phrase counts",
    "ranked",
    "boosted",
    "dropped",
)
"""The whole-number sections, each stored in the smallest unsigned type that holds it
(most counts fit in a byte), in this order; float sections are ``d``. The last three
index the keys: the local ranking's (:class:`LocalRanking`) keys, boosted keys, dropped
words."""
_UNSIGNED = tuple((code, 1 << (8 * array(code).itemsize)) for code in "BHIQ")
_SIZES = {code: array(code).itemsize for code in "BHIQ"}
_D = array("d").itemsize


def _smallest(values: array) -> array:
    """``values`` (non-negative) in the smallest unsigned array type that holds them."""
    if not values:
        return array("B")
    if min(values) < 0:
        raise ValueError("negative whole number")
    top = max(values)
    code = next(code for code, limit in _UNSIGNED if top < limit)
    return array(code, values)


class _DictOnUse(Mapping[str, Any]):
    """A mapping that stands for a ``dict`` it builds on first use (:meth:`_data`).
    Compares equal to the same ``dict``; pickles as one."""

    __slots__ = ()

    def _data(self) -> dict[str, Any]:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._data().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._data()

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _DictOnUse):
            other = other._data()
        return self._data() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._data())

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self._data(),))


class LazyTable(_DictOnUse):
    """A term table (surface forms, segment spread) built from the packed copy on first
    use: ranking a corpus's keywords reads the surface forms of only the few winners of
    each document, and the spread not at all, so most are never built."""

    __slots__ = ("_build", "_table")

    def __init__(self, build: Callable[[], dict[str, Any]]) -> None:
        self._build: Callable[[], dict[str, Any]] | None = build
        self._table: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        table = self._table
        if table is None:
            build = self._build
            if build is None:  # another thread built it meanwhile (it sets the table first)
                table = self._table
                assert table is not None
                return table
            table = self._table = build()
            self._build = None
        return table


class PackedCounts(_DictOnUse):
    """A document's term counts as the packed copy holds them: keys and counts side by
    side. Adding a document to the corpus tables only walks them (``keys``, ``values``,
    ``items``), which needs no ``dict``: a cached 1,000-document folder spent ~20 ms
    building dicts that only the shown document's keyword ranking ever looks into. A
    lookup builds the dict once."""

    __slots__ = ("_counts", "_keys", "_table")

    def __init__(self, keys: list[str], counts: list[int]) -> None:
        if len(keys) != len(counts):
            raise ValueError("packed entry has unlike numbers of keys and counts")
        self._keys = keys
        self._counts = counts
        self._table: dict[str, int] | None = None

    def _data(self) -> dict[str, int]:
        table = self._table
        if table is None:  # two threads may both build it: the same dict, harmlessly
            table = self._table = dict(zip(self._keys, self._counts, strict=True))
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def keys(self) -> KeysView[str]:
        return _PackedKeys(self)

    def values(self) -> ValuesView[int]:
        return _PackedValues(self)

    def items(self) -> ItemsView[str, int]:
        return _PackedItems(self)


class _PackedKeys(KeysView[str]):
    """Keys walked straight from the list (the base class goes through a generator)."""

    _mapping: PackedCounts

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping._keys)


class _PackedValues(ValuesView[int]):
    """Counts walked from the list, without looking each key up."""

    _mapping: PackedCounts

    def __iter__(self) -> Iterator[int]:
        return iter(self._mapping._counts)


class _PackedItems(ItemsView[str, int]):
    _mapping: PackedCounts

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return zip(self._mapping._keys, self._mapping._counts, strict=True)


def _split(data: memoryview | bytes, count: int) -> list[str]:
    """``count`` strings joined by line breaks in UTF-8 ``data``."""
    found = str(data, "utf-8", "surrogatepass").split("\n") if count else []
    if len(found) != count:
        raise ValueError("packed entry has the wrong number of strings")
    return found


def _joined(strings: Sequence[str]) -> bytes | None:
    """UTF-8 of ``strings`` joined by line breaks; None if one holds a line break."""
    if any("\n" in s for s in strings):
        return None
    return "\n".join(strings).encode("utf-8", "surrogatepass")


def pack(analysis: DocumentAnalysis) -> bytes | None:
    """The packed copy of ``analysis``, or None when it cannot be packed (the entry is
    then written without one and read the slow way)."""
    doc = analysis.document
    st = analysis.stats
    se = analysis.sentiment
    terms = analysis.terms
    counts = terms.counts
    keys = list(counts)
    surfaces_map = terms.surfaces
    spread_map = getattr(terms, "spread", {})
    if set(surfaces_map) != set(counts) or not set(spread_map) <= set(counts):
        return None
    key_bytes = _joined(keys)
    surface_bytes = _joined([surfaces_map[key] for key in keys])
    phrase_bytes = _joined([p.text for p in analysis.phrases])
    if key_bytes is None or surface_bytes is None or phrase_bytes is None:
        return None
    sections = _ranking_sections(analysis.ranking, keys)
    ranked, weights, boosted, boosts, dropped = sections or ([], [], [], [], [])
    try:
        ints = [
            _smallest(array("q", chain.from_iterable(doc.sentences))),
            _smallest(array("q", doc.sentence_paragraph)),
            _smallest(array("q", se.most_positive)),
            _smallest(array("q", se.most_negative)),
            _smallest(array("q", counts.values())),
            _smallest(array("q", [spread_map.get(key, 0) for key in keys])),
            _smallest(array("q", [p.count for p in analysis.phrases])),
            _smallest(array("q", ranked)),
            _smallest(array("q", boosted)),
            _smallest(array("q", dropped)),
        ]
        floats = [
            array("d", chain.from_iterable(se.sentences)),
            array("d", chain.from_iterable(se.paragraphs)),
            array("d", se.smoothed),
            array("d", [p.score for p in analysis.phrases]),
            array("d", weights),
            array("d", boosts),
        ]
        header = _HEADER.pack(
            _MAGIC,
            _LITTLE,
            bytes.fromhex(doc.sha256),
            len(doc.paragraphs),
            len(doc.sentences),
            len(se.most_positive),
            len(se.most_negative),
            len(keys),
            len(analysis.phrases),
            len(ranked) if sections is not None else -1,
            len(boosted),
            len(dropped),
            len(key_bytes),
            len(surface_bytes),
            len(phrase_bytes),
            st.words,
            st.unique_words,
            terms.total,
            getattr(terms, "segments", 0),
            st.avg_sentence_words,
            st.reading_minutes,
            *se.document,
            "".join(section.typecode for section in ints).encode("ascii").ljust(12),
        )
    except (struct.error, TypeError, ValueError, OverflowError):
        return None
    sections = [section.tobytes() for section in (*ints, *floats)]
    return b"".join([header, *sections, key_bytes, surface_bytes, phrase_bytes])


def _ranking_sections(
    ranking: LocalRanking | None, keys: list[str]
) -> tuple[list[int], list[float], list[int], list[float], list[int]] | None:
    """``ranking`` as indices into ``keys`` and their floats: ranked keys and weights,
    boosted keys and boosts, dropped words; None when there is none to store."""
    if ranking is None:
        return None
    position = {key: i for i, key in enumerate(keys)}
    try:
        return (
            [position[key] for key in ranking.weights],
            list(ranking.weights.values()),
            [position[key] for key in ranking.boosts],
            list(ranking.boosts.values()),
            [position[key] for key in ranking.dropped],
        )
    except KeyError:  # not made from these counts: leave it to be worked out again
        return None


def check_fit(doc: Document, blob: bytes, text_length: int | None = None) -> tuple[Any, ...]:
    """The header of a packed copy, after checking that it is one, for ``doc`` (whose text
    is ``text_length`` long: by default ``len(doc.text)``), and of the right size; else
    ``ValueError``."""
    header = _HEADER.unpack_from(blob)
    magic, order, sha, n_para, n, n_pos, n_neg, n_terms, n_phrases = header[:9]
    n_ranked, n_boosted, n_dropped, key_len, surface_len, phrase_len = header[9:15]
    if magic != _MAGIC or order != _LITTLE:
        raise ValueError("not a packed entry for this machine")
    if sha.hex() != doc.sha256 or n_para != len(doc.paragraphs):
        raise ValueError("packed entry is for another text")
    codes = header[-1][: len(_INTS)].decode("ascii")
    if len(codes) != len(_INTS) or not set(codes) <= set("BHIQ"):
        raise ValueError("not a packed entry")
    n_ranked = max(n_ranked, 0)
    if not n_boosted <= n_ranked <= n_terms or n_dropped > n_terms:
        raise ValueError("packed entry has a ranking that does not fit")
    lengths = (2 * n, n, n_pos, n_neg, n_terms, n_terms, n_phrases, n_ranked, n_boosted, n_dropped)
    int_bytes = sum(count * _SIZES[code] for count, code in zip(lengths, codes, strict=True))
    floats = 4 * n + 4 * n_para + n + n_phrases + n_ranked + n_boosted
    size = _HEADER.size + int_bytes + floats * _D + key_len + surface_len + phrase_len
    if len(blob) != size:
        raise ValueError("packed entry has the wrong size")
    if n:  # the last sentence ends inside the text
        end = _HEADER.size + (2 * n - 1) * _SIZES[codes[0]]
        last = array(codes[0], blob[end : end + _SIZES[codes[0]]])[0]
        if last > (len(doc.text) if text_length is None else text_length):
            raise ValueError("packed entry does not fit the text")
    return header


def unpack(
    doc: Document, blob: bytes, text_length: int | None = None, *, lazy_counts: bool = True
) -> DocumentAnalysis:
    """Rebuild the analysis of ``doc`` from a packed copy whose MAC has been verified
    (``text_length``: see :func:`check_fit`; the document may come without its text).
    ``lazy_counts``: term counts as :class:`PackedCounts` (for the dashboard, which looks
    into few documents' counts), else a plain ``dict`` (for ranking every document).

    Raises ``ValueError`` when it does not fit ``doc`` (another text, another paragraph
    split) or is not a packed copy at all; the caller then takes the JSON path.
    """
    (
        _magic,
        _order,
        _sha,
        n_para,
        n,
        n_pos,
        n_neg,
        n_terms,
        n_phrases,
        n_ranked,
        n_boosted,
        n_dropped,
        key_len,
        surface_len,
        phrase_len,
        words,
        unique,
        total,
        segments,
        avg,
        minutes,
        neg,
        neu,
        pos,
        compound,
        int_codes,
    ) = check_fit(doc, blob, text_length)
    codes = int_codes.decode("ascii")
    view = memoryview(blob)
    offset = _HEADER.size

    def take(typecode: str, count: int) -> array:
        nonlocal offset
        values = array(typecode)
        end = offset + count * values.itemsize
        values.frombytes(view[offset:end])
        offset = end
        return values

    def strings(length: int, count: int) -> list[str]:
        nonlocal offset
        found = _split(view[offset : offset + length], count)
        offset += length
        return found

    sentences = array("q", take(codes[0], 2 * n))
    owners = array("q", take(codes[1], n))
    most_positive = tuple(take(codes[2], n_pos))
    most_negative = tuple(take(codes[3], n_neg))
    counts = take(codes[4], n_terms).tolist()
    spread = take(codes[5], n_terms).tolist()
    phrase_counts = take(codes[6], n_phrases)
    ranked = take(codes[7], max(n_ranked, 0))
    boosted = take(codes[8], n_boosted)
    dropped = take(codes[9], n_dropped)
    sentence_scores = ScoresArray.from_flat(take("d", 4 * n))
    paragraph_scores = ScoresArray.from_flat(take("d", 4 * n_para))
    smoothed = take("d", n)
    phrase_scores = take("d", n_phrases)
    weights = take("d", max(n_ranked, 0))
    boosts = take("d", n_boosted)
    keys = strings(key_len, n_terms)
    surface_bytes = blob[offset : offset + surface_len]  # split when first needed
    if n_terms and surface_bytes.count(b"\n") != n_terms - 1:
        raise ValueError("packed entry has the wrong number of strings")
    offset += surface_len
    phrase_texts = strings(phrase_len, n_phrases)

    from analysis.nlp.terms import SegmentedTermProfile

    def spread_table() -> dict[str, int]:
        if spread and min(spread) == 0:
            return {key: count for key, count in zip(keys, spread, strict=True) if count}
        return dict(zip(keys, spread, strict=True))

    terms = SegmentedTermProfile(
        PackedCounts(keys, counts) if lazy_counts else dict(zip(keys, counts, strict=True)),
        LazyTable(lambda: dict(zip(keys, _split(surface_bytes, n_terms), strict=True))),
        total,
        spread=LazyTable(spread_table),
        segments=segments,
    )
    document = replace(doc, sentences=SpanArray.from_flat(sentences), sentence_paragraph=owners)
    sentiment = SentimentSummary(
        sentences=sentence_scores,
        paragraphs=paragraph_scores,
        document=Scores(neg, neu, pos, compound),
        arc=sentence_scores.compounds(),
        smoothed=smoothed,
        most_positive=most_positive,
        most_negative=most_negative,
    )
    stats = Stats(words, *content_counts(document), unique, avg, minutes)
    phrases = tuple(
        Phrase(text, score, count)
        for text, score, count in zip(phrase_texts, phrase_scores, phrase_counts, strict=True)
    )
    ranking = None
    if n_ranked >= 0:
        try:
            key_at = keys.__getitem__
            ranking = LocalRanking(
                dict(zip(map(key_at, ranked), weights, strict=True)),
                dict(zip(map(key_at, boosted), boosts, strict=True)),
                set(map(key_at, dropped)),
            )
        except IndexError:
            raise ValueError("packed entry has a ranking that does not fit") from None
    return DocumentAnalysis(document, stats, sentiment, terms, phrases, ranking)
