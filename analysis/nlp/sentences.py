"""Sentence boundaries with NLTK's Punkt, offline, made robust for real documents: never
across a paragraph, list items and ellipses handled around Punkt (``boundaries``), pieces
and sentences of bounded length. docs/ANALYSIS.md ("Sentences") says what and why.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from analysis.model import Span, SpanArray
from analysis.nlp import resources
from analysis.nlp.boundaries import (
    HEADING_WORDS,
    LIST_ITEM,
    glue_fragments,
    inline_list_cuts,
    sentence_end_cuts,
    split_at,
)

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = [
    "KNOWN_ABBREVIATIONS",
    "MAX_SENTENCE_CHARS",
    "SENTENCE_STARTERS",
    "split_sentences",
    "tokenizer_source",
]


def _words(block: str) -> list[str]:
    return block.split()


MAX_SENTENCE_CHARS = 2_000
"""Longest sentence produced; longer runs are cut at a clause mark or whitespace."""

_PUNKT_CHUNK_CHARS = 50_000
"""Longest piece of a paragraph handed to Punkt at once (see module docstring)."""

KNOWN_ABBREVIATIONS = frozenset(
    _words("""
    mr mrs ms mx dr prof rev hon st jr sr messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri
    u.s u.k u.n u.s.a e.u d.c l.a n.y
    e.g i.e cf viz al et ca
    a.m p.m
    no nos n° vol vols p pp ch chap fig figs
    gov sen rep reps gen col lt sgt capt cmdr adm maj cpl pvt brig supt insp atty
    ph.d m.d b.a m.a b.sc m.sc d.phil ll.b esq
    inc corp ltd co cos bros plc llc assn assoc univ natl intl govt mgr
    vs etc approx dept est ave blvd rd mt ft hwy ste apt bldg min
    """)
)
"""Lower-case abbreviations without their final period (Punkt's ``abbrev_types``)."""

SENTENCE_STARTERS = frozenset(
    _words("""
    the a an he she it they we i you this that these those there but and however yet
    his her its their our my in on at after when while if although though as so then
    meanwhile still also instead indeed moreover nevertheless officials critics
    """)
)
"""Lower-case words that, capitalised after an abbreviation, start a new sentence
(``... the U.S. The ...``); Punkt's frequent-sentence-starter heuristic."""

_LONE_MARKER = re.compile(
    r"(?:[\u2022\u2043\u2023\u25e6\u25aa]\s?)?\(?"
    r"(?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})(?:\.\)|[.)])"
)
"""A 'sentence' that is only a list marker (Punkt ends sentences at ``1.``, ``• 9.``, ``2.)``)."""

_LONE_HEADING = re.compile(rf"(?:{HEADING_WORDS})\s+(?:\d{{1,3}}|[IVXLCDM]{{1,7}})\.")
"""A 'sentence' that is only a heading's number (``CHAPTER II.``): glued to the title after
it when a wide gap sets them apart, as in a table of contents (``CHAPTER II.    The Pool``);
"Chapter 4. The Storm" stays two."""

_CONTINUES_AFTER = re.compile(
    r"(?:[.?!][\"'\u201d\u2019\u00bb)\]]+|[?!]|(?<![^\s(\"'\u201c\u2018])[A-Z][a-z]{0,4}\.)\Z"
)
"""A sentence ending this way is continued by a following lower-case word: a closing quote
after its punctuation, ``?`` or ``!``, or a short capitalised word with a period, most likely an
abbreviation Punkt does not know (``Johns Hopkins Univ. said``)."""

_GOOD_CUT = re.compile(r"[.?!][\"'\u201d\u2019\u00bb)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
"""Where a paragraph may be cut before Punkt sees it: sentence punctuation, space, capital."""

_CLAUSE_CUT = re.compile(r"[;:,\u2014\u2013]\s+|\s+[\u2014\u2013-]+\s+")
_SPACE = re.compile(r"\s+")
_FALLBACK_SPLIT = re.compile(r"[.?!]+[\"'\u201d\u2019)\]]*\s+")

_LOCK = threading.Lock()
_TOKENIZER: tuple[int, PunktSentenceTokenizer, str] | None = None


class _OrthoContext(dict):
    """Punkt's orthographic-context table, read-only in use.

    NLTK stores it in a ``defaultdict(int)``, so every unseen word looked up while tokenizing
    is inserted: the shared table would grow with every document ever split (and be mutated
    from several threads). Missing words read as 0 here without being stored.
    """

    __slots__ = ()

    def __missing__(self, key: str) -> int:
        return 0


MEMO_LIMIT = 200_000
"""Boundary contexts remembered per process before the memo starts over: at most ~20 MB
(a context is a few words); a book of 100,000 words asks about some 10,000."""


def _build_tokenizer() -> tuple[PunktSentenceTokenizer, str]:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    class MemoPunkt(PunktSentenceTokenizer):
        """Punkt that remembers its verdict on each candidate boundary's context.

        NLTK's ``_slices_from_text`` asks ``text_contains_sentbreak(context)`` for every
        ``.?!`` it finds; the context is the token before, the mark and the token after,
        and the verdict depends on nothing else (the parameters are fixed once built).
        The same contexts recur ("said. The"), so the answer is looked up, not recomputed.
        """

        def __init__(self) -> None:
            super().__init__()
            self._verdicts: dict[str, bool] = {}

        def text_contains_sentbreak(self, text: str) -> bool:
            verdict = self._verdicts.get(text)
            if verdict is None:
                if len(self._verdicts) >= MEMO_LIMIT:
                    self._verdicts.clear()
                verdict = self._verdicts[text] = super().text_contains_sentbreak(text)
            return verdict

    params, source = resources.punkt_parameters()
    params.abbrev_types.update(KNOWN_ABBREVIATIONS)
    params.sent_starters.update(SENTENCE_STARTERS)
    params.ortho_context = _OrthoContext(params.ortho_context)
    tokenizer = MemoPunkt()
    tokenizer._params = params
    return tokenizer, f"{source} + {len(KNOWN_ABBREVIATIONS)} known abbreviations"


def _tokenizer() -> PunktSentenceTokenizer:
    """The shared Punkt tokenizer, built on first use (and again after
    ``resources.reload_resources()``). Tokenizing with it is thread-safe: it only reads."""
    global _TOKENIZER
    built = _TOKENIZER
    gen = resources.generation()
    if built is not None and built[0] == gen:
        return built[1]
    with _LOCK:
        if _TOKENIZER is None or _TOKENIZER[0] != gen:
            tokenizer, source = _build_tokenizer()
            _TOKENIZER = (gen, tokenizer, source)
        return _TOKENIZER[1]


def tokenizer_source() -> str:
    """Which Punkt parameters the splitter uses, for reports."""
    _tokenizer()
    assert _TOKENIZER is not None
    return _TOKENIZER[2]


# --------------------------------------------------------------------------- splitting


def split_sentences(text: str, paragraphs: Sequence[Span]) -> tuple[SpanArray, array]:
    """Sentence spans (never crossing a paragraph, stripped of surrounding whitespace) and,
    per sentence, the index of its paragraph as ``array('q')``."""
    tokenizer = _tokenizer()
    flat = array("q")
    owner = array("q")
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        for start, end in _paragraph_sentences(tokenizer, text, p_start, p_end):
            flat.append(start)
            flat.append(end)
            owner.append(p_index)
    return SpanArray.from_flat(flat), owner


def _paragraph_sentences(
    tokenizer: PunktSentenceTokenizer, text: str, start: int, end: int
) -> Iterator[tuple[int, int]]:
    for line_start, line_end in _list_items(text, start, end):
        for seg_start, seg_end in _inline_items(text, line_start, line_end):
            for chunk_start, chunk_end in _chunks(text, seg_start, seg_end):
                spans = _punkt_spans(tokenizer, text, chunk_start, chunk_end)
                spans = _merge_fragments(text, glue_fragments(text, spans))
                cuts = sentence_end_cuts(text, chunk_start, chunk_end)
                for s, e in split_at(text, spans, cuts) if cuts else spans:
                    yield from _cap_length(text, s, e)


def _inline_items(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a line before each item of a list written on it (``1) ... 2) ...``)."""
    cut = start
    for item_start in inline_list_cuts(text, start, end):
        s, e = _strip(text, cut, item_start)
        if s < e:
            yield s, e
        cut = item_start
    yield cut, end


def _list_items(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a paragraph before every line that opens a list item."""
    if text.find("\n", start, end) < 0:
        yield start, end
        return
    items = [m.start() for m in LIST_ITEM.finditer(text, start, end)]
    if len(items) < 2:  # one odd line in wrapped prose is not a list
        yield start, end
        return
    cut = start
    for item_start in items:
        if item_start > cut:
            yield cut, item_start
            cut = item_start
    yield cut, end


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Pieces of at most ~_PUNKT_CHUNK_CHARS, cut after a likely sentence end, else at a
    line break or whitespace, else anywhere."""
    while end - start > _PUNKT_CHUNK_CHARS:
        limit = start + _PUNKT_CHUNK_CHARS
        floor = start + _PUNKT_CHUNK_CHARS // 2
        cut = -1
        for m in reversed(list(_GOOD_CUT.finditer(text, floor, limit))):
            if text[m.start()] != "." or not _ends_with_abbreviation(text, floor, m.start()):
                cut = m.end()
                break
        if cut < 0:
            cut = text.rfind("\n", floor, limit) + 1 or _last_space_end(text, floor, limit)
        if cut <= start:
            cut = limit
        yield start, cut
        start = cut
    yield start, end


def _ends_with_abbreviation(text: str, lo: int, period: int) -> bool:
    """Whether the word ending at ``text[period] == "."`` is a known abbreviation or an
    initial (so the period probably does not end a sentence)."""
    start = period
    while start > lo and not text[start - 1].isspace():
        start -= 1
    word = text[start:period].lstrip("\"'(\u201c\u2018[").lower()
    return len(word) <= 1 or word in KNOWN_ABBREVIATIONS


def _last_space_end(text: str, lo: int, hi: int) -> int:
    """End of the last whitespace run inside ``text[lo:hi]``, or 0 if there is none."""
    last = 0
    for m in _SPACE.finditer(text, lo, hi):
        last = m.end()
    return last


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _punkt_spans(
    tokenizer: PunktSentenceTokenizer, text: str, start: int, end: int
) -> list[tuple[int, int]]:
    """Stripped, non-empty sentence spans of ``text[start:end]`` (absolute offsets)."""
    piece = text[start:end]
    try:
        raw = list(tokenizer.span_tokenize(piece))
    except TimeoutError:
        # NLTK's regex wall-clock limit tripped on a pathological piece (see module doc).
        raw, last = [], 0
        for m in _FALLBACK_SPLIT.finditer(piece):
            raw.append((last, m.end()))
            last = m.end()
        raw.append((last, len(piece)))
    spans = []
    for s, e in raw:
        s, e = _strip(text, start + s, start + e)
        if s < e:
            spans.append((s, e))
    return spans


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue lone list markers to their item, and a sentence continued in lower case to the
    one before it."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            lone_marker = _LONE_MARKER.fullmatch(text, ps, pe) is not None or (
                _LONE_HEADING.fullmatch(text, ps, pe) is not None
                and ("  " in text[pe:s] or "\t" in text[pe:s])
            )
            continued = (
                text[s].islower()
                and _CONTINUES_AFTER.search(text, max(ps, pe - 10), pe) is not None
            )
            if lone_marker or continued:
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


def _cap_length(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a sentence longer than MAX_SENTENCE_CHARS at the last clause mark in the second
    half of each window, else the last whitespace, else hard."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        floor = start + MAX_SENTENCE_CHARS // 2
        cut = 0
        for m in _CLAUSE_CUT.finditer(text, floor, limit):
            cut = m.end()
        if not cut:
            cut = _last_space_end(text, start + 1, limit)
        if cut <= start:
            cut = limit
        s, e = _strip(text, start, cut)
        if s < e:
            yield s, e
        start, end = _strip(text, cut, end)
    if start < end:
        yield start, end
