"""Outlines: chapter headings of real plain-text books (and not their contents lists),
Markdown, reStructuredText and HTML headings."""

from __future__ import annotations

import pytest

from analysis.load.files import build_document
from analysis.load.outline import markdown_outline, rst_outline, text_outline

PARA = (
    "The wind came off the moor in long grey sheets, and the house stood against it as it "
    "had for a hundred years, its windows dark and its door barred against the night.\n\n"
)


def book(headings: list[str], contents: bool = True) -> str:
    parts = ["A Book of Tests\n\nby Some Body\n\n\n"]
    if contents:
        parts.append(
            "Contents\n\n" + "\n".join(" " + h.split("\n")[0] for h in headings) + "\n\n\n"
        )
    for heading in headings:
        parts.append(heading + "\n\n\n" + PARA * 4)
    return "".join(parts)


def titles(text: str) -> list[str]:
    return [entry.title for entry in text_outline(text)]


@pytest.mark.parametrize(
    "headings",
    [
        ["CHAPTER I.", "CHAPTER II.", "CHAPTER III."],
        ["Chapter 1", "Chapter 2", "Chapter 3"],
        ["CHAPTER 1. Loomings.", "CHAPTER 2. The Carpet-Bag.", "CHAPTER 3. The Spouter-Inn."],
        ["I. A SCANDAL IN BOHEMIA", "II. THE RED-HEADED LEAGUE", "III. A CASE OF IDENTITY"],
        ["Letter 1", "Letter 2", "Chapter 1", "Chapter 2"],
        ["Chapter One", "Chapter Two", "Epilogue"],
    ],
)
def test_chapter_headings_of_real_books(headings: list[str]) -> None:
    text = book(headings)
    found = text_outline(text)
    assert [e.title for e in found] == headings
    for entry in found:  # the chapter itself, after the contents list
        assert text.startswith(entry.title, entry.start)
        assert entry.start > text.index(PARA) - len(entry.title) - 4


def test_a_heading_split_over_two_lines_is_one_entry() -> None:
    text = book(
        [
            "CHAPTER I.\nDown the Rabbit-Hole",
            "CHAPTER II.\nThe Pool of Tears",
            "CHAPTER III.\nA Race",
        ]
    )
    assert titles(text) == [
        "CHAPTER I. Down the Rabbit-Hole",
        "CHAPTER II. The Pool of Tears",
        "CHAPTER III. A Race",
    ]


def test_a_heading_inside_an_illustration_caption() -> None:
    text = (
        "[Illustration: ·THE TITLE·\n\n\n\nChapter I.]\n\n\n"
        + PARA * 3
        + "CHAPTER II.\n\n\n"
        + PARA * 3
        + "CHAPTER III.\n\n\n"
        + PARA
    )
    found = text_outline(text)
    assert [e.title for e in found] == ["Chapter I.", "CHAPTER II.", "CHAPTER III."]
    assert text.startswith("Chapter I.]", found[0].start)


def test_books_and_parts_sit_above_chapters() -> None:
    text = book(
        ["BOOK ONE", "CHAPTER I.", "CHAPTER II.", "BOOK TWO", "CHAPTER III."], contents=False
    )
    assert [(e.title, e.level) for e in text_outline(text)] == [
        ("BOOK ONE", 1),
        ("CHAPTER I.", 2),
        ("CHAPTER II.", 2),
        ("BOOK TWO", 1),
        ("CHAPTER III.", 2),
    ]


def test_a_contents_list_with_blank_lines_is_not_the_chapters() -> None:
    contents = "CONTENTS\n\nCHAPTER I\n\nCHAPTER II\n\nCHAPTER III\n\n\n"
    text = contents + "".join(f"CHAPTER {n}\n\n" + PARA * 3 for n in ("I", "II", "III"))
    found = text_outline(text)
    assert [e.title for e in found] == ["CHAPTER I", "CHAPTER II", "CHAPTER III"]
    assert all(e.start > len(contents) - 3 for e in found)


def test_prose_is_not_taken_for_headings() -> None:
    text = (
        "Chapter and verse were quoted.\n\n" + PARA + "Part of the problem was the rain.\n\n" + PARA
    )
    assert titles(text) == []


def test_markdown_and_rst_headings() -> None:
    md = "# Title\n\nText.\n\n```\n# not a heading\n```\n\n## Section\n\nMore.\n\nSetext\n------\n"
    assert [(e.title, e.level) for e in markdown_outline(md)] == [
        ("Title", 1),
        ("Section", 2),
        ("Setext", 2),
    ]
    rst = "=====\nTitle\n=====\n\nIntro.\n\nPart\n====\n\nBody.\n\nSub\n---\n\nEnd.\n"
    assert [(e.title, e.level) for e in rst_outline(rst)] == [
        ("Title", 1),
        ("Part", 2),
        ("Sub", 3),
    ]


def test_html_headings_become_the_outline() -> None:
    doc = build_document(
        "/p.html", "<h1>Book</h1><p>x</p><h2>One</h2><p>y</p><h2>Two</h2>", format="html"
    )
    assert [(e.title, e.level) for e in doc.outline] == [("Book", 1), ("One", 2), ("Two", 2)]
    assert all(doc.text.startswith(e.title, e.start) for e in doc.outline)
