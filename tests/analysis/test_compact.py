"""The compact sequences (``analysis.pipeline.compact``) give back exactly what they stand for:
fixed-point VADER scores decode to the very same floats (-0.0 included), spans, owners and
the arc behave as the plain sequences do, and anything they cannot hold exactly is refused."""

from __future__ import annotations

import itertools
import math
import pickle
import struct
from array import array
from bisect import bisect_left, bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import Document, Scores, ScoresArray, Span, SpanArray
from analysis.nlp.sentiment import smooth_arc
from analysis.pipeline.compact import (
    CompoundColumn,
    NarrowSpans,
    ParagraphOwners,
    RoundedScores,
    SmoothedArc,
)

unit = st.floats(min_value=0.0, max_value=1.0)
signed = st.floats(min_value=-1.0, max_value=1.0)
vader_scores = st.builds(
    lambda neg, neu, pos, compound: Scores(
        round(neg, 3), round(neu, 3), round(pos, 3), round(compound, 4)
    ),
    unit,
    unit,
    unit,
    st.one_of(signed, st.sampled_from([-0.0, -0.00001, 0.0, -1.0, 1.0])),
)


def same_floats(a: list[Scores] | list[float], b: list[Scores] | list[float]) -> bool:
    """Bit for bit (so -0.0 is not 0.0)."""
    pack = struct.Struct("d").pack
    flat = [pack(x) for r in a for x in (r if isinstance(r, tuple) else (r,))]
    return flat == [pack(x) for r in b for x in (r if isinstance(r, tuple) else (r,))]


@settings(deadline=None)
@given(st.lists(vader_scores, max_size=50))
def test_rounded_scores_give_back_the_same_floats(scores: list[Scores]) -> None:
    rounded = RoundedScores.encode(scores)
    assert rounded is not None
    assert len(rounded) == len(scores)
    assert same_floats(list(rounded), scores)
    assert same_floats([rounded[i] for i in range(len(scores))], scores)
    assert same_floats(list(rounded.compounds()), [s.compound for s in scores])
    assert rounded == ScoresArray(scores) and ScoresArray(scores) == rounded
    assert pickle.loads(pickle.dumps(rounded)) == rounded


@pytest.mark.parametrize(
    "bad",
    [
        Scores(0.1234, 0.5, 0.5, 0.0),  # not rounded to 3 decimals
        Scores(0.1, 0.5, 0.4, 0.12345),  # compound not rounded to 4
        Scores(0.0, 1.0, 0.0, math.nan),
        Scores(0.0, 1.0, 0.0, math.inf),
        Scores(40.0, 1.0, 0.0, 0.0),  # out of range
    ],
)
def test_scores_that_are_not_rounded_vader_are_refused(bad: Scores) -> None:
    assert RoundedScores.encode([Scores(0.0, 1.0, 0.0, 0.5), bad]) is None


def test_rounded_scores_behave_like_a_sequence() -> None:
    scores = [Scores(0.1, 0.8, 0.1, -0.25), Scores(0.0, 1.0, 0.0, -0.0), Scores(0, 0.5, 0.5, 0.9)]
    rounded = RoundedScores.encode(scores)
    assert rounded is not None
    assert rounded[-1] == scores[-1] and rounded[-1].label == "positive"
    assert list(rounded[1:]) == scores[1:] and isinstance(rounded[1:], RoundedScores)
    assert list(rounded[::2]) == scores[::2]
    assert math.copysign(1.0, rounded[1].compound) == -1.0
    with pytest.raises(IndexError):
        rounded[3]
    column = rounded.compounds()
    assert isinstance(column, CompoundColumn)
    assert len(column) == 3 and column[0] == -0.25 and column[-1] == 0.9
    assert column[1:] == array("d", [-0.0, 0.9])
    assert column == array("d", [-0.25, 0.0, 0.9]) and array("d", [-0.25, 0.0, 0.9]) == column
    assert column != array("d", [-0.25, 0.0, 0.8])
    assert pickle.loads(pickle.dumps(column)) == column
    assert RoundedScores.encode([]) == ScoresArray() and not RoundedScores.encode([]).compounds()


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=6), max_size=60), st.integers(0, 3))
def test_paragraph_owners_as_starts(owners: list[int], extra: int) -> None:
    owners.sort()
    paragraphs = (owners[-1] + 1 if owners else 0) + extra  # trailing paragraphs without any
    encoded = ParagraphOwners.encode(owners, paragraphs)
    assert encoded is not None
    assert list(encoded) == owners and len(encoded) == len(owners)
    assert [encoded[i] for i in range(-len(owners), len(owners))] == owners + owners
    assert list(encoded[1:-1]) == owners[1:-1] and list(encoded[::3]) == owners[::3]
    assert encoded == array("q", owners) and array("q", owners) == encoded
    assert pickle.loads(pickle.dumps(encoded)) == encoded
    for value in range(paragraphs + 1):  # the reading pane bisects it
        assert bisect_left(encoded, value) == bisect_left(owners, value)
        assert bisect_right(encoded, value) == bisect_right(owners, value)
    with pytest.raises(IndexError):
        encoded[len(owners)]


@pytest.mark.parametrize(
    ("owners", "paragraphs"), [([0, 2, 1], 3), ([0, 1, 3], 3), ([-1, 0], 2), ([1, 1], 1)]
)
def test_owners_that_are_not_a_step_function_are_refused(owners: list[int], paragraphs: int):
    assert ParagraphOwners.encode(owners, paragraphs) is None


@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3000)), max_size=40))
def test_narrow_spans_are_the_same_spans(steps: list[tuple[int, int]]) -> None:
    spans, at = [], 0
    for gap, length in steps:
        spans.append(Span(at + gap, at + gap + length))
        at += gap + length
    plain = SpanArray(spans)
    narrow = NarrowSpans.encode(plain)
    assert narrow is not None and isinstance(narrow, SpanArray)
    assert list(narrow) == spans and len(narrow) == len(spans)
    assert [narrow[i] for i in range(-len(spans), len(spans))] == spans + spans
    assert list(narrow[1:-1]) == spans[1:-1] and list(narrow[::2]) == spans[::2]
    assert narrow == plain and plain == narrow and narrow == spans
    assert narrow._flat == plain._flat  # built on demand, for code that reads the field
    assert pickle.loads(pickle.dumps(narrow)) == plain
    for offset in range(-1, at + 2, 7):
        assert narrow.index_at(offset) == plain.index_at(offset)
    text = "x" * at
    doc = Document("/d", "t", text, "", SpanArray(), plain, array("q", [0] * len(spans)))
    other = Document("/d", "t", text, "", SpanArray(), narrow, array("q", [0] * len(spans)))
    assert all(doc.sentence_at(o) == other.sentence_at(o) for o in range(0, at + 1, 5))
    with pytest.raises(IndexError):
        narrow[len(spans)]


@pytest.mark.parametrize(
    "spans",
    [[Span(0, 70_000)], [Span(-1, 3)], [Span(5, 3)], [Span(0, 2), Span(2, 2 + 65_536)]],
)
def test_spans_too_long_or_odd_are_refused(spans: list[Span]) -> None:
    assert NarrowSpans.encode(spans) is None
    flat = array("q", [x for span in spans for x in span])
    assert list(NarrowSpans.from_flat(flat)) == spans  # a plain SpanArray then


# ---------------------------------------------------------------- smoothed arc


def resample(values, width: int) -> list[float]:
    """Bucket means, read the way the dashboard's sparklines read an arc: consecutive
    slices from start to end."""
    n = len(values)
    bounds = [-(-i * n // width) for i in range(width + 1)]
    return [math.fsum(values[a:b]) / (b - a) for a, b in itertools.pairwise(bounds) if b > a]


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checkpoints every 4 values and pieces of 8, so short arcs cross many of both."""
    monkeypatch.setattr(SmoothedArc, "STEP", 4)
    monkeypatch.setattr(SmoothedArc, "PIECE", 8)


def _arc(values: list[int]) -> CompoundColumn:
    scores = [Scores(0.0, 1.0, 0.0, v / 10000) for v in values]
    rounded = RoundedScores.encode(scores)
    assert rounded is not None
    return rounded.compounds()


@pytest.mark.usefixtures("small_pieces")
@settings(deadline=None)
@given(st.lists(st.integers(-10000, 10000), min_size=4, max_size=120), st.data())
def test_smoothed_arc_is_smooth_arc_bit_for_bit(values: list[int], data: st.DataObject) -> None:
    arc = _arc(values)
    expected = smooth_arc(array("d", arc))
    lazy = SmoothedArc(arc)
    assert len(lazy) == len(expected)
    assert same_floats(list(lazy), list(expected))
    assert same_floats(list(lazy[:]), list(expected))
    for _ in range(5):  # any slice, any order (the kept running sums must not leak)
        start = data.draw(st.integers(-len(values) - 2, len(values) + 2))
        stop = data.draw(st.integers(-len(values) - 2, len(values) + 2))
        step = data.draw(st.sampled_from([1, 1, 2, -1]))
        assert same_floats(list(lazy[start:stop:step]), list(expected[start:stop:step]))
        i = data.draw(st.integers(-len(values), len(values) - 1))
        assert same_floats([lazy[i]], [expected[i]])
    width = data.draw(st.integers(1, 30))
    assert resample(lazy, width) == resample(expected, width)
    assert lazy == expected and expected == lazy
    assert pickle.loads(pickle.dumps(lazy)) == expected
    assert SmoothedArc.encode(arc, expected) is not None


def test_smoothed_arc_of_a_long_arc_read_in_order() -> None:
    """Real sizes: pieces of 8,192, windows 2h + 1 = 10,001 wide."""
    values = [(i * 7919) % 20001 - 10000 for i in range(100_003)]
    arc = _arc(values)
    expected = smooth_arc(array("d", arc))
    lazy = SmoothedArc.encode(arc, expected)
    assert lazy is not None
    assert resample(lazy, 37) == resample(expected, 37)
    assert same_floats(lazy[50_000:50_010], expected[50_000:50_010])
    assert same_floats(lazy[-3:], expected[-3:])


def test_smoothed_arc_refuses_what_is_not_the_smoothed_arc() -> None:
    arc = _arc([100, -200, 300, 0, 5000])
    smoothed = smooth_arc(array("d", arc))
    smoothed[2] += 1e-12
    assert SmoothedArc.encode(arc, smoothed) is None
    assert SmoothedArc.encode(arc, smoothed[:-1]) is None
    assert SmoothedArc.encode(arc[:3], smooth_arc(arc[:3])) is None  # too short to bother
    with pytest.raises(ValueError):
        SmoothedArc(arc[:3])
