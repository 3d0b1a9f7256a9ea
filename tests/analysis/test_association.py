"""Our likelihood ratios against NLTK's own, bit for bit, errors included."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics import BigramAssocMeasures

from analysis.nlp.association import bigram_likelihood_ratio

counts = st.integers(min_value=0, max_value=5_000)


def outcome(measure: Callable[..., float], *marginals: object) -> float | type[BaseException]:
    try:
        return measure(*marginals)
    except (ValueError, ZeroDivisionError) as exc:
        return type(exc)


@settings(max_examples=3_000, deadline=None)
@given(n_ii=counts, n_ix=counts, n_xi=counts, extra=counts)
def test_bigram_ratio_is_nltks(n_ii: int, n_ix: int, n_xi: int, extra: int) -> None:
    n_xx = n_ix + n_xi + extra  # also n_ii larger than its marginals: degenerate tables
    ours = outcome(bigram_likelihood_ratio, n_ii / 1.0, n_ix, n_xi, n_xx)
    nltk = outcome(BigramAssocMeasures.likelihood_ratio, n_ii / 1.0, (n_ix, n_xi), n_xx)
    assert ours == nltk or (ours != ours and nltk != nltk)  # NaN on both sides counts


def test_consistent_tables_from_real_counts_match_exactly() -> None:
    """Tables as a text produces them (every count within its marginals)."""
    checked = 0
    for n_xx in (2, 17, 840, 12_345, 250_000):
        for n_ii in (1, 2, 3, 7, 40):
            for n_ix in (n_ii, n_ii + 1, n_ii * 5, n_ii + 300):
                for n_xi in (n_ii, n_ii + 2, n_ii * 9):
                    if n_ix + n_xi - n_ii > n_xx:
                        continue
                    ours = bigram_likelihood_ratio(n_ii / 1.0, n_ix, n_xi, n_xx)
                    assert ours == BigramAssocMeasures.likelihood_ratio(
                        n_ii / 1.0, (n_ix, n_xi), n_xx
                    )
                    checked += 1
    assert checked > 200
