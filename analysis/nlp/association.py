"""NLTK's bigram likelihood ratio without its generic machinery: the same arithmetic in the
same order as ``BigramAssocMeasures.likelihood_ratio``, so the scores are identical (a test
holds them to NLTK's on thousands of tables); docs/ANALYSIS.md ("Cost") says why.
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
