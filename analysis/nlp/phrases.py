"""Key phrases: two- and three-word collocations ranked by their likelihood ratio."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import groupby

from analysis.model import Document, Phrase
from analysis.nlp import terms
from analysis.nlp.association import bigram_likelihood_ratio
from analysis.nlp.keywords import SUBSUMED_SHARE
from analysis.nlp.terms import PAIR_RE, CaseVotes, PhraseCasing


def phrase_floor(words: int) -> int:
    """Minimum occurrences of a key phrase: 1 below 1,000 words (a short news article
    still gets phrases), then one more per tenfold length: 2 from 1,000 words, 3 from
    10,000, 4 from 100,000, 5 from a million."""
    if words < 1000:
        return 1
    return 1 + int(math.log10(words / 100))


PHRASE_PRUNE_AT = 500_000
"""Distinct n-grams kept in memory before those seen once are dropped (huge documents get
approximate counts for their rarest n-grams, far below the phrase floor). If pruning
frees too little, the bar doubles, so pruning never runs on every sentence."""


def key_phrases(doc: Document, top: int = 10) -> tuple[Phrase, ...]:
    """The document's key phrases: two- and three-word collocations ranked by NLTK's
    bigram likelihood ratio (:mod:`analysis.nlp.association`), shown as written.

    Runs of words are taken inside one sentence and broken at punctuation and numbers;
    a phrase starts and ends with a content word (a stopword may sit in the middle of a
    three-word phrase: "chief of staff"). Two-word phrases need :func:`phrase_floor`
    occurrences, three-word ones at least two (single three-word runs are mostly
    chance). Ties (common among the single occurrences of a short text) go to the more
    frequent phrase, then to capitalised ones (names), then to the earlier one. A
    two-word phrase that (almost) only occurs inside a kept three-word phrase is
    dropped. ``Phrase.score`` is the likelihood ratio; a three-word phrase's is the lower
    of its two splits' (first two words + last, first + last two).
    """
    if top <= 0:
        return ()
    counts = _count_ngrams(doc)
    if counts.words == 0:
        return ()
    floor = phrase_floor(counts.words)
    words, bigrams, n_all = counts.unigrams, counts.bigrams, counts.words
    # (score, count, order seen, n-gram) of every n-gram with a positive ratio.
    candidates: list[tuple[float, int, int, tuple[str, ...]]] = []

    def keep(gram: tuple[str, ...], n: int, score: float) -> None:
        if score > 0:
            candidates.append((score, n, len(candidates), gram))

    # The marginals NLTK's BigramCollocationFinder.score_ngram would pass (the count
    # divided by window_size - 1.0, a float). A degenerate contingency table (a text that
    # repeats one word: "w1 without w2" goes negative) has no ratio: skipped.
    for (w1, w2), n in counts.pairs.items():
        if n >= floor:
            with suppress(ValueError, ZeroDivisionError):
                keep((w1, w2), n, bigram_likelihood_ratio(n / 1.0, words[w1], words[w2], n_all))
    for (w1, w2, w3), n in counts.triples.items():
        if n >= max(2, floor):
            # Both splits must hold together: "Sir William" + "Lucas" and "Sir" + "William
            # Lucas". NLTK's trigram measure would reward "Lady Catherine seemed" for the
            # strength of "Lady Catherine" alone.
            head, tail = bigrams.get((w1, w2), n), bigrams.get((w2, w3), n)
            with suppress(ValueError, ZeroDivisionError):
                first = bigram_likelihood_ratio(n / 1.0, head, words[w3], n_all)
                second = bigram_likelihood_ratio(n / 1.0, words[w1], tail, n_all)
                keep((w1, w2, w3), n, min(first, second))
    chosen: list[_Candidate] = []
    for cand in _in_rank_order(candidates, counts):
        _score, n, _named, _order, gram, _text = cand
        if len(gram) == 2 and any(
            len(other[4]) == 3 and _inside(gram, other[4]) and other[1] >= SUBSUMED_SHARE * n
            for other in chosen
        ):
            continue
        if len(gram) == 3:
            chosen = [
                c
                for c in chosen
                if not (len(c[4]) == 2 and _inside(c[4], gram) and n >= SUBSUMED_SHARE * c[1])
            ]
        chosen.append(cand)
        if len(chosen) >= top * 2:
            break
    return tuple(Phrase(c[5], round(c[0], 6), c[1]) for c in chosen[:top])


_Candidate = tuple[float, int, bool, int, tuple[str, ...], str]


def _in_rank_order(
    candidates: list[tuple[float, int, int, tuple[str, ...]]], counts: _NgramCounts
) -> Iterator[_Candidate]:
    """Candidates by score, then count, then names first, then first seen; a phrase's
    written form (and so whether it is a name) is worked out only for the ties that the
    caller reaches, not for every n-gram of the document."""
    candidates.sort(key=lambda c: (-round(c[0], 9), -c[1], c[2]))
    for _, group in groupby(candidates, key=lambda c: (round(c[0], 9), c[1])):
        shown: list[_Candidate] = []
        for score, n, order, gram in group:
            by_word = " ".join(counts.votes.display(w) for w in gram)
            text = counts.casing.display(" ".join(gram), n, by_word)
            named = all(w != w.lower() for w in text.split(" ") if len(w) > 3)
            shown.append((score, n, named, order, gram, text))
        shown.sort(key=lambda c: not c[2])  # stable: first seen first among equals
        yield from shown


def _inside(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    return small == big[:2] or small == big[1:]


@dataclass
class _NgramCounts:
    words: int = 0
    unigrams: dict[str, int] = field(default_factory=dict)
    bigrams: dict[tuple[str, str], int] = field(default_factory=dict)
    """Every adjacent pair inside a run (the trigram measure's marginals)."""
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    """Adjacent content-word pairs: the bigram candidates."""
    triples: dict[tuple[str, str, str], int] = field(default_factory=dict)
    votes: CaseVotes = field(default_factory=CaseVotes)
    casing: PhraseCasing = field(default_factory=PhraseCasing)


def _count_ngrams(doc: Document) -> _NgramCounts:
    """One pass over the document counting what the collocation finders need."""
    text = doc.text
    spans = doc.sentences or doc.paragraphs or [(0, len(text))]
    out = _NgramCounts()
    unigrams, bigrams, pairs = out.unigrams, out.bigrams, out.pairs
    triples, casing = out.triples, out.casing
    exact: Counter[str] = Counter()
    initial: Counter[str] = Counter()
    lower: dict[str, tuple[str, bool, bool]] = {}  # word -> (lower, content, number)
    info_of = terms.token_info
    prune_at = PHRASE_PRUNE_AT

    for s_start, s_end in spans:
        found = PAIR_RE.findall(text, s_start, s_end)
        if not found:
            continue
        initial[found[0][0]] += 1
        # run: the previous two tokens of the current unbroken run, as lowered and as
        # written, and whether each started the sentence
        w1 = w2 = v1 = v2 = None
        c1 = c2 = i1 = i2 = False
        for position, (word, gap) in enumerate(found):
            exact[word] += 1
            entry = lower.get(word)
            if entry is None:
                info = info_of(word)
                entry = lower[word] = (word.lower(), bool(info.key), info.number)
            low, content, number = entry
            unigrams[low] = unigrams.get(low, 0) + 1
            if number:
                w1 = w2 = None
                continue
            if w2 is not None:
                bg = (w2, low)
                bigrams[bg] = bigrams.get(bg, 0) + 1
                if content and c2:
                    pairs[bg] = pairs.get(bg, 0) + 1
                    if i2 or v2 != w2 or word != low:
                        casing.add(f"{v2} {word}", f"{w2} {low}", i2)
                if w1 is not None and content and c1:
                    tg = (w1, w2, low)
                    triples[tg] = triples.get(tg, 0) + 1
                    if i1 or v1 != w1 or v2 != w2 or word != low:
                        casing.add(f"{v1} {v2} {word}", f"{w1} {w2} {low}", i1)
            if gap.isspace():
                w1, c1, v1, i1 = w2, c2, v2, i2
                w2, c2, v2, i2 = low, content, word, position == 0
            else:
                w1 = w2 = None
        if len(bigrams) > prune_at or len(triples) > prune_at:
            for table in (bigrams, pairs, triples):
                for gram in [g for g, n in table.items() if n == 1]:
                    del table[gram]
            casing.prune(lambda text: (gram := tuple(text.split(" "))) in pairs or gram in triples)
            prune_at = max(prune_at, 2 * len(bigrams), 2 * len(triples))
    out.words = sum(unigrams.values())
    for word, n in exact.items():
        first = initial.get(word, 0)
        out.votes.add(word, n - first, first)
    return out
