"""``lectern analyze --json`` on books: EPUB and PDF open with their chapters, the outline's
offsets point at the headings, and scans and locked files give their own error kinds."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.books.makers import make_epub, make_pdf
from tests.books.test_epub import chapters
from tests.books.test_pdf import book_pages
from tui.headless.analyze import run_analyze


def analyze(paths: list[Path], *, workers: int = 1) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    run_analyze([str(p) for p in paths], as_json=True, workers=workers, out=out, err=err)
    return json.loads(out.getvalue())


def test_books_and_their_outlines_in_json(tmp_path: Path) -> None:
    epub = tmp_path / "a.epub"
    epub.write_bytes(make_epub(chapters(4)))
    pdf = tmp_path / "b.pdf"
    marks = [("CHAPTER I.", 2), ("CHAPTER II.", 4), ("CHAPTER III.", 6)]
    pdf.write_bytes(make_pdf(book_pages(), bookmarks=marks))
    scan = tmp_path / "c.pdf"
    scan.write_bytes(make_pdf([[], []]))
    text = tmp_path / "d.txt"
    text.write_text("Notes\n\nChapter 1\n\nSome words here.\n", encoding="utf-8")
    docs = analyze([epub, pdf, scan, text])
    assert [d.get("format") for d in docs] == ["epub", "pdf", None, "text"]
    assert [e["title"] for e in docs[0]["outline"]] == [f"Chapter {n}" for n in range(1, 5)]
    assert [e["title"] for e in docs[1]["outline"]] == [m for m, _ in marks]
    assert all(e["level"] == 1 for d in docs[:2] for e in d["outline"])
    assert docs[1]["outline"][0]["start"] > 0  # after the title page and contents
    assert docs[2]["error"]["kind"] == "no-text"
    assert docs[0]["stats"]["words"] > 300
    # Offsets are into the text as the dashboard shows it.
    from analysis.load.files import load_document

    for path, doc in ((epub, docs[0]), (pdf, docs[1])):
        shown = load_document(path, split=False).text
        assert all(shown.startswith(e["title"], e["start"]) for e in doc["outline"])


def test_the_pool_gives_the_same_outlines(tmp_path: Path) -> None:
    paths = []
    for n in range(4):
        path = tmp_path / f"{n}.epub"
        path.write_bytes(make_epub(chapters(n + 1)))
        paths.append(path)
    one = analyze(paths, workers=1)
    two = analyze(paths, workers=2)
    assert [d["outline"] for d in one] == [d["outline"] for d in two]
    assert [len(d["outline"]) for d in two] == [1, 2, 3, 4]
