"""PDF loading: text in reading order, running lines dropped, hyphens mended, bookmarks as
the outline, and clear errors for scans, locked and broken files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from analysis.load.files import load_document, load_paths
from analysis.load.pdf import drop_running_lines, join_pages
from tests.books.makers import make_pdf

BODY = (
    "It was a bright cold day in April and the clocks were striking as the",
    "small party of travellers set out along the road to the old mill by",
    "the river, where the miller had promised them bread and a dry barn.",
)


def book_pages() -> list[list[str]]:
    pages = [["A Small Test Book", "by A. Writer"], ["Contents", "CHAPTER I. The Road 2"]]
    for number, heading in enumerate(("CHAPTER I.", "CHAPTER II.", "CHAPTER III."), start=1):
        body = [f"{line} ({number})" for line in BODY]
        pages.append(["RUNNING HEAD", heading, "The Title Line", *body, str(2 * number)])
        pages.append(["RUNNING HEAD", *body[::-1], *body, str(2 * number + 1)])
    return pages


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_pdf_reads_as_a_book_with_its_bookmarks(tmp_path: Path) -> None:
    pages = book_pages()
    marks = [("CHAPTER I.", 2), ("CHAPTER II.", 4), ("CHAPTER III.", 6)]
    path = write(tmp_path, "book.pdf", make_pdf(pages, bookmarks=marks, title="A Small Test Book"))
    doc = load_document(path, split=False)
    assert doc.format == "pdf"
    assert doc.title == "A Small Test Book"
    assert "RUNNING HEAD" not in doc.text
    assert [e.title for e in doc.outline] == ["CHAPTER I.", "CHAPTER II.", "CHAPTER III."]
    for entry in doc.outline:  # each bookmark points at its heading, not at the contents
        assert doc.text.startswith(entry.title, entry.start)
        assert doc.text[entry.start :].split("\n\n")[1] == "The Title Line"
    assert not any(line.strip().isdigit() for line in doc.text.split("\n"))


def test_without_bookmarks_the_chapter_headings_are_found(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.pdf", make_pdf(book_pages()))
    doc = load_document(path, split=False)
    assert [e.title for e in doc.outline] == ["CHAPTER I.", "CHAPTER II.", "CHAPTER III."]
    assert doc.title == "A Small Test Book"  # the first line: the PDF has no /Title


def test_line_end_hyphens_are_mended_but_real_compounds_kept() -> None:
    pages = [
        [
            "The doctor wrote his name in an abbreviat-",
            "ed form because the whole of it was much too long, a well-",
            "known habit of his that everybody in the town had come to",
            "expect; it was a well-known fact.",
        ]
    ]
    text, _ = join_pages(pages)
    assert "abbreviated form" in text
    assert "well-known habit" in text
    assert "abbreviat-" not in text


def test_a_short_line_before_a_long_word_does_not_end_its_paragraph() -> None:
    """Justified type: "great" ends a short line because "disappointment" did not fit, on
    the same page or across a page break. A title over its "by" line, a sentence's end, a
    line whose next word would have fitted and a capital after a short line end theirs."""
    full = "the jar was on the shelf among the maps and pictures hung upon"  # 62
    pages = [
        ["A Small Test Book", "by A. Writer"],
        [
            full,
            full,
            "labelled ORANGE MARMALADE, but to her great",
            "disappointment it was empty: she did not like to drop the jar for",
        ],
        [full, full, "and as she fell past it she saw another"],
        ["extraordinary thing, a table of solid glass.", full, full],
        ["so she went on her way", "the next morning", full, "the road was long", "Nobody"],
    ]
    text, starts = join_pages(pages)
    paragraphs = text.split("\n\n")
    assert paragraphs[:2] == ["A Small Test Book", "by A. Writer"]
    assert "but to her great disappointment it was empty" in text
    assert "she saw another extraordinary thing" in text  # across the page break
    assert "solid glass.\n\n" + full in text  # a sentence's end ends its paragraph
    assert "her way\n\nthe next morning" in text  # "the" would have fitted after "way"
    assert "long\n\nNobody" in text
    assert [text[i : i + 5] for i in starts] == ["A Sma", full[:5], full[:5], "extra", "so sh"]


def test_page_numbers_and_repeated_headers_are_dropped() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
    pages = [
        ["MY BOOK", f"{words[n]} begins this page", f"and {words[n + 1]} ends it", f"- {n} -"]
        for n in range(1, 6)
    ]
    kept = drop_running_lines(pages)
    assert kept == [
        [f"{words[n]} begins this page", f"and {words[n + 1]} ends it"] for n in range(1, 6)
    ]


def test_a_scanned_pdf_is_a_no_text_error(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf([[], [], []]))
    (failure,) = load_paths([str(path)])
    assert failure.kind == "no-text"
    assert "no text layer" in failure.message
    assert failure.message.startswith("scan.pdf ")


def test_an_encrypted_pdf_is_an_encrypted_error(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(book_pages()))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    path = write(tmp_path, "locked.pdf", locked.getvalue())
    (failure,) = load_paths([str(path)])
    assert failure.kind == "encrypted"
    assert "locked.pdf" in failure.message and "password" in failure.message


def test_a_pdf_locked_only_with_an_empty_password_opens(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(book_pages()))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    opened = io.BytesIO()
    writer.write(opened)
    doc = load_document(write(tmp_path, "perm.pdf", opened.getvalue()), split=False)
    assert "CHAPTER II." in doc.text


@pytest.mark.parametrize("name", ["cut.pdf", "notes.bin"])
def test_a_broken_pdf_is_a_clear_error(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type")
    (failure,) = load_paths([str(path)])
    assert failure.kind in ("damaged", "no-text")
    assert failure.message.startswith(name)
