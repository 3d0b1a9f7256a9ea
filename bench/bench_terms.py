"""Throughput of term_profile + key_phrases (and stats, KWIC, ranking) on generated text.

Run: ``.venv/bin/python -m bench.bench_terms [MEGABYTES]`` (default 5). The text mixes the
seed articles with Zipf-distributed sentences over a ~9,000-word vocabulary (VADER's
lexicon words, their inflections and the stopword list), so the stem cache sees a
realistic number of distinct words rather than one article repeated.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

from analysis import resources
from analysis.corpus import Corpus, analyze_document
from analysis.keywords import key_phrases
from analysis.kwic import keyword_in_context
from analysis.model import Document, SpanArray
from analysis.sentences import split_sentences
from analysis.stats import document_stats
from analysis.terms import term_profile

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
    paragraphs = SpanArray((m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
    sentences, owner = split_sentences(text, paragraphs)
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(path, "generated", text, sha, paragraphs, sentences, owner)


def _timed(label: str, mb: float, fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<28} {elapsed:7.2f} s  {mb / elapsed:6.2f} MB/s  peak +{peak / 1e6:7.1f} MB")
    return result


def main(argv: list[str]) -> None:
    mb = float(argv[0]) if argv else 5.0
    text = generated_text(mb)
    doc = make_document(text)
    words = document_stats(doc).words
    print(f"{len(text) / 1e6:.1f} MB, {words:,} words, {len(doc.sentences):,} sentences")
    profile = _timed("term_profile (cold cache)", mb, lambda: term_profile(doc))
    _timed("term_profile (warm cache)", mb, lambda: term_profile(doc))
    _timed("key_phrases", mb, lambda: key_phrases(doc))
    _timed("document_stats", mb, lambda: document_stats(doc))
    _timed("keyword_in_context", mb, lambda: keyword_in_context([doc], "happy"))
    analysis = _timed("analyze_document", mb, lambda: analyze_document(doc))
    corpus = Corpus()
    corpus.add(analysis)
    _timed("Corpus.keywords (1 doc)", mb, lambda: corpus.keywords(0))
    print(f"keys: {len(profile.counts):,}")


if __name__ == "__main__":
    main(sys.argv[1:])
