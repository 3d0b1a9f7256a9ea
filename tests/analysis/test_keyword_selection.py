"""The fast top-N selection of keyword ranking picks exactly what a plain sort would: the
highest scores first, ties broken by key, dropped keys left out."""

from __future__ import annotations

import heapq

from hypothesis import given
from hypothesis import strategies as st

from analysis.nlp.keywords import _best

keys = st.text(alphabet="abc ", min_size=1, max_size=4)
scores = st.dictionaries(keys, st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.25, 7.0]), max_size=30)


@given(scores, st.sets(keys, max_size=10), st.integers(min_value=0, max_value=12))
def test_best_matches_a_full_sort(table: dict[str, float], dropped: set[str], top: int) -> None:
    expected = heapq.nsmallest(
        top,
        ((key, score) for key, score in table.items() if key not in dropped),
        key=lambda item: (-item[1], item[0]),
    )
    assert _best(dict(table), dropped, top) == expected
