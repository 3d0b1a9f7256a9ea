"""EPUB loading: spine order through the HTML path, title from the OPF, chapters from the
NCX or the nav document, Gutenberg licence out of the content, graceful with mess."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.load.files import load_document, load_paths
from analysis.nlp.corpus import Corpus, analyze_document
from tests.books.makers import make_epub

PROSE = (
    "<p>The rain had not stopped for three days, and the river rose against the old stone "
    "bridge while the villagers watched from the bank.</p>"
)


def chapters(count: int = 3) -> list[tuple[str, str]]:
    return [
        (f"part{n}.xhtml", f'<h2 id="c">Chapter {n}</h2>' + PROSE * 4) for n in range(1, count + 1)
    ]


LICENCE = (
    "<p>End of the Project Gutenberg EBook of A Small Book</p>"
    "<p>*** START: FULL LICENSE ***</p>"
    + "<p>Project Gutenberg-tm electronic works license terms foundation trademark.</p>"
    * 60
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("version", [2, 3])
def test_an_epub_reads_in_spine_order_with_its_chapters(tmp_path: Path, version: int) -> None:
    path = write(tmp_path, "book.epub", make_epub(chapters(), version=version))
    doc = load_document(path, split=False)
    assert doc.format == "epub"
    assert doc.title == "A Small Book"
    assert [e.title for e in doc.outline] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    for entry in doc.outline:
        assert doc.text.startswith(entry.title, entry.start)
    assert doc.text.index("Chapter 1") < doc.text.index("Chapter 2") < doc.text.index("Chapter 3")
    assert "<p>" not in doc.text


def test_the_gutenberg_licence_is_shown_but_not_analysed(tmp_path: Path) -> None:
    data = make_epub(chapters(), extra_spine=[("licence.xhtml", LICENCE)])
    doc = load_document(write(tmp_path, "pg.epub", data))
    assert "FULL LICENSE" in doc.text  # still there to read
    assert doc.content is not None
    assert "FULL LICENSE" not in doc.text[doc.content.start : doc.content.end]
    analysis = analyze_document(doc)
    corpus = Corpus()
    corpus.add(analysis)
    terms = {k.term.casefold() for k in corpus.keywords(0, top=40)}
    assert not terms & {"gutenberg", "license", "trademark", "foundation", "electronic"}
    assert analysis.stats.words == 3 * (2 + 4 * 24)  # "Chapter n" + four paragraphs


def test_malformed_xhtml_and_a_missing_file_degrade_gracefully(tmp_path: Path) -> None:
    broken = chapters()
    broken[1] = ("part2.xhtml", '<h2 id="c">Chapter 2</h2><div id="x><p>Unclosed <b>bold' + PROSE)
    data = make_epub(broken, missing=["gone.xhtml"])
    doc = load_document(write(tmp_path, "messy.epub", data), split=False)
    assert "Chapter 3" in doc.text
    assert [e.title for e in doc.outline][-1] == "Chapter 3"


def test_a_drm_epub_is_an_encrypted_error(tmp_path: Path) -> None:
    path = write(tmp_path, "drm.epub", make_epub(chapters(), encrypted=True))
    (failure,) = load_paths([str(path)])
    assert failure.kind == "encrypted"


def test_an_epub_without_a_package_is_a_damaged_error(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("chapter.xhtml", "<p>text</p>")
    (failure,) = load_paths([str(write(tmp_path, "hollow.epub", buffer.getvalue()))])
    assert failure.kind == "damaged"
    assert failure.message.startswith("hollow.epub")


def test_a_zip_that_is_not_an_epub_is_still_refused_as_binary(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    (failure,) = load_paths([str(write(tmp_path, "a.zip", buffer.getvalue()))])
    assert failure.kind == "binary"
