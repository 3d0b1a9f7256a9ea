"""Lectern's VADER against NLTK's and vaderSentiment's ``polarity_scores`` on generated
news-like sentences, alternated, in one process: warm (steady state) and cold (fresh
analyzer). ``python -m bench.sentiment_throughput [--sentences N] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from analysis.nlp import resources
from analysis.nlp.sentiment import score_sentences
from analysis.nlp.vader_fast import VaderAnalyzer, parse_lexicon

ROOT = Path(__file__).resolve().parent.parent

_BOOSTERS = ["very", "extremely", "really", "so", "kind of", "slightly", "barely", "most"]
_NEGATIONS = ["not", "never", "isn't", "don't", "without", "hardly", "no"]
_EMOTICONS = [":)", ":(", ":D", ";)", "<3"]
_ENDINGS = [".", ".", ".", ".", "!", "?", "!!", "...", "?!"]


def make_sentences(count: int = 6_000, seed: int = 1234) -> list[str]:
    """``count`` varied, reproducible sentences (see the module docstring)."""
    rng = random.Random(seed)
    lexicon_text, _ = resources.vader_lexicon_text()
    lexicon = [w for w in parse_lexicon(lexicon_text) if w.isalpha()]
    function = sorted(resources.stopwords())
    seed_sentences: list[str] = []
    seed_words: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seed_sentences.append(line.strip())
                seed_words += re.findall(r"[A-Za-z’']+", line)
    seed_words = seed_words or ["report", "city", "official"]

    out = list(seed_sentences[:count])
    while len(out) < count:
        words = []
        for _ in range(rng.randint(6, 40)):
            r = rng.random()
            if r < 0.45:
                w = rng.choice(function)
            elif r < 0.75:
                w = rng.choice(seed_words)
            elif r < 0.88:
                w = rng.choice(lexicon)
            elif r < 0.93:
                w = rng.choice(_BOOSTERS)
            elif r < 0.97:
                w = rng.choice(_NEGATIONS)
            else:
                w = rng.choice(_EMOTICONS)
            if rng.random() < 0.03:
                w = w.upper()
            if rng.random() < 0.08:
                w += rng.choice([",", ",", ";", ":"])
            words.append(w)
        words[0] = words[0][:1].upper() + words[0][1:]
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), "but")
        out.append(" ".join(words) + rng.choice(_ENDINGS))
    return out


def _nltk_analyzer(lexicon_text: str):
    """NLTK's analyzer on the same lexicon, built offline (no nltk_data needed)."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

    analyzer = SentimentIntensityAnalyzer.__new__(SentimentIntensityAnalyzer)
    # make_lex_dict() raises on a blank line (e.g. a trailing newline): drop those first.
    analyzer.lexicon_file = "\n".join(line for line in lexicon_text.split("\n") if line.strip())
    analyzer.lexicon = analyzer.make_lex_dict()
    analyzer.constants = VaderConstants()
    return analyzer


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(sentences: list[str], repeats: int = 5) -> dict:
    """Median sentences/s of our scorer (warm and cold cache), NLTK's and vaderSentiment's,
    timed alternately ``repeats`` times each (at least 5), and the ratios between them."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as VaderSentiment

    repeats = max(5, repeats)
    lexicon_text, source = resources.vader_lexicon_text()
    lexicon = parse_lexicon(lexicon_text)
    nltk_sia = _nltk_analyzer(lexicon_text)
    vs_sia = VaderSentiment()

    ours_scores = score_sentences(sentences)  # also warms the shared analyzer
    identical = all(
        tuple(o) == tuple(nltk_sia.polarity_scores(s)[k] for k in ("neg", "neu", "pos", "compound"))
        for o, s in zip(ours_scores, sentences, strict=True)
    )

    times: dict[str, list[float]] = {"ours": [], "ours_cold": [], "nltk": [], "vadersentiment": []}
    for _ in range(repeats):
        times["ours"].append(_time(lambda: score_sentences(sentences)))
        cold = VaderAnalyzer(lexicon)
        times["ours_cold"].append(_time(lambda: cold.scores_many(sentences)))  # noqa: B023
        times["nltk"].append(_time(lambda: [nltk_sia.polarity_scores(s) for s in sentences]))
        times["vadersentiment"].append(
            _time(lambda: [vs_sia.polarity_scores(s) for s in sentences])
        )

    n = len(sentences)
    rate = {name: n / statistics.median(ts) for name, ts in times.items()}
    return {
        "sentences": n,
        "repeats": repeats,
        "lexicon": source,
        "identical_to_nltk": identical,
        "ours_per_s": rate["ours"],
        "ours_cold_per_s": rate["ours_cold"],
        "nltk_per_s": rate["nltk"],
        "vadersentiment_per_s": rate["vadersentiment"],
        "ours_vs_nltk": rate["ours"] / rate["nltk"],
        "ours_vs_vadersentiment": rate["ours"] / rate["vadersentiment"],
        "ours_cold_vs_vadersentiment": rate["ours_cold"] / rate["vadersentiment"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=6_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    sentences = make_sentences(args.sentences)
    result = run(sentences, args.repeats)
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    print(
        f"{result['sentences']} sentences (mean {words:.1f} words), median of {result['repeats']}"
    )
    print(f"lexicon: {result['lexicon']}")
    print(f"{'scorer':<28}{'sentences/s':>12}")
    for label, key in [
        ("lectern (warm cache)", "ours_per_s"),
        ("lectern (cold cache)", "ours_cold_per_s"),
        ("nltk polarity_scores", "nltk_per_s"),
        ("vaderSentiment", "vadersentiment_per_s"),
    ]:
        print(f"{label:<28}{result[key]:>12,.0f}")
    print(
        f"lectern / nltk = {result['ours_vs_nltk']:.2f}x, "
        f"lectern / vaderSentiment = {result['ours_vs_vadersentiment']:.2f}x "
        f"(cold {result['ours_cold_vs_vadersentiment']:.2f}x); "
        f"identical to nltk: {result['identical_to_nltk']}"
    )


if __name__ == "__main__":
    main()
