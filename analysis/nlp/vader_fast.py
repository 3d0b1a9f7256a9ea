"""NLTK's VADER, reimplemented to give the very same numbers several times faster.

What depends on a token alone is computed once per distinct token (:class:`_Token`); each
sentence then replays NLTK's rules in NLTK's order, quirks included, because identity with NLTK
is the contract (``tests/analysis/test_sentiment.py``). The quirks: docs/ARCHITECTURE.md."""

from __future__ import annotations

import math
import string
import threading
from collections.abc import Iterable

__all__ = ["VaderAnalyzer", "parse_lexicon"]

_PUNCTUATION = frozenset(string.punctuation)
"""What NLTK's ``REGEX_REMOVE_PUNCTUATION`` removes (checked equal in the tests)."""

_MAX_CACHED_TOKENS = 100_000
"""Distinct raw tokens kept (~300 bytes each); the cache is dropped when it grows past this.
A long book has a few tens of thousands, so this only bounds pathological input."""


def parse_lexicon(text: str) -> dict[str, float]:
    """The lexicon as NLTK's ``make_lex_dict`` builds it (later lines win), except that blank
    or malformed lines are skipped instead of raising."""
    lexicon: dict[str, float] = {}
    for line in text.split("\n"):
        fields = line.strip().split("\t")
        if len(fields) < 2:
            continue
        try:
            lexicon[fields[0]] = float(fields[1])
        except ValueError:
            continue
    return lexicon


def _strip_one_mark(token: str, marks: frozenset[str]) -> str:
    """NLTK's ``SentiText`` replacement of ``token`` (length > 1).

    NLTK maps ``p + w`` and ``w + p`` to ``w`` for every mark ``p`` in ``PUNC_LIST`` and every
    ``w`` among the sentence's words with all punctuation removed (length > 1). Since ``w`` has
    no punctuation, ``p`` must be the token's whole leading (or trailing) punctuation run, and
    then ``w`` is the token's own punctuation-free form, always among the sentence's words.
    """
    punct = _PUNCTUATION
    if token[0] in punct:
        k = 1
        while k < len(token) and token[k] in punct:
            k += 1
        mark, word = token[:k], token[k:]
    elif token[-1] in punct:
        k = len(token) - 1
        while k > 0 and token[k - 1] in punct:
            k -= 1
        mark, word = token[k:], token[:k]
    else:
        return token
    if len(word) > 1 and mark in marks and not any(ch in punct for ch in word):
        return word
    return token


class _Token:
    """Everything VADER needs to know about one token that does not depend on its sentence."""

    __slots__ = (
        "boost",
        "but",
        "idiom",
        "kind",
        "least",
        "lex",
        "low",
        "negated",
        "never",
        "of",
        "scored",
        "so_this",
        "upper",
        "word",
    )

    def __init__(self, word: str, analyzer: VaderAnalyzer) -> None:
        low = word.lower()
        self.word = word
        self.low = low
        self.lex = analyzer.lexicon.get(low)
        self.upper = word.isupper()
        self.boost = analyzer.boosters.get(low)
        self.negated = low in analyzer.negate or "n't" in low
        self.but = low == "but"
        self.kind = low == "kind"
        self.of = low == "of"
        self.least = low == "least"
        self.never = word == "never"
        self.so_this = word == "so" or word == "this"
        self.idiom = word in analyzer.idiom_words
        # Scored = looked up in the lexicon and not skipped as a booster.
        self.scored = self.lex is not None and self.boost is None


class VaderAnalyzer:
    """Scores text exactly like NLTK's ``SentimentIntensityAnalyzer`` with the same lexicon.

    Thread-safe: the only shared mutable state is the token cache, whose entries are pure
    functions of the token (a race at worst computes one twice).
    """

    def __init__(self, lexicon: dict[str, float]) -> None:
        from nltk.sentiment.vader import VaderConstants

        c = VaderConstants
        self.lexicon = dict(lexicon)
        self.negate = frozenset(c.NEGATE)
        self.boosters = dict(c.BOOSTER_DICT)
        self.idioms = dict(c.SPECIAL_CASE_IDIOMS)
        self.marks = frozenset(c.PUNC_LIST)
        words: set[str] = set()
        for phrase in list(self.idioms) + [k for k in self.boosters if " " in k]:
            words.update(phrase.split(" "))
        self.idiom_words = frozenset(words)
        """Words of multi-word idioms and boosters: a context without any cannot match."""
        self.b_incr, self.b_decr = c.B_INCR, c.B_DECR
        self.c_incr, self.n_scalar = c.C_INCR, c.N_SCALAR
        self._tokens: dict[str, _Token] = {}
        self._by_word: dict[str, _Token] = {}
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- tokens

    def _token(self, raw: str) -> _Token:
        word = _strip_one_mark(raw, self.marks)
        with self._lock:
            if len(self._tokens) >= _MAX_CACHED_TOKENS:
                self._tokens.clear()
                self._by_word.clear()
            token = self._by_word.get(word)
            if token is None:
                token = self._by_word[word] = _Token(word, self)
            self._tokens[raw] = token
        return token

    def tokens(self, text: str) -> list[_Token]:
        """NLTK's ``words_and_emoticons``: whitespace tokens longer than one character, with
        one leading or trailing punctuation mark stripped."""
        get = self._tokens.get
        make = self._token
        return [get(raw) or make(raw) for raw in text.split() if len(raw) > 1]

    # ----------------------------------------------------------------- scoring

    def polarity_scores(self, text: str) -> dict[str, float]:
        """Same dict as NLTK's ``polarity_scores``."""
        neg, neu, pos, compound = self.scores(text)
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}

    def scores_many(self, texts: Iterable[str]) -> list[tuple[float, float, float, float]]:
        scores = self.scores
        return [scores(t) for t in texts]

    def scores(self, text: str) -> tuple[float, float, float, float]:
        """(neg, neu, pos, compound), rounded as NLTK rounds them."""
        toks = self.tokens(text)
        n = len(toks)
        if not n:
            return (0.0, 0.0, 0.0, 0.0)

        upper = 0
        but_at = -1
        scored: list[int] = []
        for j, t in enumerate(toks):
            if t.upper:
                upper += 1
            if t.scored:
                scored.append(j)
            if t.but and but_at < 0:
                but_at = j
        cap_diff = 0 < n - upper < n

        # (position, valence) of every non-zero sentiment, in token order.
        values: list[tuple[int, float]] = []
        first: dict[str, int] = {}
        for j in scored:
            t = toks[j]
            i = first.setdefault(t.word, j)  # NLTK scores a repeat at its first occurrence
            if t.kind and i < n - 1 and toks[i + 1].of:
                continue
            valence = self._valence(toks, i, t, cap_diff)
            if valence != 0:
                values.append((j, valence))

        if but_at >= 0 and values:
            values = [
                (j, v * 0.5 if j < but_at else v * 1.5 if j > but_at else v) for j, v in values
            ]
        return self._score_valence([v for _, v in values], n, text)

    def _valence(self, toks: list[_Token], i: int, t: _Token, cap_diff: bool) -> float:
        """NLTK's ``sentiment_valence`` for a lexicon word at (first) position ``i``."""
        valence = t.lex
        c_incr = self.c_incr
        n_scalar = self.n_scalar
        if t.upper and cap_diff:
            if valence > 0:
                valence += c_incr
            else:
                valence -= c_incr

        for start_i in range(3):
            if i <= start_i:
                break
            prev = toks[i - (start_i + 1)]
            if prev.lex is not None:
                continue
            # scalar_inc_dec: boosters and dampeners, with an ALL-CAPS bonus
            s = 0.0
            if prev.boost is not None:
                s = prev.boost
                if valence < 0:
                    s *= -1
                if prev.upper and cap_diff:
                    if valence > 0:
                        s += c_incr
                    else:
                        s -= c_incr
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s

            # _never_check (case-sensitive "never so/this", as in NLTK)
            if start_i == 0:
                if toks[i - 1].negated:
                    valence = valence * n_scalar
            elif start_i == 1:
                if toks[i - 2].never and toks[i - 1].so_this:
                    valence = valence * 1.5
                elif toks[i - 2].negated:
                    valence = valence * n_scalar
            else:
                if (toks[i - 3].never and toks[i - 2].so_this) or toks[i - 1].so_this:
                    valence = valence * 1.25
                elif toks[i - 3].negated:
                    valence = valence * n_scalar
                valence = self._idioms(valence, toks, i)

        # _least_check
        if i > 1 and toks[i - 1].lex is None and toks[i - 1].least:
            if toks[i - 2].low != "at" and toks[i - 2].low != "very":
                valence = valence * n_scalar
        elif i > 0 and toks[i - 1].lex is None and toks[i - 1].least:
            valence = valence * n_scalar
        return valence

    def _idioms(self, valence: float, toks: list[_Token], i: int) -> float:
        """NLTK's ``_idioms_check`` (reached only with i >= 3)."""
        n = len(toks)
        hi = min(n, i + 3)
        if not any(toks[k].idiom for k in range(i - 3, hi)):
            return valence  # no idiom or two-word booster can match
        w3, w2, w1, w0 = (toks[k].word for k in range(i - 3, i + 1))
        idioms = self.idioms
        for seq in (
            f"{w1} {w0}",
            f"{w2} {w1} {w0}",
            f"{w2} {w1}",
            f"{w3} {w2} {w1}",
            f"{w3} {w2}",
        ):
            if seq in idioms:
                valence = idioms[seq]
                break
        if n - 1 > i:
            seq = f"{w0} {toks[i + 1].word}"
            if seq in idioms:
                valence = idioms[seq]
        if n - 1 > i + 1:
            seq = f"{w0} {toks[i + 1].word} {toks[i + 2].word}"
            if seq in idioms:
                valence = idioms[seq]
        if f"{w3} {w2}" in self.boosters or f"{w2} {w1}" in self.boosters:
            valence = valence + self.b_decr
        return valence

    def _score_valence(
        self, values: list[float], n: int, text: str
    ) -> tuple[float, float, float, float]:
        """NLTK's ``score_valence``; ``values`` are the non-zero sentiments in order (the
        zeros NLTK also sums change nothing but the sign of a zero), ``n`` all of them."""
        sum_s = float(sum(values))
        ep_count = min(text.count("!"), 4)
        ep_amplifier = ep_count * 0.292
        qm_count = text.count("?")
        qm_amplifier = 0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        amplifier = ep_amplifier + qm_amplifier
        if sum_s > 0:
            sum_s += amplifier
        elif sum_s < 0:
            sum_s -= amplifier
        compound = sum_s / math.sqrt((sum_s * sum_s) + 15)

        pos_sum = 0.0
        neg_sum = 0.0
        neu_count = n
        for v in values:
            if v > 0:
                pos_sum += float(v) + 1
                neu_count -= 1
            elif v < 0:
                neg_sum += float(v) - 1
                neu_count -= 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return (
            round(math.fabs(neg_sum / total), 3),
            round(math.fabs(neu_count / total), 3),
            round(math.fabs(pos_sum / total), 3),
            round(compound, 4),
        )
