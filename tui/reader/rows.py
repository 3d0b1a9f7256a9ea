"""Drawing the reading pane's rows: characters and overlay layers (:mod:`tui.reader.marks`)
become a ``Strip`` in the pane's component-class styles.

Rich styles have no alpha, so :class:`RowPainter` blends each over the background once per
(tint bucket, layer bits). Text reaches a ``Segment`` only via ``display_text``, never as markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.content import Content
from textual.strip import Strip
from textual.style import Style as ContentStyle
from textual.widget import Widget

from tui.reader.marks import (
    BOILERPLATE,
    CONTROL,
    CURRENT,
    CURSOR,
    KEYWORD,
    MARK,
    MATCH,
    SELECTION,
    Layers,
)
from tui.reader.spans import style_runs
from tui.reader.wrap import display_text

__all__ = ["BOOKMARK_MARK", "CURSOR_MARK", "GUTTER", "RowPainter"]

GUTTER = 2
"""Cells left of the text for marks: the cursor arrow and the bookmark bar."""
CURSOR_MARK = "▸"
BOOKMARK_MARK = "▌"

LAYER_CLASSES = (
    (BOILERPLATE, "reading-pane--boilerplate"),
    (MARK, "reading-pane--mark"),
    (SELECTION, "reading-pane--selection"),
    (CURSOR, "reading-pane--cursor"),
    (KEYWORD, "reading-pane--keyword"),
    (MATCH, "reading-pane--match"),
    (CURRENT, "reading-pane--match-current"),
    (CONTROL, "reading-pane--control"),
)
"""Each overlay layer's component class, in the order they apply (later wins)."""
TRAILING = MATCH | CURRENT
"""The overlays drawn on whitespace that ends a row."""
_TINT_ALPHA = {1: 0.22, 2: 0.42, 3: 0.62}


class RowPainter:
    """Builds the strips of one :class:`~tui.reader.pane.ReadingPane` in its styles."""

    def __init__(self, pane: Widget) -> None:
        self._pane = pane
        self._styles: dict[object, Style] = {}
        self._tint_styles: dict[int, Style] | None = None

    def clear(self) -> None:
        """Forget the cached styles (the pane's styles or the theme changed)."""
        self._styles.clear()
        self._tint_styles = None

    # ================================================================ strips
    def blank(self, width: int) -> Strip:
        return Strip.blank(width, self.base())

    def placeholder(self, message: str, width: int) -> Strip:
        """A dim hint line (no document, or an empty one)."""
        base = self.base()
        style = base + self.overlay("reading-pane--placeholder")
        return Strip([Segment(" " * GUTTER + message, style)]).crop_extend(0, width, base)

    def row(
        self,
        text: str,
        a: int,
        b: int,
        width: int,
        *,
        cursor: bool,
        bookmarked: bool,
        layers: Layers,
        tints: Sequence[tuple[int, int, int]],
    ) -> Strip:
        """Characters ``[a, b)`` of ``text`` after the gutter (the cursor arrow if the row
        holds the cursor sentence's start, the bookmark bar if a bookmark touches it), with
        ``layers`` and tint buckets ``tints`` as styles, cropped or padded to ``width``."""
        base = self.base()
        gutter_style = base + self.overlay("reading-pane--gutter")
        mark_style = base + self.overlay("reading-pane--mark-gutter")
        arrow = CURSOR_MARK if cursor else " "
        bar = BOOKMARK_MARK if bookmarked else " "
        segments = [Segment(arrow, gutter_style), Segment(bar, mark_style)]

        # Whitespace ending a row is drawn plain (only a search match shows on it): an
        # underline or background there would stick out past the row's last word.
        # (style_runs cuts tints reaching into it at ``end``.)
        end = a + len(text[a:b].rstrip(" \t"))
        for x, y, bits, bucket in style_runs(a, end, layers, tints):
            segments.append(Segment(display_text(text[x:y]), self.style_for(bucket, bits)))
        for x, y, bits, _bucket in style_runs(end, b, layers):
            segments.append(Segment(display_text(text[x:y]), self.style_for(0, bits & TRAILING)))
        return Strip(segments).crop_extend(0, width, base)

    # ================================================================ styles
    def base(self) -> Style:
        """The pane's own style (text colour on its background)."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self._pane.rich_style
        return style

    def overlay(self, name: str) -> Style:
        """A component class as an overlay: only what it sets, with translucent colours
        blended over the pane's background (Rich styles have no alpha)."""
        style = self._styles.get(name)
        if style is None:
            styles = self._pane.get_component_styles(name)
            base = self._pane.background_colors[1]
            background = None
            if styles.has_rule("background") and styles.background.a > 0:
                background = base + styles.background
            foreground = None
            under = background or base
            if styles.has_rule("auto_color") and styles.auto_color:
                foreground = under.get_contrast_text(styles.color.a)
            elif styles.has_rule("color") and styles.color.a > 0:
                foreground = under + styles.color
            style = Style(
                color=foreground.rich_color if foreground else None,
                bgcolor=background.rich_color if background else None,
            )
            if styles.has_rule("text_style"):
                style += styles.text_style
            self._styles[name] = style
        return style

    def style_for(self, bucket: int, bits: int) -> Style:
        """The style of characters with tint ``bucket`` under the overlay layers ``bits``."""
        key = (bucket, bits)
        style = self._styles.get(key)
        if style is None:
            style = self.base()
            if bucket:
                style += self._tint_style_map()[bucket]
            for bit, name in LAYER_CLASSES:
                if bits & bit:
                    style += self.overlay(name)
            self._styles[key] = style
        return style

    # ================================================================= tint
    def tint_legend(self) -> Content:
        """One line explaining the tint, drawn in the tint's own colours or styles."""
        muted = ContentStyle(dim=True)
        if self._plain_colors():
            return Content.assemble(
                ("tint: ", muted),
                ("negative", ContentStyle(underline=True)),
                " · neutral · ",
                ("positive", ContentStyle(bold=True)),
            )
        negative, positive = self._tint_colors()
        return Content.assemble(
            ("tint: ", muted),
            ("■", ContentStyle(foreground=negative)),
            " negative  □ neutral  ",
            ("■", ContentStyle(foreground=positive)),
            " positive",
        )

    def _plain_colors(self) -> bool:
        """No colours to blend (NO_COLOR, or an ANSI theme): tint with text styles."""
        if not self._pane.is_attached:
            return False
        return bool(self._pane.app.no_color or self._pane.app.native_ansi_color)

    def _tint_colors(self) -> tuple[Color, Color]:
        def solid(name: str, fallback: str) -> Color:
            color = self._pane.get_component_styles(name).background
            if color.a == 0:
                color = Color.parse(self._pane.app.theme_variables.get(fallback, "red"))
            return color.with_alpha(1.0)

        return solid("reading-pane--tint-negative", "error"), solid(
            "reading-pane--tint-positive", "success"
        )

    def _tint_style_map(self) -> dict[int, Style]:
        if self._tint_styles is None:
            if self._plain_colors():
                neg, pos = Style(underline=True), Style(bold=True)
                styles = {-1: neg, -2: neg, -3: neg + Style(italic=True)}
                styles |= {1: pos, 2: pos, 3: pos + Style(italic=True)}
            else:
                base = self._pane.background_colors[1]
                negative, positive = self._tint_colors()
                styles = {}
                for level, alpha in _TINT_ALPHA.items():
                    styles[-level] = Style(bgcolor=base.blend(negative, alpha).rich_color)
                    styles[level] = Style(bgcolor=base.blend(positive, alpha).rich_color)
            self._tint_styles = styles
        return self._tint_styles
