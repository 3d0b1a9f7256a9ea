"""Hostile inputs for the reliability suite: text posing as markup, terminal control
sequences, odd shapes, encodings, binary files and file names.

Everything here is deterministic (seeded), small enough to write in a test, and named, so
a failure says which input broke what. ``docs/RELIABILITY.md`` quotes the counts of
:func:`catalogue` by category; ``test_hostile_files.py`` checks those counts so the figures
cannot drift from what the tests run.
"""

from __future__ import annotations

import codecs
import gzip
import io
import random
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

UNSAFE_RENDERED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a rendered strip (the brief's rule: C0 but tab/newline, DEL, C1,
bidi embeddings/overrides/isolates)."""

UNSAFE_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""What ``analysis.sanitize.clean_text`` promises to leave out of ``Document.text``."""

# -- text posing as markup ----------------------------------------------------------------

MARKUP: dict[str, str] = {
    "bold": "[bold]shouting[/bold]",
    "link": "[link=https://evil.example/x]click here[/link]",
    "click-action": "[@click=app.quit]press me[/]",
    "click-action-spaced": "[ @click=app.quit]press me too[/]",
    "click-bell": "[@click=app.bell]ring[/]",
    "unbalanced-close": "a closing tag [/] with no opening",
    "close-number": "see [/1] note",
    "variable": "[$accent]themed[/]",
    "upper-tag": "[B]upper[/B]",
    "unclosed": "[italic]never closed",
    "indexing": "arr[0] = [x]",
    "escaped": "\\[bold] not bold",
    "emoji-codes": ":smile: :thumbs_up: :pile_of_poo:",
    "nested": "[red][on blue][blink]loud[/blink][/on blue][/red]",
}
"""Rich/Textual markup that must be shown literally, never interpreted."""

# -- terminal control ---------------------------------------------------------------------

CONTROLS: dict[str, str] = {
    "csi-colour": "colour \x1b[31mred\x1b[0m done",
    "csi-cursor": "cursor \x1b[2J\x1b[H\x1b[10;10H\x1b[6n done",
    "osc-title": "title \x1b]0;PWNED-TITLE\x07 done",
    "osc-title-st": "title \x1b]2;PWNED-TITLE\x1b\\ done",
    "osc52-clipboard": "clip \x1b]52;c;UFdORUQ=\x07 done",
    "osc8-link": "link \x1b]8;;http://evil.example\x1b\\text\x1b]8;;\x1b\\ done",
    "bell": "bell \x07\x07 done",
    "backspace": "over\x08\x08\x08\x08hidden done",
    "nul": "nul \x00 byte done",
    "lone-cr": "progress 10%\rprogress 100% done",
    "vt-ff": "vertical \x0b tab and form \x0c feed",
    "del": "delete \x7f done",
    "c1-utf8": "c1 \u0085 \u008d \u009b31m \u009d0;T\u009c done",
    "bidi-override": "bidi \u202eevil.exe\u202c done",
    "bidi-isolates": "isolate \u2066x\u2069 \u2067y\u2069 \u2068z\u2069 done",
    "bidi-marks": "marks \u200e\u200f\u061c done",
    "zero-width": "zero\u200bwidth\u200cjoin\u200dchars\ufeff done",
    "combining-stack": "Z" + "\u0336\u0337\u0338\u0301\u0302" * 40 + "algo done",
    "wide-cjk": "漢字テキスト한국어 done",
    "emoji": "emoji 🎉 👨‍👩‍👧‍👦 🏳️‍🌈 🇬🇧 done",
    "line-separators": "lines\u2028para\u2029 done",
}
"""Text a terminal could obey (or that reorders or hides what is shown)."""

C1_BYTES = bytes(range(0x80, 0xA0))
"""The C1 range as raw single bytes (8-bit CSI is 0x9B) - in a Latin-1/cp1252 file."""


def hostile_text() -> str:
    """One document holding every markup and control sample (bar NUL, which makes any file
    binary), one per line, with prose around them so it has sentences, keywords and KWIC
    hits."""
    lines = ["Hostile Sample Document", ""]
    for name, sample in {**MARKUP, **CONTROLS}.items():
        if "\x00" in sample:
            continue
        lines.append(f"The lantern sample {name} shows {sample} and the lantern stays lit.")
    return "\n".join(lines) + "\n"


# -- file names ---------------------------------------------------------------------------

FILE_NAMES: dict[str, bytes] = {
    "markup-name": b"[bold]x[@click=app.quit].txt",
    "emoji-code-name": b":smile: [link=evil.example]y[@click=app.bell].txt",
    "escape-name": b"\x1b]0;PWNED-TITLE\x07\x1b[31mred.txt",
    "newline-name": b"two\nlines.txt",
    "cr-name": b"carriage\rreturn.txt",
    "bidi-name": "\u202etxt.exe".encode(),
    "c1-name": "c1\u009b31m.txt".encode(),
    "not-utf8-name": b"latin1 \xe9t\xe9 \xff.txt",
    "wide-name": "漢字🎉.txt".encode(),
    "dash-name": b"-rf --help.txt",
    "long-name": b"n" * 250 + b".txt",
}
"""Names a folder may hold (bytes: Linux allows anything but ``/`` and NUL)."""


# -- shapes -------------------------------------------------------------------------------


def shapes() -> dict[str, bytes]:
    """Unusual but valid text files (the 200 MB case is a sparse file made by the test)."""
    return {
        "empty": b"",
        "only-newlines": b"\n" * 5000,
        "only-spaces": b" \t " * 1000,
        "one-million-char-line": (b"lantern harbour meadow quietly " * 40_000)[:1_000_000],
        "one-million-char-word": b"x" * 1_000_000,
        "ten-thousand-one-word-lines": b"\n".join(b"word%d" % i for i in range(10_000)),
        "no-sentence-punctuation": b" ".join(b"lantern harbour meadow" for _ in range(5000)),
        "crlf-only": b"Line one.\r\nLine two.\r\n" * 2000,
        "cr-only": b"Line one.\rLine two.\r" * 2000,
        "deep-markdown": b"#" * 10_000 + b" title\n" + b">" * 10_000 + b" quote\n",
        "unterminated-html": b"<html><title>" + b"<a b='" * 5000,
    }


# -- encodings ----------------------------------------------------------------------------

PROSE = "Café owners in Zürich said the naïve façade was “beautiful” — not awful. Ça va.\n"


def encodings() -> dict[str, bytes]:
    """The same prose in many encodings, plus broken and mixed byte soups."""
    ascii_prose = "The harbour was quiet and the lanterns were lovely tonight.\n" * 20
    return {
        "utf8": PROSE.encode("utf-8") * 20,
        "utf8-bom": codecs.BOM_UTF8 + PROSE.encode("utf-8") * 20,
        "utf16-le-bom": codecs.BOM_UTF16_LE + (PROSE * 20).encode("utf-16-le"),
        "utf16-be-bom": codecs.BOM_UTF16_BE + (PROSE * 20).encode("utf-16-be"),
        "utf16-le-nobom": (ascii_prose).encode("utf-16-le"),
        "utf16-be-nobom": (ascii_prose).encode("utf-16-be"),
        "utf32-le-bom": codecs.BOM_UTF32_LE + (PROSE * 5).encode("utf-32-le"),
        "latin1": (PROSE.replace("“", '"').replace("”", '"').replace("—", "-") * 20).encode(
            "latin-1"
        ),
        "cp1252": (PROSE * 20).encode("cp1252"),
        "latin1-c1-bytes": b"Raw C1 bytes: " + C1_BYTES + b" then caf\xe9 text.\n" * 10,
        "cp1252-8bit-csi": b"Eight-bit CSI \x9b31m red \x9b0m and \x9d0;PWNED\x9c here.\n" * 10,
        "invalid-utf8": b"Valid start \xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc end.\n" * 10,
        "truncated-utf8": PROSE.encode("utf-8") * 10 + "é".encode()[:1],
        "overlong-utf8": b"overlong \xc0\xaf slash \xe0\x80\xaf and \xed\xa0\x80 surrogate\n" * 10,
        "mixed-encodings": PROSE.encode("utf-8") * 5
        + PROSE.encode("cp1252", errors="replace") * 5
        + (PROSE * 2).encode("utf-16-le"),
        "utf16-odd-length": codecs.BOM_UTF16_LE + "odd".encode("utf-16-le") + b"\x00",
        "bom-only": codecs.BOM_UTF8,
        "utf16-bom-only": codecs.BOM_UTF16_LE,
    }


# -- binary -------------------------------------------------------------------------------


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inside.txt", "A perfectly readable text inside a zip.\n" * 50)
    return buffer.getvalue()


def binaries() -> dict[str, bytes]:
    """Real-looking binary files; the loader must refuse each with a clear reason."""
    rng = random.Random(20261127)

    def noise(n: int) -> bytes:
        return bytes(rng.randrange(256) for _ in range(n))

    return {
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise(2000),
        "zip": _zip_bytes(),
        "gzip": gzip.compress(b"A readable text, compressed.\n" * 100, mtime=0),
        "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(8) + noise(4000),
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(500),
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise(1000),
        "sqlite": b"SQLite format 3\x00" + bytes(4000),
        "random-bytes": noise(8192),
        "random-high-bytes": bytes(rng.randrange(128, 256) for _ in range(8192)),
        "nul-soup": bytes(4096),
        "text-then-nul": b"Text at the start. " * 100 + bytes(2000),
    }


# -- the catalogue ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hostile:
    """One hostile input: a file ``name`` (bytes) holding ``data``."""

    category: str
    label: str
    name: bytes
    data: bytes

    @property
    def id(self) -> str:
        return f"{self.category}:{self.label}"


def catalogue() -> list[Hostile]:
    """Every hostile file the suite writes, by category."""
    items: list[Hostile] = []
    for label, sample in MARKUP.items():
        text = f"Markup sample {label}.\n\nThe text reads {sample} in the middle.\n"
        items.append(Hostile("markup", label, f"markup-{label}.txt".encode(), text.encode()))
    for label, sample in CONTROLS.items():
        text = f"Control sample {label}.\n\nThe text reads {sample} in the middle.\n"
        items.append(Hostile("control", label, f"control-{label}.txt".encode(), text.encode()))
    for label, name in FILE_NAMES.items():
        items.append(Hostile("name", label, name, f"A file named oddly: {label}.\n".encode()))
    for label, data in shapes().items():
        items.append(Hostile("shape", label, f"shape-{label}.txt".encode(), data))
    for label, data in encodings().items():
        items.append(Hostile("encoding", label, f"encoding-{label}.txt".encode(), data))
    for label, data in binaries().items():
        items.append(Hostile("binary", label, f"binary-{label}.bin".encode(), data))
    return items


def counts() -> dict[str, int]:
    """How many inputs of each category :func:`catalogue` holds."""
    return dict(Counter(item.category for item in catalogue()))


def write_all(folder: Path, items: list[Hostile] | None = None) -> dict[str, Hostile]:
    """Write ``items`` (default: the whole catalogue) into ``folder``; returns the paths
    as the loader will report them (``str``, surrogate-escaped) -> input."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Hostile] = {}
    for item in catalogue() if items is None else items:
        target = bytes(folder) + b"/" + item.name
        with open(target, "wb") as handle:
            handle.write(item.data)
        written[str(Path(folder, item.name.decode("utf-8", "surrogateescape")))] = item
    return written
