"""The loader: formats, encodings, binary refusal, every failure kind, folder walking,
paragraphs and titles."""

from __future__ import annotations

import gzip
import io
import os
import pickle
import random
import threading
import zipfile
from pathlib import Path

import pytest

import analysis.load.files as loader
import analysis.load.html as html_text
from analysis.load.files import (
    DEFAULT_MAX_BYTES,
    BinaryFile,
    DirectoryLoop,
    FileTooLarge,
    LoadError,
    MissingPath,
    NotAFile,
    PermissionDenied,
    ReadError,
    UndecodableFile,
    build_document,
    decode_bytes,
    expand_inputs,
    load_document,
    load_paths,
    max_bytes_from_env,
    with_sentences,
)
from analysis.load.html import html_to_text, looks_like_html
from analysis.model import Document, LoadFailure, SpanArray


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def paragraph_texts(doc: Document) -> list[str]:
    return [doc.text[start:end] for start, end in doc.paragraphs]


def names(items: list[Path | LoadFailure]) -> list[str]:
    return [item.name if isinstance(item, Path) else f"!{item.kind}" for item in items]


# --- the seed and plain formats ------------------------------------------------------------


def test_seed_document_loads_with_ten_paragraphs(seeds_dir: Path) -> None:
    (seed,) = sorted(seeds_dir.glob("*.txt"))
    doc = load_document(seed)
    assert len(doc.paragraphs) == 10
    assert doc.title.startswith("UNITED STATES President Donald Trump directed")
    assert len(doc.title) <= 120 and doc.title.endswith("…")
    assert doc.encoding == "utf-8" and doc.format == "text"
    assert doc.path == str(seed.resolve())
    assert paragraph_texts(doc)[4] == "Each city is Democratic Party controlled."
    assert len(doc.sentences) >= 10
    assert isinstance(doc.paragraphs, SpanArray)


def test_plain_text(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "note.txt", "First line here\n\nSecond paragraph.\n"))
    assert doc.format == "text"
    assert doc.title == "First line here"
    assert paragraph_texts(doc) == ["First line here", "Second paragraph."]
    assert doc.sha256 == __import__("hashlib").sha256(doc.text.encode()).hexdigest()


def test_markdown_is_kept_as_text_and_titled_by_its_heading(tmp_path: Path) -> None:
    source = "Some badge line\n\n## The *Real* Title ##\n\nBody with **bold** text.\n"
    doc = load_document(write(tmp_path, "readme.md", source))
    assert doc.format == "markdown"
    assert doc.text == source  # kept as written
    assert doc.title == "The *Real* Title"


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("Setext Title\n============\n\nText.\n", "Setext Title"),
        ("Intro paragraph\n\nSection\n-------\n", "Section"),
        ("```sh\n# not a heading\n```\n\n# After The Code\n", "After The Code"),
        ("---\ntitle: 'From Front Matter'\ndate: 2024\n---\n# Heading\n", "From Front Matter"),
        ("---\nlayout: post\n---\nFirst words\n", "First words"),
        ("# [Linked](http://x.example) `code` title\n", "Linked code title"),
        ("#hashtag is not a heading\n", "#hashtag is not a heading"),
    ],
)
def test_markdown_titles(tmp_path: Path, source: str, title: str) -> None:
    assert load_document(write(tmp_path, "doc.md", source)).title == title


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("Document Title\n==============\n\nBody.\n", "Document Title"),
        ("=========\n Overlined\n=========\n\nBody.\n", "Overlined"),
        (".. comment\n\nAfter Comment\n-------------\n", "After Comment"),
        ("No title here, just a line.\nAnother.\n", "No title here, just a line."),
    ],
)
def test_rst_titles(tmp_path: Path, source: str, title: str) -> None:
    doc = load_document(write(tmp_path, "doc.rst", source))
    assert doc.format == "rst"
    assert doc.title == title


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>  The &amp; Page  </title>
<style>body { color: red }</style>
<script>document.write("<p>injected</p>")</script></head>
<body><h1>Heading</h1>
<p>Caf&eacute; &ldquo;quoted&rdquo; &#8212; it&#x2019;s
   spread over
   lines.</p>
<noscript>Enable JavaScript</noscript><template><p>hidden template</p></template>
<ul><li>one</li><li>two</li></ul>
<p>line<br>break</p>
</body></html>
"""


def test_html_is_reduced_to_readable_text(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "page.html", HTML_PAGE))
    assert doc.format == "html"
    assert doc.title == "The & Page"
    assert paragraph_texts(doc) == [
        "Heading",
        "Café “quoted” — it’s spread over lines.",
        "one",
        "two",
        "line\nbreak",
    ]
    for hidden in ("color", "injected", "document.write", "Enable JavaScript", "template"):
        assert hidden not in doc.text


def test_html_is_sniffed_for_unknown_extensions_only(tmp_path: Path) -> None:
    page = "  <!doctype HTML><p>Hi <b>there</b></p>"
    assert load_document(write(tmp_path, "page.view", page)).text == "Hi there"
    assert load_document(write(tmp_path, "noext", "<html><p>x</p></html>")).format == "html"
    as_text = load_document(write(tmp_path, "page.txt", page))
    assert as_text.format == "text" and as_text.text == page


def test_html_without_title_uses_first_line_and_decodes_declared_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><h2>Привет</h2>мир</body></html>'
    doc = load_document(write(tmp_path, "ru.htm", page.encode("cp1251")))
    assert doc.encoding == "cp1251"
    assert doc.title == "Привет"
    assert doc.text == "Привет\n\nмир"


def test_build_document_accepts_html_and_hints() -> None:
    doc = build_document("<stdin>", "<title>T</title><p>a</p><p>b</p>", format="html")
    assert (doc.title, doc.text, doc.format) == ("T", "a\n\nb", "html")
    hinted = build_document("x.txt", "first line\n", title_hint="Given\tTitle")
    assert hinted.title == "Given Title"
    with pytest.raises(ValueError, match="unknown document format"):
        build_document("x", "text", format="pdf")


# --- encodings -------------------------------------------------------------------------------

SAMPLE = "Héllo wörld — “quoted” ’s\nSecond line ∑ 日本\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("utf-8-sig"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16-le"),  # BOM, native (little-endian) order
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),  # no BOM
        (SAMPLE.encode("utf-32"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + SAMPLE.encode("utf-32-be"), "utf-32-be"),
    ],
)
def test_unicode_encodings_round_trip(tmp_path: Path, data: bytes, encoding: str) -> None:
    assert decode_bytes(data) == (SAMPLE, encoding)
    doc = load_document(write(tmp_path, "u.txt", data))
    assert doc.text == SAMPLE and doc.encoding == encoding


ENGLISH_WITH_ONE_ACCENT = """The following people have contributed to this program.
Thanks to everyone who reported bugs and sent patches over the years; the
translations were graciously provided by François Pinard and many others.
"""


@pytest.mark.parametrize(
    ("text", "codec", "expected_encoding"),
    [
        ("Le café est très apprécié à Noël, naïve façon.\n", "latin-1", "cp1252"),
        ("café", "latin-1", "cp1252"),
        ("He said “hello” — it’s fine… €5\n", "cp1252", "cp1252"),
        ("“hi”", "cp1252", "cp1252"),
        ("Größe, Übermäßig, schön — Straße\n", "cp1252", "cp1252"),
        ("Привет, как дела? Это русский текст.\n", "cp1251", "cp1251"),
        ("Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy.\n", "cp1250", "cp1250"),
        (ENGLISH_WITH_ONE_ACCENT, "latin-1", "cp1252"),  # the detector says cp850
        ("Καλημέρα κόσμε, αυτό είναι ελληνικό κείμενο.\n", "cp1253", "cp1253"),
    ],
)
def test_legacy_encodings_are_detected(text: str, codec: str, expected_encoding: str) -> None:
    assert decode_bytes(text.encode(codec)) == (text, expected_encoding)


def test_mostly_utf8_with_a_stray_byte_keeps_the_utf8(tmp_path: Path) -> None:
    data = "naïve “ok” ".encode() + b"\xe9t\xe9 " + "café ’quote’ ".encode() * 3
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8 (with replacements)"
    assert text.startswith("naïve “ok” \ufffdt\ufffd café")


@pytest.mark.parametrize("seed", range(20))
def test_garbage_is_decoded_or_refused_cleanly(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.choice(b"abc \n\xe9\xff\xfe\x80\x93\xc3\xa9\x1b") for _ in range(300))
    try:
        text, encoding = decode_bytes(data)
    except (UndecodableFile, BinaryFile) as exc:
        assert exc.path == "" and exc.message.startswith("This file ")
    else:
        assert isinstance(text, str) and encoding


def test_newlines_are_normalised(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "dos.txt", b"one\r\ntwo\rthree\n\r\nfour"))
    assert doc.text == "one\ntwo\nthree\n\nfour"
    assert paragraph_texts(doc) == ["one\ntwo\nthree", "four"]


# --- binary files ------------------------------------------------------------------------------


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (_zip_bytes(), "ZIP archive"),
        (gzip.compress(b"hello"), "gzip-compressed data"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(56), "ELF executable"),
        (b"plain text then a NUL\x00 byte", "it contains NUL bytes"),
        (bytes(range(1, 9)) * 20 + b"abc", "mostly control characters"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes, what: str) -> None:
    with pytest.raises(BinaryFile) as raised:
        decode_bytes(data)
    assert what in raised.value.message
    path = write(tmp_path, "notes.bin", data)
    with pytest.raises(BinaryFile) as raised:
        load_document(path)
    assert raised.value.path == str(path)
    assert raised.value.message == f"notes.bin looks like a binary file ({what}), not text."
    assert raised.value.kind == "binary"


@pytest.mark.parametrize("seed", range(10))
def test_random_bytes_are_refused(seed: int) -> None:
    data = random.Random(seed).randbytes(4096)
    with pytest.raises((BinaryFile, UndecodableFile)):
        decode_bytes(data)


# --- control characters --------------------------------------------------------------------


def test_control_characters_in_files_become_visible(tmp_path: Path) -> None:
    raw = "Title \x1b]0;pwned\x07\nclip \x1b]52;c;aGk=\x07 csi \u009b6n bidi \u202etxt.exe\n"
    doc = load_document(write(tmp_path, "evil.txt", raw))
    assert doc.text == "Title ␛]0;pwned␇\nclip ␛]52;c;aGk=␇ csi \ufffd6n bidi \ufffdtxt.exe\n"
    assert len(doc.text) == len(raw)
    assert doc.title == "Title ␛]0;pwned␇"


def test_nul_and_other_controls_in_given_text_are_replaced() -> None:
    raw = "a\x00b\x08c\x7fd\te\r\nf"
    doc = build_document("t", raw)
    assert doc.text == "a␀b␈c␡d\te\nf"


# --- paragraphs and titles --------------------------------------------------------------------


def test_one_paragraph_per_line_without_blank_lines() -> None:
    doc = build_document("t", "\n  First line.  \nSecond line.\n\t Third \n")
    assert paragraph_texts(doc) == ["First line.", "Second line.", "Third"]


def test_blank_lines_separate_blocks_even_with_white_space_on_them() -> None:
    doc = build_document("t", "  A first\nblock.\n \t \nSecond\n  block  \n\n\nThird\n")
    assert paragraph_texts(doc) == ["A first\nblock.", "Second\n  block", "Third"]


def test_every_sentence_is_inside_its_paragraph() -> None:
    doc = build_document("t", "One. Two!\n\nThree? Four.\n")
    for sentence, owner in zip(doc.sentences, doc.sentence_paragraph, strict=True):
        paragraph = doc.paragraphs[owner]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_long_first_line_is_cut_at_a_word_boundary() -> None:
    line = " ".join(f"word{i}" for i in range(60))
    title = build_document("t", line).title
    assert len(title) <= 120 and title.endswith("…")
    assert line.startswith(title[:-1]) and line[len(title) - 1] == " "


def test_title_falls_back_to_the_file_name() -> None:
    assert build_document("/some/dir/empty.txt", " \n\n ").title == "empty.txt"
    assert build_document("/x/*.txt", "----\n====\n").title == "----"
    assert build_document("", "").title == "Untitled"


# --- failures ----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingPath) as raised:
        load_document(tmp_path / "gone.txt")
    assert raised.value.message == "gone.txt does not exist."
    assert raised.value.to_failure() == LoadFailure(
        str(tmp_path / "gone.txt"), "missing", "gone.txt does not exist."
    )


def test_broken_symlink_is_missing(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(MissingPath, match="symbolic link to something that does not exist"):
        load_document(tmp_path / "link.txt")


def test_permission_denied_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = write(tmp_path, "secret.txt", "top secret")
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if os.fspath(path) == str(secret):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(PermissionDenied) as raised:
        load_document(secret)
    assert raised.value.kind == "permission"
    assert raised.value.message == "secret.txt cannot be read: permission denied."


def test_permission_denied_folder_is_reported_and_walk_continues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a.txt", "a")
    write(tmp_path, "locked/inner.txt", "x")
    write(tmp_path, "z.txt", "z")
    real_scandir = os.scandir

    def deny(path="."):
        if os.fspath(path) == str(tmp_path / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    items = list(expand_inputs([str(tmp_path)]))
    assert names(items) == ["a.txt", "!permission", "z.txt"]
    assert items[1].path == str(tmp_path / "locked")
    assert "locked cannot be opened: permission denied" in items[1].message


def test_directory_loop_is_reported_once_and_walk_continues(tmp_path: Path) -> None:
    write(tmp_path, "top/a.txt", "a")
    write(tmp_path, "top/sub/b.txt", "b")
    (tmp_path / "top/sub/back").symlink_to(tmp_path / "top")
    (tmp_path / "top/sub/self").symlink_to(tmp_path / "top/sub")
    (tmp_path / "top/sub/spin").symlink_to(tmp_path / "top/sub/spin")  # ELOOP
    items = list(expand_inputs([str(tmp_path / "top")]))
    assert names(items) == ["a.txt", "b.txt", "!loop", "!loop", "!loop"]
    loops = [item for item in items if isinstance(item, LoadFailure)]
    assert [Path(f.path).name for f in loops] == ["back", "self", "spin"]
    assert loops[0].message == "back links back to a folder that contains it, so it was skipped."


def test_symlinked_folders_are_followed_and_duplicates_loaded_once(tmp_path: Path) -> None:
    write(tmp_path, "root/a.txt", "a")
    write(tmp_path, "other/b.txt", "b")
    (tmp_path / "root/link").symlink_to(tmp_path / "other")
    (tmp_path / "root/same.txt").symlink_to(tmp_path / "root/a.txt")
    items = list(expand_inputs([str(tmp_path / "root"), str(tmp_path / "other/b.txt")]))
    assert items == [tmp_path / "root/a.txt", tmp_path / "root/link/b.txt"]


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: _capture(outcome, fifo), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "loading a FIFO blocked"
    assert isinstance(outcome[0], NotAFile)
    assert (
        outcome[0].message
        == "pipe.txt is a named pipe (FIFO), not a regular file, so it was not read."
    )


def _capture(outcome: list[BaseException], path: Path) -> None:
    try:
        load_document(path)
    except BaseException as exc:  # noqa: BLE001 - handed to the test thread
        outcome.append(exc)


def test_fifo_swapped_in_after_stat_is_opened_nonblocking_and_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "race.txt"
    os.mkfifo(fifo)
    regular = write(tmp_path, "regular.txt", "x")
    real_stat = os.stat

    def lying_stat(path, *args, **kwargs):
        if os.fspath(path) == str(fifo):
            return real_stat(regular)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", lying_stat)
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: _capture(outcome, fifo), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "opening a FIFO blocked"
    assert isinstance(outcome[0], NotAFile)


def test_fifo_and_folder_in_a_walk(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "a")
    os.mkfifo(tmp_path / "b.fifo")
    write(tmp_path, "c.txt", "c")
    results = list(load_paths([str(tmp_path)]))
    assert [r.kind if isinstance(r, LoadFailure) else r.text for r in results] == [
        "a",
        "not-a-file",
        "c",
    ]
    with pytest.raises(NotAFile, match="is a folder, not a file"):
        load_document(tmp_path)


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "x" * 2000)
    with pytest.raises(FileTooLarge) as raised:
        load_document(path, max_bytes=1000)
    assert raised.value.kind == "too-large"
    assert "MiB" in raised.value.message and "2,000 bytes" in raised.value.message
    assert load_document(path, max_bytes=2000).text == "x" * 2000
    big = 300 * 1024 * 1024
    message = loader._too_large("huge.txt", big, DEFAULT_MAX_BYTES).message
    assert message.startswith("huge.txt is 300.0 MiB, more than the 256.0 MiB limit")


def _fake_fstat(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    real_fstat = os.fstat

    def fstat(fd):
        info = real_fstat(fd)
        return os.stat_result((*info[:6], size, *info[7:]))

    monkeypatch.setattr(os, "fstat", fstat)


def test_file_growing_past_the_limit_while_read(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "growing.txt", "y" * 5000)
    real_stat = os.stat

    def small_stat(p, *args, **kwargs):
        info = real_stat(p, *args, **kwargs)
        return os.stat_result((*info[:6], 10, *info[7:])) if os.fspath(p) == str(path) else info

    monkeypatch.setattr(os, "stat", small_stat)
    _fake_fstat(monkeypatch, 10)
    with pytest.raises(FileTooLarge):
        load_document(path, max_bytes=1000)
    assert load_document(path).text == "y" * 5000  # read past the size fstat gave


def test_file_reporting_size_zero_is_read_whole(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "proc.txt", "z" * 3_000_000)
    _fake_fstat(monkeypatch, 0)
    assert len(load_document(path).text) == 3_000_000


def test_file_truncated_mid_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "short.txt", "abc")
    _fake_fstat(monkeypatch, 100)
    with pytest.raises(ReadError) as raised:
        load_document(path)
    assert raised.value.kind == "io-error"
    assert "became shorter while it was being read" in raised.value.message


def test_is_a_directory_on_open_is_a_read_error(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "flip.txt", "x")

    def eisdir(p, *args, **kwargs):
        raise IsADirectoryError(21, "Is a directory", str(p))

    monkeypatch.setattr(os, "open", eisdir)
    with pytest.raises(ReadError, match="it is a folder"):
        load_document(path)


def test_file_deleted_between_listing_and_reading(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "first")
    doomed = write(tmp_path, "b.txt", "second")
    write(tmp_path, "c.txt", "third")
    results = load_paths([str(tmp_path)])
    assert next(results).text == "first"
    doomed.unlink()
    vanished = next(results)
    assert isinstance(vanished, LoadFailure)
    assert (vanished.kind, vanished.path) == ("io-error", str(doomed))
    assert vanished.message == "b.txt was removed before it could be read."
    assert next(results).text == "third"


def test_load_paths_yields_documents_and_failures_in_order(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "fine")
    binary = write(tmp_path, "img.png", b"\x89PNG\r\n\x1a\n....")
    results = list(load_paths([str(good), str(tmp_path / "nope.txt"), str(binary)]))
    assert [type(r).__name__ for r in results] == ["Document", "LoadFailure", "LoadFailure"]
    assert [r.kind for r in results[1:]] == ["missing", "binary"]


def test_load_paths_survives_an_unexpected_bug(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, "a.txt", "a")
    write(tmp_path, "b.txt", "b")

    def broken(text, paragraphs):
        if text == "a":
            raise RuntimeError("splitter bug")
        return loader.SpanArray(), loader.array("q")

    import analysis.nlp.sentences

    monkeypatch.setattr(analysis.nlp.sentences, "split_sentences", broken)
    first, second = load_paths([str(tmp_path)])
    assert isinstance(first, LoadFailure) and "RuntimeError: splitter bug" in first.message
    assert isinstance(second, Document)


def test_errors_pickle_and_take_a_path() -> None:
    error = BinaryFile("", "looks like a binary file (PNG image), not text.")
    moved = error.with_path("/tmp/x/notes.bin")
    assert isinstance(moved, BinaryFile)
    assert moved.message == "notes.bin looks like a binary file (PNG image), not text."
    clone = pickle.loads(pickle.dumps(moved))
    assert (type(clone), clone.path, clone.message) == (BinaryFile, moved.path, moved.message)
    assert str(clone) == clone.message
    kinds = {cls.kind for cls in LoadError.__subclasses__()}
    assert kinds == {
        "missing",
        "permission",
        "binary",
        "undecodable",
        "too-large",
        "loop",
        "not-a-file",
        "io-error",
        "no-text",
        "encrypted",
        "damaged",
    }
    assert DirectoryLoop("/a/b", "x.").to_failure() == LoadFailure("/a/b", "loop", "b x.")


def test_file_names_in_messages_are_made_safe(tmp_path: Path) -> None:
    with pytest.raises(MissingPath) as raised:
        load_document(tmp_path / "evil\x1b]0;x\x07\n.txt")
    assert raised.value.message == "evil␛]0;x␇␤.txt does not exist."


def test_max_bytes_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LECTERN_MAX_BYTES", raising=False)
    assert max_bytes_from_env() == DEFAULT_MAX_BYTES
    for raw, expected in [("1024", 1024), ("2M", 2 * 1024**2), ("1.5 GiB", 3 * 1024**3 // 2)]:
        monkeypatch.setenv("LECTERN_MAX_BYTES", raw)
        assert max_bytes_from_env() == expected
    for junk in ["", "lots", "-5", "0"]:
        monkeypatch.setenv("LECTERN_MAX_BYTES", junk)
        assert max_bytes_from_env() == DEFAULT_MAX_BYTES


# --- inputs: folders, hidden files, order, globs -------------------------------------------


def test_folders_are_walked_sorted_skipping_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "C.txt", "sub/z.md", "sub/y.txt", ".hidden.txt"]:
        write(tmp_path, name, name)
    write(tmp_path, ".git/config.txt", "hidden folder")
    write(tmp_path, "sub/.cache/x.txt", "hidden folder")
    items = list(expand_inputs([str(tmp_path)]))
    assert [str(p.relative_to(tmp_path)) for p in items] == [
        "C.txt",
        "a.txt",
        "b.txt",
        "sub/y.txt",
        "sub/z.md",
    ]
    assert all(p.is_absolute() for p in items)


def test_hidden_file_given_explicitly_is_loaded(tmp_path: Path) -> None:
    hidden = write(tmp_path, ".notes.txt", "kept")
    assert list(expand_inputs([str(hidden)])) == [hidden]


def test_relative_inputs_and_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["one.txt", "two.txt", "skip.md", ".hid.txt", "docs/a.md", "docs/deep/b.md"]:
        write(tmp_path, name, name)
    monkeypatch.chdir(tmp_path)
    assert list(expand_inputs(["two.txt"])) == [tmp_path / "two.txt"]
    assert names(list(expand_inputs(["*.txt"]))) == ["one.txt", "two.txt"]
    assert names(list(expand_inputs(["docs/**/*.md"]))) == ["a.md", "b.md"]
    assert names(list(expand_inputs([str(tmp_path / "*.md")]))) == ["skip.md"]
    (failure,) = expand_inputs(["*.pdf"])
    assert failure == LoadFailure(str(tmp_path / "*.pdf"), "missing", "*.pdf matches no files.")


def test_literal_file_name_with_glob_characters(tmp_path: Path) -> None:
    odd = write(tmp_path, "notes[1].txt", "bracket")
    assert list(expand_inputs([str(odd)])) == [odd]


def test_missing_and_empty_inputs(tmp_path: Path) -> None:
    missing, empty = expand_inputs([str(tmp_path / "nope"), ""])
    assert (missing.kind, missing.message) == ("missing", "nope does not exist.")
    assert (empty.kind, empty.message) == (
        "missing",
        "An empty path was given, so there is nothing to load.",
    )


# --- malformed HTML ------------------------------------------------------------------------


def test_constructs_left_open_at_the_end_are_dropped() -> None:
    assert html_to_text("<title>T</title><p>Kept.</p><p class='unfinished") == ("Kept.", "T")
    assert html_to_text("<p>Kept.</p><!-- never closed <p>hidden</p>") == ("Kept.", None)
    # Open quote with a '>' later: html.parser's own recovery keeps it as text.
    assert html_to_text("<p>Kept.</p><a b='x> tail")[0] == "Kept.\n\n<a b='x> tail"


@pytest.mark.parametrize("unit", ["<!--", "<!-- >", "<p x='", "<a b=c d", "<a ", "</a ", "<?x"])
def test_repeated_unterminated_markup_is_handled(unit: str) -> None:
    """html.parser (CPython < 3.13.4, CVE-2025-6069) rescans the rest of the page from
    every one of these when the page ends inside one: quadratic time, minutes for these."""
    text, title = html_to_text("<p>Kept &amp; shown</p>" + unit * 20_000)
    assert (text, title) == ("Kept & shown", None)


def test_parser_work_is_bounded_with_a_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past a budget of rescanned characters we strip tags with a linear regex instead."""
    markup = "<p>Kept</p><a b='x> tail"
    monkeypatch.setattr(html_text, "_WASTE_PER_CHAR", 0)
    monkeypatch.setattr(html_text, "_WASTE_ALLOWANCE", 0)
    assert html_to_text(markup) == (" Kept   tail", None)
    assert html_text._strip_tags("<a" * 10_000 + "<b>&amp;") == "<a" * 10_000 + " &"


def test_html_sniffing_reads_only_the_first_8192_characters() -> None:
    """Comments before ``<html>`` are skipped, within the first 8,192 characters only: the
    cap bounds the work whatever the comments (the streaming loader hands the sniffer
    no more than that, so both loaders decide alike)."""
    assert looks_like_html("<!---->" * 1000 + "<html>")
    assert not looks_like_html("<!---->" * 1000 + "x")
    assert not looks_like_html("<!-- never closed <html>")
    assert looks_like_html("<!---->" * 1169 + "<html>")  # "<html" ends at character 8,188
    assert not looks_like_html("<!---->" * 1171 + "<html>")  # starts at character 8,197


def test_sentences_can_be_split_later(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "One. Two.\n\nThree.")
    lazy = load_document(path, split=False)
    assert len(lazy.sentences) == 0 and len(lazy.paragraphs) == 2
    full = with_sentences(lazy)
    assert full == load_document(path)
    assert len(full.sentences) == 3
    assert with_sentences(full) is full
    (listed,) = load_paths([str(path)], split=False)
    assert listed == lazy
