"""EPUB 2 and 3 with the standard library: ``zipfile`` and a tolerant markup parse.

The OPF spine gives the reading order, each content document goes through our HTML path,
and the EPUB 3 nav document or the EPUB 2 NCX gives the chapters. A missing or broken file
inside is skipped; only a book with no readable text at all is an error.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

from analysis.load.book import BookText
from analysis.load.decode import decode_bytes
from analysis.load.errors import DamagedFile, EncryptedFile, LoadError, NoText
from analysis.load.html import html_structure
from analysis.model import OutlineEntry

_CONTENT_TYPES = ("application/xhtml+xml", "text/html", "application/xml", "text/xml")
_PART_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Node:
    """An element of a tolerantly parsed XML file: local tag name, attributes, children."""

    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def iter(self, tag: str) -> list[Node]:
        found = [self] if self.tag == tag else []
        for child in self.children:
            found += child.iter(tag)
        return found

    def first(self, tag: str) -> Node | None:
        found = self.iter(tag)
        return found[0] if found else None

    def text(self) -> str:
        return " ".join(" ".join([*self.texts, *(c.text() for c in self.children)]).split())


_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"})


class _TreeBuilder(HTMLParser):
    """Builds a ``Node`` tree from XML that may be malformed (html.parser never raises on
    bad nesting): tags lose their namespace prefix, attributes keep theirs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag.rpartition(":")[2], {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if node.tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag.rpartition(":")[2], {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == local:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].texts.append(data)


def parse_markup(text: str) -> Node:
    """The tolerant tree of ``text`` (never raises)."""
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except AssertionError:  # html.parser's own asserts on odd declarations
        pass
    return builder.root


class _Book:
    """An open EPUB: reads members by path, tolerant of odd names and missing files."""

    def __init__(self, archive: zipfile.ZipFile, path: str, max_bytes: int) -> None:
        self.archive = archive
        self.path = path
        self.budget = max_bytes
        self.names = {info.filename: info for info in archive.infolist()}
        self.lower = {name.lower(): name for name in self.names}

    def read(self, name: str) -> bytes | None:
        """A member's bytes, or None if it is missing or unreadable."""
        real = self.names.get(name) or self.names.get(self.lower.get(name.lower(), ""))
        if real is None:
            return None
        if real.file_size > self.budget:
            raise DamagedFile(self.path, "unpacks to more than the size limit.")
        try:
            data = self.archive.read(real)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            return None
        self.budget -= len(data)
        return data

    def text(self, name: str) -> str | None:
        data = self.read(name)
        if data is None:
            return None
        try:
            return decode_bytes(data)[0]
        except LoadError:
            return None


def _resolve(base: str, href: str) -> tuple[str, str]:
    """(member path, fragment) of ``href`` relative to the file ``base``."""
    target, _, fragment = href.partition("#")
    target = unquote(target)
    if not target:
        return base, fragment
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target)).lstrip("/"), fragment


def read_epub(path: str, data: bytes, max_bytes: int) -> BookText:
    """The text of an EPUB in spine order, its title and its table of contents."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DamagedFile(path, f"is not a readable EPUB (broken ZIP archive: {exc}).") from None
    with archive:
        book = _Book(archive, path, max_bytes * 4)
        opf_path = _package_path(book)
        opf_text = book.text(opf_path) if opf_path else None
        if opf_text is None:
            raise DamagedFile(path, "is not a readable EPUB: it has no package (OPF) file.")
        opf = parse_markup(opf_text)
        manifest = {
            item.attrs.get("id", ""): item for item in opf.iter("item") if item.attrs.get("href")
        }
        spine = [
            manifest[ref.attrs["idref"]]
            for ref in opf.iter("itemref")
            if ref.attrs.get("idref") in manifest and ref.attrs.get("linear", "yes") != "no"
        ]
        _refuse_encrypted(book, path, opf_path, spine)
        parts: list[str] = []
        anchors: dict[tuple[str, str], int] = {}
        headings: list[tuple[int, int, str]] = []
        starts: list[int] = []
        offset = 0
        for item in spine:
            if item.attrs.get("media-type", "application/xhtml+xml") not in _CONTENT_TYPES:
                continue
            member, _ = _resolve(opf_path, item.attrs["href"])
            markup = book.text(member)
            if markup is None:
                continue  # listed in the manifest but missing or unreadable: skip it
            page = html_structure(markup)
            body = page.text.replace("\r", "\n")  # same length: the offsets stay right
            if not body.strip():
                continue
            if parts:
                parts.append(_PART_SEPARATOR)
                offset += len(_PART_SEPARATOR)
            starts.append(offset)
            anchors[(member, "")] = offset
            for anchor, at in page.anchors.items():
                anchors[(member, anchor)] = offset + min(at, len(body))
            headings += [(level, offset + at, title) for level, at, title in page.headings]
            parts.append(body)
            offset += len(body)
        text = "".join(parts)
        if not text.strip():
            raise NoText(path, "has no readable text in its content documents.")
        title = _metadata(opf, "title")
        structure = _nav_outline(book, opf, opf_path, manifest, anchors) or _from_headings(headings)
        if title:
            structure = _without_title_entry(structure, title)
        return BookText(text, title, structure, "epub", tuple(starts))


def _package_path(book: _Book) -> str | None:
    container = book.text("META-INF/container.xml")
    if container is not None:
        for rootfile in parse_markup(container).iter("rootfile"):
            if full := rootfile.attrs.get("full-path"):
                return unquote(full).lstrip("/")
    return next((name for name in book.names if name.lower().endswith(".opf")), None)


def _refuse_encrypted(book: _Book, path: str, opf_path: str, spine: list[Node]) -> None:
    """DRM encrypts the content documents (font obfuscation, which is harmless, only
    fonts): a book whose spine is listed in encryption.xml cannot be read."""
    listing = book.text("META-INF/encryption.xml")
    if not listing:
        return
    encrypted = {
        unquote(ref.attrs.get("uri", "")).lstrip("/")
        for ref in parse_markup(listing).iter("cipherreference")
    }
    if any(_resolve(opf_path, item.attrs["href"])[0] in encrypted for item in spine):
        raise EncryptedFile(path, "is encrypted (DRM), so its text cannot be read.")


def _metadata(opf: Node, name: str) -> str | None:
    meta = opf.first("metadata") or opf
    node = meta.first(name)
    text = node.text() if node is not None else ""
    return text or None


def _nav_outline(
    book: _Book,
    opf: Node,
    opf_path: str,
    manifest: dict[str, Node],
    anchors: dict[tuple[str, str], int],
) -> tuple[OutlineEntry, ...]:
    """The EPUB 3 nav document's table of contents, else the EPUB 2 NCX."""
    nav_item = next(
        (i for i in manifest.values() if "nav" in i.attrs.get("properties", "").split()), None
    )
    if nav_item is not None:
        nav_path, _ = _resolve(opf_path, nav_item.attrs["href"])
        if (markup := book.text(nav_path)) is not None:
            for nav in parse_markup(markup).iter("nav"):
                if nav.attrs.get("epub:type", nav.attrs.get("role", "toc")) in ("toc", "doc-toc"):
                    found = _nav_entries(nav, nav_path, anchors, 1)
                    if found:
                        return tuple(found)
    spine = opf.first("spine")
    ncx_id = spine.attrs.get("toc") if spine is not None else None
    ncx_item = manifest.get(ncx_id or "") or next(
        (i for i in manifest.values() if i.attrs.get("media-type") == "application/x-dtbncx+xml"),
        None,
    )
    if ncx_item is None:
        return ()
    ncx_path, _ = _resolve(opf_path, ncx_item.attrs["href"])
    markup = book.text(ncx_path)
    if markup is None:
        return ()
    nav_map = parse_markup(markup).first("navmap")
    return tuple(_ncx_entries(nav_map, ncx_path, anchors, 1)) if nav_map is not None else ()


def _entry(
    title: str, href: str, base: str, anchors: dict[tuple[str, str], int], level: int
) -> OutlineEntry | None:
    member, fragment = _resolve(base, href)
    start = anchors.get((member, fragment), anchors.get((member, "")))
    if start is None or not title:
        return None
    return OutlineEntry(title, start, level)


def _ncx_entries(
    node: Node, base: str, anchors: dict[tuple[str, str], int], level: int
) -> list[OutlineEntry]:
    found: list[OutlineEntry] = []
    for point in (c for c in node.children if c.tag == "navpoint"):
        label = point.first("navlabel")
        content = point.first("content")
        title = label.text() if label is not None else ""
        if content is not None and (
            entry := _entry(title, content.attrs.get("src", ""), base, anchors, level)
        ):
            found.append(entry)
        found += _ncx_entries(point, base, anchors, level + 1)
    return found


def _nav_entries(
    node: Node, base: str, anchors: dict[tuple[str, str], int], level: int
) -> list[OutlineEntry]:
    found: list[OutlineEntry] = []
    for child in node.children:
        if child.tag == "li":
            link = next((c for c in child.children if c.tag in ("a", "span")), None)
            if link is not None and (
                entry := _entry(link.text(), link.attrs.get("href", ""), base, anchors, level)
            ):
                found.append(entry)
            for sub in (c for c in child.children if c.tag == "ol"):
                found += _nav_entries(sub, base, anchors, level + 1)
        elif child.tag in ("ol", "nav", "div"):
            found += _nav_entries(child, base, anchors, level)
    return found


def _from_headings(headings: list[tuple[int, int, str]]) -> tuple[OutlineEntry, ...]:
    if not headings:
        return ()
    top = min(level for level, _, _ in headings)
    return tuple(OutlineEntry(t, at, level - top + 1) for level, at, t in headings)


def _without_title_entry(entries: tuple[OutlineEntry, ...], title: str) -> tuple[OutlineEntry, ...]:
    """The book's own title is not one of its chapters (Gutenberg's NCX lists it first)."""
    key = " ".join(title.casefold().split())
    if entries and " ".join(entries[0].title.casefold().split()) == key and len(entries) > 1:
        return entries[1:]
    return entries
