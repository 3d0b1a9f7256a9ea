"""Anchoring a bookmarked passage to a document, and finding it again after the text changed.

A passage is kept as W3C position and quote selectors (as in Hypothesis); :func:`reanchor` tries
the old position, then exact occurrences scored by context, then an approximate (rapidfuzz)
search, else ``orphaned`` with the old offsets kept. Steps and scoring: docs/ARCHITECTURE.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ANCHORED: Final = "anchored"
"""The passage is where it was."""
MOVED: Final = "moved"
"""The passage was found elsewhere (exactly or approximately)."""
ORPHANED: Final = "orphaned"
"""The passage could not be found; the old offsets are kept."""
STATES: Final = (ANCHORED, MOVED, ORPHANED)

CONTEXT_CHARS: Final = 32
"""Characters of prefix and suffix stored with a quote (Hypothesis uses 32)."""

MIN_FUZZY_SCORE: Final = 0.80
"""Lowest total score (0–1) an approximate match needs; below it the bookmark is orphaned."""

MIN_QUOTE_SIMILARITY: Final = 0.5
"""An approximate match may differ from the quote in at most half of its characters."""

_QUOTE_W, _PREFIX_W, _SUFFIX_W, _POS_W = 50.0, 20.0, 20.0, 2.0
_TOTAL_W = _QUOTE_W + _PREFIX_W + _SUFFIX_W + _POS_W

_CHUNK: Final = 65_536
"""Size of the slices the whole-text approximate search looks at (one best hit each)."""
_SCAN_NEEDLE: Final = 128
"""Longest needle given to rapidfuzz's partial ratio over the whole text."""
_MAX_CONTEXT_HITS: Final = 16
"""Prefix/suffix occurrences (nearest the old position first) tried as candidates."""
_LONG_QUOTE: Final = 2_048
"""Quotes longer than this are located approximately by their head and tail."""
_HEAD: Final = 256


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage was: offsets into the text plus the quote and its context."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class AnchorResult:
    """Where a passage is now: new offsets, one of :data:`STATES`, and a 0–1 score."""

    start: int
    end: int
    state: str
    score: float


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
    """Anchor ``text[start:end]`` with ``context`` characters of prefix and suffix.

    Raises ``ValueError`` unless ``0 <= start < end <= len(text)``: an empty passage could
    never be found again by its quote.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"invalid passage range {start}..{end} for a text of {len(text)} chars")
    if context < 0:
        raise ValueError("context must not be negative")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def reanchor(text: str, anchor: Anchor) -> AnchorResult:
    """Find ``anchor``'s passage in ``text`` (the steps: docs/ARCHITECTURE.md)."""
    if anchor.exact and text[anchor.start : anchor.end] == anchor.exact and anchor.start >= 0:
        return AnchorResult(anchor.start, anchor.end, ANCHORED, 1.0)
    if anchor.exact:
        best = _best_exact(text, anchor)
        if best is not None:
            return best
        best = _best_approximate(text, anchor)
        if best is not None:
            return best
    start = min(max(anchor.start, 0), len(text))
    end = min(max(anchor.end, start), len(text))
    return AnchorResult(start, end, ORPHANED, 0.0)


# -- scoring -------------------------------------------------------------------------------


def _similarity(a: str, b: str) -> float:
    """Levenshtein similarity in 0–1 (1.0 for two empty strings)."""
    # Imported here: rapidfuzz takes ~15 ms to import and is needed only when a quote
    # moved; the dashboard imports this module before its first frame.
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.normalized_similarity(a, b)


def _score(text: str, anchor: Anchor, start: int, end: int, quote_similarity: float) -> float:
    prefix = anchor.prefix
    suffix = anchor.suffix
    prefix_sim = _similarity(prefix, text[max(0, start - len(prefix)) : start])
    suffix_sim = _similarity(suffix, text[end : end + len(suffix)])
    closeness = 1.0 - min(1.0, abs(start - anchor.start) / max(len(text), 1))
    total = (
        _QUOTE_W * quote_similarity
        + _PREFIX_W * prefix_sim
        + _SUFFIX_W * suffix_sim
        + _POS_W * closeness
    )
    return total / _TOTAL_W


# -- step 2: exact occurrences -------------------------------------------------------------


def _best_exact(text: str, anchor: Anchor) -> AnchorResult | None:
    exact = anchor.exact
    length = len(exact)
    best: tuple[float, int] | None = None
    pos = text.find(exact)
    while pos != -1:
        score = _score(text, anchor, pos, pos + length, 1.0)
        # Ties go to the occurrence nearest the old position (closeness already favours it;
        # this only matters for equal floating-point totals).
        if best is None or score > best[0]:
            best = (score, pos)
        pos = text.find(exact, pos + 1)
    if best is None:
        return None
    return AnchorResult(best[1], best[1] + length, MOVED, best[0])


# -- step 3: approximate search ------------------------------------------------------------


def _best_approximate(text: str, anchor: Anchor) -> AnchorResult | None:
    if not text:
        return None
    best: AnchorResult | None = None
    seen: set[tuple[int, int]] = set()
    for window in dict.fromkeys(_candidate_windows(text, anchor)):
        found = _align(text, anchor.exact, *window)
        if found is None:
            continue
        # Edit distance alone cuts a passage short when a long insertion sits near one of
        # its ends; where the stored context now is gives the other likely boundaries.
        starts = {found[0], *_context_starts(text, anchor.prefix, window, found[0])}
        ends = {found[1], *_context_ends(text, anchor.suffix, window, found[1])}
        for start in starts:
            for end in ends:
                if end <= start or (start, end) in seen:
                    continue
                seen.add((start, end))
                quote_sim = _similarity(anchor.exact, text[start:end])
                if quote_sim < MIN_QUOTE_SIMILARITY:
                    continue
                score = _score(text, anchor, start, end, quote_sim)
                if score >= MIN_FUZZY_SCORE and (best is None or score > best.score):
                    best = AnchorResult(start, end, MOVED, score)
    return best


def _context_starts(text: str, prefix: str, window: tuple[int, int], near: int) -> list[int]:
    """Offsets in ``window`` right after a close match of ``prefix`` (nearest ``near``)."""
    if len(prefix) < 8:
        return []
    region_start = max(0, window[0] - len(prefix))
    errors, ends = _myers_ends(prefix, text[region_start : window[1]])
    if errors > len(prefix) // 4:
        return []
    return sorted((region_start + e for e in ends), key=lambda p: abs(p - near))[:3]


def _context_ends(text: str, suffix: str, window: tuple[int, int], near: int) -> list[int]:
    """Offsets in ``window`` right before a close match of ``suffix`` (nearest ``near``)."""
    if len(suffix) < 8:
        return []
    region_end = min(len(text), window[1] + len(suffix))
    region = text[window[0] : region_end]
    errors, ends = _myers_ends(suffix[::-1], region[::-1])
    if errors > len(suffix) // 4:
        return []
    return sorted((region_end - e for e in ends), key=lambda p: abs(p - near))[:3]


def _candidate_windows(text: str, anchor: Anchor) -> list[tuple[int, int]]:
    """Slices of ``text`` that may hold the passage, most likely first."""
    n = len(text)
    length = len(anchor.exact)
    slack = _slack(length)
    windows: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        start = max(0, start)
        end = min(n, end)
        if end > start:
            windows.append((start, end))

    # Near the old position (most edits are local).
    add(anchor.start - slack, anchor.start + length + slack)

    # Where the surrounding context now is: the quote starts after its prefix and ends
    # before its suffix.
    for pos in _occurrences_near(text, anchor.prefix, anchor.start):
        start = pos + len(anchor.prefix)
        add(start - slack, start + length + slack)
    for pos in _occurrences_near(text, anchor.suffix, anchor.end):
        add(pos - length - slack, pos + slack)

    from rapidfuzz import fuzz

    # The best approximate hit in each chunk of the whole text. rapidfuzz's partial ratio
    # slows down sharply for needles over ~128 chars, so long quotes search by head and tail.
    if length <= _SCAN_NEEDLE:
        needles = [(anchor.exact, 0)]
    else:
        needles = [
            (anchor.exact[:_SCAN_NEEDLE], 0),
            (anchor.exact[-_SCAN_NEEDLE:], length - _SCAN_NEEDLE),
        ]
    for needle, offset in needles:
        overlap = 2 * len(needle)
        for chunk_start in range(0, n, _CHUNK):
            chunk_end = min(n, chunk_start + _CHUNK + overlap)
            if chunk_end - chunk_start < len(needle):
                break  # rapidfuzz would swap the arguments; the near window covers this
            hit = fuzz.partial_ratio_alignment(
                needle,
                text[chunk_start:chunk_end],
                score_cutoff=100 * MIN_QUOTE_SIMILARITY,
            )
            if hit is not None:
                start = chunk_start + hit.dest_start - hit.src_start - offset
                add(start - slack, start + length + slack)
            if chunk_end >= n:
                break
    return windows


def _slack(length: int) -> int:
    """How far around a candidate the passage's edges may have moved."""
    return max(16, min(length // 2, 512))


def _occurrences_near(text: str, needle: str, around: int) -> list[int]:
    """Start offsets of ``needle`` in ``text``, the ones nearest ``around`` first (capped)."""
    if len(needle) < 8:  # too short to say anything about where the passage is
        return []
    hits: list[int] = []
    pos = text.find(needle)
    while pos != -1 and len(hits) < 16 * _MAX_CONTEXT_HITS:
        hits.append(pos)
        pos = text.find(needle, pos + 1)
    hits.sort(key=lambda p: abs(p - around))
    return hits[:_MAX_CONTEXT_HITS]


def _align(text: str, quote: str, window_start: int, window_end: int) -> tuple[int, int] | None:
    """The substring of ``text[window_start:window_end]`` nearest to ``quote`` in edit distance.

    A semi-global alignment (free text before and after the passage), done with Myers'
    bit-parallel algorithm as Hypothesis does: one pass finds where the best match ends, a pass
    over the reversed strings finds where it starts.
    """
    if len(quote) > _LONG_QUOTE:
        return _align_long(text, quote, window_start, window_end)
    window = text[window_start:window_end]
    if not window or not quote:
        return None
    errors, ends = _myers_ends(quote, window)
    if errors > len(quote) * (1 - MIN_QUOTE_SIMILARITY):
        return None
    end = ends[0]
    # The start: run the reversed quote over the reversed text that ends at ``end``.
    reach = max(0, end - len(quote) - errors)
    _, starts = _myers_ends(quote[::-1], window[reach:end][::-1])
    start = end - starts[0]
    if start >= end:
        return None
    return window_start + start, window_start + end


def _myers_ends(pattern: str, text: str) -> tuple[int, list[int]]:
    """Fewest edits turning ``pattern`` into some substring of ``text``, and the (exclusive)
    end offsets of the substrings that achieve it (Myers 1999, Hyyrö's formulation).

    Python ints serve as bit vectors of any length, so a text character costs a dozen
    big-integer operations however long the pattern is.
    """
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    best, best_ends = m, [0]
    for j, char in enumerate(text):
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
        if score < best:
            best, best_ends = score, [j + 1]
        elif score == best:
            best_ends.append(j + 1)
    return best, best_ends


def _align_long(
    text: str, quote: str, window_start: int, window_end: int
) -> tuple[int, int] | None:
    """Locate a long quote by aligning its head and tail separately (bounded memory)."""
    reach = 2 * _slack(len(quote)) + 2 * _HEAD
    head = _align(text, quote[:_HEAD], window_start, min(window_end, window_start + reach))
    tail = _align(text, quote[-_HEAD:], max(window_start, window_end - reach), window_end)
    if head is None or tail is None or tail[1] <= head[0]:
        return None
    return head[0], tail[1]
