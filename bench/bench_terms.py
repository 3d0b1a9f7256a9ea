"""Throughput of term_profile and key_phrases (and stats, KWIC, ranking) on generated text
mixing the seed articles with Zipf-distributed sentences over a ~9,000-word vocabulary.
``python -m bench.bench_terms [MEGABYTES]`` (default 5).
"""

from __future__ import annotations

import itertools
import random
import resource
import sys
import time
from pathlib import Path

from analysis.load.files import build_document
from analysis.model import Document
from analysis.nlp import resources
from analysis.nlp.corpus import Corpus, analyze_document
from analysis.nlp.kwic import keyword_in_context
from analysis.nlp.phrases import key_phrases
from analysis.nlp.stats import document_stats
from analysis.nlp.terms import term_profile

ROOT = Path(__file__).resolve().parent.parent


def _vocabulary() -> list[str]:
    import vaderSentiment

    lexicon = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    words = []
    for line in lexicon.read_text(encoding="utf-8").splitlines():
        word = line.split("\t", 1)[0]
        if word.isalpha():
            words += [word, word + "s", word + "ed", word + "ing"]
    return words


def generated_text(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    vocab = _vocabulary()
    rng.shuffle(vocab)
    stop = sorted(resources.stopwords())
    cum_weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(vocab))))
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        if rng.random() < 0.05 and seeds:
            chunk = rng.choice(seeds)
        else:
            sentences = []
            for _ in range(rng.randint(2, 8)):
                n = rng.randint(6, 28)
                content = rng.choices(vocab, cum_weights=cum_weights, k=n)
                words = [w if rng.random() < 0.55 else rng.choice(stop) for w in content]
                if rng.random() < 0.3:
                    words.insert(rng.randrange(len(words)), str(rng.randint(1, 5000)))
                sentences.append(" ".join(words).capitalize() + rng.choice(".!?."))
            chunk = " ".join(sentences)
        parts.append(chunk)
        size += len(chunk) + 2
    return "\n\n".join(parts)


def make_document(text: str, path: str = "/bench/generated.txt") -> Document:
    return build_document(path, text)


def _timed(label: str, mb: float, fn):
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<28} {elapsed:7.2f} s  {mb / elapsed:6.2f} MB/s  (max RSS so far {rss:,.0f} MB)")
    return result


def main(argv: list[str]) -> None:
    mb = float(argv[0]) if argv else 5.0
    text = generated_text(mb)
    doc = make_document(text)
    words = document_stats(doc).words
    print(f"{len(text) / 1e6:.1f} MB, {words:,} words, {len(doc.sentences):,} sentences")
    profile = _timed("term_profile (cold cache)", mb, lambda: term_profile(doc))
    phrases = _timed("key_phrases", mb, lambda: key_phrases(doc))
    _timed("term_profile (warm cache)", mb, lambda: term_profile(doc))
    _timed("document_stats", mb, lambda: document_stats(doc))
    _timed("keyword_in_context (common)", mb, lambda: keyword_in_context([doc], "happy"))
    _timed("keyword_in_context (absent)", mb, lambda: keyword_in_context([doc], "zyzzyva"))
    analysis = _timed("analyze_document", mb, lambda: analyze_document(doc))
    corpus = Corpus()
    corpus.add(analysis)
    _timed("Corpus.keywords (1 doc)", mb, lambda: corpus.keywords(0))
    print(f"keys: {len(profile.counts):,}; top phrase: {phrases[0] if phrases else None}")


if __name__ == "__main__":
    main(sys.argv[1:])
