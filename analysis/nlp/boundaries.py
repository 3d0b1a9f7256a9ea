"""Sentence-boundary rules that Punkt gets wrong, applied around it: lists written on one
line, spaced and four-dot ellipses, an initialism ("U.S.", "P.M.") or the pronoun "I"
ending a sentence. The cases and their pass rate: ``bench/sentence_rules.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

__all__ = [
    "HEADING_WORDS",
    "LIST_ITEM",
    "glue_fragments",
    "inline_list_cuts",
    "sentence_end_cuts",
    "split_at",
]

HEADING_WORDS = "CHAPTER|Chapter|LETTER|Letter|BOOK|Book|PART|Part|VOLUME|Volume|STAVE|Stave"

LIST_ITEM = re.compile(
    r"^[ \t]*(?:(?:\(?\d{1,3}[.)]|\(?(?:[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})\)|[-*+•‣◦▪])"
    r"[ \t]+(?=\S)|[IVXLCDM]{1,7}\.[ \t]{2,}(?=\S)"
    rf"|(?:{HEADING_WORDS})[ \t]+(?:[IVXLCDM]{{1,7}}|\d{{1,3}})\b\.?)",
    re.MULTILINE,
)
"""A line that opens a list item: ``1.``, ``2)``, ``(a)``, ``iv)``, ``-``, ``•`` ... then text;
or an entry of a table of contents: ``II.`` and a wide gap, ``CHAPTER IV.``, ``Letter 2``.
Letters need a parenthesis: a wrapped line may well begin with an initial (``A. Lincoln``).
Such a line starts a sentence, and the reading pane keeps the line break before it."""

_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"
_OPENERS = "\"'\u201c\u2018("
_BULLETS = frozenset("\u2022\u2043\u2023\u25e6\u25aa")

_MARKER_CLOSE = re.compile(r"(?:\.\)|[.)])(?=\s+\S)")
"""The punctuation of a list marker inside a line (``1.)``, ``2)``, ``3.``, ``a.``) before
text; the label and bullet before it are checked by hand (a regex that starts with them
tries every position of the text and is several times slower)."""

_DOTS_ONLY = re.compile(rf"(?:\.\s?)*\.[{_CLOSERS}]*|\u2026[{_CLOSERS}]*")
"""A 'sentence' Punkt made of the dots of a spaced ellipsis (``.``, ``. .”``)."""

_ENDS_WITH_ELLIPSIS = re.compile(rf"(?:\.\s?\.\s?\.|\u2026)[{_CLOSERS}]*\Z")
_ENDS_WITH_THREE_DOTS = re.compile(r"(?<![.\s])\s*(?:\.\s?\.\s?\.|\u2026)\Z")
_PRONOUN_I_START = re.compile(r"I(?:\s|[\u2019']\w)")

_FOUR_DOTS = re.compile(rf"(?:\.\s?){{3}}\.[{_CLOSERS}]*(?=\s+[{_OPENERS}]?[A-Z])")
"""An ellipsis that ends a sentence (four dots: the ellipsis and the full stop) before a
capital."""

_STARTERS_AFTER_INITIALISM = (
    "The|A|An|He|She|It|They|We|I|You|This|That|These|Those|There|His|Her|Its|Their|Our|My|"
    "But|And|However|Yet|So|Then|Meanwhile|Still|Also|Instead|Indeed|"
    "How|What|Why|Where|When|Who|Whom|Whose|Which|"
    "Did|Do|Does|Is|Are|Was|Were|Can|Could|Would|Should|Will|Have|Has|Had"
)
_TITLES = "Mr|Mrs|Ms|Mx|Dr|Prof|Rev"

_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")
_STARTER_AFTER = re.compile(
    rf"\s+[{_OPENERS}]?(?:(?:{_STARTERS_AFTER_INITIALISM})\b(?!\.)|(?:{_TITLES})\.)"
)
"""An upper-case initialism (``U.S.``, ``P.M.``) followed by a word that starts sentences or
a title ends the sentence ("the U.S. How", "6 P.M. Mr. Smith"), while "the U.S. Senate"
and "5 a.m. Mr. Smith" stay whole."""

_CAPITALISED_WORD_AFTER = re.compile(rf"\s+[{_OPENERS}]?[A-Z][a-z]")
_LOWER_WORD_BEFORE = re.compile(r"\b[a-z]+\s+\Z")
""""... and I." before a capitalised word: the pronoun ends the sentence (an initial "I."
follows a capitalised name: "Albert I. Jones", or another initial: "I. M. Pei")."""


def inline_list_cuts(text: str, start: int, end: int) -> list[int]:
    """Where a one-line list's items start in ``text[start:end]``: markers numbered in
    sequence (1, 2, 3 or a, b, c) with the same punctuation, at least two of them."""
    chains: list[list[tuple[int, str, str, bool]]] = []
    for m in _MARKER_CLOSE.finditer(text, start, end):
        marker = _marker_before(text, start, m.start(), m.group())
        if marker is None:
            continue
        _, label, close, bullet = marker
        for chain in chains:
            _, last_label, last_close, last_bullet = chain[-1]
            if (last_close, last_bullet) == (close, bullet) and _follows(last_label, label):
                chain.append(marker)
                break
        else:
            if label.isdigit() or label == "a":
                chains.append([marker])
    cuts = sorted({item[0] for chain in chains if len(chain) >= 2 for item in chain})
    return [cut for cut in cuts if cut > start]


def _marker_before(
    text: str, lo: int, close_at: int, close: str
) -> tuple[int, str, str, bool] | None:
    """``(start, label, close, has_bullet)`` of the marker ending with the punctuation at
    ``close_at``: 1-3 digits or one lower-case letter, maybe a bullet, after a space."""
    j = close_at
    while j > lo and close_at - j < 3 and "0" <= text[j - 1] <= "9":
        j -= 1
    if j == close_at:
        if j > lo and "a" <= text[j - 1] <= "z":
            j -= 1
        else:
            return None
    label = text[j:close_at]
    k = j
    bullet = False
    if k > lo and text[k - 1] in _BULLETS:
        k, bullet = k - 1, True
    elif k - 1 > lo and text[k - 1] == " " and text[k - 2] in _BULLETS:
        k, bullet = k - 2, True
    if k > lo and not text[k - 1].isspace():
        return None
    return k, label, close, bullet


def _follows(previous: str, label: str) -> bool:
    if previous.isdigit() and label.isdigit():
        return int(label) == int(previous) + 1
    return previous.isalpha() and label.isalpha() and ord(label) == ord(previous) + 1


def glue_fragments(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue the dots of a spaced ellipsis that Punkt cut off to the sentence before, and
    a sentence continued after an ellipsis (in lower case, or with the pronoun "I" after
    three dots: "what I mean . . . I did not") to the one before it."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            dots = _DOTS_ONLY.fullmatch(text, s, e) is not None
            continued = (text[s].islower() and _ENDS_WITH_ELLIPSIS.search(text, ps, pe)) or (
                _PRONOUN_I_START.match(text, s, e) and _ENDS_WITH_THREE_DOTS.search(text, ps, pe)
            )
            if dots or continued:
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


def sentence_end_cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``text[start:end]`` after which a sentence ends although Punkt may not
    say so: a four-dot ellipsis, an initialism or the pronoun "I" before a capital."""
    cuts: set[int] = set()
    for m in _INITIALISM.finditer(text, start, end):
        before = text[m.start() - 1] if m.start() > 0 else " "
        if not (before.isalnum() or before in "._") and _STARTER_AFTER.match(text, m.end(), end):
            cuts.add(m.end())
    if text.find(". .", start, end) >= 0 or text.find("....", start, end) >= 0:
        cuts.update(m.end() for m in _FOUR_DOTS.finditer(text, start, end))
    at = text.find(" I.", start, end)
    while at >= 0:
        after = at + 3
        if _CAPITALISED_WORD_AFTER.match(text, after, end) and _LOWER_WORD_BEFORE.search(
            text, max(start, at - 30), at + 1
        ):
            cuts.add(after)
        at = text.find(" I.", after, end)
    return sorted(cut for cut in cuts if cut < end)


def split_at(
    text: str, spans: Iterable[tuple[int, int]], cuts: Sequence[int]
) -> list[tuple[int, int]]:
    """``spans`` cut at every offset of ``cuts`` strictly inside one (pieces stripped of
    leading whitespace)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        i = bisect_right(cuts, s)
        while i < len(cuts) and cuts[i] < e:
            piece_end = cuts[i]
            if s < piece_end:
                out.append((s, piece_end))
            s = piece_end
            while s < e and text[s].isspace():
                s += 1
            i += 1
        if s < e:
            out.append((s, e))
    return out
