"""The dispersion strip under the concordance: for each document, where the hits fall (a
barcode), how many, their rate per million words and Gries's DP, most hits first."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from analysis.model import Document, KwicHit
from analysis.nlp.dispersion import Dispersion
from analysis.sanitize import clean_line
from tui.screens.plot_text import barcode_text
from tui.widgets.fitted_row import fit

__all__ = ["DISPERSION_ROWS", "dispersion_lines"]

DISPERSION_ROWS = 6
"""Documents shown in the dispersion strip before it scrolls."""


def dispersion_lines(
    spreads: Sequence[Dispersion],
    documents: Sequence[Document],
    hits: Sequence[KwicHit],
    width: int,
) -> Content:
    """One line per document of ``spreads`` (the busiest :data:`DISPERSION_ROWS`) in
    ``width`` cells: title, barcode of where ``hits`` are, hits, rate, DP."""
    lengths = {doc.path: len(doc.text) for doc in documents}
    offsets: dict[str, list[int]] = {}
    for hit in hits:
        offsets.setdefault(hit.path, []).append(hit.start)
    title_cells = min(20, width // 4)
    figures = 25
    code_cells = max(10, width - title_cells - figures - 2)
    lines = [
        Content.styled(
            f"{'':<{title_cells}} {'where the hits fall':<{code_cells}}"
            f" {'hits':>7} {'per 1M':>9} {'DP':>6}",
            "bold",
        )
    ]
    shown = sorted(spreads, key=lambda d: -d.hits)[:DISPERSION_ROWS]
    for spread in shown:
        title = fit(Content(clean_line(spread.title or spread.path)), title_cells)
        code = barcode_text(offsets.get(spread.path, []), lengths.get(spread.path, 0), code_cells)
        dp = "—" if spread.dp is None else f"{spread.dp:.2f}"
        lines.append(
            Content.assemble(
                title,
                " ",
                Content.styled(code, "$accent"),
                f" {spread.hits:>7,} {spread.per_million:>9,.1f} {dp:>6}",
            )
        )
    if len(spreads) > len(shown):
        lines.append(Content(f"… {len(spreads) - len(shown):,} more documents (export: Ctrl+P)"))
    return Content("\n").join(lines)
