"""Keyword in context: every use of a term across the open documents, with its
surroundings, ready for an aligned concordance view."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from analysis.model import Document, KwicHit
from analysis.nlp.terms import WORD_RE, chunk_bounds, query_keys, word_key

_WHITESPACE_RE = re.compile(r"\s+")
_ALNUM_RE = re.compile(r"[^\W_]")
_DIGIT_RE = re.compile(r"\d")
_JOINERS = "'’-\u2010\u2011"
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


def keyword_in_context(
    docs: Sequence[Document], key_or_term: str, *, width: int = 40, limit: int | None = None
) -> list[KwicHit]:
    """All hits of ``key_or_term`` in ``docs``, in document order then text order.

    The term may be a key (``"deport"``, ``"lo angel"``) or written out
    (``"deportations"``, ``"Los Angeles"``): each word matches every word of its stem
    group, and a two-word term matches two adjacent words (only whitespace between them,
    no blank line). ``left``/``right`` hold up to ``width`` characters of context with
    whitespace runs (newlines too) collapsed to one space; a view right-aligns ``left``
    to line hits up. ``start``/``end`` are offsets into the document text and
    ``match`` is exactly ``text[start:end]``. ``limit`` caps the number of hits.
    """
    wanted = query_keys(key_or_term)
    if not wanted or (limit is not None and limit <= 0):
        return []
    width = max(0, width)
    hits: list[KwicHit] = []
    for doc in docs:
        text = doc.text
        for start, end in find_term(text, wanted):
            hits.append(
                KwicHit(
                    path=doc.path,
                    title=doc.title,
                    start=start,
                    end=end,
                    left=_left_context(text, start, width),
                    match=text[start:end],
                    right=_right_context(text, end, width),
                )
            )
            if limit is not None and len(hits) >= limit:
                return hits
    return hits


def find_term(text: str, wanted: Sequence[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Offsets of every run of words whose keys match ``wanted`` word by word.

    The text is read in chunks. One ``findall`` lists a chunk's distinct words; a chunk
    where none matches the first query word is skipped, otherwise the matching spellings
    are searched for directly and each find is checked to be a whole word, so a common
    term in a huge text does not cost a key lookup per word.
    """
    if not wanted:
        return
    first = wanted[0]
    rest = wanted[1:]
    for c_start, c_end in chunk_bounds(text, 1 << 16):
        spellings = [w for w in set(WORD_RE.findall(text, c_start, c_end)) if word_key(w) in first]
        if not spellings:
            continue
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


def _continue_match(text: str, pos: int, rest: Sequence[frozenset[str]]) -> int | None:
    """End of the match if the words after ``pos`` match ``rest`` (adjacent), else None."""
    for keys in rest:
        m = WORD_RE.search(text, pos)
        if m is None:
            return None
        gap = text[pos : m.start()]
        if not gap.isspace() or _BLANK_LINE_RE.search(gap) or word_key(m.group()) not in keys:
            return None
        pos = m.end()
    return pos


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
