"""What the EPUB and PDF readers hand the loader: text, a title and the format's outline."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.model import OutlineEntry


@dataclass(frozen=True, slots=True)
class BookText:
    """A book's text in reading order (not yet cleaned of control characters), its title
    from the file's metadata (if any) and the outline the file carries (table of contents,
    bookmarks), with offsets into ``text``."""

    text: str
    title: str | None
    structure: tuple[OutlineEntry, ...]
    format: str
    parts: tuple[int, ...] = ()
    """Where each content document of an EPUB starts in ``text``."""
