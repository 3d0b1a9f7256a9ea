"""The JSON layout of a cache entry, and reading one back without trusting it.

``decode`` checks every span, index, score and string against the document and against what
an analysis can produce, so a damaged or tampered entry costs a recomputation and never
reaches the screen. Sealed entries are read from their packed copy (``analysis.cache.pack``)."""

from __future__ import annotations

import math
import operator
from array import array
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain
from typing import Any

from analysis.model import (
    Document,
    DocumentAnalysis,
    Phrase,
    Scores,
    ScoresArray,
    SentimentSummary,
    SpanArray,
    Stats,
)
from analysis.nlp.content import content_counts
from analysis.sanitize import is_clean


def _scores_out(items: Sequence[Scores]) -> list[list[float]]:
    return [list(s) for s in items]


def encode(analysis: DocumentAnalysis) -> dict[str, Any]:
    """Everything but the text itself (which the loader reads again anyway)."""
    doc = analysis.document
    st = analysis.stats
    se = analysis.sentiment
    spread = getattr(analysis.terms, "spread", {})
    return {
        "sha256": doc.sha256,
        "title": doc.title,
        "paragraphs": [x for span in doc.paragraphs for x in span],
        "sentences": [x for span in doc.sentences for x in span],
        "sentence_paragraph": list(doc.sentence_paragraph),
        "stats": [
            st.words,
            st.sentences,
            st.paragraphs,
            st.unique_words,
            st.avg_sentence_words,
            st.reading_minutes,
        ],
        "sentiment": {
            "sentences": _scores_out(se.sentences),
            "paragraphs": _scores_out(se.paragraphs),
            "document": list(se.document),
            "smoothed": list(se.smoothed),
            "most_positive": list(se.most_positive),
            "most_negative": list(se.most_negative),
        },
        "terms": {
            "counts": dict(analysis.terms.counts),
            "surfaces": dict(analysis.terms.surfaces),
            "total": analysis.terms.total,
            # Aligned with "counts" (0: absent): the keys once, not twice, to read.
            "spread": [spread.get(key, 0) for key in analysis.terms.counts],
            "segments": getattr(analysis.terms, "segments", 0),
        },
        "phrases": [[p.text, p.score, p.count] for p in analysis.phrases],
    }


def _int(value: Any, low: int = 0, high: float = math.inf) -> int:
    """``value`` if it is an int (not a bool) in ``[low, high]``, else ``ValueError``."""
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"cache entry holds {value!r} where a number in range belongs")
    return value


def _float(value: Any, low: float = -math.inf, high: float = math.inf) -> float:
    if type(value) not in (int, float) or not low <= value <= high:  # NaN fails too
        raise ValueError(f"cache entry holds {value!r} where a finite number belongs")
    return float(value)


def _clean(value: Any) -> str:
    """A string a genuine analysis could hold: surface forms and phrases come from the
    cleaned text, so a control character or line break means the entry was tampered with."""
    if type(value) is not str or not is_clean(value) or "\n" in value:
        raise ValueError("cache entry holds text a real analysis cannot produce")
    return value


# The checks below run over whole lists at once (``map`` over C types, ``min``/``max``,
# one regex search over joined strings) rather than element by element in Python: an
# entry holds thousands of numbers and strings, and a warm run decodes every entry.

_WHOLE = frozenset({int})
_NUMBER = frozenset({int, float})


def _ints(values: Any, count: int | None = None) -> array:
    """``values`` as ``array('q')``: a list of ints (no bools, no floats) of ``count``
    items (any number when None), else ``ValueError``."""
    if type(values) is not list or (count is not None and len(values) != count):
        raise ValueError("cache entry holds a list of the wrong length")
    if not _WHOLE.issuperset(map(type, values)):
        raise ValueError("cache entry holds something other than whole numbers")
    return array("q", values)


def _in_range(values: array, low: float, high: float) -> array:
    """``values`` if every one lies in ``[low, high]`` (so none is NaN), else ``ValueError``."""
    if values and (
        (values.typecode == "d" and any(map(math.isnan, values)))
        or min(values) < low
        or max(values) > high
    ):
        raise ValueError("cache entry holds a number out of range")
    return values


def _floats(values: Any, count: int, low: float, high: float) -> array:
    """``values`` as ``array('d')``: a list of ``count`` numbers in ``[low, high]``."""
    if type(values) is not list or len(values) != count:
        raise ValueError("cache entry holds a list of the wrong length")
    if not _NUMBER.issuperset(map(type, values)):
        raise ValueError("cache entry holds something other than numbers")
    return _in_range(array("d", values), low, high)


def _scores(items: Any, count: int) -> ScoresArray:
    """``count`` scores, each ``[neg, neu, pos, compound]``: the first three in ``[0, 1]``,
    the compound in ``[-1, 1]``."""
    if type(items) is not list or len(items) != count:
        raise ValueError("cache entry has the wrong number of scores")
    if not _LIST.issuperset(map(type, items)) or not _FOUR.issuperset(map(len, items)):
        raise ValueError("cache entry holds a malformed score")
    flat = _floats(list(chain.from_iterable(items)), 4 * count, -1.0, 1.0)
    _in_range(flat[0::4] + flat[1::4] + flat[2::4], 0.0, 1.0)
    return ScoresArray.from_flat(flat)


_LIST = frozenset({list})
_FOUR = frozenset({4})


def _spans(flat: Any, limit: int) -> array:
    """Ordered, non-overlapping, non-empty spans inside ``[0, limit]``, as the flat
    ``array('q')`` a ``SpanArray`` wraps."""
    if type(flat) is not list or len(flat) % 2:
        raise ValueError("cache entry holds malformed spans")
    values = _ints(flat)
    if values:
        starts, ends = values[0::2], values[1::2]
        if (
            values[0] < 0
            or values[-1] > limit
            or not all(map(operator.lt, starts, ends))
            or not all(map(operator.le, ends, starts[1:]))
        ):
            raise ValueError("cache entry holds spans out of order or outside the text")
    return values


def _owners(owners: Any, sentences: array, paragraphs: array) -> array:
    """Per sentence, the index of the paragraph holding it: non-decreasing, in range, and
    the sentence must lie inside that paragraph."""
    values = _ints(owners, len(sentences) // 2)
    if not values:
        return values
    p_starts, p_ends = paragraphs[0::2], paragraphs[1::2]
    if (
        values[0] < 0
        or values[-1] >= len(p_starts)
        or not all(map(operator.le, values, values[1:]))
    ):
        raise ValueError("cache entry holds a paragraph index out of range")
    starts, ends = sentences[0::2], sentences[1::2]
    if not all(map(operator.le, map(p_starts.__getitem__, values), starts)) or not all(
        map(operator.le, ends, map(p_ends.__getitem__, values))
    ):
        raise ValueError("cache entry has a sentence outside its paragraph")
    return values


def _extremes(indices: Any, n: int) -> tuple[int, ...]:
    """Distinct sentence indices in ``[0, n)``."""
    values = _ints(indices)
    if len(set(values)) != len(values):
        raise ValueError("cache entry holds malformed extremes")
    return tuple(_in_range(values, 0, n - 1))


def _check_strings(strings: Any) -> None:
    """Every item of ``strings`` (a dict's keys, say) is a string a real analysis could
    hold (see :func:`_clean`), checked in one pass over them all. Printable text (the
    usual case) holds neither control characters nor line breaks; anything else gets the
    exact test."""
    joined = "".join(strings)  # TypeError for anything but strings
    if not joined.isprintable() and ("\n" in joined or not is_clean(joined)):
        raise ValueError("cache entry holds text a real analysis cannot produce")


def _whole_at_least(values: Any, low: int) -> None:
    if not _WHOLE.issuperset(map(type, values)) or (values and min(values) < low):
        raise ValueError("cache entry holds a count out of range")


def _counts(table: Any) -> dict[str, int]:
    """A term table: clean keys, whole counts of at least one."""
    if type(table) is not dict:
        raise ValueError("cache entry holds a malformed term table")
    _check_strings(table)
    _whole_at_least(table.values(), 1)
    return table


def _spread(values: Any, counts: dict[str, int]) -> dict[str, int]:
    """Segment counts aligned with ``counts`` (0 where a key has none); entries written
    before that layout hold a table like ``counts``."""
    if type(values) is dict:
        return _counts(values)
    if type(values) is not list or len(values) != len(counts):
        raise ValueError("cache entry holds a malformed term table")
    _whole_at_least(values, 0)
    if values and min(values) == 0:
        return {key: n for key, n in zip(counts, values, strict=True) if n}
    return dict(zip(counts, values, strict=True))


def _surfaces(table: Any) -> dict[str, str]:
    if type(table) is not dict:
        raise ValueError("cache entry holds a malformed term table")
    _check_strings(table)
    _check_strings(table.values())
    return table


def decode(doc: Document, data: dict[str, Any]) -> DocumentAnalysis:
    """Rebuild an analysis for ``doc`` (whose text hash must match) from cached data.

    Nothing in the entry is trusted: every span, index, score and string is checked
    against ``doc`` and against what a real analysis can produce, and ``ValueError`` (or
    another exception from a wrong shape) means "recompute". The title and paragraphs are
    the loader's (the title may come from the file name, which the hash does not cover).
    """
    if data["sha256"] != doc.sha256:
        raise ValueError("cache entry is for another text")
    paragraphs = array("q", chain.from_iterable(doc.paragraphs))
    n_para = len(paragraphs) // 2
    if data["paragraphs"] != paragraphs.tolist():
        raise ValueError("cache entry's paragraphs do not fit the text")
    flat_sentences = _spans(data["sentences"], len(doc.text))
    owners = _owners(data["sentence_paragraph"], flat_sentences, paragraphs)
    sentences = SpanArray.from_flat(flat_sentences)
    document = replace(doc, sentences=sentences, sentence_paragraph=owners, title=doc.title)
    n = len(sentences)
    s = data["sentiment"]
    sentence_scores = _scores(s["sentences"], n)
    sentiment = SentimentSummary(
        sentences=sentence_scores,
        paragraphs=_scores(s["paragraphs"], n_para),
        document=_scores([s["document"]], 1)[0],
        arc=sentence_scores.compounds(),
        smoothed=_floats(s["smoothed"], n, -1.0, 1.0),
        most_positive=_extremes(s["most_positive"], n),
        most_negative=_extremes(s["most_negative"], n),
    )
    words, n_sent, n_para_stat, unique, avg, minutes = data["stats"]
    in_sent, in_para = content_counts(document)
    stats = Stats(
        _int(words),
        _int(n_sent, in_sent, in_sent),
        _int(n_para_stat, in_para, in_para),
        _int(unique, 0, words),
        _float(avg, 0.0),
        _float(minutes, 0.0),
    )
    t = data["terms"]
    from analysis.nlp.terms import SegmentedTermProfile

    counts = _counts(t["counts"])
    terms = SegmentedTermProfile(
        counts,
        _surfaces(t["surfaces"]),
        _int(t["total"]),
        spread=_spread(t["spread"], counts),
        segments=_int(t["segments"]),
    )
    phrases = tuple(Phrase(_clean(a), _float(b), _int(c, 1)) for a, b, c in data["phrases"])
    return DocumentAnalysis(document, stats, sentiment, terms, phrases)
