"""Small books made by the tests: a raw PDF writer (text pages, bookmarks, an image-only
page) and an EPUB builder (EPUB 2 with an NCX or EPUB 3 with a nav document)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: Sequence[Sequence[str]],
    *,
    bookmarks: Sequence[tuple[str, int]] = (),
    title: str | None = None,
) -> bytes:
    """A PDF whose page ``i`` shows the lines ``pages[i]`` in Helvetica (an empty page
    draws a filled rectangle instead: an "image" with no text), with ``bookmarks``
    (title, page index) and an optional ``/Title`` in its metadata."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    for lines in pages:
        if lines:
            ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
            ops += [f"({_escape(line)}) Tj T*" for line in lines]
            ops.append("ET")
        else:
            ops = ["0.5 g 72 72 450 650 re f"]
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content)
            )
        )
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    outline_ref = b""
    if bookmarks:
        outlines = add(b"")
        first = len(objects) + 1
        ids = list(range(first, first + len(bookmarks)))
        for n, (label, page) in enumerate(bookmarks):
            links = b""
            if n:
                links += b" /Prev %d 0 R" % ids[n - 1]
            if n + 1 < len(ids):
                links += b" /Next %d 0 R" % ids[n + 1]
            add(
                b"<< /Title (%s) /Parent %d 0 R /Dest [%d 0 R /XYZ 0 792 0]%s >>"
                % (_escape(label).encode("latin-1"), outlines, page_ids[page], links)
            )
        objects[outlines - 1] = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
            ids[0],
            ids[-1],
            len(ids),
        )
        outline_ref = b" /Outlines %d 0 R" % outlines
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R%s >>" % (pages_id, outline_ref)
    info = add(b"<< /Title (%s) >>" % _escape(title).encode("latin-1")) if title else None
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out.write(b"trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))
    return out.getvalue()


def xhtml(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        f"<title>{title}</title></head><body>{body}</body></html>"
    )


def make_epub(
    chapters: Sequence[tuple[str, str]],
    *,
    title: str = "A Small Book",
    version: int = 2,
    extra_spine: Sequence[tuple[str, str]] = (),
    missing: Sequence[str] = (),
    encrypted: bool = False,
) -> bytes:
    """An EPUB whose content documents are ``chapters`` ((file name, XHTML body) each,
    the body's first ``<h2 id="c">`` is the chapter heading), then ``extra_spine``
    documents that the table of contents does not list; ``missing`` names manifest items
    that are listed in the spine but left out of the archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        documents = [*chapters, *extra_spine, *((name, "") for name in missing)]
        items = "".join(
            f'<item id="d{i}" href="{name}" media-type="application/xhtml+xml"/>'
            for i, (name, _) in enumerate(documents)
        )
        spine = "".join(f'<itemref idref="d{i}"/>' for i in range(len(documents)))
        if version == 3:
            items += (
                '<item id="nav" href="nav.xhtml" properties="nav" '
                'media-type="application/xhtml+xml"/>'
            )
            links = "".join(
                f'<li><a href="{name}#c">{heading}</a></li>'
                for name, heading in ((n, _heading(b)) for n, b in chapters)
            )
            archive.writestr(
                "OEBPS/nav.xhtml",
                xhtml("Contents", f'<nav epub:type="toc"><h1>Contents</h1><ol>{links}</ol></nav>'),
            )
            toc_attr = ""
        else:
            items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
            points = "".join(
                f'<navPoint id="p{i}" playOrder="{i + 1}"><navLabel><text>{_heading(body)}'
                f'</text></navLabel><content src="{name}#c"/></navPoint>'
                for i, (name, body) in enumerate(chapters)
            )
            archive.writestr(
                "OEBPS/toc.ncx",
                '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
                f'version="2005-1"><docTitle><text>{title}</text></docTitle>'
                f"<navMap>{points}</navMap></ncx>",
            )
            toc_attr = ' toc="ncx"'
        archive.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
            f'version="{version}.0" unique-identifier="id"><metadata '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{title}</dc:title><dc:creator>A. Writer</dc:creator></metadata>"
            f"<manifest>{items}</manifest><spine{toc_attr}>{spine}</spine></package>",
        )
        for name, body in [*chapters, *extra_spine]:
            archive.writestr(f"OEBPS/{name}", xhtml(name, body))
        if encrypted:
            refs = "".join(
                f'<EncryptedData><CipherData><CipherReference URI="OEBPS/{name}"/></CipherData>'
                "</EncryptedData>"
                for name, _ in chapters
            )
            archive.writestr("META-INF/encryption.xml", f"<encryption>{refs}</encryption>")
    return buffer.getvalue()


def _heading(body: str) -> str:
    start = body.index(">", body.index("<h2")) + 1
    return body[start : body.index("</h2>")]
