"""The row helpers the panels share: fit a piece to a column, figures at a row's end."""

from __future__ import annotations

from textual.content import Content

from tui.widgets.fitted_row import fit, fit_beside
from tui.widgets.formatting import format_figure, format_score


def test_fit_cuts_with_an_ellipsis_or_pads() -> None:
    assert fit(Content("abcdef"), 4).plain == "abc…"
    assert fit(Content("ab"), 4).plain == "ab  "
    assert fit(Content("ab"), -3).plain == ""


def test_fit_beside_puts_the_figures_at_the_end() -> None:
    row = fit_beside(Content("a long title"), Content("12w"), 10)
    assert row.plain == "a lon… 12w"
    assert row.cell_length == 10
    assert fit_beside(Content("ab"), Content("9"), 6, gap=2).plain == "ab   9"


def test_fit_beside_drops_the_figures_when_the_label_gets_too_little() -> None:
    assert fit_beside(Content("keyword"), Content(" 1.23   45"), 14, gap=0, min_label=6).plain == (
        "keyword       "
    )
    assert fit_beside(Content("keyword"), Content(" 1.23"), 11, gap=0, min_label=6).plain == (
        "keywo… 1.23"
    )


def test_figures_as_people_write_them() -> None:
    assert [format_figure(x) for x in (0.1234, 4.567, 78.91, 456.2, 3350, 45678)] == [
        "0.123",
        "4.57",
        "78.9",
        "456",
        "3,350",
        "45,678",
    ]
    assert format_figure(-12.34) == "-12.3"
    assert format_score(45678) == "46k"
    assert format_score(-1_234_567) == "-1.2M"
