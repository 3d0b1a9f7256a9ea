"""NLTK's likelihood-ratio association measures, computed without its generic machinery.

Same arithmetic in the same order as ``nltk.metrics.BigramAssocMeasures.likelihood_ratio``
and ``TrigramAssocMeasures.likelihood_ratio``, so the scores are identical (a test holds
them to NLTK's on thousands of marginals); see docs/ANALYSIS.md for why.
"""

from __future__ import annotations

from math import log

_SMALL = 1e-20
"""NLTK's guard against log(0) and division by zero (``association._SMALL``)."""


def _term(observed: float, expected: float) -> float:
    return observed * log(observed / (expected + _SMALL) + _SMALL)


def bigram_likelihood_ratio(n_ii: float, n_ix: int, n_xi: int, n_xx: int) -> float:
    """``BigramAssocMeasures.likelihood_ratio(n_ii, (n_ix, n_xi), n_xx)``. Raises
    ValueError or ZeroDivisionError where NLTK's does (a degenerate table)."""
    n_oi = n_xi - n_ii
    n_io = n_ix - n_ii
    n_oo = n_xx - n_ii - n_oi - n_io
    total = n_ii + n_oi + n_io + n_oo
    e_ii = (n_ii + n_oi) * (n_ii + n_io) / total
    e_oi = (n_oi + n_ii) * (n_oi + n_oo) / total
    e_io = (n_io + n_oo) * (n_io + n_ii) / total
    e_oo = (n_oo + n_io) * (n_oo + n_oi) / total
    return 2 * (_term(n_ii, e_ii) + _term(n_oi, e_oi) + _term(n_io, e_io) + _term(n_oo, e_oo))


def trigram_likelihood_ratio(
    n_iii: int,
    pairs: tuple[int, int, int],
    words: tuple[int, int, int],
    n_xxx: int,
) -> float:
    """``TrigramAssocMeasures.likelihood_ratio(n_iii, (n_iix, n_ixi, n_xii), (n_ixx,
    n_xix, n_xxi), n_xxx)`` for integer counts (sums and products of integers are exact,
    so only the order of the float steps matters, and it is NLTK's)."""
    n_iix, n_ixi, n_xii = pairs
    n_ixx, n_xix, n_xxi = words
    n_oii = n_xii - n_iii
    n_ioi = n_ixi - n_iii
    n_iio = n_iix - n_iii
    n_ooi = n_xxi - n_iii - n_oii - n_ioi
    n_oio = n_xix - n_iii - n_oii - n_iio
    n_ioo = n_ixx - n_iii - n_ioi - n_iio
    n_ooo = n_xxx - n_iii - n_oii - n_ioi - n_iio - n_ooi - n_oio - n_ioo
    cont = (n_iii, n_oii, n_ioi, n_ooi, n_iio, n_oio, n_ioo, n_ooo)
    scale = sum(cont) ** 2
    # Cell i's expected value: for each of the three words, the total of the cells that
    # agree with i on that word, multiplied together, over n**2 (bit k of i = word k absent).
    first = (cont[0] + cont[2] + cont[4] + cont[6], cont[1] + cont[3] + cont[5] + cont[7])
    second = (cont[0] + cont[1] + cont[4] + cont[5], cont[2] + cont[3] + cont[6] + cont[7])
    third = (cont[0] + cont[1] + cont[2] + cont[3], cont[4] + cont[5] + cont[6] + cont[7])
    total = 0.0
    for i, observed in enumerate(cont):
        expected = first[i & 1] * second[(i >> 1) & 1] * third[(i >> 2) & 1] / scale
        total += _term(observed, expected)
    return 2 * total
