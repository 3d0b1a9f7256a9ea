"""Document sentiment against people: Pearson r of the VADER paper's mean human ratings with
whole-text VADER and with Lectern's document compound. ``python -m
bench.sentiment_agreement DATA_DIR``; not part of make test or make bench.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

SETS = (
    ("tweets", "tweets_GroundTruth.txt"),
    ("movie-review snippets", "movieReviewSnippets_GroundTruth.txt"),
    ("NYT editorial snippets", "nytEditorialSnippets_GroundTruth.txt"),
    ("Amazon review snippets", "amazonReviewSnippets_GroundTruth.txt"),
)


def read_ground_truth(path: Path) -> list[tuple[float, str]]:
    """``(mean rating, text)`` of every well-formed line."""
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        try:
            rating = float(parts[1])
        except ValueError:
            continue
        rows.append((rating, "\t".join(parts[2:])))
    return rows


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    return sxy / (sx * sy) if sx and sy else 0.0


def agreement(rows: Sequence[tuple[float, str]]) -> tuple[float, float]:
    """Pearson r of the ratings with whole-text VADER and with Lectern's document score."""
    from analysis.load.files import build_document
    from analysis.nlp.sentiment import score_text, summarize_sentiment

    ratings, whole, ours = [], [], []
    for rating, text in rows:
        doc = build_document("/eval.txt", text)
        ratings.append(rating)
        whole.append(score_text(doc.text).compound)
        ours.append(summarize_sentiment(doc).document.compound)
    return pearson(ratings, whole), pearson(ratings, ours)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="folder of the *_GroundTruth.txt files")
    args = parser.parse_args(argv)
    found = [(name, args.data / file) for name, file in SETS if (args.data / file).is_file()]
    if not found:
        print(f"skipped: no VADER ground-truth files in {args.data}")
        return 0
    print(f"{'set':<24} {'texts':>6} {'whole-text VADER':>17} {'Lectern':>8}")
    for name, path in found:
        rows = read_ground_truth(path)
        whole, ours = agreement(rows)
        print(f"{name:<24} {len(rows):>6} {whole:>17.3f} {ours:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
