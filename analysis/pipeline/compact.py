"""Compact, exact stand-ins for the big per-sentence sequences of an analysis.

What the dashboard keeps of a big document (``analysis.pipeline.handover``), in fewer bytes a
sentence. Each ``encode`` returns None unless it gives back exactly the values it replaces;
each compares equal to the plain sequence and pickles. Sizes: docs/ARCHITECTURE.md."""

from __future__ import annotations

import contextlib
import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, islice, repeat
from operator import add, mul, sub, truediv
from typing import Any, overload

from analysis.model import Scores, Span, SpanArray

__all__ = [
    "CompoundColumn",
    "NarrowSpans",
    "ParagraphOwners",
    "RoundedScores",
    "SmoothedArc",
    "narrowest",
]


def narrowest(values: Iterable[int], top: int) -> array:
    """``values`` (all in ``0..top``) as 4-byte unsigned numbers if they fit, else 8."""
    return array("I" if top < 1 << 32 and array("I").itemsize == 4 else "q", values)


def _same_floats(a: Iterable[float], b: Iterable[float]) -> bool:
    """Equal bit for bit (so -0.0 differs from 0.0, and NaN equals itself)."""
    return array("d", a).tobytes() == array("d", b).tobytes()


class _View(Sequence[Any]):
    """Equality, hashing and ``repr`` shared by the sequences here."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence | array):
            return len(self) == len(other) and all(
                a == (tuple(b) if isinstance(a, tuple) else b)
                for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


def _index(index: int, length: int, name: str) -> int:
    if index < 0:
        index += length
    if not 0 <= index < length:
        raise IndexError(f"{name} index out of range")
    return index


# ------------------------------------------------------------------ spans


class NarrowSpans(SpanArray):
    """Sentence spans as starts (``array('I')``) and lengths (``array('H')``). A
    ``SpanArray`` (``Document.sentence_at`` relies on ``index_at``), but its ``_flat`` is
    built on demand: use the sequence, not the field."""

    __slots__ = ("_lengths", "_starts")

    def __init__(self, starts: array, lengths: array) -> None:
        if len(starts) != len(lengths):
            raise ValueError("NarrowSpans needs as many lengths as starts")
        self._starts = starts
        self._lengths = lengths

    @classmethod
    def encode(cls, spans: Sequence[Span]) -> NarrowSpans | None:
        """``spans`` (non-negative, each under 65,536 characters) as starts and lengths."""
        flat = array("q", chain.from_iterable(spans))
        starts, ends = flat[0::2], flat[1::2]
        try:
            encoded = cls(
                narrowest(starts, max(ends, default=0)), array("H", map(sub, ends, starts))
            )
        except OverflowError:  # a negative offset or length, or a very long sentence
            return None
        return encoded if encoded._flat == flat else None

    @property
    def starts(self) -> array:
        return self._starts

    @property
    def lengths(self) -> array:
        return self._lengths

    @classmethod
    def from_flat(cls, flat: array) -> SpanArray:  # type: ignore[override]
        return cls.encode(SpanArray.from_flat(flat)) or SpanArray.from_flat(flat)

    @property  # type: ignore[override]
    def _flat(self) -> array:
        """The plain layout (start, end, start, end, ...), built now: for code that wants it."""
        flat = array("q", [0]) * (2 * len(self._starts))
        flat[0::2] = array("q", self._starts)
        flat[1::2] = array("q", map(add, self._starts, self._lengths))
        return flat

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Span: ...
    @overload
    def __getitem__(self, index: slice) -> NarrowSpans: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return NarrowSpans(self._starts[index], self._lengths[index])
        i = _index(index, len(self._starts), "NarrowSpans")
        start = self._starts[i]
        return Span(start, start + self._lengths[i])

    def __iter__(self) -> Iterator[Span]:
        return map(Span, self._starts, map(add, self._starts, self._lengths))

    def index_at(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NarrowSpans):
            return self._starts == other._starts and self._lengths == other._lengths
        if isinstance(other, SpanArray):
            return self._flat == other._flat
        return _View.__eq__(self, other)  # type: ignore[arg-type]

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (NarrowSpans, (self._starts, self._lengths))


# ------------------------------------------------------------------ scores

_NEGATIVE_ZERO = -32768
"""Stands for a compound of -0.0 (``round(-0.00001, 4)``), which 0 would turn into 0.0."""
_TEN_BITS = 1023


def _compound(value: int) -> float:
    return -0.0 if value == _NEGATIVE_ZERO else value / 10000.0


def _scores(shares: int, compound: int) -> Scores:
    return Scores(
        (shares & _TEN_BITS) / 1000.0,
        (shares >> 10 & _TEN_BITS) / 1000.0,
        (shares >> 20) / 1000.0,
        _compound(compound),
    )


class RoundedScores(_View):
    """VADER scores as fixed-point numbers: neg, neu and pos in thousandths, ten bits each,
    packed in an ``array('I')``; the compound in ten-thousandths in an ``array('h')``.
    Build one with :meth:`encode`, which refuses scores it could not give back exactly.
    Compares equal to a ``ScoresArray`` (or any sequence) with the same scores."""

    __slots__ = ("_compounds", "_negative_zero", "_shares")

    def __init__(self, shares: array, compounds: array) -> None:
        if shares.typecode != "I" or compounds.typecode != "h" or len(shares) != len(compounds):
            raise ValueError("RoundedScores needs array('I') shares and array('h') compounds")
        self._shares = shares
        self._compounds = compounds
        self._negative_zero = _NEGATIVE_ZERO in compounds

    @classmethod
    def encode(cls, scores: Iterable[Scores]) -> RoundedScores | None:
        """``scores`` in fixed point, or None if one of them is not a rounded VADER score
        (it would not come back as the same float)."""
        floats = array("d", chain.from_iterable(scores))
        try:
            thousandths = array("h", map(round, map(mul, floats, repeat(1000.0))))
            compounds = array("h", map(round, map(mul, floats[3::4], repeat(10000.0))))
        except (OverflowError, ValueError):  # out of range, inf or NaN
            return None
        neg, neu, pos = thousandths[0::4], thousandths[1::4], thousandths[2::4]
        if min(chain(neg, neu, pos), default=0) < 0 or max(chain(neg, neu, pos), default=0) > 1000:
            return None
        for i, value in enumerate(compounds):  # -0.0: rare, only a compound can be
            if value == 0 and math.copysign(1.0, floats[4 * i + 3]) < 0:
                compounds[i] = _NEGATIVE_ZERO
        shifted = map(
            add, neg, map(add, map(mul, neu, repeat(1024)), map(mul, pos, repeat(1 << 20)))
        )
        encoded = cls(array("I", shifted), compounds)
        return encoded if _same_floats(chain.from_iterable(encoded), floats) else None

    @property
    def shares(self) -> array:
        """neg + 1024 neu + 1024² pos, in thousandths, per record (not a copy)."""
        return self._shares

    @property
    def compound_values(self) -> array:
        """The compounds in ten-thousandths, -32,768 for -0.0 (not a copy)."""
        return self._compounds

    def __len__(self) -> int:
        return len(self._compounds)

    @overload
    def __getitem__(self, index: int) -> Scores: ...
    @overload
    def __getitem__(self, index: slice) -> RoundedScores: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return RoundedScores(self._shares[index], self._compounds[index])
        i = _index(index, len(self._compounds), "RoundedScores")
        return _scores(self._shares[i], self._compounds[i])

    def __iter__(self) -> Iterator[Scores]:
        return map(_scores, self._shares, self._compounds)

    def compounds(self) -> CompoundColumn:
        """The compound scores, as a view (no copy)."""
        return CompoundColumn(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RoundedScores):
            return self._shares == other._shares and self._compounds == other._compounds
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (RoundedScores, (self._shares, self._compounds))


class CompoundColumn(_View):
    """The compound scores of a :class:`RoundedScores`, read through it (the sentiment
    arc without a copy). Compares equal to an ``array('d')`` with the same values."""

    __slots__ = ("_scores",)

    def __init__(self, scores: RoundedScores) -> None:
        self._scores = scores

    def __len__(self) -> int:
        return len(self._scores)

    def _floats(self, values: array) -> array:
        """Ten-thousandths as floats (a C-level loop; the rare -0.0 patched in after)."""
        out = array("d", map(truediv, values, repeat(10000.0)))
        if self._scores._negative_zero:
            at = 0
            with contextlib.suppress(ValueError):  # no more of them
                while True:
                    at = values.index(_NEGATIVE_ZERO, at)
                    out[at] = -0.0
                    at += 1
        return out

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice) -> array: ...
    def __getitem__(self, index: int | slice) -> Any:
        values = self._scores.compound_values
        if isinstance(index, slice):
            return self._floats(values[index])
        return _compound(values[_index(index, len(values), "CompoundColumn")])

    def __iter__(self) -> Iterator[float]:
        values = self._scores.compound_values
        size = 1 << 16
        return chain.from_iterable(
            self._floats(values[at : at + size]) for at in range(0, len(values), size)
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (CompoundColumn, (self._scores,))


# ------------------------------------------------------------------ owners


class ParagraphOwners(_View):
    """Each sentence's paragraph index, kept as where each paragraph's sentences start:
    sentences come in paragraph order, so the owners are a step function and a few
    hundred thousand starts stand for a million owners. Build one with :meth:`encode`.
    Compares equal to an ``array`` (or any sequence) with the same owners."""

    __slots__ = ("_count", "_starts")

    def __init__(self, starts: array, count: int) -> None:
        self._starts = starts
        """For each paragraph, the index of its first sentence (or of the next one's)."""
        self._count = count

    @classmethod
    def encode(cls, owners: Sequence[int], paragraphs: int) -> ParagraphOwners | None:
        """``owners`` as starts, or None unless they are non-decreasing paragraph indices
        in ``0..paragraphs - 1``."""
        count = len(owners)
        if count and (owners[0] < 0 or owners[-1] >= paragraphs):
            return None
        starts = narrowest(_first_indices(owners, paragraphs), count)
        encoded = cls(starts, count)
        if array("q", encoded) != array("q", owners):  # also catches a decreasing step
            return None
        return encoded

    @property
    def starts(self) -> array:
        return self._starts

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> array: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return array("q", islice(self, *index.indices(self._count)))
        return bisect_right(self._starts, _index(index, self._count, "ParagraphOwners")) - 1

    def __iter__(self) -> Iterator[int]:
        starts = self._starts
        ends = chain(islice(starts, 1, None), (self._count,))
        return chain.from_iterable(map(repeat, range(len(starts)), map(sub, ends, starts)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ParagraphOwners):
            return self._count == other._count and self._starts == other._starts
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (ParagraphOwners, (self._starts, self._count))


def _first_indices(owners: Sequence[int], paragraphs: int) -> Iterator[int]:
    """For each paragraph, the first index in ``owners`` (sorted) not below it."""
    lo = 0
    for p in range(paragraphs):
        lo = bisect_left(owners, p, lo)
        yield lo


# ------------------------------------------------------------------ smoothed arc


class SmoothedArc(_View):
    """``analysis.nlp.sentiment.smooth_arc(arc)``, worked out from ``arc`` when read instead of
    held (8 bytes a sentence saved). ``smooth_arc`` averages over a window of half-width
    ``h = max(1, n // 20)`` from running sums; here they are redone from checkpoints with the
    same additions in the same order, so every value is the very float ``smooth_arc`` gives.
    ``arc`` must give ``array('d')`` slices (an ``array('d')`` or a :class:`CompoundColumn`)
    and hold at least :attr:`MIN_LENGTH` values. Reading cost: docs/ARCHITECTURE.md.
    """

    __slots__ = ("_arc", "_count", "_half", "_keep", "_marks", "_sums", "_total")
    STEP = 1024
    """Values between two checkpoints of the running sum."""
    PIECE = 8 * STEP
    """Running sums are worked out this many at a time, and the last pieces kept: reading
    in order needs each twice, for the start and the end of the windows (2h apart)."""
    MIN_LENGTH = 4
    """Below this the windows clipped at both ends would overlap."""

    def __init__(self, arc: Sequence[float]) -> None:
        n = len(arc)
        if n < self.MIN_LENGTH:
            raise ValueError(f"SmoothedArc needs at least {self.MIN_LENGTH} values")
        self._arc = arc
        self._count = n
        self._half = h = max(1, n // 20)
        self._keep = (2 * h + 1) // self.PIECE + 3
        self._sums: dict[int, array] = {}
        pieces = (arc[start : start + self.PIECE] for start in range(0, n, self.PIECE))
        sums = accumulate(chain.from_iterable(pieces), initial=0.0)
        self._marks = array("d", islice(sums, 0, None, self.STEP))
        """prefix[k] for k = 0, STEP, 2 STEP, ...: the running sum of arc[:k]."""
        last = self._piece(n // self.PIECE)
        self._total = last[n - n // self.PIECE * self.PIECE]
        """prefix[n]."""

    def _piece(self, index: int) -> array:
        """prefix[index * PIECE : (index + 1) * PIECE], the last piece up to prefix[n]."""
        found = self._sums.get(index)
        if found is None:
            start = index * self.PIECE
            stop = min(start + self.PIECE, self._count + 1)
            base = self._marks[start // self.STEP]
            found = array("d", accumulate(self._arc[start : stop - 1], initial=base))
            if len(self._sums) >= self._keep:  # reading in order, the lowest is done with
                del self._sums[min(self._sums)]
            self._sums[index] = found
        return found

    def _prefix(self, start: int, stop: int) -> Iterator[float]:
        """prefix[start:stop], ``stop <= n + 1``."""
        size = self.PIECE
        return chain.from_iterable(
            self._piece(k)[max(start, k * size) - k * size : min(stop, (k + 1) * size) - k * size]
            for k in range(start // size, (stop - 1) // size + 1)
        )

    def _values(self, start: int, stop: int) -> Iterator[float]:
        """Values ``start..stop - 1`` (``0 <= start < stop <= n``)."""
        n, h = self._count, self._half
        # Value i averages prefix[max(0, i - h)] to prefix[min(n, i + h + 1)]. Windows are
        # clipped at the start for i <= h and at the end for i >= n - h - 1 (never both,
        # for n >= MIN_LENGTH); in between they are 2h + 1 wide.
        parts: list[Iterator[float]] = []
        left = range(start, min(stop, h + 1))
        if left:  # lo = 0
            his = range(left.start + h + 1, left.stop + h + 1)
            ends = self._prefix(his.start, his.stop)
            parts.append(map(truediv, map(sub, ends, repeat(self._marks[0])), his))
        middle = range(max(start, h + 1), min(stop, n - h - 1))
        if middle:
            ends = self._prefix(middle.start + h + 1, middle.stop + h + 1)
            begins = self._prefix(middle.start - h, middle.stop - h)
            parts.append(map(truediv, map(sub, ends, begins), repeat(2 * h + 1)))
        right = range(max(start, n - h - 1), stop)
        if right:  # hi = n
            los = range(right.start - h, right.stop - h)
            begins = self._prefix(los.start, los.stop)
            widths = range(n - los.start, n - los.stop, -1)
            parts.append(map(truediv, map(sub, repeat(self._total), begins), widths))
        return chain.from_iterable(parts)

    @property
    def arc(self) -> Sequence[float]:
        return self._arc

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice) -> array: ...
    def __getitem__(self, index: int | slice) -> Any:
        if not isinstance(index, slice):
            i = _index(index, self._count, "SmoothedArc")
            return next(self._values(i, i + 1))
        start, stop, step = index.indices(self._count)
        if step != 1:
            return array("d", self)[index]
        if start >= stop:
            return array("d")
        out = array("d", [0.0]) * (stop - start)  # filled a piece at a time: no regrowing
        for at in range(start, stop, self.PIECE):
            end = min(stop, at + self.PIECE)
            out[at - start : end - start] = array("d", self._values(at, end))
        if stop == self._count:  # read to the end: the kept running sums are done with
            self._sums.clear()
        return out

    def __iter__(self) -> Iterator[float]:
        size = self.PIECE
        return chain.from_iterable(self[at : at + size] for at in range(0, self._count, size))

    @classmethod
    def encode(cls, arc: Sequence[float], smoothed: Sequence[float]) -> SmoothedArc | None:
        """A ``SmoothedArc`` over ``arc`` if it gives exactly ``smoothed``, else None."""
        if len(arc) < cls.MIN_LENGTH or len(smoothed) != len(arc):
            return None
        lazy = cls(arc)
        size = 1 << 16
        for at in range(0, len(arc), size):
            if not _same_floats(lazy[at : at + size], smoothed[at : at + size]):
                return None
        return lazy

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (SmoothedArc, (self._arc,))
