"""Concordance of a frequent word in a 200,000-word book: Lectern's KWIC work (hits with
context, sorted by 1R, dispersion over ten parts) against NLTK's ``ConcordanceIndex`` on
the same text, alternately in one process. ``python -m bench.concordance``.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from itertools import islice

from bench import corpus_gen
from bench.report import Row, Target
from bench.stats import alternate, median

BOOK_WORDS = 200_000
TARGET = Target("<=", 1.0)
"""Lectern's concordance should cost no more than NLTK's plain one on the same book."""


def make_book(words: int = BOOK_WORDS) -> str:
    """A generated book of about ``words`` words (the generator's chapters, cut there)."""
    training = corpus_gen.load_training()
    pieces: list[str] = []
    count = 0
    for chunk in corpus_gen.big_text_chunks(training, total_bytes=words * 8):
        pieces.append(chunk)
        count += len(chunk.split())
        if count >= words:
            break
    return "".join(pieces)


def frequent_word(text: str) -> str:
    """The most frequent word of five letters or more (a "whale" of the book)."""
    counts = Counter(w.lower() for w in re.findall(r"[A-Za-z]{5,}", text))
    return counts.most_common(1)[0][0]


def run(runs: int) -> list[Row]:
    from nltk.text import ConcordanceIndex
    from nltk.tokenize import wordpunct_tokenize

    from analysis.load.files import build_document
    from analysis.nlp.kwic import KwicQuery, concordance, sort_hits
    from analysis.nlp.trends import dispersion_of

    text = make_book()
    doc = build_document("/bench/book.txt", text, split=False)
    word = frequent_word(text)
    found: dict[str, int] = {}

    def lectern() -> float:
        start = time.perf_counter()
        hits = concordance([doc], KwicQuery(word))
        sort_hits(hits, "1R")
        dispersion_of(doc, hits)
        found["lectern"] = len(hits)
        return time.perf_counter() - start

    def nltk() -> float:
        start = time.perf_counter()
        index = ConcordanceIndex(wordpunct_tokenize(text), key=lambda s: s.lower())
        lines = index.find_concordance(word, width=80)
        found["nltk"] = len(list(islice(lines, None)))
        return time.perf_counter() - start

    times = alternate({"lectern": lectern, "nltk": nltk}, max(3, runs))
    ours, theirs = median(times["lectern"]), median(times["nltk"])
    words = len(text.split())
    return [
        Row(
            "concordance",
            f"KWIC of “{word}” ({found['lectern']:,} hits, {words:,}-word book): "
            "find, sort 1R, dispersion",
            ours,
            "s",
            f"NLTK ConcordanceIndex ({found['nltk']:,} lines)",
            theirs,
            ours / theirs,
            target=TARGET,
            runs=len(times["lectern"]),
        )
    ]


if __name__ == "__main__":  # pragma: no cover
    from bench.report import format_table

    print(format_table(run(5)))
