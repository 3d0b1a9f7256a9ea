"""The reading pane's lazy row index: a whole document wrapped at one width, mapping
character offsets to screen rows and back, wrapping only what is shown.

No Textual here, so every rule is tested without a terminal. The design for documents of
100 MB and more (pieces, estimated rows, block sums, gap rows): docs/ARCHITECTURE.md."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from itertools import accumulate, islice
from operator import add, sub

from tui.reader.wrap import MIN_WIDTH, graphemes, wrap_line

__all__ = ["BLOCK", "INDEX_CHARS", "MAX_PIECE_CHARS", "TextLayout"]

MAX_PIECE_CHARS = 4096
"""Longest run of text wrapped as a unit; longer lines are cut at a space."""
BLOCK = 256
"""Pieces per block of the row index."""
INDEX_CHARS = 1 << 20
"""Characters of whole lines indexed at a time, as rows or offsets beyond them are asked for:
a 100 MB book's first page needs its first stretch only (~0.5 s for all of it)."""


def _estimate(length: int, width: int) -> int:
    """Rows a piece of ``length`` characters probably needs (word wrap wastes a little)."""
    if length <= width:
        return 1
    usable = width - 2 if width > 10 else width
    return -(-length // usable)


class _LRU(OrderedDict):
    """A tiny LRU map (kept here so the module stays free of Textual)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def get_recent(self, key: int) -> tuple[int, ...] | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: int, value: tuple[int, ...]) -> None:
        self[key] = value
        if len(self) > self.maxsize:
            self.popitem(last=False)


class TextLayout:
    """Lazily wrapped rows of a whole document at one width.

    Rows are numbered from 0; a row's number is exact once every piece before it has been
    wrapped, and consistent (if estimated) before that. :meth:`wrap` a piece to make its row
    count exact; :meth:`settle` does so for a window of rows.

    ``paragraphs`` (sorted, disjoint ``(start, end)`` spans, e.g. ``Document.paragraphs``)
    decide the gap rows (see docs/ARCHITECTURE.md); without them there are none.
    """

    def __init__(self, text: str, width: int, paragraphs: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self._width = max(MIN_WIDTH, width)
        self._wraps: _LRU = _LRU(8192)
        if _may_have_gaps(text, paragraphs):  # deciding needs every line: index them now
            self._starts, self._lengths, self._continued = _index_pieces(text, 0, len(text))
            self._count = len(self._starts)
            self._indexed, self._complete = len(text), True
            self._gaps = self._paragraph_gaps(paragraphs)
            self._reset_rows()
            return
        self._starts, self._lengths, self._continued = array("q"), array("i"), []
        self._count = self._indexed = 0
        self._complete = False
        self._gaps = bytearray()
        self._reset_rows()
        self._index_more()

    # ------------------------------------------------------------------ pieces
    @property
    def width(self) -> int:
        return self._width

    @property
    def piece_count(self) -> int:
        self._index_all()
        return self._count

    @property
    def row_count(self) -> int:
        """Total rows (exact for wrapped pieces, estimated for the rest, and for text not
        indexed yet at the rows per character of the text that is)."""
        rows = self._block_first()[-1]
        if self._complete:
            return rows
        rest = len(self.text) - self._indexed
        return rows + max(1, round(rest * rows / self._indexed))

    def set_width(self, width: int) -> None:
        """Re-wrap for a new width (all pieces go back to estimates)."""
        width = max(MIN_WIDTH, width)
        if width != self._width:
            self._width = width
            self._reset_rows()

    def piece_at(self, offset: int) -> int:
        """The piece holding ``offset`` (a line's ``\\n`` belongs to the line before it)."""
        while offset >= self._indexed and not self._complete:
            self._index_more()
        index = bisect_right(self._starts, offset) - 1
        return min(max(index, 0), self._count - 1)

    def piece_span(self, piece: int) -> tuple[int, int]:
        start = self._starts[piece]
        return start, start + self._lengths[piece]

    def is_wrapped(self, piece: int) -> bool:
        return bool(self._exact[piece])

    def rows_of(self, piece: int) -> int:
        """The piece's current row count, its gap row included (estimated unless wrapped)."""
        return self._rows[piece]

    @property
    def gap_count(self) -> int:
        """How many gap rows separate paragraphs."""
        self._index_all()
        return self._count - self._gaps.count(0)

    def has_gap(self, piece: int) -> bool:
        """Does a gap row (a virtual blank row) come before the piece's text?"""
        return bool(self._gaps[piece])

    def is_gap(self, piece: int, r: int) -> bool:
        """Is row ``r`` of ``piece`` (as from :meth:`row_to_piece`) a gap row?"""
        return r < self._gaps[piece]

    def wrap(self, piece: int) -> tuple[int, ...]:
        """Absolute start offsets of the piece's text rows (its gap row is not one),
        correcting its row count."""
        cached = self._wraps.get_recent(piece)
        if cached is not None:
            return cached
        start, end = self.piece_span(piece)
        rows = tuple(start + s for s in wrap_line(self.text[start:end], self._width))
        self._wraps.put(piece, rows)
        if not self._exact[piece]:
            self._exact[piece] = 1
            total = self._gaps[piece] + len(rows)
            delta = total - self._rows[piece]
            if delta:
                self._rows[piece] = total
                self._block_rows[piece // BLOCK] += delta
                self._prefix = None
                self._sums.pop(piece // BLOCK, None)
        return rows

    # -------------------------------------------------------------------- rows
    def first_row(self, piece: int) -> int:
        """Row number of the piece's first row."""
        block, within = divmod(piece, BLOCK)
        return self._block_first()[block] + (self._block_sums(block)[within - 1] if within else 0)

    def row_to_piece(self, row: int) -> tuple[int, int]:
        """``(piece, row within piece)`` for a row number (clamped to the document)."""
        prefix = self._block_first()
        while row >= prefix[-1] and not self._complete:
            self._index_more()
            prefix = self._block_first()
        if row >= prefix[-1]:
            last = self._count - 1
            return last, self._rows[last] - 1
        row = max(row, 0)
        block = bisect_right(prefix, row) - 1
        base = block * BLOCK
        sums = self._block_sums(block)
        index = bisect_right(sums, row - prefix[block])
        before = sums[index - 1] if index else 0
        return base + index, row - prefix[block] - before

    def row_span(self, row: int) -> tuple[int, int]:
        """Character range ``[start, end)`` shown on ``row`` (wraps its piece first); a gap
        row shows the empty range at the start of the text below it."""
        piece, r = self.row_to_piece(row)
        return self.piece_row_span(piece, r)

    def piece_row_span(self, piece: int, r: int) -> tuple[int, int]:
        rows = self.wrap(piece)
        gap = self._gaps[piece]
        if r < gap:
            return rows[0], rows[0]
        r = min(r - gap, len(rows) - 1)
        end = rows[r + 1] if r + 1 < len(rows) else self.piece_span(piece)[1]
        return rows[r], end

    def settle(self, top: int, height: int) -> bool:
        """Wrap every piece shown on rows ``[top, top + height)``; True if counts changed.

        Only the pieces at and after ``top``'s piece are touched, so ``top`` keeps showing
        the same text.
        """
        changed = False
        row, end = max(top, 0), top + max(height, 1)
        while row < min(end, self.row_count):
            piece, _ = self.row_to_piece(row)
            if not self._exact[piece]:
                before = self._rows[piece]
                self.wrap(piece)
                changed |= self._rows[piece] != before
                continue
            row = self.first_row(piece) + self._rows[piece]
        return changed

    # ----------------------------------------------------------------- offsets
    def locate(self, offset: int) -> tuple[int, int]:
        """``(row, column)`` where the character at ``offset`` is drawn.

        Columns count cells from the row's start and may exceed the width for hanging
        whitespace. An offset inside a grapheme gets its grapheme's column. Never a gap row.
        """
        offset = min(max(offset, 0), len(self.text))
        piece = self.piece_at(offset)
        rows = self.wrap(piece)
        r = max(bisect_right(rows, offset) - 1, 0) + self._gaps[piece]
        start, end = self.piece_row_span(piece, r)
        rel = offset - start
        col = sum(w for _s, e, w in graphemes(self.text[start:end]) if e <= rel)
        return self.first_row(piece) + r, col

    def offset_at(self, row: int, col: int) -> int:
        """Offset of the character drawn at ``(row, col)``; past the row's end, the row's
        last character (or the ``\\n`` ending the line, or the end of the text). A gap row
        shows nothing: it gives the first offset of the text below it."""
        piece, r = self.row_to_piece(row)
        start, end = self.piece_row_span(piece, r)
        if r < self._gaps[piece]:
            return start
        pos = 0
        for s, _e, w in graphemes(self.text[start:end]):
            if col < pos + w:
                return start + s
            pos += w
        piece_end = self.piece_span(piece)[1]
        if end == piece_end and (end == len(self.text) or self.text[end] == "\n"):
            return end
        return max(start, end - 1)

    # --------------------------------------------------------------- internals
    def _paragraph_gaps(self, paragraphs: Sequence[tuple[int, int]]) -> bytearray:
        """One flag per piece: 1 where a gap row comes before it.

        Gaps go in only when every line from the first paragraph's to the last's holds one
        paragraph: as many lines as paragraphs, none of them empty. Checking that costs a
        few C-level passes over the piece arrays, never a Python loop over paragraphs.
        """
        gaps = bytearray(self._count)
        count = len(paragraphs)
        if count < 2:
            return gaps
        first = self._line_head(self.piece_at(paragraphs[0][0]))
        last = self._line_head(self.piece_at(paragraphs[-1][0]))
        continued = self._continued
        inside = continued[bisect_right(continued, first) : bisect_right(continued, last)]
        if last - first + 1 - len(inside) != count or 0 in self._lengths[first : last + 1]:
            return gaps
        gaps[first + 1 : last + 1] = b"\x01" * (last - first)
        for piece in inside:  # a long line's later pieces continue it: no gap
            gaps[piece] = 0
        return gaps

    def _line_head(self, piece: int) -> int:
        """The first piece of the line that ``piece`` belongs to."""
        continued = self._continued
        index = bisect_right(continued, piece) - 1
        while index >= 0 and continued[index] == piece:
            piece -= 1
            index -= 1
        return piece

    def _reset_rows(self) -> None:
        width = self._width
        self._rows = array("i", [1 if n <= width else _estimate(n, width) for n in self._lengths])
        if self._gaps.count(0) != self._count:
            self._rows = array("i", map(add, self._rows, self._gaps))
        self._exact = bytearray(self._count)
        self._wraps.clear()
        rows = self._rows
        self._block_rows = array(
            "q", [sum(rows[i : i + BLOCK]) for i in range(0, self._count, BLOCK)]
        )
        self._prefix: list[int] | None = None
        self._sums: dict[int, list[int]] = {}

    def _index_more(self) -> None:
        """Index the next :data:`INDEX_CHARS` or so of whole lines (a text without gap rows:
        see ``__init__``); their rows start as estimates."""
        text, start = self.text, self._indexed
        end = start + INDEX_CHARS
        if end < len(text):
            newline = text.rfind("\n", start, end)
            if newline == -1:
                newline = text.find("\n", end)
            end = len(text) if newline == -1 else newline + 1
        else:
            end = len(text)
        first = self._count
        starts, lengths, continued = _index_pieces(text, start, end, first)
        self._starts.extend(starts)
        self._lengths.extend(lengths)
        self._continued.extend(continued)
        self._count += len(starts)
        self._indexed, self._complete = end, end >= len(text)
        width = self._width
        self._gaps.extend(bytes(len(starts)))
        self._rows.extend([1 if n <= width else _estimate(n, width) for n in lengths])
        self._exact.extend(bytes(len(starts)))
        block = first // BLOCK
        del self._block_rows[block:]
        rows = self._rows
        self._block_rows.extend(
            sum(rows[i : i + BLOCK]) for i in range(block * BLOCK, self._count, BLOCK)
        )
        self._prefix = None
        self._sums.pop(block, None)

    def _index_all(self) -> None:
        while not self._complete:
            self._index_more()

    def _block_sums(self, block: int) -> list[int]:
        """Running row totals within ``block`` (kept until a piece in it is wrapped)."""
        sums = self._sums.get(block)
        if sums is None:
            base = block * BLOCK
            sums = self._sums[block] = list(accumulate(self._rows[base : base + BLOCK]))
            if len(self._sums) > 64:
                del self._sums[next(iter(self._sums))]
        return sums

    def _block_first(self) -> list[int]:
        if self._prefix is None:
            self._prefix = list(accumulate(self._block_rows, initial=0))
        return self._prefix


def _may_have_gaps(text: str, paragraphs: Sequence[tuple[int, int]]) -> bool:
    """Could the text get gap rows (``_paragraph_gaps``)? Not with fewer than two
    paragraphs, nor with an empty line between the first paragraph's line and the last's:
    a book's blank lines answer at once, and its lines are indexed only as needed."""
    if len(paragraphs) < 2:
        return False
    first = text.rfind("\n", 0, paragraphs[0][0]) + 1
    last = text.rfind("\n", 0, paragraphs[-1][0]) + 1
    return text.find("\n\n", first, last) == -1


def _line_starts(text: str, start: int, end: int) -> array:
    """Offsets where lines start in ``text[start:end]`` (``start`` starts one), found a
    megabyte at a time (``str.split`` and C-level accumulation: ~0.5 s per 100 MB, without a
    copy of the whole text as line strings)."""
    starts = array("q", [start])
    chunk = 1 << 20
    for base in range(start, end, chunk):
        parts = text[base : min(base + chunk, end)].split("\n")
        if len(parts) > 1:
            ends = accumulate(map((1).__add__, map(len, parts[:-1])), initial=base)
            starts.extend(islice(ends, 1, None))
    return starts


def _index_pieces(
    text: str, start: int, end: int, first: int = 0
) -> tuple[array, array, list[int]]:
    """Start offsets and lengths of the pieces of the whole lines ``text[start:end]`` (see
    docs/ARCHITECTURE.md), and the (sorted) numbers of the pieces that continue a line
    instead of starting one, counting ``first`` pieces before them."""
    starts = _line_starts(text, start, end)
    if len(starts) > 1 and starts[-1] == end:
        starts.pop()  # a final newline ends the last line; it does not start another
    lengths = array("i", map((-1).__add__, map(sub, islice(starts, 1, None), starts)))
    ends_line = end < len(text) or text.endswith("\n")
    lengths.append(end - starts[-1] - (1 if ends_line and end > starts[-1] else 0))
    if max(lengths) <= MAX_PIECE_CHARS:
        return starts, lengths, []
    pieces, sizes = array("q"), array("i")
    continued: list[int] = []
    for pos, length in zip(starts, lengths, strict=True):
        end = pos + length
        while end - pos > MAX_PIECE_CHARS:
            cut = text.rfind(" ", pos + MAX_PIECE_CHARS // 2, pos + MAX_PIECE_CHARS)
            if cut == -1:
                cut = pos + MAX_PIECE_CHARS
            else:
                while cut < end and text[cut] == " ":
                    cut += 1
            pieces.append(pos)
            sizes.append(cut - pos)
            pos = cut
            continued.append(first + len(pieces))
        pieces.append(pos)
        sizes.append(end - pos)
    return pieces, sizes, continued
