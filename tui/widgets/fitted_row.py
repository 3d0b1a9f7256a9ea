"""A list row that lays itself out for the width it gets, shared by the dashboard's lists
and panels (library, keywords, bookmarks, sentiment): :class:`FittedRow`, :func:`fit` that
cuts or pads a piece of a row to a column's width, and :func:`fit_beside` that puts
figures at a row's right end with the label cut to the room left.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

__all__ = ["FittedRow", "fit", "fit_beside"]


class FittedRow(Visual):
    """A list row that lays itself out for the width it is rendered at.

    ``layout(width)`` returns the row's Content for that width (it may contain line
    breaks); the last result is cached, so scrolling costs nothing until the width changes.
    ``height(width)``, when given, is the number of lines that Content will have: the list
    measures every row whenever rows are added, and building 1,000 rows' Content just to
    count their lines dominated opening a large corpus.
    """

    def __init__(
        self, layout: Callable[[int], Content], height: Callable[[int], int] | None = None
    ) -> None:
        self._layout = layout
        self._height = height
        self._cached: tuple[int, Content] | None = None

    def content(self, width: int) -> Content:
        """The row's Content at ``width`` cells."""
        if self._cached is None or self._cached[0] != width:
            self._cached = (width, self._layout(max(1, width)))
        return self._cached[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._height is not None:
            return self._height(max(1, width))
        return self.content(width).get_height(rules, width)

    def __str__(self) -> str:
        return str(self._layout(80))


def fit(content: Content, width: int) -> Content:
    """``content`` cut to ``width`` cells with an ellipsis, or padded with spaces to it."""
    return content.truncate(max(0, width), ellipsis=True, pad=True)


def fit_beside(
    label: Content, figures: Content, width: int, *, gap: int = 1, min_label: int = 0
) -> Content:
    """``label`` fitted to the cells that ``figures`` (ending the row at ``width``) and a
    ``gap`` of spaces leave, then the gap and ``figures``; when that leaves fewer than
    ``min_label`` cells, ``label`` alone fitted to ``width``."""
    room = width - figures.cell_length - gap
    if room < min_label:
        return fit(label, width)
    return Content.assemble(fit(label, room), " " * gap, figures)
