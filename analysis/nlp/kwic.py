"""Keyword in context: every use of a query across the open documents, with its
surroundings, ready for an aligned concordance view sorted like a corpus tool's.

A query is a word (with its inflections), a phrase, a wildcard (``whal*``), an exact
phrase in double quotes, or a regular expression; case is ignored unless asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from analysis.matching import find_matches
from analysis.model import Document, KwicHit
from analysis.nlp.terms import WORD_RE, chunk_bounds, fold, query_keys, word_key

_WHITESPACE_RE = re.compile(r"\s+")
_ALNUM_RE = re.compile(r"[^\W_]")
_DIGIT_RE = re.compile(r"\d")
_JOINERS = "'’-\u2010\u2011"
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")
_GLOB_RE = re.compile(r"[*?]")

MAX_HITS = 100_000
"""A concordance stops here (like the reading pane's search): a regex such as ``.`` would
otherwise list every character of a book."""

REGEX_CHUNK = 1 << 20
REGEX_OVERLAP = 1 << 16
"""A regex is run over the text a stretch at a time (so a search can be cancelled between
stretches); a match may run this far past its stretch."""

CONTEXT_WORDS = 3
"""Words kept on each side of a hit for sorting (AntConc's 1L-3L and 1R-3R)."""

SORTS = ("position", "1L", "2L", "3L", "1R", "2R", "3R")
"""Concordance orders: text order, or by the n-th word left or right of the match."""

WordTest = Callable[[str], bool]
Progress = Callable[[int, int], bool]
"""Called with (characters done, characters in all) now and then; returning False stops."""


class QueryError(ValueError):
    """A query that cannot be searched for (an invalid regular expression)."""


@dataclass(frozen=True, slots=True)
class KwicQuery:
    """What to look for: ``text`` read as words (stems, wildcards, or exact words when it
    is wrapped in double quotes) or, with ``regex``, as a regular expression."""

    text: str
    regex: bool = False
    case: bool = False
    """Match case: a word's letters that it shares with the query must have its case."""

    @property
    def kind(self) -> str:
        """``regex``, ``wildcard``, ``exact``, ``phrase`` or ``word``."""
        if self.regex:
            return "regex"
        stripped = self.text.strip()
        if _GLOB_RE.search(stripped):
            return "wildcard"
        if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
            return "exact"
        return "phrase" if len(stripped.split()) > 1 else "word"


def _same_case(word: str, query: str) -> bool:
    """Whether ``word`` writes the letters it shares with ``query`` (a common prefix,
    case aside) in the same case: ``Whales`` for ``Whale``, not ``whales``."""
    n = 0
    for a, b in zip(word, query, strict=False):
        if a.casefold() != b.casefold():
            break
        n += 1
    return n > 0 and word[:n] == query[:n]


def _glob_test(token: str, case: bool) -> WordTest:
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in token]
    pattern = re.compile("".join(parts), 0 if case else re.IGNORECASE)
    return lambda word: pattern.fullmatch(word) is not None


def _exact_test(token: str, case: bool) -> WordTest:
    if case:
        return lambda word: word == token
    folded = fold(token)
    return lambda word: fold(word) == folded


def _stem_test(token: str, keys: frozenset[str], case: bool) -> WordTest:
    matches = _keys_test(keys)
    if case:
        return lambda word: matches(word) and _same_case(word, token)
    return matches


def word_tests(query: KwicQuery) -> list[WordTest]:
    """One test per query word: the word a hit must have at that place."""
    text = query.text.strip()
    exact = query.kind == "exact"
    if exact:
        text = text[1:-1]
    tests: list[WordTest] = []
    for token in text.split():
        if _GLOB_RE.search(token):
            if _ALNUM_RE.search(token):  # a bare ``*`` would list every word
                tests.append(_glob_test(token, query.case))
            continue
        for _, _, word in _iter_words(token):
            if exact:
                tests.append(_exact_test(word, query.case))
            else:
                (keys,) = query_keys(word)
                tests.append(_stem_test(word, keys, query.case))
    return tests


def _iter_words(text: str) -> Iterator[tuple[int, int, str]]:
    for m in WORD_RE.finditer(text):
        yield m.start(), m.end(), m.group()


def compile_regex(query: KwicQuery) -> re.Pattern[str]:
    """The query's regular expression; raises :class:`QueryError` when it is invalid."""
    try:
        return re.compile(query.text, 0 if query.case else re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as exc:
        raise QueryError(f"bad regular expression: {exc}") from exc


def find_query(
    text: str, query: KwicQuery, *, progress: Progress | None = None, base: int = 0, total: int = 0
) -> Iterator[tuple[int, int]]:
    """Offsets of every hit of ``query`` in ``text`` (non-empty, in text order).

    ``progress`` is called after each stretch with ``base`` + characters done and
    ``total``; when it returns False the search stops."""
    total = total or len(text)
    if query.regex:
        yield from _find_regex(text, compile_regex(query), progress, base, total)
        return
    tests = word_tests(query)
    if tests:
        yield from find_words(text, tests, progress=progress, base=base, total=total)


def _find_regex(
    text: str, pattern: re.Pattern[str], progress: Progress | None, base: int, total: int
) -> Iterator[tuple[int, int]]:
    n = len(text)
    start = 0
    while start < n:
        batch = find_matches(pattern, text, start, chunk_chars=REGEX_CHUNK, overlap=REGEX_OVERLAP)
        yield from batch.spans
        start = batch.next_start
        if progress is not None and not progress(base + min(start, n), total):
            return


def find_term(text: str, wanted: Sequence[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Offsets of every run of words whose keys match ``wanted`` word by word."""
    tests: list[WordTest] = [_keys_test(keys) for keys in wanted]
    return find_words(text, tests)


def _keys_test(keys: frozenset[str]) -> WordTest:
    """Whether a word's key is in ``keys``. Stemming only rewrites the end of a word, so
    a word whose first letter no key has is rejected without stemming it (stemming every
    distinct word made a cold search several times slower; see docs/EXPLORE.md)."""
    firsts = frozenset(key[:1] for key in keys)
    return lambda word: fold(word[:1])[:1] in firsts and word_key(word) in keys


def find_words(
    text: str,
    tests: Sequence[WordTest],
    *,
    progress: Progress | None = None,
    base: int = 0,
    total: int = 0,
) -> Iterator[tuple[int, int]]:
    """Offsets of every run of adjacent words (only whitespace between them, no blank
    line) that pass ``tests`` word by word.

    The text is read in chunks. One ``findall`` lists a chunk's distinct words; a chunk
    where none passes the first test is skipped, otherwise the passing spellings are
    searched for directly and each find is checked to be a whole word, so a common
    term in a huge text does not cost a test per word.
    """
    if not tests:
        return
    first = tests[0]
    rest = tests[1:]
    total = total or len(text)
    for c_start, c_end in chunk_bounds(text, 1 << 16):
        spellings = [w for w in set(WORD_RE.findall(text, c_start, c_end)) if first(w)]
        if spellings:
            spellings.sort(key=len, reverse=True)  # a whole word before any prefix of it
            pattern = re.compile("|".join(map(re.escape, spellings)))
            for m in pattern.finditer(text, c_start, c_end):
                start = m.start()
                if not _word_starts_at(text, start):
                    continue
                word = WORD_RE.match(text, start, c_end)
                if word is None or word.end() != m.end():
                    continue
                end = _continue_match(text, m.end(), rest)
                if end is not None:
                    yield start, end
        if progress is not None and not progress(base + c_end, total):
            return


def _word_starts_at(text: str, pos: int) -> bool:
    """Whether a word of ``WORD_RE`` can start at ``pos`` (not inside another word)."""
    if pos == 0:
        return True
    before = text[pos - 1]
    if _ALNUM_RE.match(before):
        return False
    if pos >= 2 and _ALNUM_RE.match(text[pos - 2]):
        if before in _JOINERS:
            return False
        if before in ".," and _DIGIT_RE.match(text[pos - 2]) and _DIGIT_RE.match(text[pos]):
            return False
    return True


def _continue_match(text: str, pos: int, rest: Sequence[WordTest]) -> int | None:
    """End of the match if the words after ``pos`` pass ``rest`` (adjacent), else None."""
    for test in rest:
        m = WORD_RE.search(text, pos)
        if m is None:
            return None
        gap = text[pos : m.start()]
        if not gap.isspace() or _BLANK_LINE_RE.search(gap) or not test(m.group()):
            return None
        pos = m.end()
    return pos


# --------------------------------------------------------------------------- hits


def keyword_in_context(
    docs: Sequence[Document], key_or_term: str, *, width: int = 40, limit: int | None = None
) -> list[KwicHit]:
    """All hits of ``key_or_term`` (a word or phrase, each word with its inflections) in
    ``docs``, in document order then text order; see :func:`concordance`."""
    return concordance(docs, KwicQuery(key_or_term), width=width, limit=limit)


def concordance(
    docs: Sequence[Document],
    query: KwicQuery,
    *,
    width: int = 40,
    limit: int | None = MAX_HITS,
    progress: Progress | None = None,
) -> list[KwicHit]:
    """All hits of ``query`` in ``docs``, in document order then text order.

    ``left``/``right`` hold up to ``width`` characters of context with whitespace runs
    (newlines too) collapsed to one space; a view right-aligns ``left`` to line hits up.
    ``start``/``end`` are offsets into the document text and ``match`` is exactly
    ``text[start:end]``. ``limit`` caps the number of hits; ``progress`` (see
    :data:`Progress`) can stop the search. Raises :class:`QueryError` for a bad regex.
    """
    if limit is not None and limit <= 0:
        return []
    if query.regex:
        compile_regex(query)  # raise at once, not on the first document
    elif not word_tests(query):
        return []
    width = max(0, width)
    total = sum(len(doc.text) for doc in docs)
    stopped = False

    def tick(done: int, all_chars: int) -> bool:
        nonlocal stopped
        if progress is not None and not progress(done, all_chars):
            stopped = True
        return not stopped

    hits: list[KwicHit] = []
    base = 0
    for doc in docs:
        text = doc.text
        for start, end in find_query(text, query, progress=tick, base=base, total=total):
            hits.append(make_hit(doc, start, end, width))
            if limit is not None and len(hits) >= limit:
                return hits
        if stopped:
            break
        base += len(text)
    return hits


def make_hit(doc: Document, start: int, end: int, width: int) -> KwicHit:
    """The hit ``[start, end)`` of ``doc`` with ``width`` characters of context a side
    and the words around it for sorting."""
    text = doc.text
    left_words, right_words = context_words(text, start, end)
    return KwicHit(
        path=doc.path,
        title=doc.title,
        start=start,
        end=end,
        left=_left_context(text, start, width),
        match=text[start:end],
        right=_right_context(text, end, width),
        left_words=left_words,
        right_words=right_words,
    )


def context_words(
    text: str, start: int, end: int, n: int = CONTEXT_WORDS
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``n`` words before ``start`` (nearest first) and after ``end``, case-folded."""
    span = 16 * n + 16
    while True:
        lo = max(0, start - span)
        found = WORD_RE.findall(text, lo, start)
        # A word cut by the window's edge is not a word of the text: drop it.
        if lo > 0 and found and _ALNUM_RE.match(text[lo]):
            found = found[1:]
        if len(found) >= n or lo == 0:
            left = tuple(fold(w) for w in reversed(found[-n:] if n else []))
            break
        span *= 4
    span = 16 * n + 16
    size = len(text)
    while True:
        hi = min(size, end + span)
        found = WORD_RE.findall(text, end, hi)
        if hi < size and found and _ALNUM_RE.match(text[hi - 1]):
            found = found[:-1]
        if len(found) >= n or hi == size:
            right = tuple(fold(w) for w in found[:n])
            break
        span *= 4
    return left, right


def sort_hits(hits: Sequence[KwicHit], by: str) -> list[KwicHit]:
    """``hits`` (given in text order) ordered by ``by`` (one of :data:`SORTS`).

    ``2R`` sorts by the second word right of the match, ties by the third and then the
    first (the other words of that side, nearest first); ties after that keep text order.
    ``left``/``right`` are accepted for ``1L``/``1R``. Words compare case-folded."""
    by = {"left": "1L", "right": "1R"}.get(by, by)
    if by == "position":
        return list(hits)
    if by not in SORTS:
        raise ValueError(f"unknown sort {by!r}; expected one of {', '.join(SORTS)}")
    first = int(by[0]) - 1
    order = [first, *(i for i in range(CONTEXT_WORDS) if i != first)]
    side = by[1]

    def key(hit: KwicHit) -> tuple[str, ...]:
        words = _side_words(hit, side)
        return tuple(words[i] if i < len(words) else "" for i in order)

    return sorted(hits, key=key)


def _side_words(hit: KwicHit, side: str) -> tuple[str, ...]:
    words = hit.left_words if side == "L" else hit.right_words
    if words:
        return words
    # Hits made elsewhere without words: read them from the context shown.
    if side == "L":
        return tuple(fold(w) for w in reversed(WORD_RE.findall(hit.left)))
    return tuple(fold(w) for w in WORD_RE.findall(hit.right))


def _left_context(text: str, start: int, width: int) -> str:
    if width == 0:
        return ""
    span = 2 * width + 8
    while True:
        lo = max(0, start - span)
        collapsed = _WHITESPACE_RE.sub(" ", text[lo:start])
        if len(collapsed) > width or lo == 0:
            return collapsed[-width:]
        span *= 4


def _right_context(text: str, end: int, width: int) -> str:
    if width == 0:
        return ""
    span = 2 * width + 8
    n = len(text)
    while True:
        hi = min(n, end + span)
        collapsed = _WHITESPACE_RE.sub(" ", text[end:hi])
        if len(collapsed) > width or hi == n:
            return collapsed[:width]
        span *= 4
