"""N-grams (clusters): the 2- to 4-word sequences of a document or a corpus, with how
often each occurs and in how many documents (its range).

An n-gram never crosses punctuation or a blank line: its words are separated by white
space only, so the concordance of the exact phrase finds exactly its occurrences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from analysis.nlp.terms import WORD_RE, fold

MIN_N = 2
MAX_N = 4

_RUN_RE = re.compile(rf"{WORD_RE.pattern}(?:(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*){WORD_RE.pattern})*")
"""Words separated by white space holding at most one line break (a blank line or any
other character ends the run)."""

Progress = Callable[[int, int], bool]
"""Called with (documents done, documents in all); returning False stops."""


@dataclass(frozen=True, slots=True)
class Ngram:
    text: str
    """The words, case-folded, joined by one space."""
    n: int
    frequency: int
    range: int
    """Documents it occurs in."""


def word_runs(text: str) -> Iterator[list[str]]:
    """Runs of case-folded words separated by white space only (no blank line)."""
    words = WORD_RE.findall
    for run in _RUN_RE.findall(text):
        if run.isascii():
            yield words(run.lower())
        else:
            yield [fold(word) for word in words(run)]


def count_ngrams(text: str, n: int) -> Counter[str]:
    """Every ``n``-word sequence of ``text`` and how often it occurs."""
    counts: Counter[str] = Counter()
    join = " ".join
    for run in word_runs(text):
        if len(run) >= n:
            counts.update(map(join, zip(*(run[k:] for k in range(n)), strict=False)))
    return counts


def ngrams(
    texts: Sequence[str],
    n: int,
    *,
    min_frequency: int = 1,
    progress: Progress | None = None,
) -> list[Ngram]:
    """The ``n``-grams of ``texts`` (one per document), most frequent first (then widest
    range, then A to Z), those below ``min_frequency`` left out."""
    if not MIN_N <= n <= MAX_N:
        raise ValueError(f"n must be {MIN_N} to {MAX_N}, not {n}")
    frequency: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    for done, text in enumerate(texts, start=1):
        counts = count_ngrams(text, n)
        frequency.update(counts)
        spread.update(counts.keys())
        if progress is not None and not progress(done, len(texts)):
            break
    found = [
        Ngram(gram, n, count, spread[gram])
        for gram, count in frequency.items()
        if count >= min_frequency
    ]
    found.sort(key=lambda g: (-g.frequency, -g.range, g.text))
    return found


def filter_ngrams(
    found: Sequence[Ngram], contains: str = "", *, min_frequency: int = 1, min_range: int = 1
) -> list[Ngram]:
    """The n-grams holding every word of ``contains`` (whole words, any case) with at
    least the given frequency and range."""
    wanted = [fold(w) for w in contains.split()]
    out = []
    for gram in found:
        if gram.frequency < min_frequency or gram.range < min_range:
            continue
        words = gram.text.split(" ")
        if all(w in words for w in wanted):
            out.append(gram)
    return out
