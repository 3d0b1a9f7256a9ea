"""Words, term keys (Porter stems, case-folded, possessive removed) and per-document term
profiles: the one tokenizer every keyword-like feature agrees on (docs/ANALYSIS.md,
"Words and keys"). Stemming is the slow part, so keys are cached per surface token.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from analysis.model import Document, Span, TermProfile
from analysis.nlp import resources

_JOIN = "'’\\-\u2010\u2011"
WORD_RE = re.compile(rf"[^\W_]+(?:(?:[{_JOIN}]|(?<=\d)[.,](?=\d))[^\W_]+)*")
"""One word: alphanumeric runs joined by apostrophes/hyphens (or digit separators)."""

PAIR_RE = re.compile(rf"({WORD_RE.pattern})([\W_]*)")
"""A word and the non-word characters after it (used to tell adjacency from punctuation)."""

CAPITALISED_SHARE = 0.8
"""A word is shown capitalised when at least this share of its mid-sentence uses are."""

MIN_SEGMENTS = 5
"""Fewer paragraphs than this and the single-document fallback uses sentence windows."""

TARGET_SEGMENTS = 10
"""How many sentence windows to aim for when paragraphs are too few."""

CAPTION_MARKER = "[Illustration"
"""How Project Gutenberg marks a picture (``[Illustration]``, ``[Illustration: caption]``):
the marker's word is not the book's, so it is not counted (the caption's words are)."""
BIGRAM_PRUNE_AT = 500_000
"""Distinct two-word pairs kept in memory before pairs seen once are dropped (a huge
document then gets approximate, slightly low counts for its rarest pairs). If pruning
frees too little, the bar doubles, so pruning never runs on every sentence."""

_SPACE_RE = re.compile(r"\s")
_CACHE_LIMIT = 2_000_000
_stemmer: Any = None
"""NLTK's Porter stemmer, made on first use: a run whose analyses all come from the cache
never needs it, and importing NLTK costs a fifth of a second."""


class TokenInfo(NamedTuple):
    """What the profile needs to know about one distinct surface token."""

    key: str
    """Stem key of a content word, ``""`` for anything else."""
    form: str
    """The token lower-cased with any possessive ``'s`` removed (the display grouping)."""
    variant: str
    """The token as written, possessive removed (the display candidate)."""
    possessive: bool
    number: bool
    """Number-like (``3,000``, ``20th``): a collocation run breaks here."""


@dataclass(frozen=True, slots=True)
class SegmentedTermProfile(TermProfile):
    """A ``TermProfile`` that also knows how the terms spread over the document's
    segments (paragraphs, or sentence windows when there are few paragraphs).

    The spread lets keyword ranking treat segments as documents when the corpus holds
    a single document, where a corpus-wide IDF says nothing. Kept as a subclass so the
    shared model stays unchanged; code that only knows ``TermProfile`` still works.
    """

    spread: Mapping[str, int] = field(default_factory=dict)
    """key -> number of segments it occurs in."""
    segments: int = 0


# --------------------------------------------------------------------------- words


def iter_words(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Every word of ``text[start:end]`` as ``(start, end, surface)`` with absolute offsets.

    Numbers count as words here (they are read, so they count for statistics); they are
    excluded later from keywords.
    """
    for m in WORD_RE.finditer(text, start, len(text) if end is None else end):
        yield m.start(), m.end(), m.group()


def chunk_bounds(text: str, size: int = 1 << 20) -> Iterator[tuple[int, int]]:
    """Split ``text`` into ``(start, end)`` chunks of about ``size`` characters, cut only
    at whitespace so no word straddles two chunks."""
    n = len(text)
    pos = 0
    while pos < n:
        end = pos + size
        if end >= n:
            yield pos, n
            return
        m = _SPACE_RE.search(text, end)
        if m is None:
            yield pos, n
            return
        yield pos, m.start()
        pos = m.start()


def strip_possessive(word: str) -> str:
    """``Trump’s`` -> ``Trump``; anything else unchanged."""
    if len(word) > 2 and word[-1] in "sS" and word[-2] in "'’":
        return word[:-2]
    return word


def fold(word: str) -> str:
    """Case-fold and normalise the curly apostrophe, so stopword lists match."""
    return word.casefold().replace("’", "'")


_stopwords_ref: frozenset[str] | None = None
_token_cache: dict[str, TokenInfo] = {}
_any_key_cache: dict[str, str] = {}


def _current_stopwords() -> frozenset[str]:
    """The stopword list, resetting the caches if it changed (e.g. in tests)."""
    global _stopwords_ref
    sw = resources.stopwords()
    if sw is not _stopwords_ref:
        _stopwords_ref = sw
        _token_cache.clear()
    return sw


def _is_number_like(folded: str) -> bool:
    letters = sum(1 for c in folded if c.isalpha())
    return letters == 0 or (folded[0].isdigit() and letters <= 2)


def _stem(folded: str) -> str:
    global _stemmer
    if _stemmer is None:
        from nltk.stem.porter import PorterStemmer

        _stemmer = PorterStemmer()
    return _stemmer.stem(folded) or folded


def token_info(word: str, stopwords: frozenset[str] | None = None) -> TokenInfo:
    """Key, display form and variant of one surface token (cached)."""
    info = _token_cache.get(word)
    if info is not None:
        return info
    sw = _current_stopwords() if stopwords is None else stopwords
    variant = strip_possessive(word)
    folded = fold(variant)
    content = (
        len(folded) >= 3
        and not _is_number_like(folded)
        and folded not in sw
        and fold(word) not in sw
    )
    form = variant.lower()
    info = TokenInfo(
        _stem(folded) if content else "", form, variant, variant != word, _is_number_like(form)
    )
    if len(_token_cache) >= _CACHE_LIMIT:
        _token_cache.clear()
    _token_cache[word] = info
    return info


def content_key(word: str) -> str:
    """The key of a content word, or ``""`` for stopwords, numbers and short words."""
    return token_info(word, _current_stopwords()).key


def word_key(word: str) -> str:
    """The key of any word, stopwords included (for matching, as in keyword-in-context)."""
    key = _any_key_cache.get(word)
    if key is None:
        folded = fold(strip_possessive(word))
        key = _stem(folded)
        if len(_any_key_cache) >= _CACHE_LIMIT:
            _any_key_cache.clear()
        _any_key_cache[word] = key
    return key


# --------------------------------------------------------------------------- display


class CaseVotes:
    """Decides how to show a lower-cased form: lower-case unless its uses are almost
    always capitalised (names such as "Trump" or "Los Angeles", acronyms).

    At the start of a sentence any word gets a capital, so there only casing beyond the
    first letter ("UNITED", "McDonald") counts as a vote; a form with no vote at all is
    shown lower-case.
    """

    __slots__ = ("_cased", "_upper", "_votes")

    def __init__(self) -> None:
        self._votes: dict[str, int] = {}
        self._upper: dict[str, int] = {}
        self._cased: dict[str, Counter[str]] = {}

    def add(self, variant: str, mid_count: int, initial_count: int = 0) -> None:
        """Record uses of ``variant`` (as written) inside and at the start of sentences."""
        if initial_count > 0 and variant[1:] != variant[1:].lower():
            mid_count += initial_count
        if mid_count <= 0:
            return
        form = variant.lower()
        self._votes[form] = self._votes.get(form, 0) + mid_count
        if variant != form:
            self._upper[form] = self._upper.get(form, 0) + mid_count
            self._cased.setdefault(form, Counter())[variant] += mid_count

    def display(self, form: str) -> str:
        votes = self._votes.get(form, 0)
        upper = self._upper.get(form, 0)
        if votes and upper >= CAPITALISED_SHARE * votes:
            return self._cased[form].most_common(1)[0][0]
        return form


class PhraseCasing:
    """Decides how to show a lower-cased run of words ("lady catherine"): as its most
    common capitalised form when at least :data:`CAPITALISED_SHARE` of its uses are
    capitalised ("Lady Catherine", "New Bedford"), else as ``fallback`` (word by word).

    A run at the start of a sentence counts as capitalised only for a capital after its
    first letter, and is shown as written only if it is never seen mid-sentence.
    """

    __slots__ = ("_cased", "_initial")

    def __init__(self) -> None:
        self._cased: dict[str, Counter[str]] = {}
        self._initial: dict[str, int] = {}

    def add(self, variant: str, lowered: str, initial: bool) -> None:
        """Record one use of ``variant`` (as written), whose lower-case form is ``lowered``."""
        if initial:
            if variant[0].lower() + variant[1:] != lowered:
                self._initial[lowered] = self._initial.get(lowered, 0) + 1
        elif variant != lowered:
            cased = self._cased.get(lowered)
            if cased is None:
                cased = self._cased[lowered] = Counter()
            cased[variant] += 1

    def display(self, lowered: str, uses: int, fallback: str) -> str:
        cased = self._cased.get(lowered)
        capitalised = self._initial.get(lowered, 0) + (sum(cased.values()) if cased else 0)
        if cased and uses > 0 and capitalised >= CAPITALISED_SHARE * uses:
            return cased.most_common(1)[0][0]
        return fallback

    def prune(self, keep: Callable[[str], bool]) -> None:
        """Forget runs for which ``keep(lowered)`` is false (their counts were pruned)."""
        self._cased = {k: v for k, v in self._cased.items() if keep(k)}
        self._initial = {k: v for k, v in self._initial.items() if keep(k)}


# --------------------------------------------------------------------------- profile


def _segments(doc: Document) -> tuple[Sequence[Span], list[int]]:
    """Sentence spans to read and, per sentence, the segment it belongs to."""
    text = doc.text
    sentences: Sequence[Span] = doc.sentences
    if not sentences:
        sentences = doc.paragraphs if doc.paragraphs else [Span(0, len(text))]
        return sentences, list(range(len(sentences)))
    if len(doc.paragraphs) >= MIN_SEGMENTS and len(doc.sentence_paragraph) == len(sentences):
        return sentences, list(doc.sentence_paragraph)
    window = max(1, -(-len(sentences) // TARGET_SEGMENTS))
    return sentences, [i // window for i in range(len(sentences))]


def term_profile(doc: Document) -> SegmentedTermProfile:
    """Count the document's content-word keys and two-word keys.

    A two-word key counts two content words that follow each other inside one sentence
    with only whitespace between (no stopword, punctuation or possessive ``'s`` on the
    first). Each key keeps its most common surface form for display.
    """
    sw = _current_stopwords()
    text = doc.text
    sentences, segment_of = _segments(doc)

    exact: Counter[str] = Counter()
    initial: Counter[str] = Counter()
    pairs: dict[str, int] = {}
    spread_words: dict[str, int] = {}
    spread_pairs: dict[str, int] = {}
    seen_words: set[str] = set()
    seen_pairs: set[str] = set()
    current_segment = None
    segments = 0
    prune_at = BIGRAM_PRUNE_AT
    cache_get = _token_cache.get
    casing = PhraseCasing()

    for index, (s_start, s_end) in enumerate(sentences):
        found = PAIR_RE.findall(text, s_start, s_end)
        if not found:
            continue
        segment = segment_of[index]
        if segment != current_segment:
            _flush(seen_words, spread_words)
            _flush(seen_pairs, spread_pairs)
            current_segment = segment
            segments += 1
        markers = text.count(CAPTION_MARKER, s_start, s_end)
        if markers:
            found = _drop_marker_words(found, markers)
            if not found:
                continue
        first_word = found[0][0]
        initial[first_word] += 1
        prev_form = prev_key = prev_variant = None
        prev_initial = False
        for position, (word, gap) in enumerate(found):
            exact[word] += 1
            info = cache_get(word) or token_info(word, sw)
            key = info.key
            if not key:
                prev_form = None
                continue
            seen_words.add(key)
            if prev_form is not None:
                pair = prev_form + " " + info.form
                pairs[pair] = pairs.get(pair, 0) + 1
                seen_pairs.add(prev_key + " " + key)
                if prev_initial or prev_variant != prev_form or info.variant != info.form:
                    casing.add(prev_variant + " " + info.variant, pair, prev_initial)
            if gap.isspace() and not info.possessive:
                prev_form, prev_key, prev_variant = info.form, key, info.variant
                prev_initial = position == 0
            else:
                prev_form = None
        if len(pairs) > prune_at:
            pairs = {p: c for p, c in pairs.items() if c > 1}
            casing.prune(pairs.__contains__)
            prune_at = max(prune_at, 2 * len(pairs))
    _flush(seen_words, spread_words)
    _flush(seen_pairs, spread_pairs)

    return _build_profile(exact, initial, pairs, spread_words, spread_pairs, segments, sw, casing)


def _drop_marker_words(found: list[tuple[str, str]], markers: int) -> list[tuple[str, str]]:
    """``found`` without the first ``markers`` words "Illustration" (a sentence holding a
    caption marker and the word itself elsewhere is too rare to tell them apart)."""
    kept = []
    for item in found:
        if markers and item[0] == "Illustration":
            markers -= 1
        else:
            kept.append(item)
    return kept


def _flush(seen: set[str], into: dict[str, int]) -> None:
    for item in seen:
        into[item] = into.get(item, 0) + 1
    seen.clear()


def _build_profile(
    exact: Counter[str],
    initial: Counter[str],
    pairs: dict[str, int],
    spread_words: dict[str, int],
    spread_pairs: dict[str, int],
    segments: int,
    sw: frozenset[str],
    casing: PhraseCasing | None = None,
) -> SegmentedTermProfile:
    counts: dict[str, int] = {}
    form_counts: dict[str, dict[str, int]] = {}
    form_key: dict[str, str] = {}
    votes = CaseVotes()
    total = 0
    for word, n in exact.items():
        info = token_info(word, sw)
        if not info.key:
            continue
        total += n
        counts[info.key] = counts.get(info.key, 0) + n
        forms = form_counts.setdefault(info.key, {})
        forms[info.form] = forms.get(info.form, 0) + n
        form_key[info.form] = info.key
        first = initial.get(word, 0)
        votes.add(info.variant, n - first, first)

    surfaces = {key: votes.display(_most_common(forms)) for key, forms in form_counts.items()}

    pair_forms: dict[str, dict[str, int]] = {}
    for pair, n in pairs.items():
        first, second = pair.split(" ", 1)
        key = form_key[first] + " " + form_key[second]
        counts[key] = counts.get(key, 0) + n
        pair_forms.setdefault(key, {})[pair] = n
    spread = dict(spread_words)
    for key, n in spread_pairs.items():
        if key in pair_forms:  # pairs pruned from a huge document are dropped here too
            spread[key] = n
    for key, forms in pair_forms.items():
        pair = _most_common(forms)
        first, second = pair.split(" ", 1)
        by_word = votes.display(first) + " " + votes.display(second)
        surfaces[key] = casing.display(pair, forms[pair], by_word) if casing else by_word

    return SegmentedTermProfile(
        counts=counts, surfaces=surfaces, total=total, spread=spread, segments=segments
    )


def _most_common(forms: Mapping[str, int]) -> str:
    """The most frequent form; ties go to the one seen first."""
    best, best_n = "", -1
    for form, n in forms.items():
        if n > best_n:
            best, best_n = form, n
    return best


def is_bigram(key: str) -> bool:
    return " " in key


def query_keys(key_or_term: str) -> list[frozenset[str]]:
    """Turn a key (``"los angel"``) or a term as written (``"Los Angeles"``) into, per
    word, the set of keys that match it."""
    keys = []
    for _, _, word in iter_words(key_or_term):
        keys.append(frozenset({word_key(word), fold(strip_possessive(word))}))
    return keys
