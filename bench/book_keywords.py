"""A single book's keywords: each book opened alone, its top ten keywords and phrases, and how
many entries are common English (every word among wordfreq's most frequent).
``python -m bench.book_keywords BOOK_OR_DIR ...``; not part of make test or make bench.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

GENERIC_TOP = 2000
"""Size of the 'common English' vocabulary: about a general service list."""
TOP = 10


def generic_words(n: int = GENERIC_TOP) -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", n))


def is_generic(term: str, common: frozenset[str]) -> bool:
    from analysis.nlp.terms import iter_words

    words = [w.lower().replace("\u2019", "'") for _, _, w in iter_words(term)]
    return bool(words) and all(w in common for w in words)


def book_paths(inputs: Sequence[Path]) -> list[Path]:
    paths: list[Path] = []
    for item in inputs:
        paths.extend(sorted(item.glob("*.txt")) if item.is_dir() else [item])
    return [p for p in paths if p.is_file()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", nargs="+", type=Path, help="books, or folders of books")
    args = parser.parse_args(argv)
    paths = book_paths(args.books)
    if not paths:
        print(f"skipped: no books found in {', '.join(map(str, args.books))}")
        return 0

    from analysis.load.files import load_document
    from analysis.nlp.corpus import Corpus, analyze_document
    from tui.widgets.formatting import format_score

    try:
        common = generic_words()
    except ImportError:
        print("skipped: wordfreq is not installed (pip install -e '.[dev]')")
        return 0
    generic_total = entries = 0
    for path in paths:
        corpus = Corpus()
        corpus.add(analyze_document(load_document(str(path))))
        keywords = corpus.keywords(0, top=TOP)
        flagged = [is_generic(k.term, common) for k in keywords]
        generic_total += sum(flagged)
        entries += len(keywords)
        print(f"{path.name}: {sum(flagged)} of {len(keywords)} generic")
        print(
            "  keywords: "
            + ", ".join(
                f"{k.term}{'*' if g else ''} ({format_score(k.score)})"
                for k, g in zip(keywords, flagged, strict=True)
            )
        )
        print("  phrases:  " + ", ".join(p.text for p in corpus[0].phrases[:TOP]))
    print(
        f"generic entries (* = every word in the {GENERIC_TOP:,} most frequent English words): "
        f"{generic_total} of {entries}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
